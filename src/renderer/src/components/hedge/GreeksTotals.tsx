import type { GreeksSummary } from '../../../../shared/hedge';
import { formatSigned, formatUsd, TOTAL_METRICS } from '../../lib/hedge';

/** The book's Greek totals in desk units, and with the what-if overlay beside them when there is one. */
export function GreeksTotals({
  before,
  after,
}: {
  before: GreeksSummary['total'];
  after: GreeksSummary['total'] | null;
}) {
  return (
    <section className="cards hedge-cards" data-testid="hedge-totals">
      {TOTAL_METRICS.map((m) => {
        const b = before[m.key];
        const a = after?.[m.key];
        return (
          <div className="card" key={m.key} data-testid={`hedge-total-${m.key}`}>
            <div className="label">{m.label}</div>
            <div className="figure" data-testid={`hedge-total-${m.key}-book`}>
              {formatUsd(b)}
            </div>
            <div className="sub">{m.hint}</div>
            {a !== undefined && (
              <div className="hedge-after" data-testid={`hedge-total-${m.key}-after`}>
                <span className="hedge-after-tag">with what-if</span>
                <span className="hedge-after-figure">{formatUsd(a)}</span>
                <span className="hedge-after-change">
                  ({formatSigned(a - b, Math.abs(a - b) >= 1000 ? 0 : 2, true)})
                </span>
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}
