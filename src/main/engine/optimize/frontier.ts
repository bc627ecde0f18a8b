// The efficient frontier: N portfolios from the minimum-volatility one to the least volatile
// maximum-return one, at evenly spaced expected returns, each the efficient-return portfolio for
// its return (solved from its neighbour's weights, so later points take a few iterations each).
import type { Matrix } from '../linalg/matrix';
import { percentLabel as pct } from './compile';
import { finish, maxReturnPortfolio, solveMinVol, solveTargetReturn } from './mv-steps';
import { type MeanVarianceOptions, isInfeasible, prepare } from './mv-problem';
import type { AllocationConstraints, Infeasibility } from './types';

export interface FrontierPoint {
  expectedReturn: number;
  volatility: number;
  /** (expectedReturn − riskFree) / volatility. */
  sharpe: number;
  weights: Float64Array;
}

export interface Frontier {
  points: FrontierPoint[];
  notes: string[];
}

/** N >= 2 points (default 30) from minimum volatility to maximum return. */
export function efficientFrontier(
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints = {},
  options: MeanVarianceOptions & { points?: number } = {},
): Frontier | Infeasibility {
  const ctx = prepare('efficient frontier', mu, cov, constraints, options);
  const N = options.points ?? 30;
  if (!(Number.isInteger(N) && N >= 2 && N <= 10_000))
    throw new RangeError(
      `efficient frontier: points must be a whole number from 2 to 10000, got ${N}`,
    );
  const base = solveMinVol(ctx);
  if (isInfeasible(base.outcome)) return base.outcome;
  const bottom = base.outcome;
  const top = maxReturnPortfolio(ctx, base.w);
  if (isInfeasible(top)) return top;
  const notes: string[] = [];
  const point = (r: {
    expectedReturn: number;
    volatility: number;
    sharpe: number;
    weights: Float64Array;
  }) => ({
    expectedReturn: r.expectedReturn,
    volatility: r.volatility,
    sharpe: r.sharpe,
    weights: r.weights,
  });
  const r0 = bottom.expectedReturn;
  const r1 = top.expectedReturn;
  if (!(r1 > r0 + 1e-9 * (1 + Math.abs(r0)))) {
    notes.push(
      `the frontier is a single point: the minimum-volatility portfolio already has the highest expected return (${pct(r0)})`,
    );
    return { points: Array.from({ length: N }, () => point(bottom)), notes };
  }
  const points: FrontierPoint[] = [point(bottom)];
  let x0 = base.w;
  for (let k = 1; k < N - 1; k++) {
    const target = r0 + ((r1 - r0) * k) / (N - 1);
    const s = solveTargetReturn(ctx, target, x0);
    const out = finish(ctx, s.lq, s.solve, []);
    if (isInfeasible(out)) return out;
    if (s.status !== 'optimal') notes.push(`point ${k + 1}: ${out.notes.join('; ')}`);
    x0 = s.solve.x;
    points.push(point(out));
  }
  points.push(point(top));
  return { points, notes };
}
