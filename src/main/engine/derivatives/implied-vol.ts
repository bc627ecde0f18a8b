// Implied volatility of European options (Black-76 / Black-Scholes-Merton, linear or inverse).
//
// Method: safeguarded Halley iteration on the normalised Black price of the out-of-the-money
// option (an in-the-money quote is converted by put-call parity: its time value IS the OTM
// price), in the total deviation s = σ√T, with the objective switched by region in the spirit of
// Jäckel, "Let's be rational" (Wilmott 2015), but without his rational-cubic initial guesses:
//   x = −|ln(F/K)| ≤ 0, β = OTM price / √(F·K), b(s) = e^{x/2}N(x/s + s/2) − e^{−x/2}N(x/s − s/2)
//   b is increasing from 0 to b_max = e^{x/2}, with one inflection at s_c = √(2|x|).
//   lower region (β ≤ b(s_c)):  f(s) = ln b(s) − ln β       (b ≈ e^{−x²/2s²}: log makes it tame)
//   upper region (β >  b(s_c)):  f(s) = ln(b_max − β) − ln(b_max − b(s)), where
//                                b_max − b = e^{x/2}N(−d1) + e^{−x/2}N(d2) has no cancellation.
// Every iterate keeps a bracket [lo, hi] on the root (b is monotone); a step leaving it is
// replaced by bisection, so convergence is guaranteed. Derivatives in closed form:
//   b' = e^{−x²/(2s²) − s²/8}/√(2π),  b'' = b'·(x²/s³ − s/4).
// Initial guesses: lower region ln b ≈ ln b(s_c) − (x²/2)(1/s² − 1/s_c²) (exact at s_c, the
// right shape as s → 0); upper region b_max − b ≈ (e^{x/2} + e^{−x/2})·N(−s/2), exact at the
// money. Typically 2-5 iterations (bench/options.bench.ts); accuracy is that of the quote.
import { normalQuantile } from '../stats/distributions';
import { normCdf } from './normal-cdf';
import type { OptionModel, OptionRight, Settlement } from './positions';

export type IvFailureReason =
  'below intrinsic' | 'above upper bound' | 'no time value' | 'no convergence';

export type IvResult =
  | { ok: true; vol: number; iterations: number }
  | { ok: false; reason: IvFailureReason; message: string };

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const MAX_ITER = 100;
const DBL_MIN = 2.2250738585072014e-308;

/** Normalised OTM call price b(x, s), x ≤ 0. */
function normalisedOtm(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return Math.exp(0.5 * x) * normCdf(h + t) - Math.exp(-0.5 * x) * normCdf(h - t);
}

/** b_max − b(x, s) without cancellation. */
function normalisedComplement(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return Math.exp(0.5 * x) * normCdf(-h - t) + Math.exp(-0.5 * x) * normCdf(h - t);
}

/**
 * Total deviation s = σ√T solving b(x, s) = β for x ≤ 0 and 0 < β < e^{x/2} (checked by the
 * callers). Returns the iteration count in `iterations`, or -1 iterations when it did not converge.
 */
export function normalisedImpliedDeviation(
  beta: number,
  x: number,
): { s: number; iterations: number } {
  const sc = Math.sqrt(-2 * x);
  const bc = sc > 0 ? normalisedOtm(x, sc) : 0;
  const lower = beta <= bc;
  const bmax = Math.exp(0.5 * x);
  const lnBeta = Math.log(beta);
  const lnComplementTarget = Math.log(bmax - beta);
  const x2 = x * x;

  // the region boundary is exact in theory; let rounding put the root a hair across it
  let lo = lower ? 0 : sc * (1 - 1e-10);
  let hi = lower ? sc * (1 + 1e-10) : Infinity;
  let s: number;
  if (lower) {
    // ln b ≈ ln b(s_c) − (x²/2)(1/s² − 1/s_c²): exact at s_c, right shape as s → 0
    s = 1 / Math.sqrt(1 / (sc * sc) + (2 * (Math.log(bc) - lnBeta)) / x2);
    if (!(s > 0 && s <= sc)) s = 0.5 * sc;
  } else {
    const cosh2 = bmax + 1 / bmax;
    s = -2 * normalQuantile((bmax - beta) / cosh2);
    if (!(s > sc && s < Infinity)) s = sc > 0 ? 2 * sc : 1;
  }

  for (let it = 1; it <= MAX_ITER; it++) {
    const bp = INV_SQRT_2PI * Math.exp(-0.5 * (x2 / (s * s)) - 0.125 * s * s);
    const curv = x2 / (s * s * s) - 0.25 * s; // b''/b'
    let f: number;
    let fp: number;
    let fpp: number;
    if (lower) {
      const b = normalisedOtm(x, s);
      f = Math.log(b) - lnBeta;
      fp = bp / b;
      fpp = fp * curv - fp * fp;
    } else {
      const m = normalisedComplement(x, s);
      f = lnComplementTarget - Math.log(m);
      fp = bp / m;
      fpp = fp * curv + fp * fp;
    }
    if (f === 0) return { s, iterations: it };
    if (f < 0) lo = s;
    else hi = s;
    let step = NaN;
    if (Number.isFinite(f) && fp > 0 && Number.isFinite(fp)) {
      const newton = -f / fp;
      const denom = 1 + 0.5 * newton * (fpp / fp); // Halley: 1 − f·f″/(2f′²)
      step = denom > 0.5 && Number.isFinite(denom) ? newton / denom : newton;
      // Halley converges cubically: a step this small leaves an error far below rounding
      if (Math.abs(step) <= 1e-11 * s) return { s: s + step, iterations: it };
    }
    let next = s + step;
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * s : 0.5 * (lo + hi);
    if (hi - lo <= 4e-16 * s) return { s: next, iterations: it };
    s = next;
  }
  return { s, iterations: -1 };
}

