// Long-only risk budgeting (equal risk contribution when the budgets are equal).
// Spinu (2013), "An algorithm for computing risk parity weights", SSRN 2297383: the budgeted
// portfolio is x*/sum(x*) where x* minimises the strictly convex
//   f(x) = ½ xᵀΣx − Σ b_i ln x_i   over x > 0,
// whose first-order condition x_i (Σx)_i = b_i says each asset's share of variance is b_i.
// Solved by Newton's method (Hessian Σ + diag(b/x²), positive definite) with a step halved until
// x stays positive and f decreases (Armijo); quadratic convergence near x*.
import type { Matrix } from '../linalg/matrix';
import { assetName, checkCovariance, checkVector } from './input-checks';

export interface RiskContributions {
  /** w_i (Σw)_i / σ_p: each asset's part of portfolio volatility (they add up to σ_p). */
  absolute: Float64Array;
  /** w_i (Σw)_i / σ_p²: each asset's share of portfolio variance (they add up to 1). */
  relative: Float64Array;
  volatility: number;
}

/** Euler decomposition of portfolio volatility. */
export function riskContributions(weights: ArrayLike<number>, cov: Matrix): RiskContributions {
  const n = cov.rows;
  if (weights.length !== n)
    throw new RangeError(`risk contributions: ${weights.length} weights for ${n} assets`);
  const sw = new Float64Array(n);
  let variance = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += cov.data[i * n + j]! * weights[j]!;
    sw[i] = s;
    variance += weights[i]! * s;
  }
  if (!(variance > 0))
    throw new RangeError(`risk contributions: portfolio variance is ${variance}`);
  const vol = Math.sqrt(variance);
  const absolute = new Float64Array(n);
  const relative = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = weights[i]! * sw[i]!;
    absolute[i] = c / vol;
    relative[i] = c / variance;
  }
  return { absolute, relative, volatility: vol };
}

export interface RiskBudgetOptions {
  /** Positive budgets, one per asset (normalised to sum 1); default equal. */
  budgets?: ArrayLike<number>;
  /** Stop when max_i |x_i (Σx)_i − b_i| <= tol (b summing to 1). Default 1e-13. */
  tol?: number;
  maxIterations?: number;
  symbols?: readonly string[];
}

export interface RiskBudgetResult extends RiskContributions {
  weights: Float64Array;
  budgets: Float64Array;
  iterations: number;
}

export function riskBudgeting(cov: Matrix, opts: RiskBudgetOptions = {}): RiskBudgetResult {
  checkCovariance(cov, 'risk budgeting', opts.symbols);
  const n = cov.rows;
  const b = opts.budgets
    ? checkVector(opts.budgets, n, 'risk budget', 'risk budgeting', {
        sign: 'positive',
        symbols: opts.symbols,
      })
    : new Float64Array(n).fill(1);
  let bs = 0;
  for (let i = 0; i < n; i++) bs += b[i]!;
  for (let i = 0; i < n; i++) b[i]! /= bs;
  const tol = opts.tol ?? 1e-13;
  const maxIt = opts.maxIterations ?? 200;
  const S = cov.data;

  // start at inverse volatility scaled onto xᵀΣx = 1 (= Σ b), where x* lies
  let x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 1 / Math.sqrt(S[i * n + i]!);
  const sx = new Float64Array(n);
  const mulS = (v: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * n;
      for (let j = 0; j < n; j++) s += S[o + j]! * v[j]!;
      out[i] = s;
    }
  };
  mulS(x, sx);
  let q = 0;
  for (let i = 0; i < n; i++) q += x[i]! * sx[i]!;
  const scale = 1 / Math.sqrt(q);
  for (let i = 0; i < n; i++) {
    x[i]! *= scale;
    sx[i]! *= scale;
  }
  const objective = (v: Float64Array, sv: Float64Array) => {
    let f = 0;
    for (let i = 0; i < n; i++) f += 0.5 * v[i]! * sv[i]! - b[i]! * Math.log(v[i]!);
    return f;
  };

  const H = { rows: n, cols: n, data: new Float64Array(n * n) };
  const g = new Float64Array(n);
  const step = new Float64Array(n);
  let trial = new Float64Array(n);
  const strial = new Float64Array(n);
  let f = objective(x, sx);
  let it = 0;
  for (; ; it++) {
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(x[i]! * sx[i]! - b[i]!));
    if (worst <= tol) break;
    if (it >= maxIt)
      throw new Error(
        `risk budgeting did not converge in ${maxIt} Newton steps (worst budget error ${worst.toExponential(2)}); is the covariance positive definite?`,
      );
    for (let i = 0; i < n; i++) {
      g[i] = sx[i]! - b[i]! / x[i]!;
      for (let j = 0; j < n; j++) H.data[i * n + j] = S[i * n + j]!;
      H.data[i * n + i]! += b[i]! / (x[i]! * x[i]!);
    }
    if (!choleskyInPlace(H.data, n))
      throw new Error(
        'risk budgeting: the Newton system is not positive definite (covariance not PSD?)',
      );
    choleskySolve(H.data, n, g, step); // step = H⁻¹ g; the Newton direction is −step
    let slope = 0;
    for (let i = 0; i < n; i++) slope -= g[i]! * step[i]!;
    // Newton decrement at round-off level: x is as good as floating point allows
    if (-slope <= 1e-30) break;
    let t = 1;
    for (let i = 0; i < n; i++) if (step[i]! > 0) t = Math.min(t, (0.99 * x[i]!) / step[i]!);
    for (let half = 0; ; half++) {
      for (let i = 0; i < n; i++) trial[i] = x[i]! - t * step[i]!;
      mulS(trial, strial);
      const ft = objective(trial, strial);
      // Armijo, with round-off slack once f is flat to machine precision near x*
      if (ft <= f + 1e-4 * t * slope + 1e-15 * Math.abs(f) || half >= 60) {
        f = ft;
        break;
      }
      t *= 0.5;
    }
    [x, trial] = [trial, x];
    sx.set(strial);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = x[i]! / sum;
  const rc = riskContributions(weights, cov);
  for (let i = 0; i < n; i++)
    if (!(weights[i]! > 0 && Math.abs(rc.relative[i]! - b[i]!) <= 1e-9))
      throw new Error(
        `risk budgeting: ${assetName(i, opts.symbols)} ends with weight ${weights[i]} and risk share ${rc.relative[i]} for a budget of ${b[i]}`,
      );
  return { weights, budgets: b, iterations: it, ...rc };
}

/**
 * Lower Cholesky factor written over the lower triangle of a (row-major) n x n matrix; false when
 * it is not positive definite. Row slices keep the inner loop on contiguous memory.
 */
function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      if (i === j) {
        if (!(s > 0)) return false;
        a[ri + i] = Math.sqrt(s);
      } else a[ri + j] = s / a[rj + j]!;
    }
  }
  return true;
}

/** Solves L Lᵀ out = rhs with L in the lower triangle of a. */
function choleskySolve(a: Float64Array, n: number, rhs: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = rhs[i]!;
    for (let k = 0; k < i; k++) s -= a[ri + k]! * out[k]!;
    out[i] = s / a[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * out[k]!;
    out[i] = s / a[i * n + i]!;
  }
}
