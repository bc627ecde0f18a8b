import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellStyle, ColDef } from 'ag-grid-community';
import { formatNumber } from '../lib/format';
import { denseGridThemes } from '../lib/grid';
import { heatColour, useTheme } from '../lib/theme';

interface Row {
  symbol: string;
  values: number[];
}

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

/** Correlation matrix as a grid of coloured cells (blue −1, neutral 0, red +1), rows and columns in the same order. */
export function CorrelationHeatmap({ symbols, matrix, clusterOrder, clustered }: Props) {
  const { theme } = useTheme();
  const order = useMemo(
    () => ordering(symbols.length, clusterOrder, clustered),
    [symbols.length, clusterOrder, clustered],
  );
  const rows = useMemo<Row[]>(
    () => order.map((i) => ({ symbol: symbols[i]!, values: matrix[i] ?? [] })),
    [order, symbols, matrix],
  );
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      {
        field: 'symbol',
        headerName: '',
        pinned: 'left',
        width: 76,
        cellClass: 'heat-symbol',
        sortable: false,
      },
      ...order.map<ColDef<Row>>((j) => ({
        colId: `c${j}`,
        headerName: symbols[j]!,
        headerTooltip: symbols[j]!,
        minWidth: 50,
        flex: 1,
        sortable: false,
        resizable: false,
        valueGetter: (p) => p.data?.values[j] ?? null,
        valueFormatter: (p) => formatNumber(p.value as number | null, 2),
        tooltipValueGetter: (p) =>
          p.data && typeof p.value === 'number'
            ? `${p.data.symbol} / ${symbols[j]}: ${formatNumber(p.value, 3)}`
            : '',
        cellStyle: (p): CellStyle => {
          const v = p.value as number | null;
          if (v === null || !Number.isFinite(v)) return { textAlign: 'center' };
          const c = heatColour(v, theme);
          return { backgroundColor: c.background, color: c.color, textAlign: 'center' };
        },
      })),
    ],
    [order, symbols, theme],
  );
  return (
    <div
      className="heatmap"
      data-testid="correlation-heatmap"
      data-order={order.map((i) => symbols[i]).join(',')}
    >
      <AgGridReact<Row>
        key={`${theme}-${clustered ? 'clustered' : 'book'}`}
        theme={denseGridThemes[theme]}
        rowData={rows}
        columnDefs={columns}
        domLayout="autoHeight"
        suppressColumnVirtualisation
        suppressMovableColumns
        getRowId={(p) => p.data.symbol}
        animateRows={false}
        tooltipShowDelay={300}
      />
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
