// Mean-variance objectives over the desk's constraints (Markowitz 1952; the cut follows
// PyPortfolioOpt's EfficientFrontier): minimum volatility, maximum Sharpe ratio, efficient risk,
// efficient return, maximum quadratic utility and maximum diversification. mu holds annualised
// expected returns, cov the annualised covariance; weights come back in the assets' order.
// Each returns an AllocationResult, or an Infeasibility naming the constraints that cannot hold.
// L2 regularisation (constraints.l2 = γ) adds γ‖w‖² to the risk term of every objective (for
// the ratio objectives, γ‖y‖² on the homogenised variables, as PyPortfolioOpt does).
import type { Matrix } from '../linalg/matrix';
import { percentLabel as pct } from './compile';
import {
  type MeanVarianceOptions,
  type MvOutcome,
  homogenisedQp,
  isInfeasible,
  prepare,
  qpOver,
  riskMatrix,
  solveMv,
} from './mv-problem';
import {
  finish,
  infeasibleOf,
  maxReturnPortfolio,
  negatedMu,
  solveMinVol,
  solveTargetReturn,
} from './mv-steps';
import type { AllocationConstraints } from './types';

export { type MeanVarianceOptions, type MvOutcome, isInfeasible } from './mv-problem';

/** Minimum volatility: min wᵀΣw. */
export function minVolatility(
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints = {},
  options: MeanVarianceOptions = {},
): MvOutcome {
  const ctx = prepare('min volatility', mu, cov, constraints, options);
  const mv = solveMinVol(ctx);
  return mv.outcome;
}

/** Maximum quadratic utility: max μᵀw − (δ/2) wᵀΣw with risk aversion δ > 0 (default 1). */
export function maxQuadraticUtility(
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints = {},
  options: MeanVarianceOptions & { riskAversion?: number } = {},
): MvOutcome {
  const ctx = prepare('max utility', mu, cov, constraints, options);
  const delta = options.riskAversion ?? 1;
  if (!(Number.isFinite(delta) && delta > 0))
    throw new RangeError(`max utility: risk aversion must be positive, got ${delta}`);
  const lq = qpOver(ctx.form, riskMatrix(ctx, delta), negatedMu(ctx));
  const s = solveMv(ctx, lq);
  if (s.status === 'infeasible') return infeasibleOf(ctx);
  return finish(ctx, lq, s, [`risk aversion ${delta}`]);
}

/** Efficient return: min wᵀΣw s.t. μᵀw >= target; above the maximum return, the max-return portfolio. */
export function efficientReturn(
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints,
  options: MeanVarianceOptions & { targetReturn: number },
): MvOutcome {
  const ctx = prepare('efficient return', mu, cov, constraints, options);
  const target = options.targetReturn;
  if (!Number.isFinite(target))
    throw new RangeError(`efficient return: target return is ${target}`);
  const r = solveTargetReturn(ctx, target);
  if (r.status === 'optimal') {
    const out = finish(ctx, r.lq, r.solve, []);
    if (!isInfeasible(out) && out.expectedReturn > target + 1e-9 * (1 + Math.abs(target)))
      out.notes.unshift(
        `the minimum-volatility portfolio already returns ${pct(out.expectedReturn)}, above the target ${pct(target)}`,
      );
    return out;
  }
  if (r.status !== 'infeasible') return finish(ctx, r.lq, r.solve, []);
  // the target is out of reach, or the constraints conflict on their own
  const base = solveMinVol(ctx);
  if (isInfeasible(base.outcome)) return base.outcome;
  const top = maxReturnPortfolio(ctx, base.w);
  if (isInfeasible(top)) return top;
  top.notes.unshift(
    `the target return ${pct(target)} is above the maximum attainable ${pct(top.expectedReturn)} under these constraints; showing the least volatile maximum-return portfolio`,
  );
  top.fallback = { reason: 'target-return-too-high', limit: top.expectedReturn };
  return top;
}

/**
 * Efficient risk: max μᵀw s.t. volatility <= target. Found on the frontier: the return r at which
 * the minimum volatility σ(r) equals the target (σ² is convex increasing in r beyond the
 * minimum-volatility point), by regula falsi (Illinois) on efficient-return solves.
 */
