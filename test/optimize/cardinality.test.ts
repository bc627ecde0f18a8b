// Branch and bound for maxAssets / minPosition against brute force: every support (subset of
// assets allowed non-zero) solved as a continuous problem, the best kept.
import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import { branchAndBound } from '../../src/main/engine/optimize/cardinality';
import {
  type MeanVarianceOptions,
  type MvOutcome,
  isInfeasible,
  maxQuadraticUtility,
  maxSharpe,
  minVolatility,
} from '../../src/main/engine/optimize/mean-variance';
import type { QpProblem, QpResult } from '../../src/main/engine/optimize/qp';
import type { AllocationConstraints, AllocationResult } from '../../src/main/engine/optimize/types';
import { expectArrayClose, expectClose, loadFixture } from '../risk/_reference';
import { expectKkt } from './_qp';

interface Case {
  name: string;
  mu: number[];
  cov: number[][];
  constraints: AllocationConstraints;
}
const fx = loadFixture<{ cases: Case[] }>('mv.json');
const A = fx.cases.find((c) => c.name === 'A min volatility')!;
const mu = A.mu;
const cov = fromRows(A.cov);
const n = mu.length;

const checked = (): MeanVarianceOptions => ({
  onSolve: (p: QpProblem, r: QpResult) => {
    if (r.status === 'optimal') expectKkt(p, r, 1e-8, 'relaxation');
  },
});

function ok(r: MvOutcome): AllocationResult {
  if (isInfeasible(r)) throw new Error(r.message);
  return r;
}

/** All subsets of 0..n-1 with size in [1, kmax], as index lists. */
function subsets(count: number, kmax: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << count; mask++) {
    const s: number[] = [];
    for (let i = 0; i < count; i++) if (mask & (1 << i)) s.push(i);
    if (s.length <= kmax) out.push(s);
  }
  return out;
}

/** The constraints restricted to a support: others capped at 0, members floored at m. */
function restricted(base: AllocationConstraints, support: number[], m = 0): AllocationConstraints {
  const inS = new Set(support);
  const upper = Array.from({ length: n }, (_, i) => (inS.has(i) ? (base.upper?.[i] ?? 1) : 0));
  const lower = Array.from({ length: n }, (_, i) =>
    inS.has(i) ? Math.max(base.lower?.[i] ?? 0, m) : 0,
  );
  return { ...base, upper, lower };
}

type Objective = (c: AllocationConstraints, o: MeanVarianceOptions) => MvOutcome;

/** The best support by brute force, for an objective to minimise over the allocation result. */
function bruteForce(
  obj: Objective,
  base: AllocationConstraints,
  score: (r: AllocationResult) => number,
  kmax: number,
  m = 0,
) {
  let best: { r: AllocationResult; s: number; support: number[] } | null = null;
  for (const sup of subsets(n, kmax)) {
    const r = obj(restricted(base, sup, m), {});
    if (isInfeasible(r)) continue;
    const s = score(r);
    if (!best || s < best.s) best = { r, s, support: sup };
  }
  return best!;
}

const variance = (r: AllocationResult) => r.volatility ** 2;
const held = (w: ArrayLike<number>) =>
  Array.from(w).flatMap((v, i) => (Math.abs(v) > 1e-9 ? [i] : []));