function checkIvInputs(
  where: string,
  price: number,
  F: number,
  K: number,
  T: number,
  r: number,
): void {
  if (!Number.isFinite(price))
    throw new RangeError(`${where}: price must be a finite number, got ${price}`);
  if (!(F > 0 && F < Infinity))
    throw new RangeError(`${where}: underlying price must be a positive number, got ${F}`);
  if (!(K > 0 && K < Infinity))
    throw new RangeError(`${where}: strike must be a positive number, got ${K}`);
  if (!(T > 0 && T < Infinity))
    throw new RangeError(`${where}: expiry must be > 0 years, got ${T}`);
  if (!Number.isFinite(r)) throw new RangeError(`${where}: rate must be finite, got ${r}`);
}

const fmt = (v: number) =>
  Math.abs(v) >= 1e-4 && Math.abs(v) < 1e7 ? v.toPrecision(8) : v.toExponential(6);

/**
 * Core: implied vol from an UNDISCOUNTED USD price c on forward F. Bounds: intrinsic
 * max(±(F − K), 0) < c < F (call) or K (put).
 */
function impliedFromUndiscounted(
  isCall: boolean,
  c: number,
  F: number,
  K: number,
  T: number,
): IvResult {
  const intrinsic = isCall ? Math.max(F - K, 0) : Math.max(K - F, 0);
  const upper = isCall ? F : K;
  const what = () => `${isCall ? 'call' : 'put'} F=${fmt(F)} K=${fmt(K)} T=${fmt(T)}`;
  const tv = c - intrinsic;
  // a time value within rounding of zero carries no information about the vol
  if (Math.abs(tv) <= 4 * Number.EPSILON * Math.max(c, intrinsic)) {
    return {
      ok: false,
      reason: 'no time value',
      message: `${what()}: the price ${fmt(c)} (undiscounted) equals the intrinsic value; any volatility near 0 fits`,
    };
  }
  if (tv < 0)
    return {
      ok: false,
      reason: 'below intrinsic',
      message: `${what()}: the price ${fmt(c)} (undiscounted) is below the intrinsic value ${fmt(intrinsic)}`,
    };
  if (c >= upper)
    return {
      ok: false,
      reason: 'above upper bound',
      message: `${what()}: the price ${fmt(c)} (undiscounted) is at or above the ${isCall ? 'forward' : 'strike'} ${fmt(upper)}, the most the option can be worth`,
    };
  // the time value is the price of the OTM option of the other right (parity)
  const x = -Math.abs(Math.log(F / K));
  const beta = tv / Math.sqrt(F * K);
  const bmax = Math.exp(0.5 * x);
  if (!(beta < bmax))
    return {
      ok: false,
      reason: 'above upper bound',
      message: `${what()}: the time value ${fmt(tv)} is at or above its bound ${fmt(bmax * Math.sqrt(F * K))}`,
    };
  // below the smallest normal double the quote keeps too few significant bits to mean a vol
  if (!(beta >= DBL_MIN))
    return {
      ok: false,
      reason: 'no time value',
      message: `${what()}: the time value ${fmt(tv)} is too small to carry a volatility (it underflows relative to F and K)`,
    };
  const { s, iterations } = normalisedImpliedDeviation(beta, x);
  if (iterations < 0)
    return {
      ok: false,
      reason: 'no convergence',
      message: `${what()}: the iteration did not converge`,
    };
  return { ok: true, vol: s / Math.sqrt(T), iterations };
}

