import { liquidationPrice } from './liquidation';
import { checkTiers, type MarginTier, tierIndex } from './margin';
import type { Settlement } from './positions';

// The largest leverage that survives a stressed adverse move without liquidation, for a new
// ISOLATED position opened at price S with margin = notional / L (less the opening fee).
//
// With n the notional in the margin currency (linear q·P USD, inverse Q/P coins), equity minus the
// maintenance requirement inside bracket k is B + amount_k + n·s_k (see liquidation.ts). Requiring
// it to be ≥ 0 at the stressed price P_m = S·(1 ∓ m) and dividing by the entry notional N0 gives
//   1/L_max = side − (P_m/S)·s_k − amount_k/N0 + fee          (linear)
//   1/L_max = −side − (S/P_m)·s_k − amount_k/N0 + fee         (inverse)
// with s_k = side − (rate_k + fee) (linear) or −(side + rate_k + fee) (inverse), bracket k the one
// holding the notional AT P_m (known in advance: at L_max the liquidation price IS P_m), so no
// search is needed. Equity − requirement grows with margin, so every L ≤ L_max survives.
// E.g. linear long, one bracket, no fee: L_max = 1 / (1 − (1 − m)(1 − MMR)) = 1 / (m + MMR − m·MMR).

export interface LeverageLimitInput {
  side: 'long' | 'short';
  settlement: Settlement;
  /** Entry (current) price S in USD. */
  price: number;
  /** Adverse move as a fraction of S: the price falls by it (long) or rises by it (short). */
  stressedMove: number;
  tiers: readonly MarginTier[];
  /** Intended position size in USD at S (selects the brackets); default: a small position (bracket 1). */
  notionalUsd?: number;
  /** Taker fee as a fraction of notional, paid at opening (out of the margin) and again on the liquidation close. Default 0. */
  feeRate?: number;
}

export interface LeverageLimit {
  /** min(stress bound, venue cap). Below 1: no leverage survives the move. */
  maxLeverage: number;
  /** The stress bound alone (Infinity when any leverage survives, 0 when none can). */
  stressLeverage: number;
  /** The venue's maximum for the entry notional's bracket, if the brackets give one. */
  venueMaxLeverage: number | null;
  binding: 'stress' | 'venue';
  feasible: boolean;
  /** S·(1 − m) for a long, S·(1 + m) for a short (0 when a long's move is 100 % or more). */
  stressedPrice: number;
  /** Bracket (0-based) holding the notional at the stressed price. */
  tier: number;
}

function checkInput(x: LeverageLimitInput): void {
  if (x.side !== 'long' && x.side !== 'short')
    throw new RangeError(`side must be 'long' or 'short', got ${String(x.side)}`);
  if (x.settlement !== 'linear' && x.settlement !== 'inverse')
    throw new RangeError(`settlement must be 'linear' or 'inverse', got ${String(x.settlement)}`);
  if (!(x.price > 0 && Number.isFinite(x.price)))
    throw new RangeError(`price must be positive, got ${x.price}`);
  if (!(x.stressedMove >= 0 && Number.isFinite(x.stressedMove)))
    throw new RangeError(`stressedMove must be a non-negative fraction, got ${x.stressedMove}`);
  if (x.notionalUsd !== undefined && !(x.notionalUsd > 0 && Number.isFinite(x.notionalUsd)))
    throw new RangeError(`notionalUsd must be positive, got ${x.notionalUsd}`);
  const f = x.feeRate ?? 0;
  if (!(f >= 0 && f < 1)) throw new RangeError(`feeRate must be in [0, 1), got ${f}`);
  checkTiers(x.tiers);
  if (x.tiers[x.tiers.length - 1]!.maintenanceRate + f >= 1)
    throw new RangeError(`top maintenance rate plus feeRate must stay below 1`);
}

/** Maximum leverage surviving `stressedMove` (closed form; see the file header). */
export function maxLeverage(x: LeverageLimitInput): LeverageLimit {
  checkInput(x);
  const side = x.side === 'long' ? 1 : -1;
  const fee = x.feeRate ?? 0;
  const S = x.price;
  const stressedPrice = Math.max(0, S * (1 - side * x.stressedMove));
  const linear = x.settlement === 'linear';
  // Entry notional N0 in the margin currency, and the notional at the stressed price.
  const n0 = x.notionalUsd === undefined ? 0 : linear ? x.notionalUsd : x.notionalUsd / S;
  const ratio = linear ? stressedPrice / S : stressedPrice > 0 ? S / stressedPrice : Infinity;
  const tier = tierIndex(x.tiers, n0 === 0 ? 0 : Math.min(n0 * ratio, Number.MAX_VALUE));
  const t = x.tiers[tier]!;
  const capTier = x.tiers[tierIndex(x.tiers, n0)]!;
  const venue = capTier.maxLeverage ?? null;

  let stressLeverage: number;
  if (ratio === Infinity)
    stressLeverage = 0; // a coin-margined long cannot survive the price going to 0
  else {
    const rate = t.maintenanceRate + fee;
    const s = linear ? side - rate : -(side + rate);
    const amount = n0 > 0 ? t.maintenanceAmount / n0 : 0;
    const inv = (linear ? side : -side) - ratio * s - amount + fee;
    stressLeverage = inv > 0 ? 1 / inv : Infinity;
  }
  const maxLev = venue !== null ? Math.min(stressLeverage, venue) : stressLeverage;
  return {
    maxLeverage: maxLev,
    stressLeverage,
    venueMaxLeverage: venue,
    binding: venue !== null && venue < stressLeverage ? 'venue' : 'stress',
    feasible: maxLev >= 1,
    stressedPrice,
    tier,
  };
}

