// Position and market inputs shared by the derivatives engine (pricing, scenario grid, portfolio
// Greeks) and by the margin / hedging code. Plain data: no methods, no classes, so a service can
// build them from the store and a worker can receive them by structured clone (vol surfaces
// excepted: a function does not cross a worker boundary; pass a number or an SVI slice there).
//
// Units, everywhere:
// - times in years of 365 days, measured from the valuation instant (expiries of hours are ~1e-4);
// - prices in USD (the quote currency) per 1 coin of the underlying;
// - volatility, rates, carry and funding as decimals per year (0.65 = 65 %);
// - quantity is SIGNED, in contracts (positive = long, negative = short).

/** How a contract pays: in USD (linear) or in the underlying coin (inverse, as on Deribit). */
export type Settlement = 'linear' | 'inverse';

/**
 * Option model. Both give the same USD price when F = S·e^{(r−q)T}; they differ in what the
 * Greeks differentiate against and, for inverse options, in what the USD price is divided by:
 * - 'black-scholes': spot-based (Merton, continuous yield q); delta is ∂/∂S; coin premium = V/S.
 * - 'black-76': forward-based (as Deribit quotes); delta is ∂/∂F; coin premium = V/F.
 */
export type OptionModel = 'black-scholes' | 'black-76';

export type OptionRight = 'call' | 'put';

interface PositionBase {
  /** Optional caller id, echoed in per-position results. */
  id?: string;
  /** Key into the market map (e.g. 'BTC'). */
  underlying: string;
  /** Signed number of contracts (long > 0). */
  quantity: number;
}

/** A European option. */
export interface OptionPosition extends PositionBase {
  kind: 'option';
  right: OptionRight;
  /** Strike in USD. */
  strike: number;
  /** Time to expiry in years (> 0). */
  expiry: number;
  settlement: Settlement;
  model: OptionModel;
  /** Coins of the underlying per contract (default 1: Deribit BTC/ETH options). */
  contractSize?: number;
  /** Fixed volatility for this option; when absent the market's vol (number or surface) is used. */
  vol?: number;
  /** Premium paid per coin at entry, in the settlement currency (for P&L since entry; optional). */
  entryPremium?: number;
}

/** A dated future. */
export interface FuturePosition extends PositionBase {
  kind: 'future';
  /** Time to expiry in years (> 0). */
  expiry: number;
  /** Price the position was opened at (USD per coin). */
  entryPrice: number;
  settlement: Settlement;
  /**
   * Contract size: coins per contract when linear, USD per contract when inverse
   * (Deribit BTC futures: 10 USD; ETH: 1 USD). Default 1.
   */
  contractSize?: number;
  /** Current futures mark in USD; when absent, S·e^{carry·expiry} from the market. */
  markPrice?: number;
}

/** A perpetual swap: marks at spot, pays or receives funding. */
export interface PerpetualPosition extends PositionBase {
  kind: 'perpetual';
  /** Price the position was opened at (USD per coin). */
  entryPrice: number;
  settlement: Settlement;
  /** As for futures: coins per contract (linear) or USD per contract (inverse). Default 1. */
  contractSize?: number;
  /**
   * Annualised funding rate paid by longs to shorts (negative: shorts pay). Only used when time
   * passes (a scenario horizon): funding over h years = notional · rate · h. Default 0.
   */
  fundingRate?: number;
}

/** Coins held outright (quantity in coins). */
export interface SpotPosition extends PositionBase {
  kind: 'spot';
}

/** The derivative-book positions the pricing, grid and margin code understand. */
export type DerivPosition = OptionPosition | FuturePosition | PerpetualPosition | SpotPosition;

/** A liquid-staking token: quantity in staked tokens, each redeemable for `pegRatio` coins. */
export interface StakedPosition extends PositionBase {
  kind: 'staked';
  /** Coins of the underlying per staked token (e.g. 1.08 for wstETH → ETH). */
  pegRatio: number;
}

/**
 * A constant-product liquidity position of the underlying against a USD stablecoin (price P in
 * USD). `quantity` is a multiplier (1 for one position). `liquidity` is Uniswap's L
 * (√(x·y) for v2). Without `lower`/`upper` the range is full (v2); with them, a v3 range.
 */
export interface LiquidityPosition extends PositionBase {
  kind: 'lp';
  liquidity: number;
  /** Lower price of a concentrated range (USD); absent or 0 = full range. */
  lower?: number;
  /** Upper price of a concentrated range (USD); absent or Infinity = full range. */
  upper?: number;
}

/** Supplied (quantity > 0) or borrowed (quantity < 0) coins on a lending market. */
export interface LendingPosition extends PositionBase {
  kind: 'lending';
  /** Annual supply (or borrow) rate; the balance grows by e^{rate·h} over a horizon. Default 0. */
  rate?: number;
}

/** Everything that carries delta to an underlying: derivatives plus DeFi holdings. */
export type BookPosition = DerivPosition | StakedPosition | LiquidityPosition | LendingPosition;

/**
 * Implied volatility as a function of log-moneyness k = ln(K/F) and expiry T in years
 * (e.g. an SVI slice per expiry, interpolated in total variance: see smile.ts, term-structure.ts).
 */
export type VolSurface = (k: number, expiry: number) => number;

/** Market state of one underlying. */
export interface UnderlyingMarket {
  /** Spot (index) price in USD. */
  spot: number;
  /** USD continuously compounded discount rate per year. */
  rate: number;
  /**
   * Cost of carry b per year: forward F(T) = S·e^{b·T}; the Black-Scholes yield is q = rate − b.
   * Default: rate (no yield). For crypto, the annualised futures basis.
   */
  carry?: number;
  /** Volatility: one number for every strike and expiry, or a surface. */
  vol: number | VolSurface;
}

/** Markets keyed by underlying. */
export type MarketMap = Readonly<Record<string, UnderlyingMarket>>;