/**
 * Black-76 implied vol. `price` is the discounted USD premium when linear, or the coin premium
 * (USD price / F, Deribit's convention) when inverse.
 */
export function impliedVolBlack76(
  price: number,
  right: OptionRight,
  forward: number,
  strike: number,
  expiry: number,
  rate: number,
  settlement: Settlement = 'linear',
): IvResult {
  checkIvInputs('impliedVolBlack76', price, forward, strike, expiry, rate);
  const usd = settlement === 'inverse' ? price * forward : price;
  return impliedFromUndiscounted(
    right === 'call',
    usd * Math.exp(rate * expiry),
    forward,
    strike,
    expiry,
  );
}

/**
 * Black-Scholes-Merton implied vol (continuous yield q). `price` in USD when linear, in coins
 * (USD price / S) when inverse.
 */
export function impliedVolBsm(
  price: number,
  right: OptionRight,
  spot: number,
  strike: number,
  expiry: number,
  rate: number,
  dividendYield = 0,
  settlement: Settlement = 'linear',
): IvResult {
  checkIvInputs('impliedVolBsm', price, spot, strike, expiry, rate);
  if (!Number.isFinite(dividendYield))
    throw new RangeError(`impliedVolBsm: dividend yield must be finite, got ${dividendYield}`);
  const usd = settlement === 'inverse' ? price * spot : price;
  const F = spot * Math.exp((rate - dividendYield) * expiry);
  return impliedFromUndiscounted(
    right === 'call',
    usd * Math.exp(rate * expiry),
    F,
    strike,
    expiry,
  );
}

/** Implied vol of a quote given in the settlement currency, priced off spot, rate and carry. */
export function impliedVolOf(
  price: number,
  style: { right: OptionRight; model: OptionModel; settlement: Settlement },
  spot: number,
  strike: number,
  expiry: number,
  rate: number,
  carry: number = rate,
): IvResult {
  if (style.model === 'black-76')
    return impliedVolBlack76(
      price,
      style.right,
      spot * Math.exp(carry * expiry),
      strike,
      expiry,
      rate,
      style.settlement,
    );
  return impliedVolBsm(
    price,
    style.right,
    spot,
    strike,
    expiry,
    rate,
    rate - carry,
    style.settlement,
  );
}

/** Status codes of a batched solve (index into IV_STATUS_REASONS). */
export const IV_STATUS_REASONS = [
  'ok',
  'below intrinsic',
  'above upper bound',
  'no time value',
  'no convergence',
] as const;

/** Quotes for a batched Black-76 solve: columns of equal length (isCall: 1 call, 0 put). */
export interface IvBatch {
  price: Float64Array;
  isCall: Uint8Array;
  forward: Float64Array;
  strike: Float64Array;
  expiry: Float64Array;
  rate: Float64Array;
}

export interface IvBatchResult {
  /** Implied vols; NaN exactly where status ≠ 0 (never silently: read `status`). */
  vol: Float64Array;
  /** 0 ok, else an index into IV_STATUS_REASONS. */
  status: Uint8Array;
  iterations: Uint8Array;
  /** Number of quotes that failed. */
  failures: number;
}

/** Black-76 implied vols of many quotes (linear USD prices, or coin prices when inverse). */
export function impliedVolBatch(q: IvBatch, settlement: Settlement = 'linear'): IvBatchResult {
  const n = q.price.length;
  for (const k of ['isCall', 'forward', 'strike', 'expiry', 'rate'] as const)
    if (q[k].length !== n)
      throw new RangeError(
        `impliedVolBatch: column ${k} has ${q[k].length} entries, price has ${n}`,
      );
  const vol = new Float64Array(n);
  const status = new Uint8Array(n);
  const iterations = new Uint8Array(n);
  let failures = 0;
  for (let i = 0; i < n; i++) {
    let r: IvResult;
    try {
      r = impliedVolBlack76(
        q.price[i]!,
        q.isCall[i] === 1 ? 'call' : 'put',
        q.forward[i]!,
        q.strike[i]!,
        q.expiry[i]!,
        q.rate[i]!,
        settlement,
      );
    } catch (e) {
      throw new RangeError(`impliedVolBatch row ${i}: ${(e as Error).message}`);
    }
    if (r.ok) {
      vol[i] = r.vol;
      iterations[i] = r.iterations;
    } else {
      vol[i] = NaN;
      status[i] = IV_STATUS_REASONS.indexOf(r.reason);
      failures++;
    }
  }
  return { vol, status, iterations, failures };
}