/**
 * A one-day adverse move scaled to `horizonDays` by the square-root-of-time rule applied to the
 * LOG move (ℓ_h = ℓ_1·√h), so a long's stressed price stays positive: long m_h = 1 − (1 − m_1)^√h,
 * short m_h = (1 + m_1)^√h − 1.
 */
export function horizonMove(
  oneDayMove: number,
  horizonDays: number,
  side: 'long' | 'short',
): number {
  if (!(horizonDays > 0 && Number.isFinite(horizonDays)))
    throw new RangeError(`horizonDays must be positive, got ${horizonDays}`);
  if (!(oneDayMove >= 0 && (side === 'short' || oneDayMove < 1)))
    throw new RangeError(
      `oneDayMove must be in [0, 1) for a long, ≥ 0 for a short, got ${oneDayMove}`,
    );
  const root = Math.sqrt(horizonDays);
  return side === 'long'
    ? -Math.expm1(root * Math.log1p(-oneDayMove))
    : Math.expm1(root * Math.log1p(oneDayMove));
}

/**
 * Distance to liquidation in standard deviations: the log move from `price` to the liquidation
 * price, signed so that positive means not yet liquidated (long ln(S/LP), short ln(LP/S)), over the
 * horizon volatility σ_daily·√h. Infinity when there is no liquidation price (null).
 */
export function liquidationDistance(
  side: 'long' | 'short',
  price: number,
  liqPrice: number | null,
  dailyVol: number,
  horizonDays = 1,
): number {
  if (!(price > 0)) throw new RangeError(`price must be positive, got ${price}`);
  if (!(dailyVol > 0 && Number.isFinite(dailyVol)))
    throw new RangeError(`dailyVol must be positive, got ${dailyVol}`);
  if (!(horizonDays > 0)) throw new RangeError(`horizonDays must be positive, got ${horizonDays}`);
  if (liqPrice === null) return Infinity;
  if (!(liqPrice > 0))
    throw new RangeError(`liquidation price must be positive or null, got ${liqPrice}`);
  const log = side === 'long' ? Math.log(price / liqPrice) : Math.log(liqPrice / price);
  return log / (dailyVol * Math.sqrt(horizonDays));
}

export interface LeverageLimitRow extends Omit<LeverageLimitInput, 'stressedMove'> {
  /** Asset or asset class this row is for (echoed). */
  asset: string;
  /**
   * The adverse one-day move (e.g. the 99 % one-day loss quantile of the tail model), scaled to
   * the horizon by horizonMove. Give it or `stressedMove`, not both.
   */
  oneDayMove?: number;
  /** The adverse move over the horizon, given directly. */
  stressedMove?: number;
  /** Horizon in days the position must survive without action. Default 1. */
  horizonDays?: number;
  /** Daily volatility, for distances in standard deviations (optional). */
  dailyVol?: number;
  /** Leverage held now, to report its liquidation price and distance (optional). */
  leverage?: number;
}

export interface LeverageLimitReport extends LeverageLimit {
  asset: string;
  stressedMove: number;
  /** At the current leverage, when given. */
  current: {
    leverage: number;
    liquidationPrice: number | null;
    survives: boolean;
    distanceSd: number | null;
  } | null;
}

/** Max leverage per asset (or asset class), and where the current leverage stands against it. */
export function leverageLimits(rows: readonly LeverageLimitRow[]): LeverageLimitReport[] {
  return rows.map((row) => {
    const h = row.horizonDays ?? 1;
    let stressedMove: number;
    let limit: LeverageLimit;
    try {
      if ((row.oneDayMove === undefined) === (row.stressedMove === undefined))
        throw new RangeError('give exactly one of oneDayMove and stressedMove');
      stressedMove =
        row.stressedMove !== undefined
          ? row.stressedMove
          : horizonMove(row.oneDayMove!, h, row.side);
      limit = maxLeverage({ ...row, stressedMove });
    } catch (e) {
      throw new RangeError(`leverage limits, ${row.asset}: ${(e as Error).message}`);
    }
    let current: LeverageLimitReport['current'] = null;
    if (row.leverage !== undefined) {
      if (!(row.leverage >= 1))
        throw new RangeError(
          `leverage limits, ${row.asset}: leverage must be at least 1, got ${row.leverage}`,
        );
      const fee = row.feeRate ?? 0;
      // A unit-notional position stands for any size when no notional is given (bracket 1, scale-free).
      const usd = row.notionalUsd ?? 1;
      const size = row.settlement === 'linear' ? usd / row.price : usd;
      const n0 = row.settlement === 'linear' ? usd : usd / row.price;
      const tiers =
        row.notionalUsd === undefined
          ? row.tiers.slice(0, 1).map((t) => ({ ...t, cap: Infinity }))
          : row.tiers;
      const lp = liquidationPrice({
        position: {
          quantity: row.side === 'long' ? size : -size,
          entryPrice: row.price,
          settlement: row.settlement,
        },
        mode: 'isolated',
        collateral: Math.max(0, n0 / row.leverage - fee * n0),
        tiers,
        closeFeeRate: fee,
      });
      current = {
        leverage: row.leverage,
        liquidationPrice: lp.price,
        survives: row.leverage <= limit.stressLeverage,
        distanceSd:
          row.dailyVol === undefined
            ? null
            : lp.status === 'always'
              ? -Infinity
              : liquidationDistance(row.side, row.price, lp.price, row.dailyVol, h),
      };
    }
    return { asset: row.asset, stressedMove, ...limit, current };
  });
}
