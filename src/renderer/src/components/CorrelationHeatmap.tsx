import { useMemo, type CSSProperties } from 'react';
import { formatNumber } from '../lib/format';
import { heatColour, useTheme } from '../lib/theme';

interface Props {
  symbols: string[];
  matrix: number[][];
  clusterOrder: number[];
  clustered: boolean;
}

/** A valid permutation of 0..n-1, or the identity when the engine's order is not one. */
function ordering(n: number, order: number[], clustered: boolean): number[] {
  const identity = Array.from({ length: n }, (_, i) => i);
  if (!clustered) return identity;
  const ok =
    order.length === n &&
    new Set(order).size === n &&
    order.every((i) => Number.isInteger(i) && i >= 0 && i < n);
  return ok ? order : identity;
}

/**
 * Correlation matrix as a table of coloured cells (blue −1, neutral 0, red +1), rows and
 * columns in the same order. A plain <table> with fixed layout: a data grid here cost
 * ~150 ms of style and layout for ~400 static cells.
 */
export function CorrelationHeatmap({ symbols, matrix, clusterOrder, clustered }: Props) {
  const { theme } = useTheme();
  const order = useMemo(
    () => ordering(symbols.length, clusterOrder, clustered),
    [symbols.length, clusterOrder, clustered],
  );
  const body = useMemo(
    () =>
      order.map((i) => {
        const row = symbols[i]!;
        return (
          <tr key={row}>
            <th scope="row" title={row}>
              {row}
            </th>
            {order.map((j) => {
              const v = matrix[i]?.[j];
              const col = symbols[j]!;
              if (v === undefined || !Number.isFinite(v)) {
                return <td key={col}>{formatNumber(null, 2)}</td>;
              }
              const c = heatColour(v, theme);
              return (
                <td
                  key={col}
                  style={{ backgroundColor: c.background, color: c.color }}
                  title={`${row} / ${col}: ${formatNumber(v, 3)}`}
                >
                  {formatNumber(v, 2)}
                </td>
              );
            })}
          </tr>
        );
      }),
    [order, symbols, matrix, theme],
  );
  return (
    <div
      className="heatmap"
      data-testid="correlation-heatmap"
      data-order={order.map((i) => symbols[i]).join(',')}
    >
      <div className="heat-scroll">
        <table
          className="heat-table"
          // The columns share the width, down to a legible minimum; below it the table scrolls.
          style={{ '--heat-cols': order.length } as CSSProperties}
        >
          <caption className="sr-only">
            Correlation of daily returns, each asset against each other
          </caption>
          <thead>
            <tr>
              <th scope="col" className="heat-corner">
                <span className="sr-only">Asset</span>
              </th>
              {order.map((j) => (
                <th key={symbols[j]} scope="col" title={symbols[j]}>
                  {symbols[j]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
      <div className="heat-legend" aria-hidden="true">
        <span>−1</span>
        <span
          className="heat-scale"
          style={{
            background: `linear-gradient(to right, ${heatColour(-1, theme).background}, ${heatColour(0, theme).background}, ${heatColour(1, theme).background})`,
          }}
        />
        <span>+1</span>
      </div>
    </div>
  );
}
