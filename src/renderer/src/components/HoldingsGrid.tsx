import { forwardRef, useImperativeHandle, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  CsvExportModule,
  ModuleRegistry,
  type ColDef,
  type ValueFormatterParams,
} from 'ag-grid-community';
import type { HoldingRow } from '../../../shared/domain';
import {
  formatDecimalString,
  formatMoney,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatSignedMoney,
} from '../lib/format';
import { gridThemes as themes } from '../lib/grid';
import { useTheme } from '../lib/theme';
import { holdingRowId } from '../lib/holdingRowId';

// The shared grid modules (lib/grid) plus CSV export, which only this grid uses.
ModuleRegistry.registerModules([CsvExportModule]);

type Row = HoldingRow & { isTotal?: boolean };

const num = (f: (x: number | null) => string) => (p: ValueFormatterParams<Row>) =>
  p.value === undefined ? '' : f(p.value as number | null);

/** The columns; values (and the totals row) in the portfolio's base currency. */
const columnsFor = (currency: string, decimals: number): ColDef<Row>[] => [
  {
    field: 'symbol',
    headerName: 'Asset',
    width: 110,
    pinned: 'left',
    filter: 'agTextColumnFilter',
  },
  { field: 'name', headerName: 'Name', flex: 1, minWidth: 140, filter: 'agTextColumnFilter' },
  {
    field: 'quantity',
    headerName: 'Quantity',
    type: 'rightAligned',
    width: 190,
    comparator: (a: string, b: string) => Number(a) - Number(b),
    // up to 8 places on screen; the exact quantity in the tooltip and the CSV export
    valueFormatter: (p) => (p.value ? formatQuantity(p.value as string) : ''),
    tooltipValueGetter: (p) =>
      typeof p.value === 'string' && (p.value.split('.')[1] ?? '').length > 8
        ? `exactly ${formatDecimalString(p.value)}`
        : undefined,
    filter: 'agNumberColumnFilter',
    filterValueGetter: (p) => (p.data ? Number(p.data.quantity) : null),
  },
  {
    field: 'price',
    headerName: 'Price',
    type: 'rightAligned',
    width: 130,
    valueFormatter: num(formatPrice),
    filter: 'agNumberColumnFilter',
  },
  {
    field: 'value',
    headerName: `Value (${currency})`,
    type: 'rightAligned',
    width: 160,
    valueFormatter: num((x) => formatMoney(x, decimals)),
    filter: 'agNumberColumnFilter',
    sort: 'desc',
  },
  {
    field: 'weight',
    headerName: 'Weight',
    type: 'rightAligned',
    width: 100,
    valueFormatter: num((x) => formatPercent(x)),
    filter: 'agNumberColumnFilter',
  },
  {
    field: 'costBasis',
    headerName: `Cost basis (${currency})`,
    headerTooltip:
      'What the position cost (FIFO or average cost, fees included); 0 for perpetuals and futures, which cost nothing to open',
    type: 'rightAligned',
    width: 165,
    valueFormatter: num((x) => formatMoney(x, decimals)),
    filter: 'agNumberColumnFilter',
  },
  {
    field: 'unrealisedPnl',
    headerName: `P&L (${currency})`,
    headerTooltip:
      'Unrealised P&L: value less cost basis; for perpetuals and futures, their P&L since entry',
    type: 'rightAligned',
    width: 150,
    valueFormatter: num((x) => formatSignedMoney(x, decimals)),
    // coloured when it shows as non-zero at the value's decimals
    cellClassRules: {
      pos: (p) => typeof p.value === 'number' && p.value >= 0.5 * 10 ** -decimals,
      neg: (p) => typeof p.value === 'number' && p.value <= -0.5 * 10 ** -decimals,
    },
    filter: 'agNumberColumnFilter',
  },
  { field: 'assetClass', headerName: 'Asset class', width: 140, filter: 'agTextColumnFilter' },
  { field: 'account', headerName: 'Venue', width: 180, filter: 'agTextColumnFilter' },
  { field: 'venueKind', headerName: 'Venue type', width: 120, filter: 'agTextColumnFilter' },
  {
    field: 'entryPrice',
    headerName: 'Entry',
    headerTooltip: 'Average entry price of a perpetual or future (inverse: face over entry coins)',
    type: 'rightAligned',
    width: 120,
    valueFormatter: (p) =>
      p.value === undefined || p.value === null ? '' : formatPrice(p.value as number),
    filter: 'agNumberColumnFilter',
  },
];

/** The totals row of the rows shown: value, its weight, cost basis and unrealised P&L. */
function totalOf(shown: HoldingRow[], all: number, total: number): Row {
  const sum = (f: (r: HoldingRow) => number | null) => shown.reduce((s, r) => s + (f(r) ?? 0), 0);
  const value = sum((r) => r.value);
  return {
    symbol: 'Total',
    name: shown.length === all ? `${all} positions` : `${shown.length} of ${all} positions`,
    value,
    weight: total ? value / total : null,
    costBasis: sum((r) => r.costBasis),
    unrealisedPnl: sum((r) => r.unrealisedPnl),
    isTotal: true,
  } as Row;
}

export interface HoldingsGridHandle {
  exportCsv(): void;
}

interface Props {
  rows: HoldingRow[];
  total: number;
  fileName: string;
  onSelect: (symbol: string) => void;
  /** The currency of the prices and values (default USD), and the decimals of a value. */
  currency?: string;
  valueDecimals?: number;
}

/** Positions grid: sort, filter, a totals row that follows the filter, CSV export of the rows shown. */
export const HoldingsGrid = forwardRef<HoldingsGridHandle, Props>(function HoldingsGrid(
  { rows, total, fileName, onSelect, currency = 'USD', valueDecimals = 2 },
  ref,
) {
  const columns = useMemo(() => columnsFor(currency, valueDecimals), [currency, valueDecimals]);
  const grid = useRef<AgGridReact<Row>>(null);
  const { theme } = useTheme();
  const totalRow = useMemo<Row[]>(() => [totalOf(rows, rows.length, total)], [rows, total]);

  useImperativeHandle(ref, () => ({
    exportCsv: () =>
      grid.current?.api.exportDataAsCsv({
        fileName,
        skipPinnedBottom: true,
        processCellCallback: (p) =>
          p.value === null || p.value === undefined ? '' : String(p.value),
      }),
  }));

  const refreshTotal = () => {
    const api = grid.current?.api;
    if (!api) return;
    const shown: HoldingRow[] = [];
    api.forEachNodeAfterFilter((node) => {
      if (node.data) shown.push(node.data);
    });
    api.setGridOption('pinnedBottomRowData', [totalOf(shown, rows.length, total)]);
  };

  return (
    <div className="grid" data-testid="holdings-grid">
      <AgGridReact<Row>
        ref={grid}
        theme={themes[theme]}
        rowData={rows}
        columnDefs={columns}
        defaultColDef={{ sortable: true, resizable: true, floatingFilter: false }}
        pinnedBottomRowData={totalRow}
        getRowId={(p) => holdingRowId(p.data)}
        getRowClass={(p) => (p.data?.isTotal ? 'total-row' : undefined)}
        onRowClicked={(e) => e.data && !e.data.isTotal && onSelect(e.data.symbol)}
        onFilterChanged={refreshTotal}
        // new rows under an active filter: the totals of what is shown, not of everything
        onRowDataUpdated={refreshTotal}
        // a dozen columns: all in the DOM, so wide screens and tests see every one
        suppressColumnVirtualisation
        animateRows={false}
      />
    </div>
  );
});
