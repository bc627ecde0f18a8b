import { legText, MAX_OVERLAY_LEGS, type AppliedLeg } from '../../lib/hedge';

interface Props {
  overlay: AppliedLeg[];
  /** The overlay differs from the one of the figures on screen (a run is on its way or failed). */
  pending: boolean;
  onRemove: (id: string) => void;
  onClear: () => void;
  error: string | null;
}

/**
 * The hypothetical legs applied to the book, one chip each, removable. They live in this view
 * only: every figure marked "with what-if" is recomputed with them, and the ledger is untouched.
 */
export function WhatIfBar({ overlay, pending, onRemove, onClear, error }: Props) {
  return (
    <section
      className={`panel hedge-whatif ${overlay.length ? 'hedge-whatif-on' : ''}`}
      data-testid="hedge-whatif"
    >
      <header>
        <h2>What-if overlay</h2>
        <span className="hint">
          Hypothetical legs added to the book for the figures marked “with what-if”. Nothing is
          written to the ledger.
        </span>
        {overlay.length > 0 && (
          <button type="button" onClick={onClear} data-testid="hedge-whatif-clear">
            Clear all
          </button>
        )}
      </header>
      {overlay.length === 0 ? (
        <p className="hint hedge-whatif-empty">
          No legs applied. Use “Apply as what-if” on a proposal below to see the book with it.
        </p>
      ) : (
        <ul className="hedge-chips" data-testid="hedge-whatif-chips">
          {overlay.map((o) => (
            <li key={o.id} className="hedge-chip" title={o.source}>
              <span className="hedge-chip-source">{o.source}</span>
              <span>{legText(o.leg)}</span>
              <button
                type="button"
                aria-label={`Remove ${legText(o.leg)}`}
                onClick={() => onRemove(o.id)}
              >
                ×
              </button>
            </li>
          ))}
          <li className="hint hedge-chip-count">
            {overlay.length} of at most {MAX_OVERLAY_LEGS} legs
            {pending ? ' · recomputing…' : ''}
          </li>
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
