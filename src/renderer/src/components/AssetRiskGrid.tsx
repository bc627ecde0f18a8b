import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ColGroupDef, ValueFormatterParams } from 'ag-grid-community';
import {
  formatBp,
  formatDays,
  formatMoney,
  formatNumber,
  formatPercent,
  formatSignedPercent,
} from '../lib/format';
import { compactGridThemes } from '../lib/grid';
import type { RiskResult } from '../lib/risk';
import { useTheme } from '../lib/theme';

export interface AssetRiskRow {
  symbol: string;
  weight: number;
  annualVol: number;
  ewmaVol: number;
  garchVol: number | null;
  garchAlpha: number | null;
  garchBeta: number | null;
  persistence: number | null;
  tNu: number | null;
  skew: number;
  excessKurtosis: number;
  marginalVol: number;
  volShare: number | null;
  esShare: number | null;
  /** undefined: the run has no liquidity view; null: no traded volume on record. */
  daysToLiquidate: number | null | undefined;
  exitCost: number | null;
  exitCostMoney: number | null;
}

/** One row per asset: weight, volatility models, tails, contributions and liquidity. */
export function assetRiskRows(report: RiskResult): AssetRiskRow[] {
  const esSum = report.assets.reduce((s, a) => s + a.componentEs, 0);
  const liq = new Map((report.liquidity?.rows ?? []).map((r) => [r.symbol, r]));
  return report.assets.map((a) => {
    const l = liq.get(a.symbol);
    const exitCost = l ? l.spreadCost + l.impactCost : null;
    return {
      symbol: a.symbol,
      weight: a.weight,
      annualVol: a.annualVol,
      ewmaVol: a.ewmaVol,
      garchVol: a.garch?.nextVol ?? null,
      garchAlpha: a.garch?.alpha ?? null,
      garchBeta: a.garch?.beta ?? null,
      persistence: a.garch ? a.garch.alpha + a.garch.beta : null,
      tNu: a.tNu,
      skew: a.skew,
      excessKurtosis: a.excessKurtosis,
      marginalVol: a.marginalVol,
      volShare: report.volatility > 0 ? a.componentVol / report.volatility : null,
      esShare: esSum !== 0 ? a.componentEs / esSum : null,
      daysToLiquidate: report.liquidity ? (l ? l.daysToLiquidate : null) : undefined,
      exitCost,
      exitCostMoney: l && exitCost !== null ? l.value * exitCost : null,
    };
  });
}

type F = ValueFormatterParams<AssetRiskRow>;
const pct = (p: F) => formatPercent(p.value as number | null);
const signedPct = (p: F) => formatSignedPercent(p.value as number | null);
const dec = (d: number) => (p: F) => formatNumber(p.value as number | null, d);

const num = (c: ColDef<AssetRiskRow>): ColDef<AssetRiskRow> => ({
  type: 'rightAligned',
  flex: 1,
  ...c,
});

