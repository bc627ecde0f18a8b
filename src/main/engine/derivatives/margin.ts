import type { PerpetualPosition, Settlement } from './positions';

// Initial and maintenance margin of perpetuals and futures, with tiered maintenance brackets as
// Binance publishes them (USDⓈ-M and COIN-M "Leverage & Margin" tables).
//
// Everything is in the MARGIN currency of the contract:
// - linear (USDT/USDC-margined): USD; notional = |contracts| · contractSize (coins) · price;
// - inverse (coin-margined, contractSize in USD): coins; notional = |contracts| · contractSize / price.
// Brackets are looked up by that notional (Binance COIN-M brackets are in coins, USDⓈ-M in USDT).

/**
 * One maintenance bracket: notional in [floor, cap) pays maintenanceRate · notional − maintenanceAmount.
 * The amount (Binance's "cum") makes the requirement continuous across brackets:
 * amount_n = amount_{n−1} + floor_n · (rate_n − rate_{n−1}).
 */
export interface MarginTier {
  floor: number;
  cap: number;
  maintenanceRate: number;
  maintenanceAmount: number;
  /** Largest leverage the venue allows for a position of this notional (optional). */
  maxLeverage?: number;
}

/** A margined contract position: perpetual or dated future (signed contracts, long > 0). */
export type MarginPosition = Pick<
  PerpetualPosition,
  'quantity' | 'entryPrice' | 'settlement' | 'contractSize'
> & { id?: string };

/** +1 long, −1 short. */
export type MarginSide = 1 | -1;

function label(pos: MarginPosition): string {
  return pos.id ? `position ${pos.id}` : 'position';
}

/** Checks a position's fields; returns its side. */
export function checkMarginPosition(pos: MarginPosition): MarginSide {
  const where = label(pos);
  if (!Number.isFinite(pos.quantity) || pos.quantity === 0)
    throw new RangeError(
      `${where}: quantity must be a non-zero number of contracts, got ${pos.quantity}`,
    );
  if (!(pos.entryPrice > 0 && Number.isFinite(pos.entryPrice)))
    throw new RangeError(`${where}: entryPrice must be positive, got ${pos.entryPrice}`);
  const cs = pos.contractSize ?? 1;
  if (!(cs > 0 && Number.isFinite(cs)))
    throw new RangeError(`${where}: contractSize must be positive, got ${cs}`);
  if (pos.settlement !== 'linear' && pos.settlement !== 'inverse')
    throw new RangeError(
      `${where}: settlement must be 'linear' or 'inverse', got ${String(pos.settlement)}`,
    );
  return pos.quantity > 0 ? 1 : -1;
}

function checkPrice(price: number, what: string): void {
  if (!(price > 0 && Number.isFinite(price)))
    throw new RangeError(`${what} must be a positive price, got ${price}`);
}

/** Size in coins (linear) or in USD face value (inverse), unsigned. */
export function marginPositionSize(pos: MarginPosition): number {
  return Math.abs(pos.quantity) * (pos.contractSize ?? 1);
}

/** 'USD' for linear contracts, 'coin' for inverse. */
export function marginCurrency(settlement: Settlement): 'USD' | 'coin' {
  return settlement === 'linear' ? 'USD' : 'coin';
}

/** Notional in the margin currency at `price` (USD for linear, coins for inverse). */
export function marginNotional(pos: MarginPosition, price: number): number {
  checkMarginPosition(pos);
  checkPrice(price, `${label(pos)}: price`);
  const size = marginPositionSize(pos);
  return pos.settlement === 'linear' ? size * price : size / price;
}

/**
 * Unrealised P&L in the margin currency at mark `price`:
 * linear side·q·(P − EP) USD; inverse side·Q·(1/EP − 1/P) coins.
 */
export function unrealisedPnl(pos: MarginPosition, price: number): number {
  const side = checkMarginPosition(pos);
  checkPrice(price, `${label(pos)}: price`);
  const size = marginPositionSize(pos);
  return pos.settlement === 'linear'
    ? side * size * (price - pos.entryPrice)
    : side * size * (1 / pos.entryPrice - 1 / price);
}

/** Brackets from floors and rates, the maintenance amounts derived by continuity (Binance's formula). */
export function buildTiers(
  rows: readonly { floor: number; maintenanceRate: number; maxLeverage?: number }[],
): MarginTier[] {
  if (rows.length === 0) throw new RangeError('margin tiers: at least one bracket is needed');
  const tiers: MarginTier[] = [];
  let amount = 0;
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    if (prev) amount += r.floor * (r.maintenanceRate - prev.maintenanceRate);
    const next = rows[i + 1];
    tiers.push({
      floor: r.floor,
      cap: next ? next.floor : Infinity,
      maintenanceRate: r.maintenanceRate,
      maintenanceAmount: amount,
      ...(r.maxLeverage !== undefined ? { maxLeverage: r.maxLeverage } : {}),
    });
  });
  checkTiers(tiers);
  return tiers;
}