export function efficientRisk(
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints,
  options: MeanVarianceOptions & { targetVolatility: number },
): MvOutcome {
  const ctx = prepare('efficient risk', mu, cov, constraints, options);
  const target = options.targetVolatility;
  if (!(Number.isFinite(target) && target > 0))
    throw new RangeError(`efficient risk: target volatility must be positive, got ${target}`);
  const base = solveMinVol(ctx);
  if (isInfeasible(base.outcome)) return base.outcome;
  const mv = base.outcome;
  const volTol = 1e-9 * target;
  if (target < mv.volatility - volTol) {
    mv.notes.unshift(
      `the target volatility ${pct(target)} is below the minimum attainable ${pct(mv.volatility)} under these constraints; showing the minimum-volatility portfolio`,
    );
    mv.fallback = { reason: 'target-volatility-too-low', limit: mv.volatility };
    return mv;
  }
  const top = maxReturnPortfolio(ctx, base.w);
  if (isInfeasible(top)) return top;
  if (top.volatility <= target + volTol) {
    top.notes.unshift(
      `the volatility budget ${pct(target)} does not bind: the highest-return portfolio has volatility ${pct(top.volatility)}`,
    );
    return top;
  }
  if (mv.volatility >= target - volTol) return mv;
  // bracket [lo, hi] in return with σ(lo) < target < σ(hi)
  let lo = mv.expectedReturn;
  let hi = top.expectedReturn;
  let flo = mv.volatility ** 2 - target ** 2;
  let fhi = top.volatility ** 2 - target ** 2;
  let side = 0;
  let best: { out: MvOutcome; err: number } | null = null;
  // warm start from the top portfolio only where the QP's variables are the weights alone
  // (long-short and turnover add auxiliaries the weights do not give)
  let x0: Float64Array | undefined =
    top.weights.length === ctx.form.sys.nVars ? top.weights : undefined;
  for (let it = 0; it < 100; it++) {
    let r = (lo * fhi - hi * flo) / (fhi - flo);
    if (!(r > lo && r < hi)) r = 0.5 * (lo + hi);
    const s = solveTargetReturn(ctx, r, x0);
    if (s.status !== 'optimal' && s.status !== 'max-iterations') break;
    const out = finish(ctx, s.lq, s.solve, []);
    if (isInfeasible(out)) return out;
    x0 = s.solve.x;
    const f = out.volatility ** 2 - target ** 2;
    const err = Math.abs(out.volatility - target);
    // the answer must respect the budget: keep the best point with σ <= target (+ tolerance)
    if (out.volatility <= target + volTol && (!best || err < best.err)) best = { out, err };
    if (err <= volTol || hi - lo <= 1e-14 * (1 + Math.abs(hi))) break;
    if (f < 0) {
      lo = r;
      flo = f;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = r;
      fhi = f;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  const res = best?.out ?? mv;
  if (!isInfeasible(res))
    res.notes.push(`volatility ${pct(res.volatility)} against the target ${pct(target)}`);
  return res;
}

/**
 * Maximum Sharpe ratio (μᵀw − rf)/σ(w), by the homogenised QP (homogenise.ts). When no portfolio
 * under the constraints has an expected return above the risk-free rate the ratio has no
 * maximum worth showing (every Sharpe ratio is negative and chasing the least negative one means
 * chasing volatility), so the result is the minimum-volatility portfolio, flagged
 * fallback.reason = 'no-excess-return' with limit = the best attainable expected return, and a
 * note saying so.
 */
export function maxSharpe(
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints = {},
  options: MeanVarianceOptions = {},
): MvOutcome {
  const ctx = prepare('max Sharpe', mu, cov, constraints, options);
  const excess = Float64Array.from(ctx.mu, (v) => v - ctx.riskFree);
  const lq = homogenisedQp(ctx, excess, 'excess return normalisation');
  const s = solveMv(ctx, lq);
  if (s.status === 'optimal' || s.status === 'max-iterations') return finish(ctx, lq, s, []);
  const base = solveMinVol(ctx);
  if (isInfeasible(base.outcome)) return base.outcome;
  const top = maxReturnPortfolio(ctx, base.w);
  if (isInfeasible(top)) return top;
  const mv = base.outcome;
  if (top.expectedReturn > ctx.riskFree + 1e-9 * (1 + Math.abs(ctx.riskFree)))
    throw new Error(
      `max Sharpe: a portfolio returns ${pct(top.expectedReturn)} above the risk-free rate ${pct(ctx.riskFree)} but the homogenised problem was found infeasible`,
    );
  mv.notes.unshift(
    `no portfolio under these constraints has an expected return above the risk-free rate of ${pct(ctx.riskFree)} (the best is ${pct(top.expectedReturn)}): the maximum-Sharpe portfolio does not exist; showing the minimum-volatility portfolio instead`,
  );
  mv.fallback = { reason: 'no-excess-return', limit: top.expectedReturn };
  return mv;
}

/**
 * Maximum diversification (Choueifaty & Coignard 2008): max wᵀσ / sqrt(wᵀΣw) with σ the assets'
 * volatilities, by the same homogenised QP with σ in place of μ − rf.
 */
export function maxDiversification(
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints = {},
  options: MeanVarianceOptions = {},
): MvOutcome {
  const ctx = prepare('max diversification', mu, cov, constraints, options);
  const { n } = ctx;
  const sigma = Float64Array.from({ length: n }, (_, i) => Math.sqrt(ctx.cov.data[i * n + i]!));
  const lq = homogenisedQp(ctx, sigma, 'volatility normalisation');
  const s = solveMv(ctx, lq);
  if (s.status === 'infeasible') {
    const base = solveMinVol(ctx);
    if (isInfeasible(base.outcome)) return base.outcome;
    throw new RangeError(
      'max diversification: no portfolio under these constraints has a positive weighted volatility',
    );
  }
  const out = finish(ctx, lq, s, []);
  if (!isInfeasible(out)) {
    let wsig = 0;
    for (let i = 0; i < n; i++) wsig += out.weights[i]! * sigma[i]!;
    out.notes.unshift(`diversification ratio ${(wsig / out.volatility).toFixed(4)}`);
  }
  return out;
}
