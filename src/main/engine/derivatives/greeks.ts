// Closed-form Greeks of European options, as RAW derivatives (DESIGN.md): vega per 1.00 of
// volatility, theta per year of calendar time (−∂V/∂T), rho per 1.00 of rate.
//
// Black-76 (forward F held fixed): delta = ∂V/∂F, gamma = ∂²V/∂F², theta with F fixed,
// rho = ∂V/∂r with F fixed = −T·V (the rho of discounting).
// Black-Scholes-Merton (spot S, yield q held fixed): delta = ∂V/∂S, theta with S fixed,
// rho = ∂V/∂r with S and q fixed (Hull's rho), psi = ∂V/∂q.
// BSM Greeks are derived from the Black-76 ones on F = S·e^{(r−q)T}: ∂F/∂S = F/S,
// ∂F/∂T = (r−q)F, ∂F/∂r = T·F, ∂F/∂q = −T·F.
import { normCdf } from './normal-cdf';
import { type Black76Batch, batchLength, checkBatchRow, checkOptionInputs } from './pricing';
import type { OptionRight } from './positions';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
}

export interface BsmGreeks extends Greeks {
  /** ∂V/∂q per 1.00 of dividend (staking) yield. */
  psi: number;
}

/**
 * Black-76 price and Greeks written into `out` (no allocation). Unchecked: callers validate.
 * At zero total deviation (T = 0 or σ = 0) the limits are used: delta is the discounted step
 * (½ exactly at the money), gamma and vega are 0.
 */
export function black76GreeksInto(
  out: Greeks,
  isCall: boolean,
  F: number,
  K: number,
  T: number,
  vol: number,
  r: number,
): Greeks {
  const D = Math.exp(-r * T);
  const s = vol * Math.sqrt(T);
  let nd1: number; // N(±d1), sign by right
  let nd2: number;
  let pdf = 0;
  if (s > 0) {
    const d1 = Math.log(F / K) / s + 0.5 * s;
    const d2 = d1 - s;
    nd1 = normCdf(isCall ? d1 : -d1);
    nd2 = normCdf(isCall ? d2 : -d2);
    pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
  } else {
    const itm = isCall ? F > K : K > F;
    nd1 = nd2 = F === K ? 0.5 : itm ? 1 : 0;
  }
  const price = isCall ? D * (F * nd1 - K * nd2) : D * (K * nd2 - F * nd1);
  out.price = price;
  out.delta = isCall ? D * nd1 : -D * nd1;
  out.gamma = s > 0 ? (D * pdf) / (F * s) : 0;
  out.vega = D * F * pdf * Math.sqrt(T);
  out.theta = s > 0 ? (-D * F * pdf * s) / (2 * T) + r * price : r * price;
  out.rho = -T * price;
  return out;
}

const emptyGreeks = (): Greeks => ({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 });

/** Black-76 price and Greeks with respect to the forward (checked inputs). */
export function black76Greeks(
  right: OptionRight,
  forward: number,
  strike: number,
  expiry: number,
  vol: number,
  rate: number,
): Greeks {
  checkOptionInputs('black76Greeks', forward, strike, expiry, vol, rate);
  return black76GreeksInto(emptyGreeks(), right === 'call', forward, strike, expiry, vol, rate);
}

/** Black-Scholes-Merton price and Greeks with respect to spot, continuous yield q. */
export function bsmGreeks(
  right: OptionRight,
  spot: number,
  strike: number,
  expiry: number,
  vol: number,
  rate: number,
  dividendYield = 0,
): BsmGreeks {
  checkOptionInputs('bsmGreeks', spot, strike, expiry, vol, rate);
  if (!Number.isFinite(dividendYield))
    throw new RangeError(`bsmGreeks: dividend yield must be finite, got ${dividendYield}`);
  const F = spot * Math.exp((rate - dividendYield) * expiry);
  const g = black76GreeksInto(emptyGreeks(), right === 'call', F, strike, expiry, vol, rate);
  const dF = g.delta; // ∂V/∂F
  return {
    price: g.price,
    delta: (dF * F) / spot,
    gamma: (g.gamma * F * F) / (spot * spot),
    vega: g.vega,
    theta: g.theta - dF * (rate - dividendYield) * F,
    rho: g.rho + dF * expiry * F,
    psi: -dF * expiry * F,
  };
}

/** Output columns of a batched Greeks computation. */
export interface GreeksColumns {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
  rho: Float64Array;
}

export function allocGreeksColumns(n: number): GreeksColumns {
  return {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
    rho: new Float64Array(n),
  };
}

/** Black-76 prices and Greeks of a batch (checked row by row), into `out` when given. */
export function black76GreeksBatch(b: Black76Batch, out?: GreeksColumns): GreeksColumns {
  const n = batchLength(b);
  const res = out ?? allocGreeksColumns(n);
  for (const k of ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const)
    if (res[k].length !== n)
      throw new RangeError(
        `black76GreeksBatch: out.${k} has ${res[k].length} entries, expected ${n}`,
      );
  const g = emptyGreeks();
  for (let i = 0; i < n; i++) {
    checkBatchRow('black76GreeksBatch', b, i);
    black76GreeksInto(
      g,
      b.isCall[i] === 1,
      b.forward[i]!,
      b.strike[i]!,
      b.expiry[i]!,
      b.vol[i]!,
      b.rate[i]!,
    );
    res.price[i] = g.price;
    res.delta[i] = g.delta;
    res.gamma[i] = g.gamma;
    res.vega[i] = g.vega;
    res.theta[i] = g.theta;
    res.rho[i] = g.rho;
  }
  return res;
}
