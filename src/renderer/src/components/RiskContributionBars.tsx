import { useMemo, useState } from 'react';
import { formatSignedPercent } from '../lib/format';
import { barScale, SignedBar } from './SignedBar';

export interface Contribution {
  symbol: string;
  /** Share of portfolio volatility (componentVol / volatility). */
  vol: number | null;
  /** Share of Expected Shortfall (componentEs / Σ componentEs). */
  es: number | null;
}

type Key = 'vol' | 'es';

/** Each asset's share of volatility and of ES as horizontal bars; hedges (negative shares) extend left of zero. */
export function RiskContributionBars({ rows }: { rows: Contribution[] }) {
  const [sortBy, setSortBy] = useState<Key>('vol');
  const sorted = useMemo(
    () =>
      [...rows].sort(
        (a, b) =>
          (b[sortBy] ?? -Infinity) - (a[sortBy] ?? -Infinity) || a.symbol.localeCompare(b.symbol),
      ),
    [rows, sortBy],
  );
  // One scale for both columns, so a share of volatility and a share of ES compare by eye.
  const scale = useMemo(() => barScale(rows.flatMap((r) => [r.vol, r.es])), [rows]);
  const hedges = rows.filter((r) => (r.vol ?? 0) < 0 || (r.es ?? 0) < 0).map((r) => r.symbol);

  return (
    <div className="contributions" data-testid="risk-contributions">
      <table>
        <colgroup>
          <col className="c-sym" />
          <col />
          <col className="c-num" />
          <col />
          <col className="c-num" />
        </colgroup>
        <thead>
          <tr>
            <th>Asset</th>
            <th colSpan={2}>
              <button
                type="button"
                className={`link ${sortBy === 'vol' ? 'on' : ''}`}
                onClick={() => setSortBy('vol')}
                aria-pressed={sortBy === 'vol'}
              >
                Share of volatility
              </button>
            </th>
            <th colSpan={2}>
              <button
                type="button"
                className={`link ${sortBy === 'es' ? 'on' : ''}`}
                onClick={() => setSortBy('es')}
                aria-pressed={sortBy === 'es'}
              >
                Share of ES
              </button>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.symbol} data-symbol={r.symbol}>
              <td className="sym">
                {r.symbol}
                {((r.vol ?? 0) < 0 || (r.es ?? 0) < 0) && <span className="hedge-tag">hedge</span>}
              </td>
              <td className="bar-cell">
                <SignedBar value={r.vol} scale={scale} kind="vol" />
              </td>
              <td className={`num ${(r.vol ?? 0) < 0 ? 'neg' : ''}`} data-col="vol">
                {formatSignedPercent(r.vol)}
              </td>
              <td className="bar-cell">
                <SignedBar value={r.es} scale={scale} kind="es" />
              </td>
              <td className={`num ${(r.es ?? 0) < 0 ? 'neg' : ''}`} data-col="es">
                {formatSignedPercent(r.es)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        {hedges.length
          ? `Hedges (negative shares, drawn left of zero): ${hedges.join(', ')}. `
          : 'No asset hedges the book: every share is positive. '}
        ES shares are of historical ES, from the days in the tail.
      </p>
    </div>
  );
}
