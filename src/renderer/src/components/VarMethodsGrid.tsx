import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { VarMethod } from '../../../shared/risk';
import { formatMoney, formatNumber, formatPercent } from '../lib/format';
import { gridThemes } from '../lib/grid';
import { methodLabel } from '../lib/risk';
import { useTheme } from '../lib/theme';

interface Row {
  method: VarMethod;
  label: string;
  var: number;
  es: number;
  note: string;
  headline: boolean;
}

const pct = (p: ValueFormatterParams<Row>) => formatPercent(p.value as number | null);

/** VaR and ES of the book by each of the six methods; the headline method's row is highlighted. */
export function VarMethodsGrid({
  methods,
  headline,
  value,
  currency,
}: {
  methods: { method: VarMethod; var: number; es: number; note: string }[];
  headline: VarMethod;
  value: number;
  currency: string;
}) {
  const { theme } = useTheme();
  const rows = useMemo<Row[]>(
    () =>
      methods.map((m) => ({ ...m, label: methodLabel(m.method), headline: m.method === headline })),
    [methods, headline],
  );
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      {
        field: 'label',
        headerName: 'Method',
        width: 220,
        cellRenderer: (p: { data?: Row; value: string }) => (
          <span>
            {p.value}
            {p.data?.headline && <span className="badge">headline</span>}
          </span>
        ),
      },
      { field: 'var', headerName: 'VaR', type: 'rightAligned', width: 100, valueFormatter: pct },
      { field: 'es', headerName: 'ES', type: 'rightAligned', width: 100, valueFormatter: pct },
      {
        colId: 'varMoney',
        headerName: `VaR (${currency})`,
        type: 'rightAligned',
        width: 150,
        valueGetter: (p) => (p.data ? p.data.var * value : null),
        valueFormatter: (p) => formatMoney(p.value as number | null),
      },
      {
        colId: 'esMoney',
        headerName: `ES (${currency})`,
        type: 'rightAligned',
        width: 150,
        valueGetter: (p) => (p.data ? p.data.es * value : null),
        valueFormatter: (p) => formatMoney(p.value as number | null),
      },
      {
        colId: 'ratio',
        headerName: 'ES / VaR',
        headerTooltip:
          'How much worse the average tail loss is than the VaR threshold: about 1.15 for a normal tail at 99 %, more for heavy tails.',
        type: 'rightAligned',
        width: 100,
        valueGetter: (p) => (p.data && p.data.var > 0 ? p.data.es / p.data.var : null),
        valueFormatter: (p) => formatNumber(p.value as number | null),
      },
      {
        field: 'note',
        headerName: 'How it is computed',
        flex: 1,
        minWidth: 280,
        tooltipField: 'note',
      },
    ],
    [value, currency],
  );
  return (
    <div className="grid-auto" data-testid="methods-grid">
      <AgGridReact<Row>
        // A new headline redraws the grid: the badge sits in a cell whose value does not change.
        key={headline}
        theme={gridThemes[theme]}
        rowData={rows}
        columnDefs={columns}
        defaultColDef={{ sortable: true, resizable: true }}
        domLayout="autoHeight"
        suppressColumnVirtualisation
        getRowId={(p) => p.data.method}
        rowClassRules={{ 'headline-row': (p) => p.data?.headline === true }}
        animateRows={false}
      />
    </div>
  );
}
