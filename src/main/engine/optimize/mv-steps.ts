// Steps shared by the mean-variance objectives and the frontier: the minimum-volatility and
// target-return solves, the maximum-return portfolio, and turning a solve into a result.
import type { Matrix } from '../linalg/matrix';
import { cardinalityLabels } from './cardinality';
import { percentLabel as pct } from './compile';
import { mapLinear } from './formulation';
import {
  type LabelledQp,
  type MvContext,
  type MvOutcome,
  type MvSolve,
  allocation,
  infeasible,
  isInfeasible,
  qpOver,
  riskMatrix,
  solveMv,
  solveNotes,
  stats,
  weightsOf,
  withRow,
} from './mv-problem';
import { solveQp } from './qp';
import type { AllocationResult, Infeasibility } from './types';

/** −μ (over the weights). */
export const negatedMu = (ctx: MvContext): Float64Array => ctx.mu.map((v) => -v);

export const hasLimits = (ctx: MvContext) =>
  ctx.constraints.maxAssets !== undefined || ctx.constraints.minPosition !== undefined;

/**
 * The infeasibility of a failed solve: with maxAssets / minPosition set, first whether the
 * continuous constraints hold on their own (then the asset-count limits are what conflicts).
 */
export function infeasibleOf(ctx: MvContext): Infeasibility {
  if (hasLimits(ctx)) {
    const zero = new Float64Array(ctx.sys.nVars);
    const { sys } = ctx;
    const feasQp = {
      P: EMPTY,
      q: zero,
      lb: sys.lb,
      ub: sys.ub,
      Aeq: sys.Aeq,
      beq: sys.beq,
      Ain: sys.Ain,
      bin: sys.bin,
    };
    const feas = solveQp(feasQp, { ...ctx.options.solver });
    ctx.options.onSolve?.(feasQp, feas);
    if (feas.status !== 'infeasible') {
      const limits = cardinalityLabels(ctx.constraints.maxAssets, ctx.constraints.minPosition);
      return {
        kind: 'infeasible',
        conflicting: limits,
        message: `No portfolio meets ${limits.join(' and ')} together with the other constraints. Loosen one of them.`,
      };
    }
  }
  return infeasible(ctx);
}

const EMPTY: Matrix = { rows: 0, cols: 0, data: new Float64Array(0) };

export function finish(ctx: MvContext, lq: LabelledQp, s: MvSolve, notes: string[]): MvOutcome {
  if (s.status === 'infeasible') return infeasibleOf(ctx);
  if (s.status === 'unbounded')
    throw new RangeError('the objective is unbounded: give every weight finite bounds');
  const w = weightsOf(lq, s.x);
  return allocation(
    ctx,
    w,
    [...notes, ...solveNotes(ctx, lq, s, w)],
    s.optimality ? { optimality: s.optimality } : {},
  );
}

/** The minimum-volatility solve, with its weights for warm starts. */
export function solveMinVol(ctx: MvContext): {
  outcome: MvOutcome;
  w?: Float64Array;
  x?: Float64Array;
} {
  const lq = qpOver(ctx.form, riskMatrix(ctx, 2), []);
  const s = solveMv(ctx, lq);
  const outcome = finish(ctx, lq, s, []);
  return { outcome, w: isInfeasible(outcome) ? undefined : s.x };
}

/** min wᵀΣw s.t. μᵀw >= target (a row labelled with the target). */
export function solveTargetReturn(
  ctx: MvContext,
  target: number,
  x0?: Float64Array,
): { status: MvSolve['status']; lq: LabelledQp; solve: MvSolve } {
  const { coefs, constant } = mapLinear(ctx.form, ctx.mu);
  const sys = withRow(
    ctx.form.sys,
    coefs.map((v) => -v),
    constant - target,
    `target return >= ${pct(target)}`,
  );
  const lq = qpOver(ctx.form, riskMatrix(ctx, 2), [], sys);
  const solve = solveMv(ctx, lq, x0);
  return { status: solve.status, lq, solve };
}

/**
 * The highest expected return under the constraints (an LP), then the least volatile portfolio
 * earning it (maximum-return portfolios are rarely unique: long-only, any mix of the best assets
 * that the bounds allow).
 */
export function maxReturnPortfolio(
  ctx: MvContext,
  x0?: Float64Array,
): AllocationResult | Infeasibility {
  const lp = qpOver(ctx.form, EMPTY, negatedMu(ctx));
  const s = solveMv(ctx, lp, x0);
  if (s.status === 'infeasible') return infeasibleOf(ctx);
  if (s.status === 'unbounded')
    throw new RangeError('the expected return is unbounded: give every weight finite bounds');
  // the solver's variables are the formulation's (w = c + u − v under turnover or long-short)
  const rmax = stats(ctx, weightsOf(lp, s.x)).expectedReturn;
  const t = solveTargetReturn(ctx, rmax - 1e-12 * (1 + Math.abs(rmax)), s.x);
  const out = t.status === 'optimal' ? finish(ctx, t.lq, t.solve, []) : finish(ctx, lp, s, []);
  return out;
}
