import { useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  ModuleRegistry,
  RowApiModule,
  type ColDef,
  type ValueFormatterParams,
} from 'ag-grid-community';
import type { AllocationMethod, AllocationProposal } from '../../../../shared/allocation';
import { METHODS, methodLabel } from '../../lib/allocation';
import {
  formatConfidence,
  formatNumber,
  formatPercent,
  formatSignedPercent,
} from '../../lib/format';
import { gridThemes } from '../../lib/grid';
import { useTheme } from '../../lib/theme';

// redrawRows, when the selected method changes.
ModuleRegistry.registerModules([RowApiModule]);

interface Row extends AllocationProposal {
  label: string;
  about: string;
  isCurrent?: boolean;
}

/** A figure of a method that found no weights is no figure: a dash, the reason is in the notes. */
const figure =
  (f: (x: number) => string) =>
  (p: ValueFormatterParams<Row>): string =>
    p.data && !p.data.ok && !p.data.isCurrent ? '—' : f(p.value as number);
const pct = figure((x) => formatPercent(x));

/**
 * Every method's result side by side; the proposal first and marked, the current book pinned
 * on top for reference. Clicking a row shows that method's weights.
 */
export function MethodComparisonGrid({
  methods,
  current,
  proposal,
  selected,
  alpha,
  onSelect,
  colourOf,
}: {
  methods: AllocationProposal[];
  current: AllocationProposal | null;
  proposal: AllocationMethod;
  selected: AllocationMethod;
  /** The CVaR confidence of the run. */
  alpha: number | null;
  onSelect: (m: AllocationMethod) => void;
  colourOf: (m: AllocationMethod) => string;
}) {
  const { theme } = useTheme();
  const grid = useRef<AgGridReact<Row>>(null);
  // Row classes are evaluated when a row is drawn: redraw for a new selection.
  useEffect(() => {
    grid.current?.api?.redrawRows();
  }, [selected]);
  const rows = useMemo<Row[]>(
    () =>
      methods.map((m) => ({
        ...m,
        label: methodLabel(m.method),
        about: METHODS.find((x) => x.id === m.method)?.about ?? '',
      })),
    [methods],
  );
  const pinned = useMemo<Row[]>(
    () => (current ? [{ ...current, label: 'Current book', about: '', isCurrent: true }] : []),
    [current],
  );
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      {
        field: 'label',
        headerName: 'Method',
        width: 250,
        minWidth: 235,
        tooltipValueGetter: (p) => p.data?.about || undefined,
        cellRenderer: (p: { data?: Row; value: string }) =>
          p.data ? (
            <span className="alloc-method-cell">
              {p.data.isCurrent ? (
                <span className="alloc-dot current" />
              ) : (
                <span className="alloc-dot" style={{ background: colourOf(p.data.method) }} />
              )}
              {p.value}
              {!p.data.isCurrent && p.data.method === proposal && (
                <span className="badge">proposal</span>
              )}
              {!p.data.isCurrent && !p.data.ok && (
                <span className="badge alloc-failed">failed</span>
              )}
            </span>
          ) : null,
      },
      {
        field: 'expectedReturn',
        headerName: 'Exp. return',
        type: 'rightAligned',
        width: 110,
        minWidth: 110,
        valueFormatter: figure((x) => formatSignedPercent(x)),
      },
      {
        field: 'volatility',
        headerName: 'Volatility',
        type: 'rightAligned',
        width: 105,
        minWidth: 105,
        valueFormatter: pct,
      },
      {
        field: 'sharpe',
        headerName: 'Sharpe',
        type: 'rightAligned',
        width: 85,
        minWidth: 85,
        valueFormatter: figure((x) => formatNumber(x)),
      },
      {
        field: 'cvar',
        headerName: alpha ? `CVaR ${formatConfidence(alpha)}` : 'CVaR',
        headerTooltip:
          'Historical CVaR of daily returns: the mean loss on the worst days of the window',
        type: 'rightAligned',
        width: 110,
        minWidth: 110,
        valueFormatter: pct,
      },
      {
        field: 'maxDrawdown',
        headerName: 'Drawdown',
        headerTooltip:
          'Worst peak-to-trough fall of these weights held through the window (in sample)',
        type: 'rightAligned',
        width: 110,
        minWidth: 110,
        valueFormatter: figure((x) => formatSignedPercent(-x)),
      },
      {
        field: 'effectiveAssets',
        headerName: 'Eff. assets',
        headerTooltip: '1 / Σ w²: how many equal positions the weights amount to',
        type: 'rightAligned',
        width: 105,
        minWidth: 105,
        valueFormatter: figure((x) => formatNumber(x, 1)),
      },
      {
        colId: 'notes',
        headerName: 'Notes',
        width: 120,
        minWidth: 90,
        valueGetter: (p) => p.data?.notes.join(' ') ?? '',
        tooltipValueGetter: (p) => (p.value as string) || undefined,
      },
    ],
    [alpha, proposal, colourOf],
  );
  return (
    <div className="grid-auto alloc-compare" data-testid="comparison-grid">
      <AgGridReact<Row>
        // A new proposal or palette redraws: the badge and swatch sit in cells whose value stays
        // (and a new theme resets the column widths, fitted again on mount).
        key={`${proposal}-${theme}`}
        ref={grid}
        theme={gridThemes[theme]}
        rowData={rows}
        pinnedTopRowData={pinned}
        columnDefs={columns}
        defaultColDef={{ sortable: true, resizable: true, minWidth: 95 }}
        domLayout="autoHeight"
        autoSizeStrategy={{ type: 'fitGridWidth', defaultMinWidth: 80 }}
        // The panel settles its width after the first paint: fit the columns to it again.
        onGridSizeChanged={(e) => e.api.sizeColumnsToFit()}
        suppressColumnVirtualisation
        tooltipShowDelay={300}
        getRowId={(p) => (p.data.isCurrent ? 'current' : p.data.method)}
        rowClassRules={{
          'headline-row': (p) => !p.data?.isCurrent && p.data?.method === proposal,
          'alloc-selected-row': (p) => !p.data?.isCurrent && p.data?.method === selected,
          'alloc-current-row': (p) => p.data?.isCurrent === true,
          'alloc-failed-row': (p) => p.data?.ok === false && !p.data.isCurrent,
        }}
        onRowClicked={(e) => e.data && !e.data.isCurrent && onSelect(e.data.method)}
        animateRows={false}
      />
    </div>
  );
}
