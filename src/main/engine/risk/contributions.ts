import { matVec, quadForm, type Matrix } from '../linalg/matrix';
import { tailCount } from './var';

/** Euler decomposition of volatility: components sum to the portfolio volatility. */
export function volContributions(
  cov: Matrix,
  w: ArrayLike<number>,
): { vol: number; marginal: Float64Array; component: Float64Array } {
  const vol = Math.sqrt(Math.max(0, quadForm(cov, w)));
  const sw = matVec(cov, w);
  const marginal = sw.map((x) => (vol > 0 ? x / vol : 0));
  const component = marginal.map((m, i) => m * w[i]!);
  return { vol, marginal, component };
}

/** Portfolio return per day: r_t = Σ_i w_i X_ti. */
export function portfolioReturns(X: Matrix, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(X.rows);
  for (let t = 0; t < X.rows; t++) {
    let s = 0;
    const o = t * X.cols;
    for (let i = 0; i < X.cols; i++) s += w[i]! * X.data[o + i]!;
    out[t] = s;
  }
  return out;
}

/**
 * Historical ES and its Euler decomposition: over the m worst days of the portfolio, each
 * asset's component is minus its average weighted return; components sum to ES.
 */
export function historicalEsContributions(
  X: Matrix,
  w: ArrayLike<number>,
  alpha: number,
): { es: number; component: Float64Array; tailDays: number[] } {
  const r = portfolioReturns(X, w);
  const m = tailCount(r.length, alpha);
  const idx = Array.from(r.keys())
    .sort((a, b) => r[a]! - r[b]! || a - b)
    .slice(0, m);
  const component = new Float64Array(X.cols);
  for (const t of idx)
    for (let i = 0; i < X.cols; i++) component[i]! -= (w[i]! * X.data[t * X.cols + i]!) / m;
  const es = component.reduce((s, c) => s + c, 0);
  return { es, component, tailDays: idx };
}