describe('maxAssets and minPosition by branch and bound, against every support', () => {
  const base = A.constraints;

  // caps of 30% need at least 4 assets to be fully invested
  it('min volatility, at most 4 of 10 assets (385 supports)', () => {
    const bb = ok(minVolatility(mu, cov, { ...base, maxAssets: 4 }, checked()));
    const bf = bruteForce((c, o) => minVolatility(mu, cov, c, o), base, variance, 4);
    expectClose(variance(bb), bf.s, 1e-9, 1e-12, 'variance');
    expect(held(bb.weights)).toEqual(bf.support);
    expectArrayClose(bb.weights, bf.r.weights, 1e-7, 'weights');
    expect(bb.optimality).toMatchObject({ proven: true, gap: 0 });
  });

  it('max utility, each position 0 or at least 15% (1023 supports)', () => {
    const delta = 3;
    const utility = (r: AllocationResult) => -(r.expectedReturn - (delta / 2) * r.volatility ** 2);
    const bb = ok(
      maxQuadraticUtility(
        mu,
        cov,
        { ...base, minPosition: 0.15 },
        { ...checked(), riskAversion: delta },
      ),
    );
    const bf = bruteForce(
      (c) => maxQuadraticUtility(mu, cov, c, { riskAversion: delta }),
      base,
      utility,
      n,
      0.15,
    );
    expectClose(utility(bb), bf.s, 1e-9, 1e-12, 'utility');
    expect(held(bb.weights)).toEqual(bf.support);
    for (const i of held(bb.weights)) expect(bb.weights[i]).toBeGreaterThanOrEqual(0.15 - 1e-9);
  });

  it('min volatility, at most 4 assets each at least 10%', () => {
    const bb = ok(minVolatility(mu, cov, { ...base, maxAssets: 4, minPosition: 0.1 }, checked()));
    const bf = bruteForce((c, o) => minVolatility(mu, cov, c, o), base, variance, 4, 0.1);
    expectClose(variance(bb), bf.s, 1e-9, 1e-12, 'variance');
    expect(held(bb.weights)).toEqual(bf.support);
    expect(held(bb.weights).length).toBeLessThanOrEqual(4);
  });

  it('max Sharpe (homogenised), at most 4 assets', () => {
    const rf = 0.02;
    const bb = ok(maxSharpe(mu, cov, { ...base, maxAssets: 4 }, { ...checked(), riskFree: rf }));
    const bf = bruteForce(
      (c) => maxSharpe(mu, cov, c, { riskFree: rf }),
      base,
      (r) => (r.fallback ? Infinity : -r.sharpe),
      4,
    );
    expectClose(bb.sharpe, -bf.s, 1e-9, 0, 'Sharpe');
    expect(held(bb.weights)).toEqual(bf.support);
  });

  it('a node limit stops early with a feasible portfolio, an honest gap and a note', () => {
    const r = ok(
      minVolatility(mu, cov, { ...base, maxAssets: 4 }, { branchAndBound: { maxNodes: 3 } }),
    );
    expect(held(r.weights).length).toBeLessThanOrEqual(4);
    expect(r.optimality!.proven).toBe(false);
    expect(r.optimality!.gap).toBeGreaterThanOrEqual(0);
    expect(r.notes.some((s) => s.includes('stopped after'))).toBe(true);
    const best = ok(minVolatility(mu, cov, { ...base, maxAssets: 4 }));
    // the gap bounds how far the early answer can be from the optimum
    expect(variance(r)).toBeGreaterThanOrEqual(variance(best) - 1e-12);
    expect((variance(r) - variance(best)) / variance(r)).toBeLessThanOrEqual(
      r.optimality!.gap + 1e-9,
    );
  });

  it('limits that cannot be met: a typed infeasibility naming them', () => {
    const r = minVolatility(mu, cov, { ...base, maxAssets: 3 }, {});
    expect(isInfeasible(r) && r.conflicting).toEqual(['at most 3 assets']);
    const r2 = minVolatility(
      mu,
      cov,
      { upper: new Array<number>(n).fill(0.5), minPosition: 0.6 },
      {},
    );
    expect(isInfeasible(r2) && r2.conflicting).toEqual(['each position at least 60%']);
  });
});

describe('branchAndBound on a bare QP', () => {
  it('a separable problem: keeps the K assets with the best stand-alone gain', () => {
    // min Σ (x_i − t_i)² with x in [0, 1], at most 2 non-zero: keep the two largest targets
    const t = [0.3, 0.9, 0.5, 0.8, 0.1];
    const k = t.length;
    const P: Matrix = { rows: k, cols: k, data: new Float64Array(k * k) };
    for (let i = 0; i < k; i++) P.data[i * k + i] = 2;
    const problem: QpProblem = {
      P,
      q: t.map((v) => -2 * v),
      lb: new Array<number>(k).fill(0),
      ub: new Array<number>(k).fill(1),
    };
    const r = branchAndBound({ problem, n: k, maxAssets: 2 });
    expect(r.status).toBe('optimal');
    expect(r.held).toEqual([1, 3]);
    expectArrayClose(r.x, [0, 0.9, 0, 0.8, 0], 1e-12, 'x');
    expect(r.proven).toBe(true);
  });

  it('min position needs long-only weights', () => {
    const P: Matrix = fromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(() =>
      branchAndBound({
        problem: { P, q: [0, 0], lb: [-1, 0], ub: [1, 1] },
        n: 2,
        minPosition: 0.1,
      }),
    ).toThrow(/long-only.*asset 1/);
  });
});
