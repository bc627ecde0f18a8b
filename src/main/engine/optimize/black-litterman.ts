// Black-Litterman posterior returns and covariance (Black & Litterman 1992; He & Litterman
// 1999/2002; Idzorek 2005), in PyPortfolioOpt's form, which needs no inverse of Σ or Ω (so a
// view held with 100 % confidence, ω = 0, is allowed):
//   μ_BL = Π + τΣPᵀ (PτΣPᵀ + Ω)⁻¹ (Q − PΠ)
//   Σ_BL = Σ + τΣ − τΣPᵀ (PτΣPᵀ + Ω)⁻¹ PτΣ
// Views are rows of P (portfolios over the assets) with their expected returns Q.
import { cholesky, type Matrix } from '../linalg/matrix';
import { assetName, checkCovariance, checkVector } from './input-checks';

export type ViewSpec =
  | { kind: 'absolute'; asset: number; return: number; confidence?: number }
  /** `long` outperforms `short` by `return`. */
  | { kind: 'relative'; long: number; short: number; return: number; confidence?: number }
  /** Any portfolio of the assets (e.g. Idzorek's market-cap-weighted legs). */
  | { kind: 'portfolio'; weights: ArrayLike<number>; return: number; confidence?: number };

/** Builds P (K x n), Q and the confidences (NaN where a view has none) from view specs. */
export function viewMatrices(
  views: readonly ViewSpec[],
  n: number,
  symbols?: readonly string[],
): { P: Matrix; Q: Float64Array; confidences: Float64Array } {
  const K = views.length;
  const P = { rows: K, cols: n, data: new Float64Array(K * n) };
  const Q = new Float64Array(K);
  const confidences = new Float64Array(K).fill(NaN);
  const index = (i: number, k: number, field: string) => {
    if (!(Number.isInteger(i) && i >= 0 && i < n))
      throw new RangeError(
        `Black-Litterman view ${k + 1}: ${field} ${i} is not one of the ${n} assets`,
      );
    return i;
  };
  views.forEach((v, k) => {
    if (!Number.isFinite(v.return))
      throw new RangeError(`Black-Litterman view ${k + 1}: return is ${v.return}`);
    Q[k] = v.return;
    if (v.confidence !== undefined) confidences[k] = v.confidence;
    if (v.kind === 'absolute') P.data[k * n + index(v.asset, k, 'asset')] = 1;
    else if (v.kind === 'relative') {
      const a = index(v.long, k, 'long asset');
      const b = index(v.short, k, 'short asset');
      if (a === b)
        throw new RangeError(
          `Black-Litterman view ${k + 1}: ${assetName(a, symbols)} against itself`,
        );
      P.data[k * n + a] = 1;
      P.data[k * n + b] = -1;
    } else {
      const w = checkVector(v.weights, n, 'view weight', `Black-Litterman view ${k + 1}`, {
        symbols,
      });
      P.data.set(w, k * n);
    }
  });
  return { P, Q, confidences };
}

export interface BlackLittermanInput {
  cov: Matrix;
  /** Prior expected returns Π (e.g. marketImpliedPriorReturns). */
  prior: ArrayLike<number>;
  /** K x n view portfolios (K may be 0). */
  P: Matrix;
  Q: ArrayLike<number>;
  /** Weight on the prior's uncertainty, 0 < τ <= 1. Default 0.05. */
  tau?: number;
  /**
   * View uncertainty: 'he-litterman' (default) Ω = diag(τ P Σ Pᵀ); 'idzorek' from confidences
   * c_k in (0, 1]: ω_k = τ (1 − c_k)/c_k · p_k Σ p_kᵀ (Walters' closed form of Idzorek's method,
   * as PyPortfolioOpt: with one view at a time, the tilt of the weights w = (δΣ)⁻¹μ from the
   * market is exactly c_k times the 100 %-confidence tilt, which is what Idzorek's iteration
   * solves for); or a K x K matrix.
   */
  omega?: 'he-litterman' | 'idzorek' | Matrix;
  confidences?: ArrayLike<number>;
  symbols?: readonly string[];
}

export interface BlackLittermanResult {
  returns: Float64Array;
  cov: Matrix;
  omega: Matrix;
}

