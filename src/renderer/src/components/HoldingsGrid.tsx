import { forwardRef, useImperativeHandle, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  CsvExportModule,
  ModuleRegistry,
  type ColDef,
  type ValueFormatterParams,
} from 'ag-grid-community';
import type { HoldingRow } from '../../../shared/domain';
import { formatDecimalString, formatMoney, formatPercent, formatPrice } from '../lib/format';
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
  { field: 'name', headerName: 'Name', flex: 1, minWidth: 160, filter: 'agTextColumnFilter' },
  {
    field: 'quantity',
    headerName: 'Quantity',
    type: 'rightAligned',
    width: 200,
    comparator: (a: string, b: string) => Number(a) - Number(b),
    valueFormatter: (p) => (p.value ? formatDecimalString(p.value as string) : ''),
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
    width: 110,
    valueFormatter: num((x) => formatPercent(x)),
    filter: 'agNumberColumnFilter',
  },
  { field: 'assetClass', headerName: 'Asset class', width: 140, filter: 'agTextColumnFilter' },
  { field: 'account', headerName: 'Venue', width: 200, filter: 'agTextColumnFilter' },
  { field: 'venueKind', headerName: 'Venue type', width: 120, filter: 'agTextColumnFilter' },
];

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
  const totalRow = useMemo<Row[]>(
    () => [
      {
        symbol: 'Total',
        name: `${rows.length} positions`,
        value: total,
        weight: total ? 1 : null,
        isTotal: true,
      } as Row,
    ],
    [rows.length, total],
  );

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
    let value = 0;
    let n = 0;
    api.forEachNodeAfterFilter((node) => {
      if (node.data) {
        value += node.data.value ?? 0;
        n++;
      }
    });
    api.setGridOption('pinnedBottomRowData', [
      {
        symbol: 'Total',
        name: n === rows.length ? `${n} positions` : `${n} of ${rows.length} positions`,
        value,
        weight: total ? value / total : null,
        isTotal: true,
      } as Row,
    ]);
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
        animateRows={false}
      />
    </div>
  );
});
