// Baseline allocations every other method is compared against: equal weight and inverse
// volatility, long-only and fully invested, within per-asset bounds.
import type { Matrix } from '../linalg/matrix';
import { assetName, checkBounds } from './input-checks';

export interface WeightBounds {
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  symbols?: readonly string[];
}

/**
 * Water-filling: weights w_i = clamp(λ s_i, lower_i, upper_i) with the one λ >= 0 that makes them
 * add up to 1. Unbounded, that is s normalised; an asset whose share exceeds its cap is held at
 * the cap and the excess is shared among the others in proportion to s (repeatedly, until nobody
 * exceeds a cap); floors lift small shares the same way. Σ clamp(λ s_i) is piecewise linear and
 * non-decreasing in λ, so λ is found exactly on the segment between two breakpoints
 * (lower_i / s_i, upper_i / s_i) where the sum crosses 1.
 */
export function waterFill(scores: ArrayLike<number>, bounds: WeightBounds = {}): Float64Array {
  const n = scores.length;
  if (n < 1) throw new RangeError('water-filling: no assets');
  const { lower, upper } = checkBounds(n, 'water-filling', bounds, bounds.symbols);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(
        `water-filling: score of ${assetName(i, bounds.symbols)} is ${v} (must be positive and finite)`,
      );
    s[i] = v;
  }
  const total = (lam: number) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += Math.min(upper[i]!, Math.max(lower[i]!, lam * s[i]!));
    return t;
  };
  const breaks: number[] = [0];
  for (let i = 0; i < n; i++) breaks.push(lower[i]! / s[i]!, upper[i]! / s[i]!);
  breaks.sort((a, b) => a - b);
  let lam = breaks[breaks.length - 1]!;
  let prev = 0;
  for (const br of breaks) {
    if (total(br) >= 1) {
      // linear on [prev, br]: slope is the total score of the assets strictly inside their bounds
      const mid = (prev + br) / 2;
      let slope = 0;
      for (let i = 0; i < n; i++) {
        const v = mid * s[i]!;
        if (v > lower[i]! && v < upper[i]!) slope += s[i]!;
      }
      const f0 = total(prev);
      lam = slope > 0 ? prev + (1 - f0) / slope : br;
      break;
    }
    prev = br;
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.min(upper[i]!, Math.max(lower[i]!, lam * s[i]!));
  return w;
}

/** 1/n each, capped and floored by water-filling when bounds are given. */
export function equalWeight(n: number, bounds: WeightBounds = {}): Float64Array {
  if (!(Number.isInteger(n) && n >= 1))
    throw new RangeError(`equal weight: number of assets must be a positive integer, got ${n}`);
  return waterFill(new Float64Array(n).fill(1), bounds);
}

/**
 * w_i ∝ 1/σ_i, from a covariance (σ_i = sqrt of its diagonal) or the volatilities themselves;
 * bounds by water-filling.
 */
export function inverseVolatility(
  covOrVols: Matrix | ArrayLike<number>,
  bounds: WeightBounds = {},
): Float64Array {
  const vols: number[] = [];
  if ('rows' in covOrVols && 'data' in covOrVols) {
    const m = covOrVols;
    if (m.rows !== m.cols)
      throw new RangeError(`inverse volatility: covariance is ${m.rows} x ${m.cols}`);
    for (let i = 0; i < m.rows; i++) vols.push(Math.sqrt(m.data[i * m.cols + i]!));
  } else for (let i = 0; i < covOrVols.length; i++) vols.push(covOrVols[i]!);
  const inv = vols.map((v, i) => {
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(
        `inverse volatility: volatility of ${assetName(i, bounds.symbols)} is ${v} (must be positive and finite)`,
      );
    return 1 / v;
  });
  return waterFill(inv, bounds);
}
