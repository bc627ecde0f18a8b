// Coin-settled (inverse) options, as on Deribit: the premium is paid in the underlying coin.
//
// With U the price the premium is divided by (U = F for Black-76, U = S for Black-Scholes) and
// V the USD price, the coin premium is V_c = V/U. Differentiating with respect to U (the other
// inputs fixed):
//   ∂V_c/∂U   = (Δ − V_c)/U
//   ∂²V_c/∂U² = Γ/U − 2(Δ − V_c)/U²
//   vega, theta, rho of V_c = those of V divided by U (U is held fixed for all three).
// The delta Deribit shows for an inverse option is in coins: Δ_coin = U·∂V_c/∂U = Δ − V_c,
// the USD delta less the premium (a long call paid in BTC holds less BTC exposure than Δ).
import { type Greeks, black76GreeksInto } from './greeks';
import { checkOptionInputs } from './pricing';
import type { OptionModel, OptionRight } from './positions';

export interface InverseGreeks extends Greeks {
  /** Coin-denominated delta (Deribit's): Δ_usd − premium in coins, = U·∂V_c/∂U. */
  coinDelta: number;
}

/**
 * Converts USD Greeks (with respect to U) of an option into the Greeks of its coin premium.
 * `usd.delta` and `usd.gamma` must be derivatives with respect to the same U that divides.
 */
export function inverseFromLinear(usd: Greeks, U: number): InverseGreeks {
  if (!(U > 0 && U < Infinity))
    throw new RangeError(`inverseFromLinear: underlying price must be positive, got ${U}`);
  const price = usd.price / U;
  const coinDelta = usd.delta - price;
  return {
    price,
    delta: coinDelta / U,
    gamma: usd.gamma / U - (2 * coinDelta) / (U * U),
    vega: usd.vega / U,
    theta: usd.theta / U,
    rho: usd.rho / U,
    coinDelta,
  };
}

/**
 * Greeks of an inverse option's coin premium. Black-76: U = F = S·e^{bT} (delta against F);
 * Black-Scholes: U = S (delta against S, yield q = r − b). Inputs as for optionPremium.
 */
export function inverseOptionGreeks(
  right: OptionRight,
  model: OptionModel,
  spot: number,
  strike: number,
  expiry: number,
  vol: number,
  rate: number,
  carry: number = rate,
): InverseGreeks {
  checkOptionInputs('inverseOptionGreeks', spot, strike, expiry, vol, rate);
  if (!Number.isFinite(carry))
    throw new RangeError(`inverseOptionGreeks: carry must be finite, got ${carry}`);
  const F = spot * Math.exp(carry * expiry);
  const g = black76GreeksInto(
    { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 },
    right === 'call',
    F,
    strike,
    expiry,
    vol,
    rate,
  );
  if (model === 'black-76') return inverseFromLinear(g, F);
  // Black-Scholes: re-express against spot with S and q fixed (see greeks.ts).
  const usd: Greeks = {
    price: g.price,
    delta: (g.delta * F) / spot,
    gamma: (g.gamma * F * F) / (spot * spot),
    vega: g.vega,
    theta: g.theta - g.delta * carry * F,
    rho: g.rho + g.delta * expiry * F,
  };
  return inverseFromLinear(usd, spot);
}

/** Coin premium of an inverse option from its USD price (Black-76: U = F; Black-Scholes: U = S). */
export const coinPremium = (usdPrice: number, U: number): number => usdPrice / U;

/** USD price from an inverse option's coin premium. */
export const usdFromCoinPremium = (coinPrice: number, U: number): number => coinPrice * U;

/**
 * P&L of an inverse future or perpetual, in coins: contracts · size(USD) · (1/entry − 1/price).
 * Its USD value at spot S is this times S.
 */
export function inverseFuturePnlCoins(
  contracts: number,
  contractSizeUsd: number,
  entryPrice: number,
  price: number,
): number {
  if (!(entryPrice > 0))
    throw new RangeError(`inverse future: entry price must be positive, got ${entryPrice}`);
  if (!(price > 0))
    throw new RangeError(`inverse future: mark price must be positive, got ${price}`);
  return contracts * contractSizeUsd * (1 / entryPrice - 1 / price);
}
