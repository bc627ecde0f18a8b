import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  ColDef,
  GetRowIdParams,
  GridSizeChangedEvent,
  RowClassParams,
  ValueFormatterParams,
} from 'ag-grid-community';
import type { WeightRow, WeightTotals } from '../../lib/allocation';
import { formatPercent, formatSignedMoney, formatSignedPercent } from '../../lib/format';
import { gridThemes } from '../../lib/grid';
import { useTheme } from '../../lib/theme';

type Row = Omit<WeightRow, 'symbol'> & { symbol: string; isTotal?: boolean };

const num = (f: (x: number | null) => string) => (p: ValueFormatterParams<Row>) =>
  p.value === undefined ? '' : f(p.value as number | null);
/** Green or red when the figure shows as non-zero: below half its last printed digit, neither. */
const signClass =
  (zero: number) =>
  (p: { value: unknown; data?: Row }): string =>
    p.data?.isTotal || typeof p.value !== 'number' || Math.abs(p.value) < zero
      ? ''
      : p.value > 0
        ? 'pos'
        : 'neg';

// Grid options as constants: a new object on every render would make the grid apply it again.
const DEFAULT_COL: ColDef<Row> = { sortable: true, resizable: true, minWidth: 85 };
/** Columns share the panel's width (narrow beside the risk bars), none under its minimum. */
const FIT = { type: 'fitGridWidth', defaultMinWidth: 80 } as const;
/** The panel settles its width after the first paint: fit the columns to it again. */
const refit = (e: GridSizeChangedEvent<Row>) => e.api.sizeColumnsToFit();
const rowId = (p: GetRowIdParams<Row>) => p.data.symbol;
const rowClass = (p: RowClassParams<Row>) => (p.data?.isTotal ? 'total-row' : undefined);

/** Beyond this many assets the grid scrolls instead of growing with its rows. */
const AUTO_HEIGHT_ROWS = 30;

/** Target against current weights, with the trade each asset needs and its share of risk. */
export function WeightsGrid({
  rows,
  totals,
  currency,
}: {
  rows: WeightRow[];
  totals: WeightTotals;
  currency: string;
}) {
  const { theme } = useTheme();
  const pinned = useMemo<Row[]>(() => [{ ...totals, symbol: 'Total', isTotal: true }], [totals]);
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { field: 'symbol', headerName: 'Asset', width: 95, minWidth: 90, pinned: 'left' },
      {
        field: 'current',
        headerName: 'Current',
        type: 'rightAligned',
        width: 100,
        minWidth: 85,
        valueFormatter: num((x) => formatPercent(x)),
      },
      {
        field: 'target',
        headerName: 'Target',
        type: 'rightAligned',
        width: 100,
        minWidth: 95,
        sort: 'desc',
        valueFormatter: num((x) => formatPercent(x)),
      },
      {
        field: 'drift',
        headerName: 'Drift',
        headerTooltip: 'Target − current, in points of the book',
        type: 'rightAligned',
        width: 100,
        minWidth: 85,
        valueFormatter: num((x) => formatSignedPercent(x)),
        cellClass: signClass(5e-5),
      },
      {
        field: 'trade',
        headerName: `Trade (${currency})`,
        headerTooltip: 'Drift × the universe’s value: positive buys, negative sells',
        type: 'rightAligned',
        width: 140,
        minWidth: 112,
        valueFormatter: num((x) => formatSignedMoney(x)),
        cellClass: signClass(0.005),
      },
      {
        field: 'risk',
        headerName: 'Risk share',
        headerTooltip: 'Share of the target portfolio’s variance (sums to 100 %)',
        type: 'rightAligned',
        width: 110,
        minWidth: 95,
        valueFormatter: num((x) => formatPercent(x)),
      },
    ],
    [currency],
  );
  const auto = rows.length <= AUTO_HEIGHT_ROWS;
  return (
    <div
      className={auto ? 'grid-auto' : 'grid'}
      style={auto ? undefined : { height: 520 }}
      data-testid="weights-grid"
    >
      <AgGridReact<Row>
        // A new theme resets the column widths to the definitions: remount to fit them again.
        key={theme}
        theme={gridThemes[theme]}
        rowData={rows}
        columnDefs={columns}
        defaultColDef={DEFAULT_COL}
        pinnedBottomRowData={pinned}
        domLayout={auto ? 'autoHeight' : 'normal'}
        autoSizeStrategy={FIT}
        onGridSizeChanged={refit}
        suppressColumnVirtualisation
        getRowId={rowId}
        getRowClass={rowClass}
        animateRows={false}
      />
    </div>
  );
}