export function blackLitterman(input: BlackLittermanInput): BlackLittermanResult {
  const where = 'Black-Litterman';
  const { cov, P, symbols } = input;
  checkCovariance(cov, where, symbols);
  const n = cov.rows;
  const pi = checkVector(input.prior, n, 'prior return', where, { symbols });
  const K = P.rows;
  if (P.cols !== n || P.data.length !== K * n)
    throw new RangeError(`${where}: P is ${P.rows} x ${P.cols}, expected ${K} x ${n}`);
  if (input.Q.length !== K)
    throw new RangeError(`${where}: ${input.Q.length} view returns for ${K} views`);
  const tau = input.tau ?? 0.05;
  if (!(tau > 0 && tau <= 1)) throw new RangeError(`${where}: tau must be in (0, 1], got ${tau}`);
  for (let k = 0; k < K; k++) {
    if (!Number.isFinite(input.Q[k]!))
      throw new RangeError(`${where}: return of view ${k + 1} is ${input.Q[k]}`);
    let any = false;
    for (let j = 0; j < n; j++) {
      const v = P.data[k * n + j]!;
      if (!Number.isFinite(v))
        throw new RangeError(`${where}: P row ${k + 1} has ${v} for ${assetName(j, symbols)}`);
      if (v !== 0) any = true;
    }
    if (!any)
      throw new RangeError(`${where}: view ${k + 1} involves no asset (its row of P is zero)`);
  }

  // T = τ Σ Pᵀ (n x K), A = P T + Ω (K x K)
  const T = new Float64Array(n * K);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += cov.data[i * n + j]! * P.data[k * n + j]!;
      T[i * K + k] = tau * s;
    }
  const PTP = new Float64Array(K * K);
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += P.data[a * n + j]! * T[j * K + b]!;
      PTP[a * K + b] = s;
    }
  const omega = viewUncertainty(input, PTP, K, where);
  const A = { rows: K, cols: K, data: new Float64Array(K * K) };
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++)
      A.data[a * K + b] = (PTP[a * K + b]! + PTP[b * K + a]!) / 2 + omega.data[a * K + b]!;
  const L = K ? cholesky(A) : { rows: 0, cols: 0, data: new Float64Array(0) };
  if (!L)
    throw new Error(
      `${where}: the views cannot be combined (P τΣ Pᵀ + Ω is singular): views held with 100 % confidence must be on linearly independent portfolios`,
    );

  const resid = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = input.Q[k]!;
    for (let j = 0; j < n; j++) s -= P.data[k * n + j]! * pi[j]!;
    resid[k] = s;
  }
  const x = solveChol(L, resid);
  const returns = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = pi[i]!;
    for (let k = 0; k < K; k++) s += T[i * K + k]! * x[k]!;
    returns[i] = s;
  }
  // Σ_BL = (1 + τ)Σ − T A⁻¹ Tᵀ; A⁻¹Tᵀ column by column (one solve per asset)
  const X = new Float64Array(K * n); // A⁻¹ Tᵀ, K x n
  const col = new Float64Array(K);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < K; k++) col[k] = T[j * K + k]!;
    const s = solveChol(L, col);
    for (let k = 0; k < K; k++) X[k * n + j] = s[k]!;
  }
  const post = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += T[i * K + k]! * X[k * n + j]!;
      const v = (1 + tau) * cov.data[i * n + j]! - s;
      post.data[i * n + j] = v;
      post.data[j * n + i] = v;
    }
  return { returns, cov: post, omega };
}

function viewUncertainty(
  input: BlackLittermanInput,
  PTP: Float64Array,
  K: number,
  where: string,
): Matrix {
  const om = input.omega ?? 'he-litterman';
  const out = { rows: K, cols: K, data: new Float64Array(K * K) };
  if (typeof om !== 'string') {
    if (om.rows !== K || om.cols !== K)
      throw new RangeError(`${where}: Ω is ${om.rows} x ${om.cols}, expected ${K} x ${K}`);
    for (let a = 0; a < K; a++) {
      if (!(om.data[a * K + a]! >= 0))
        throw new RangeError(
          `${where}: Ω diagonal entry of view ${a + 1} is ${om.data[a * K + a]}`,
        );
      for (let b = 0; b < K; b++) {
        const v = om.data[a * K + b]!;
        if (
          !Number.isFinite(v) ||
          Math.abs(v - om.data[b * K + a]!) > 1e-12 * (Math.abs(v) + 1e-300)
        )
          throw new RangeError(
            `${where}: Ω must be finite and symmetric (entry ${a + 1},${b + 1} is ${v})`,
          );
      }
    }
    out.data.set(om.data);
    return out;
  }
  if (om === 'he-litterman') {
    for (let k = 0; k < K; k++) out.data[k * K + k] = PTP[k * K + k]!;
    return out;
  }
  if (om !== 'idzorek') throw new RangeError(`${where}: unknown Ω method ${String(om)}`);
  const c = input.confidences;
  if (!c || c.length !== K)
    throw new RangeError(
      `${where}: Idzorek's method needs one confidence per view (${c?.length ?? 0} for ${K} views)`,
    );
  for (let k = 0; k < K; k++) {
    const ck = c[k]!;
    if (!(ck > 0 && ck <= 1))
      throw new RangeError(
        `${where}: confidence of view ${k + 1} is ${ck} (must be in (0, 1]; 1 = certain)`,
      );
    out.data[k * K + k] = ((1 - ck) / ck) * PTP[k * K + k]!;
  }
  return out;
}

/** Solves L Lᵀ x = b. */
function solveChol(L: Matrix, b: ArrayLike<number>): Float64Array {
  const n = L.rows;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L.data[i * n + k]! * y[k]!;
    y[i] = s / L.data[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L.data[k * n + i]! * y[k]!;
    y[i] = s / L.data[i * n + i]!;
  }
  return y;
}

/**
 * Unconstrained weights implied by expected returns, w ∝ (δΣ)⁻¹ μ, normalised to sum 1
 * (PyPortfolioOpt's bl_weights; δ only scales before normalising). Long-short in general.
 */
export function impliedWeights(
  mu: ArrayLike<number>,
  cov: Matrix,
  symbols?: readonly string[],
): Float64Array {
  const where = 'implied weights';
  checkCovariance(cov, where, symbols);
  const n = cov.rows;
  const m = checkVector(mu, n, 'expected return', where, { symbols });
  const L = cholesky(cov);
  if (!L) throw new Error(`${where}: the covariance is not positive definite`);
  const w = solveChol(L, m);
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i]!;
  if (!(Math.abs(s) > 1e-12 * w.reduce((a, b) => a + Math.abs(b), 0)))
    throw new RangeError(`${where}: (δΣ)⁻¹μ sums to ${s}; the weights cannot be normalised`);
  for (let i = 0; i < n; i++) w[i]! /= s;
  return w;
}