/** A single flat maintenance rate for every notional. */
export function flatTiers(maintenanceRate: number, maxLeverage?: number): MarginTier[] {
  return buildTiers([{ floor: 0, maintenanceRate, ...(maxLeverage ? { maxLeverage } : {}) }]);
}

/**
 * Brackets must start at 0, be contiguous, have rates in [0, 1) that never decrease, and amounts
 * that keep the requirement continuous (within 1e-6 relative: published tables are exact).
 */
export function checkTiers(tiers: readonly MarginTier[]): void {
  if (tiers.length === 0) throw new RangeError('margin tiers: at least one bracket is needed');
  tiers.forEach((t, i) => {
    const where = `margin tier ${i + 1}`;
    if (!(t.maintenanceRate >= 0 && t.maintenanceRate < 1))
      throw new RangeError(`${where}: maintenanceRate must be in [0, 1), got ${t.maintenanceRate}`);
    if (!(t.cap > t.floor))
      throw new RangeError(`${where}: cap ${t.cap} must exceed floor ${t.floor}`);
    if (t.maxLeverage !== undefined && !(t.maxLeverage >= 1))
      throw new RangeError(`${where}: maxLeverage must be at least 1, got ${t.maxLeverage}`);
    const prev = tiers[i - 1];
    if (!prev) {
      if (t.floor !== 0)
        throw new RangeError(`${where}: the first bracket must start at 0, got ${t.floor}`);
      if (t.maintenanceAmount !== 0)
        throw new RangeError(
          `${where}: the first bracket's maintenanceAmount must be 0, got ${t.maintenanceAmount}`,
        );
      return;
    }
    if (t.floor !== prev.cap)
      throw new RangeError(
        `${where}: floor ${t.floor} must equal the previous bracket's cap ${prev.cap}`,
      );
    if (t.maintenanceRate < prev.maintenanceRate)
      throw new RangeError(
        `${where}: maintenanceRate ${t.maintenanceRate} is below the previous bracket's ${prev.maintenanceRate}`,
      );
    const expected = prev.maintenanceAmount + t.floor * (t.maintenanceRate - prev.maintenanceRate);
    if (
      Math.abs(t.maintenanceAmount - expected) >
      1e-6 * Math.max(Math.abs(expected), t.floor * t.maintenanceRate)
    )
      throw new RangeError(
        `${where}: maintenanceAmount ${t.maintenanceAmount} breaks continuity; expected ${expected} (previous amount + floor × rate increase)`,
      );
  });
  if (tiers[tiers.length - 1]!.cap !== Infinity)
    throw new RangeError(`margin tiers: the last bracket must be open-ended (cap Infinity)`);
}

/** Index of the bracket holding `notional` (margin currency). */
export function tierIndex(tiers: readonly MarginTier[], notional: number): number {
  if (!(notional >= 0)) throw new RangeError(`notional must be non-negative, got ${notional}`);
  for (let i = tiers.length - 1; i >= 0; i--) if (notional >= tiers[i]!.floor) return i;
  return 0;
}

/** Maintenance requirement (margin currency) for a notional: notional·rate − amount of its bracket. */
export function maintenanceForNotional(tiers: readonly MarginTier[], notional: number): number {
  const t = tiers[tierIndex(tiers, notional)]!;
  return notional * t.maintenanceRate - t.maintenanceAmount;
}

export interface MaintenanceMargin {
  /** Requirement in the margin currency. */
  margin: number;
  /** Notional it was computed on (margin currency). */
  notional: number;
  /** 0-based bracket index. */
  tier: number;
  maintenanceRate: number;
  maintenanceAmount: number;
}

/** Maintenance margin at mark `price` (bracket chosen by the notional at that price). */
export function maintenanceMargin(
  pos: MarginPosition,
  price: number,
  tiers: readonly MarginTier[],
): MaintenanceMargin {
  checkTiers(tiers);
  const notional = marginNotional(pos, price);
  const tier = tierIndex(tiers, notional);
  const t = tiers[tier]!;
  return {
    margin: notional * t.maintenanceRate - t.maintenanceAmount,
    notional,
    tier,
    maintenanceRate: t.maintenanceRate,
    maintenanceAmount: t.maintenanceAmount,
  };
}

/**
 * Initial margin at `leverage` (margin currency): notional at `price` / leverage. With brackets,
 * the leverage must not exceed the bracket's maxLeverage for that notional.
 */
export function initialMargin(
  pos: MarginPosition,
  price: number,
  leverage: number,
  tiers?: readonly MarginTier[],
): number {
  if (!(leverage >= 1 && Number.isFinite(leverage)))
    throw new RangeError(`${label(pos)}: leverage must be at least 1, got ${leverage}`);
  const notional = marginNotional(pos, price);
  if (tiers) {
    checkTiers(tiers);
    const i = tierIndex(tiers, notional);
    const max = tiers[i]!.maxLeverage;
    if (max !== undefined && leverage > max)
      throw new RangeError(
        `${label(pos)}: leverage ${leverage} exceeds the venue maximum ${max} for notional ${notional} (bracket ${i + 1})`,
      );
  }
  return notional / leverage;
}
