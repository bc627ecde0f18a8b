import { methodLabel } from '../../lib/allocation';
import { useCall } from '../../lib/queries';

const when = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** Stored optimisation runs, newest first; any can be reopened with its policy and report. */
export function PastRuns({
  openId,
  busy,
  onOpen,
}: {
  /** The run on screen. */
  openId: number | null;
  busy: boolean;
  onOpen: (id: number) => void;
}) {
  const runs = useCall('allocation.runs', { limit: 50 });
  return (
    <section className="panel alloc-runs" data-testid="alloc-runs">
      <header>
        <h2>Past runs</h2>
        <span className="hint">
          {runs.data
            ? `${runs.data.length} stored${runs.data.length === 50 ? ' (latest 50)' : ''}`
            : ''}
        </span>
      </header>
      {runs.error && <div className="error">{runs.error.message}</div>}
      {runs.data?.length === 0 && <p className="hint">No run yet: set a policy and press Run.</p>}
      {runs.data && runs.data.length > 0 && (
        <div className="alloc-runs-scroll">
          <table className="alloc-table">
            <thead>
              <tr>
                <th className="num">Run</th>
                <th>Method</th>
                <th>Created (UTC)</th>
                <th>Engine</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id} className={r.id === openId ? 'alloc-open-run' : ''} data-run={r.id}>
                  <td className="num">#{r.id}</td>
                  <td>{methodLabel(r.method)}</td>
                  <td>{when(r.createdAt)}</td>
                  <td>v{r.engineVersion}</td>
                  <td className="alloc-row-action">
                    {r.id === openId ? (
                      <span className="hint">on screen</span>
                    ) : (
                      <button type="button" disabled={busy} onClick={() => onOpen(r.id)}>
                        Open
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
