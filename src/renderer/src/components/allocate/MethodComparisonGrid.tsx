import { useCallback, useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  ColDef,
  GetRowIdParams,
  GridSizeChangedEvent,
  RowClassRules,
  RowClickedEvent,
  ValueFormatterParams,
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

// Grid options as constants: a new object on every render would make the grid apply it again.
const DEFAULT_COL: ColDef<Row> = { sortable: true, resizable: true, minWidth: 95 };
const FIT = { type: 'fitGridWidth', defaultMinWidth: 80 } as const;
/** The panel settles its width after the first paint: fit the columns to it again. */
const refit = (e: GridSizeChangedEvent<Row>) => e.api.sizeColumnsToFit();
const rowId = (p: GetRowIdParams<Row>) => (p.data.isCurrent ? 'current' : p.data.method);

/** Method ids are enum words (letters and dashes), safe inside an attribute selector. */
const selectedRowCss = (m: AllocationMethod) => {
  const row = `.alloc-compare .ag-row[row-id="${m}"]`;
  return `${row} .ag-cell { box-shadow: inset 0 -1px 0 var(--accent), inset 0 1px 0 var(--accent); }
${row} .ag-cell[col-id="label"] { box-shadow: inset 3px 0 0 var(--accent), inset 0 -1px 0 var(--accent), inset 0 1px 0 var(--accent); }`;
};

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
    () =>
      current
        ? [
            {
              ...current,
              label: 'Current book',
              // why it differs from the Risk view's figures for the same book
              about:
                'The universe at today’s weights, with this policy’s estimates: spot, stablecoin and staked holdings only (the Risk view also counts the derivatives’ deltas, financed in stablecoin, and uses its own window and covariance).',
              isCurrent: true,
            },
          ]
        : [],
    [current],
  );
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      {
        field: 'label',
        headerName: 'Method',
        width: 300,
        minWidth: 280,
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
  const rowClassRules = useMemo<RowClassRules<Row>>(
    () => ({
      'headline-row': (p) => !p.data?.isCurrent && p.data?.method === proposal,
      'alloc-current-row': (p) => p.data?.isCurrent === true,
      'alloc-failed-row': (p) => p.data?.ok === false && !p.data.isCurrent,
    }),
    [proposal],
  );
  const onRowClicked = useCallback(
    (e: RowClickedEvent<Row>) => e.data && !e.data.isCurrent && onSelect(e.data.method),
    [onSelect],
  );
  return (
    <div className="grid-auto alloc-compare" data-testid="comparison-grid" data-selected={selected}>
      {/* The selected row's outline as a rule keyed to its row id: a new selection restyles one
          row without redrawing the grid (row class rules are evaluated only when rows are drawn). */}
      <style>{selectedRowCss(selected)}</style>
      <AgGridReact<Row>
        // A new proposal or palette redraws: the badge and swatch sit in cells whose value stays
        // (and a new theme resets the column widths, fitted again on mount).
        key={`${proposal}-${theme}`}
        theme={gridThemes[theme]}
        rowData={rows}
        pinnedTopRowData={pinned}
        columnDefs={columns}
        defaultColDef={DEFAULT_COL}
        domLayout="autoHeight"
        autoSizeStrategy={FIT}
        onGridSizeChanged={refit}
        suppressColumnVirtualisation
        tooltipShowDelay={300}
        getRowId={rowId}
        rowClassRules={rowClassRules}
        onRowClicked={onRowClicked}
        animateRows={false}
      />
    </div>
  );
}
