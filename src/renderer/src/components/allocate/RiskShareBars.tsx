import { useMemo } from 'react';
import { formatPercent, formatSignedPercent } from '../../lib/format';
import { barScale, SignedBar } from '../SignedBar';

export interface RiskShareRow {
  symbol: string;
  /** Target weight. */
  weight: number;
  /** Share of the portfolio's variance (null when the engine gave none). */
  risk: number | null;
  /** Risk parity's budget for the asset, as a share of all budgets (custom budgets only). */
  budget?: number | null;
}

/**
 * Capital against risk, asset by asset: the target weight and the share of portfolio variance
 * it carries, on one scale so that an asset whose risk bar outgrows its weight bar stands out.
 * Assets with no weight are left out. The bar styles are the Risk view's contribution bars'.
 */
export function RiskShareBars({ rows }: { rows: RiskShareRow[] }) {
  const shown = useMemo(
    () =>
      rows
        .filter((r) => Math.abs(r.weight) > 1e-6 || Math.abs(r.risk ?? 0) > 1e-6)
        .sort(
          (a, b) =>
            (b.risk ?? -Infinity) - (a.risk ?? -Infinity) || a.symbol.localeCompare(b.symbol),
        ),
    [rows],
  );
  const scale = useMemo(
    () => barScale(shown.flatMap((r) => [r.weight, ...(r.risk === null ? [] : [r.risk])])),
    [shown],
  );
  const omitted = rows.length - shown.length;
  const budgeted = rows.some((r) => r.budget !== undefined);
  return (
    <div className="contributions" data-testid="alloc-risk-bars">
      <table>
        <colgroup>
          <col className="c-sym" />
          <col />
          <col className="c-num" />
          <col />
          <col className="c-num" />
          {budgeted && <col className="c-num" />}
        </colgroup>
        <thead>
          <tr>
            <th>Asset</th>
            <th colSpan={2}>Weight</th>
            <th colSpan={2}>Share of risk</th>
            {budgeted && <th className="num">Budget</th>}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.symbol} data-symbol={r.symbol}>
              <td className="sym">{r.symbol}</td>
              <td className="bar-cell">
                <SignedBar value={r.weight} scale={scale} kind="vol" />
              </td>
              <td className="num" data-col="weight">
                {formatPercent(r.weight)}
              </td>
              <td className="bar-cell">
                <SignedBar value={r.risk} scale={scale} kind="es" />
              </td>
              <td className={`num ${(r.risk ?? 0) < 0 ? 'neg' : ''}`} data-col="risk">
                {formatSignedPercent(r.risk)}
              </td>
              {budgeted && (
                <td className="num" data-col="budget">
                  {formatPercent(r.budget ?? null)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Sorted by share of risk. An asset whose risk share exceeds its weight adds more risk than
        capital; a negative share hedges the rest.
        {budgeted ? ' Budget: the share of risk asked of risk parity.' : ''}
        {omitted > 0
          ? ` ${omitted} asset${omitted === 1 ? '' : 's'} at zero weight not shown.`
          : ''}
      </p>
    </div>
  );
}
