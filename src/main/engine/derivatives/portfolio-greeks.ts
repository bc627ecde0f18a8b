// Portfolio Greeks: per position, per underlying and per expiry bucket, as raw derivatives of the
// USD value with respect to each underlying's spot (see position-value.ts), plus desk units:
//   dollarDelta      = Δ·S                  USD P&L per 100 % move, to first order
//   dollarGamma1pct  = ½·Γ·(0.01·S)²        USD P&L from gamma alone for a 1 % move (either way)
//   vegaPerPoint     = vega / 100           USD per 1 vol point
//   thetaPerDay      = theta / 365          USD per calendar day
//   rhoPerPoint      = rho / 100            USD per 1 % of rate
// Net delta per underlying (coins) sums spot, staked tokens (× peg), perpetuals, futures, options,
// LP token holdings and lending supply (+) / borrow (−). Values and dollar figures also add up
// across underlyings in `total`; raw coin Greeks do not (different coins).
import { checkPosition, marketOf, positionExpiry, positionRisk } from './position-value';
import type { BookPosition, MarketMap } from './positions';

export interface RiskLine {
  value: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
  dollarDelta: number;
  dollarGamma1pct: number;
  vegaPerPoint: number;
  thetaPerDay: number;
  rhoPerPoint: number;
}

export interface PositionRiskLine extends RiskLine {
  index: number;
  id?: string;
  kind: BookPosition['kind'];
  underlying: string;
  /** Expiry bucket label ('none' for undated positions). */
  bucket: string;
  /** Inverse options: Deribit's coin delta (Δ_usd − premium in coins), quantity included. */
  coinDelta?: number;
}

export interface ExpiryBucket {
  label: string;
  /** Upper edge in years (inclusive). */
  maxYears: number;
}

export const DEFAULT_EXPIRY_BUCKETS: readonly ExpiryBucket[] = [
  { label: '<=1d', maxYears: 1 / 365 },
  { label: '<=1w', maxYears: 7 / 365 },
  { label: '<=1m', maxYears: 31 / 365 },
  { label: '<=3m', maxYears: 92 / 365 },
  { label: '<=6m', maxYears: 183 / 365 },
  { label: '<=1y', maxYears: 1 },
  { label: '>1y', maxYears: Infinity },
];

export interface TotalRisk {
  value: number;
  dollarDelta: number;
  dollarGamma1pct: number;
  vegaPerPoint: number;
  thetaPerDay: number;
  rhoPerPoint: number;
}

export interface PortfolioGreeks {
  positions: PositionRiskLine[];
  byUnderlying: Record<string, RiskLine>;
  /** underlying → bucket label → line (only buckets that hold positions). */
  byExpiry: Record<string, Record<string, RiskLine>>;
  total: TotalRisk;
}

const emptyLine = (): RiskLine => ({
  value: 0,
  delta: 0,
  gamma: 0,
  vega: 0,
  theta: 0,
  rho: 0,
  dollarDelta: 0,
  dollarGamma1pct: 0,
  vegaPerPoint: 0,
  thetaPerDay: 0,
  rhoPerPoint: 0,
});

function addInto(acc: RiskLine, x: RiskLine): void {
  for (const k of Object.keys(acc) as (keyof RiskLine)[]) acc[k] += x[k];
}

/** Desk units of raw Greeks at spot S. */
export function deskUnits(
  r: { value: number; delta: number; gamma: number; vega: number; theta: number; rho: number },
  S: number,
): RiskLine {
  return {
    value: r.value,
    delta: r.delta,
    gamma: r.gamma,
    vega: r.vega,
    theta: r.theta,
    rho: r.rho,
    dollarDelta: r.delta * S,
    dollarGamma1pct: 0.5 * r.gamma * (0.01 * S) ** 2,
    vegaPerPoint: r.vega / 100,
    thetaPerDay: r.theta / 365,
    rhoPerPoint: r.rho / 100,
  };
}

/** Greeks of a book: per position, per underlying, per underlying and expiry bucket, totals. */
export function portfolioGreeks(
  positions: readonly BookPosition[],
  markets: MarketMap,
  buckets: readonly ExpiryBucket[] = DEFAULT_EXPIRY_BUCKETS,
): PortfolioGreeks {
  if (buckets.length === 0 || buckets[buckets.length - 1]!.maxYears !== Infinity)
    throw new RangeError('portfolio Greeks: the last expiry bucket must end at Infinity');
  for (let i = 1; i < buckets.length; i++)
    if (!(buckets[i]!.maxYears > buckets[i - 1]!.maxYears))
      throw new RangeError(
        `portfolio Greeks: expiry bucket ${buckets[i]!.label} does not end after ${buckets[i - 1]!.label}`,
      );
  const lines: PositionRiskLine[] = [];
  const byUnderlying: Record<string, RiskLine> = {};
  const byExpiry: Record<string, Record<string, RiskLine>> = {};
  const total: TotalRisk = {
    value: 0,
    dollarDelta: 0,
    dollarGamma1pct: 0,
    vegaPerPoint: 0,
    thetaPerDay: 0,
    rhoPerPoint: 0,
  };
  positions.forEach((p, index) => {
    checkPosition(p, index);
    const m = marketOf(markets, p, index);
    const r = positionRisk(p, m);
    const line = deskUnits(r, m.spot);
    const T = positionExpiry(p);
    const bucket = T === undefined ? 'none' : buckets.find((b) => T <= b.maxYears)!.label;
    const out: PositionRiskLine = {
      index,
      kind: p.kind,
      underlying: p.underlying,
      bucket,
      ...line,
    };
    if (p.id !== undefined) out.id = p.id;
    if (r.coinDelta !== undefined) out.coinDelta = r.coinDelta;
    lines.push(out);
    addInto((byUnderlying[p.underlying] ??= emptyLine()), line);
    const u = (byExpiry[p.underlying] ??= {});
    addInto((u[bucket] ??= emptyLine()), line);
    for (const k of Object.keys(total) as (keyof TotalRisk)[]) total[k] += line[k];
  });
  return { positions: lines, byUnderlying, byExpiry, total };
}
