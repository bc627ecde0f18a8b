import { useMemo } from 'react';
import {
  formatBp,
  formatDays,
  formatMoney,
  formatNumber,
  formatPercent,
  formatSignedPercent,
} from '../lib/format';
import type { RiskResult } from '../lib/risk';
import { SortableTable, type TableColumn } from './SortableTable';

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

type V = number | string | null | undefined;
type Col = TableColumn<AssetRiskRow>;
const pct = (v: V) => formatPercent(v as number | null);
const signedPct = (v: V) => formatSignedPercent(v as number | null);
const dec = (d: number) => (v: V) => formatNumber(v as number | null, d);
const num = (
  id: keyof AssetRiskRow,
  header: string,
  group: string | undefined,
  format: (v: V) => string,
  extra: Partial<Col> = {},
): Col => ({ id, header, group, numeric: true, value: (r) => r[id] as V, format, ...extra });

const VOL = 'Volatility, annualised';
const GARCH = 'GARCH(1,1)';
const TAILS = 'Tails of daily returns';
const CONTRIB = 'Contribution';
const LIQ = 'Liquidity';

function columns(currency: string): Col[] {
  return [
    { id: 'symbol', header: 'Asset', value: (r) => r.symbol },
    num('weight', 'Weight', undefined, pct),
    num('annualVol', 'Sample', VOL, pct, {
      tooltip: 'Sample volatility of daily returns over the window, annualised',
    }),
    num('ewmaVol', 'EWMA', VOL, pct, {
      tooltip: 'RiskMetrics EWMA volatility (λ 0.94) on the last day, annualised',
    }),
    num('garchVol', 'GARCH next day', VOL, pct, {
      tooltip: 'GARCH(1,1)-t forecast of tomorrow’s volatility, annualised',
    }),
    num('garchAlpha', 'α', GARCH, dec(3), { tooltip: 'Reaction of variance to yesterday’s shock' }),
    num('garchBeta', 'β', GARCH, dec(3), { tooltip: 'Memory of yesterday’s variance' }),
    num('persistence', 'α+β', GARCH, dec(4), {
      tooltip:
        'Persistence: close to 1, volatility shocks fade slowly; at 1 (highlighted), integrated GARCH',
      cellClass: (v) => (typeof v === 'number' && v > 0.999 ? 'at-bound' : undefined),
    }),
    num('tNu', 'Student‑t ν', TAILS, dec(2), {
      tooltip:
        'Degrees of freedom of a Student t fitted to daily returns: the lower, the heavier the tails',
    }),
    num('skew', 'Skew', TAILS, dec(2)),
    num('excessKurtosis', 'Excess kurtosis', TAILS, dec(2), {
      tooltip: '0 for a normal distribution',
    }),
    num('marginalVol', 'Marginal vol', CONTRIB, pct, {
      tooltip: 'Change in portfolio volatility per unit of weight added (∂σ/∂w), annualised',
    }),
    num('volShare', '% of vol', CONTRIB, signedPct, {
      tooltip: 'Component volatility over portfolio volatility; negative: a hedge',
    }),
    num('esShare', '% of ES', CONTRIB, signedPct, {
      tooltip: 'Component of historical ES over their sum; negative: a hedge',
    }),
    num(
      'daysToLiquidate',
      'Days to liquidate',
      LIQ,
      (v) => (v === undefined ? '—' : v === null ? 'no volume' : formatDays(v as number)),
      {
        tooltip:
          'Position value over the participation share (see the card) of its 30-day average daily traded value',
        // no volume on record sorts as the least liquid
        compare: (a, b) => {
          const x = (a as number | null | undefined) ?? Infinity;
          const y = (b as number | null | undefined) ?? Infinity;
          return x === y ? 0 : x - y;
        },
      },
    ),
    num('exitCost', 'Exit cost', LIQ, (v) => formatBp(v as number | null), {
      tooltip: 'Half the bid-ask spread plus square-root market impact, per unit of position',
    }),
    num('exitCostMoney', `Exit cost (${currency})`, LIQ, (v) => formatMoney(v as number | null)),
  ];
}

const isHedge = (r: AssetRiskRow) => (r.volShare ?? 0) < 0 || (r.esShare ?? 0) < 0;

/** The per-asset table, largest weight first; any column sorts on a click of its header. */
export function AssetRiskTable({ rows, currency }: { rows: AssetRiskRow[]; currency: string }) {
  const cols = useMemo(() => columns(currency), [currency]);
  return (
    <SortableTable
      rows={rows}
      columns={cols}
      rowKey={(r) => r.symbol}
      rowClass={(r) => (isHedge(r) ? 'hedge-row' : undefined)}
      initialSort={{ id: 'weight', dir: 'desc' }}
      testId="asset-risk-table"
      label="Risk by asset"
    />
  );
}