const columns: (ColDef<AssetRiskRow> | ColGroupDef<AssetRiskRow>)[] = [
  { field: 'symbol', headerName: 'Asset', pinned: 'left', width: 84 },
  num({ field: 'weight', headerName: 'Weight', minWidth: 92, valueFormatter: pct, sort: 'desc' }),
  {
    headerName: 'Volatility, annualised',
    children: [
      num({
        field: 'annualVol',
        headerName: 'Sample',
        headerTooltip: 'Sample volatility of daily returns over the window, annualised',
        minWidth: 84,
        valueFormatter: pct,
      }),
      num({
        field: 'ewmaVol',
        headerName: 'EWMA',
        headerTooltip: 'RiskMetrics EWMA volatility (λ 0.94) on the last day, annualised',
        minWidth: 84,
        valueFormatter: pct,
      }),
      num({
        field: 'garchVol',
        headerName: 'GARCH next day',
        headerTooltip: 'GARCH(1,1)-t forecast of tomorrow’s volatility, annualised',
        minWidth: 96,
        valueFormatter: pct,
      }),
    ],
  },
  {
    headerName: 'GARCH(1,1)',
    children: [
      num({
        field: 'garchAlpha',
        headerName: 'α',
        headerTooltip: 'Reaction of variance to yesterday’s shock',
        minWidth: 66,
        valueFormatter: dec(3),
      }),
      num({
        field: 'garchBeta',
        headerName: 'β',
        headerTooltip: 'Memory of yesterday’s variance',
        minWidth: 66,
        valueFormatter: dec(3),
      }),
      num({
        field: 'persistence',
        headerName: 'α+β',
        headerTooltip:
          'Persistence: close to 1, volatility shocks fade slowly; at 1 (highlighted), integrated GARCH',
        minWidth: 76,
        valueFormatter: dec(4),
        cellClassRules: { 'at-bound': (p) => typeof p.value === 'number' && p.value > 0.999 },
      }),
    ],
  },
  {
    headerName: 'Tails of daily returns',
    children: [
      num({
        field: 'tNu',
        headerName: 'Student-t ν',
        headerTooltip:
          'Degrees of freedom of a Student t fitted to daily returns: the lower, the heavier the tails',
        minWidth: 84,
        valueFormatter: dec(2),
      }),
      num({ field: 'skew', headerName: 'Skew', minWidth: 66, valueFormatter: dec(2) }),
      num({
        field: 'excessKurtosis',
        headerName: 'Excess kurtosis',
        headerTooltip: '0 for a normal distribution',
        minWidth: 84,
        valueFormatter: dec(2),
      }),
    ],
  },
  {
    headerName: 'Contribution',
    children: [
      num({
        field: 'marginalVol',
        headerName: 'Marginal vol',
        headerTooltip:
          'Change in portfolio volatility per unit of weight added (∂σ/∂w), annualised',
        minWidth: 84,
        valueFormatter: pct,
      }),
      num({
        field: 'volShare',
        headerName: '% of vol',
        headerTooltip: 'Component volatility over portfolio volatility; negative: a hedge',
        minWidth: 84,
        valueFormatter: signedPct,
      }),
      num({
        field: 'esShare',
        headerName: '% of ES',
        headerTooltip: 'Component of historical ES over their sum; negative: a hedge',
        minWidth: 84,
        valueFormatter: signedPct,
      }),
    ],
  },
  {
    headerName: 'Liquidity',
    children: [
      num({
        field: 'daysToLiquidate',
        headerName: 'Days to liquidate',
        headerTooltip:
          'Position value over the participation share (see the card) of its 30-day average daily traded value',
        minWidth: 92,
        valueFormatter: (p: F) =>
          p.value === undefined
            ? '—'
            : p.value === null
              ? 'no volume'
              : formatDays(p.value as number),
        comparator: (a: number | null | undefined, b: number | null | undefined) =>
          (a ?? Infinity) - (b ?? Infinity),
      }),
      num({
        field: 'exitCost',
        headerName: 'Exit cost',
        headerTooltip:
          'Half the bid-ask spread plus square-root market impact, per unit of position',
        minWidth: 78,
        valueFormatter: (p: F) => formatBp(p.value as number | null),
      }),
      num({
        field: 'exitCostMoney',
        headerName: 'Exit cost (USD)',
        minWidth: 96,
        valueFormatter: (p: F) => formatMoney(p.value as number | null),
      }),
    ],
  },
];

const withCurrency = (cols: typeof columns, currency: string): typeof columns =>
  cols.map((c) =>
    'children' in c
      ? { ...c, children: withCurrency(c.children, currency) }
      : c.field === 'exitCostMoney'
        ? { ...c, headerName: `Exit cost (${currency})` }
        : c,
  );

export function AssetRiskGrid({ rows, currency }: { rows: AssetRiskRow[]; currency: string }) {
  const { theme } = useTheme();
  const cols = useMemo(() => withCurrency(columns, currency), [currency]);
  return (
    <div className="grid-auto" data-testid="asset-risk-grid">
      <AgGridReact<AssetRiskRow>
        theme={compactGridThemes[theme]}
        rowData={rows}
        columnDefs={cols}
        defaultColDef={{
          sortable: true,
          resizable: true,
          wrapHeaderText: true,
          autoHeaderHeight: true,
        }}
        domLayout="autoHeight"
        suppressColumnVirtualisation
        getRowId={(p) => p.data.symbol}
        rowClassRules={{
          'hedge-row': (p) => (p.data?.volShare ?? 0) < 0 || (p.data?.esShare ?? 0) < 0,
        }}
        tooltipShowDelay={300}
        animateRows={false}
      />
    </div>
  );
}
