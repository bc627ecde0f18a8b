// European option prices: Black-76 (forward-based, as Deribit quotes) and Black-Scholes-Merton
// (spot-based, continuous yield q), USD-settled (linear) or coin-settled (inverse).
//
// Both models are the same formula on the forward: with F = S·e^{(r−q)T} and discount
// D = e^{−rT}, call = D·(F·N(d1) − K·N(d2)), put = D·(K·N(−d2) − F·N(−d1)),
// d1 = ln(F/K)/s + s/2, d2 = d1 − s, s = σ√T. They differ in the variable the Greeks
// differentiate against (S or F, see greeks.ts) and in the coin premium of an inverse option:
//   Black-76 inverse:      premium in coins = V_usd / F   (Deribit: mark price = BS price / F)
//   Black-Scholes inverse: premium in coins = V_usd / S
// Accuracy: the two terms cancel for deep out-of-the-money options with little time (by about
// s²/|ln(F/K)|), and the normal tails carry ~ε·d² relative error, so a price like a 1-hour put at
// ln(K/F) = −1 is good to ~1e-10 relative (checked against mpmath in test/derivatives).
import { normCdf } from './normal-cdf';
import type { OptionModel, OptionRight, Settlement } from './positions';

/** Throws a RangeError naming the function and the offending field. */
export function checkOptionInputs(
  where: string,
  underlying: number,
  strike: number,
  expiry: number,
  vol: number,
  rate: number,
): void {
  if (!(underlying > 0 && underlying < Infinity))
    throw new RangeError(`${where}: underlying price must be a positive number, got ${underlying}`);
  if (!(strike > 0 && strike < Infinity))
    throw new RangeError(`${where}: strike must be a positive number, got ${strike}`);
  if (!(expiry >= 0 && expiry < Infinity))
    throw new RangeError(`${where}: expiry must be >= 0 years, got ${expiry}`);
  if (!(vol >= 0 && vol < Infinity))
    throw new RangeError(`${where}: volatility must be >= 0, got ${vol}`);
  if (!Number.isFinite(rate)) throw new RangeError(`${where}: rate must be finite, got ${rate}`);
}

/**
 * Undiscounted Black price of a call (isCall) or put on forward F, strike K, total standard
 * deviation s = σ√T. No input checks: the hot path under the checked functions.
 */
export function blackUndiscounted(isCall: boolean, F: number, K: number, s: number): number {
  if (s === 0) return isCall ? Math.max(F - K, 0) : Math.max(K - F, 0);
  const d1 = Math.log(F / K) / s + 0.5 * s;
  const d2 = d1 - s;
  return isCall ? F * normCdf(d1) - K * normCdf(d2) : K * normCdf(-d2) - F * normCdf(-d1);
}

/** Black-76: USD price of a European option on a forward/future F (discounted at rate r). */
export function black76Price(
  right: OptionRight,
  forward: number,
  strike: number,
  expiry: number,
  vol: number,
  rate: number,
): number {
  checkOptionInputs('black76Price', forward, strike, expiry, vol, rate);
  return (
    Math.exp(-rate * expiry) *
    blackUndiscounted(right === 'call', forward, strike, vol * Math.sqrt(expiry))
  );
}

/** Black-Scholes-Merton: USD price of a European option on spot S with continuous yield q. */
export function bsmPrice(
  right: OptionRight,
  spot: number,
  strike: number,
  expiry: number,
  vol: number,
  rate: number,
  dividendYield = 0,
): number {
  checkOptionInputs('bsmPrice', spot, strike, expiry, vol, rate);
  if (!Number.isFinite(dividendYield))
    throw new RangeError(`bsmPrice: dividend yield must be finite, got ${dividendYield}`);
  const F = spot * Math.exp((rate - dividendYield) * expiry);
  return (
    Math.exp(-rate * expiry) *
    blackUndiscounted(right === 'call', F, strike, vol * Math.sqrt(expiry))
  );
}

/** What an option is, apart from its numbers. */
export interface OptionStyle {
  right: OptionRight;
  model: OptionModel;
  settlement: Settlement;
}

/**
 * Premium per coin of underlying in the settlement currency: USD when linear; coins when inverse
 * (USD price / F for Black-76, / S for Black-Scholes). The market is given as spot S, rate r and
 * cost of carry b (F = S·e^{bT}, yield q = r − b), so both models price off the same inputs.
 */
export function optionPremium(
  style: OptionStyle,
  spot: number,
  strike: number,
  expiry: number,
  vol: number,
  rate: number,
  carry: number = rate,
): number {
  checkOptionInputs('optionPremium', spot, strike, expiry, vol, rate);
  if (!Number.isFinite(carry))
    throw new RangeError(`optionPremium: carry must be finite, got ${carry}`);
  const F = spot * Math.exp(carry * expiry);
  const usd =
    Math.exp(-rate * expiry) *
    blackUndiscounted(style.right === 'call', F, strike, vol * Math.sqrt(expiry));
  if (style.settlement === 'linear') return usd;
  return usd / (style.model === 'black-76' ? F : spot);
}

/** Columns of a batch of Black-76 options (all the same length; isCall: 1 call, 0 put). */
export interface Black76Batch {
  isCall: Uint8Array;
  forward: Float64Array;
  strike: Float64Array;
  expiry: Float64Array;
  vol: Float64Array;
  rate: Float64Array;
}

/** Length of a batch, checking that every column has it. */
export function batchLength(b: Black76Batch): number {
  const n = b.isCall.length;
  for (const k of ['forward', 'strike', 'expiry', 'vol', 'rate'] as const)
    if (b[k].length !== n)
      throw new RangeError(
        `Black-76 batch: column ${k} has ${b[k].length} entries, isCall has ${n}`,
      );
  return n;
}

/** Checks row i of a batch (message names the row); builds no string unless the row is bad. */
export function checkBatchRow(where: string, b: Black76Batch, i: number): void {
  const F = b.forward[i]!;
  const K = b.strike[i]!;
  const T = b.expiry[i]!;
  const v = b.vol[i]!;
  const r = b.rate[i]!;
  if (
    F > 0 &&
    F < Infinity &&
    K > 0 &&
    K < Infinity &&
    T >= 0 &&
    T < Infinity &&
    v >= 0 &&
    v < Infinity &&
    r - r === 0
  )
    return;
  checkOptionInputs(`${where} row ${i}`, F, K, T, v, r);
}

/** Black-76 USD prices of a batch, written into `out` (allocated when absent). */
export function black76PriceBatch(b: Black76Batch, out?: Float64Array): Float64Array {
  const n = batchLength(b);
  const res = out ?? new Float64Array(n);
  if (res.length !== n)
    throw new RangeError(`black76PriceBatch: out has ${res.length} entries, expected ${n}`);
  for (let i = 0; i < n; i++) {
    checkBatchRow('black76PriceBatch', b, i);
    const T = b.expiry[i]!;
    res[i] =
      Math.exp(-b.rate[i]! * T) *
      blackUndiscounted(b.isCall[i] === 1, b.forward[i]!, b.strike[i]!, b.vol[i]! * Math.sqrt(T));
  }
  return res;
}
