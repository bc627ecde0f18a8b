import type { AllocationReport } from '../../../../shared/allocation';
import { conflictText } from '../../lib/allocation';

/**
 * Why the constraints cannot all hold: the engine's message and the smallest set of constraints
 * in conflict, each with a way to the field behind it, and what to do about it.
 */
export function InfeasiblePanel({
  infeasible,
  fieldOf,
  onEdit,
}: {
  infeasible: NonNullable<AllocationReport['infeasible']>;
  /** The form field behind a conflicting constraint, when there is one. */
  fieldOf: (label: string) => string | null;
  onEdit: (field: string) => void;
}) {
  return (
    <section className="panel alloc-infeasible" role="alert" data-testid="alloc-infeasible">
      <header>
        <h2>The constraints cannot all hold</h2>
      </header>
      <p className="alloc-infeasible-message">{infeasible.message}</p>
      {infeasible.conflicting.length > 0 && (
        <>
          <p className="alloc-infeasible-lead">
            {infeasible.conflicting.length === 1
              ? 'This constraint cannot be met:'
              : `These ${infeasible.conflicting.length} constraints conflict (drop or relax any one of them):`}
          </p>
          <ul className="alloc-conflicts" data-testid="alloc-conflicts">
            {infeasible.conflicting.map((c) => {
              const field = fieldOf(c);
              return (
                <li key={c}>
                  <span className="alloc-conflict-label">{conflictText(c)}</span>
                  {field && (
                    <button type="button" className="link" onClick={() => onEdit(field)}>
                      Edit
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p className="hint">
        Raise a maximum, lower a minimum or a floor, widen the universe, or remove a group bound;
        then run again. The weights below are not a valid proposal.
      </p>
    </section>
  );
}

/** The engine's warnings about the data and the run, and the proposal's own notes. */
export function AllocationWarnings({ warnings, notes }: { warnings: string[]; notes: string[] }) {
  if (!warnings.length && !notes.length) return null;
  return (
    <section className="panel warnings-panel" data-testid="alloc-warnings">
      <header>
        <h2>{warnings.length ? 'Warnings and notes' : 'Notes'}</h2>
      </header>
      {warnings.length > 0 && (
        <ul className="warnings" data-testid="alloc-warning-list">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        <ul className="alloc-notes" data-testid="alloc-note-list">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
