import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellStyle, ColDef } from 'ag-grid-community';
import type { ScenarioGridOut } from '../../../../shared/hedge';
import { denseGridThemes } from '../../lib/grid';
import {
  formatPnlShort,
  formatSigned,
  horizonLabel,
  pnlColour,
  scenarioRows,
  spotMoveLabel,
  volShiftLabel,
  type ScenarioRow,
} from '../../lib/hedge';
import { useTheme } from '../../lib/theme';

interface Props {
  grid: ScenarioGridOut;
  /** Largest |P&L| shared by the grids side by side, so equal colours mean equal amounts. */
  scale: number;
  testId: string;
}

/**
 * Full-revaluation P&L of the book (USD against today's value): one row per horizon and vol
 * shift, one column per spot move, cells red for a loss and green for a gain, deeper with size.
 */
export function ScenarioHeatmap({ grid, scale, testId }: Props) {
  const { theme } = useTheme();
  const rows = useMemo(() => scenarioRows(grid), [grid]);
  const columns = useMemo<ColDef<ScenarioRow>[]>(
    () => [
      {
        colId: 'when',
        headerName: 'When',
        pinned: 'left',
        width: 72,
        sortable: false,
        headerClass: 'hedge-heat-head-label',
        valueGetter: (p) => (p.data ? horizonLabel(p.data.horizonDays) : ''),
        cellClass: 'hedge-heat-label',
      },
      {
        colId: 'vol',
        headerName: 'Vol shift',
        pinned: 'left',
        width: 112,
        sortable: false,
        headerClass: 'hedge-heat-head-label',
        valueGetter: (p) => (p.data ? volShiftLabel(p.data.volShift) : ''),
        cellClass: 'hedge-heat-label',
      },
      ...grid.spotMoves.map<ColDef<ScenarioRow>>((m, j) => ({
        colId: `s${j}`,
        headerName: spotMoveLabel(m),
        headerTooltip: `Every underlying ${spotMoveLabel(m)} from spot`,
        minWidth: 62,
        flex: 1,
        sortable: false,
        resizable: false,
        valueGetter: (p) => p.data?.values[j] ?? null,
        valueFormatter: (p) => (typeof p.value === 'number' ? formatPnlShort(p.value) : '—'),
        tooltipValueGetter: (p) =>
          p.data && typeof p.value === 'number'
            ? `${horizonLabel(p.data.horizonDays)}, ${volShiftLabel(p.data.volShift)}, spot ${spotMoveLabel(m)}: ${formatSigned(p.value, 0, true)} USD`
            : '',
        cellStyle: (p): CellStyle => {
          const v = p.value as number | null;
          if (v === null || !Number.isFinite(v)) return { textAlign: 'right' };
          const c = pnlColour(v, scale, theme);
          return { backgroundColor: c.background, color: c.color, textAlign: 'right' };
        },
      })),
    ],
    [grid.spotMoves, scale, theme],
  );
  return (
    <div className="hedge-heatmap" data-testid={testId}>
      <AgGridReact<ScenarioRow>
        key={theme}
        theme={denseGridThemes[theme]}
        rowData={rows}
        columnDefs={columns}
        domLayout="autoHeight"
        suppressColumnVirtualisation
        suppressMovableColumns
        getRowId={(p) => p.data.id}
        getRowClass={(p) =>
          p.data && p.rowIndex > 0 && p.data.volShift === grid.volShifts[0]
            ? 'hedge-heat-group'
            : undefined
        }
        animateRows={false}
        tooltipShowDelay={300}
      />
    </div>
  );
}
