// Robustness of solveQp on hundreds of seeded random problems: sizes 2..200, covariances that
// are full rank, rank-deficient (fewer days than assets), or ill-conditioned up to 1e10, and
// mixtures of boxes, groups, equalities, long-short gross leverage and turnover. Feasible
// problems are built around a known feasible point x*; each solve must come back 'optimal'
// within a time limit, pass the KKT check, satisfy an independent feasibility check, and do at
// least as well as x*. Infeasible problems must come back 'infeasible', unbounded ones
// 'unbounded' — never 'optimal'.
import { describe, expect, it } from 'vitest';
import { compileConstraints } from '../../src/main/engine/optimize/compile';
import { kktResiduals } from '../../src/main/engine/optimize/kkt';
import { type QpProblem, solveQp } from '../../src/main/engine/optimize/qp';
import type { AllocationConstraints } from '../../src/main/engine/optimize/types';
import { maxViolation, qpObjective } from './_qp';
import {
  type Built,
  type CovKind,
  type Rng,
  allocationQp,
  covariance,
  rawQp,
  rng,
} from './_random-problems';

const now = () => performance.now();

/** Solve from the default start and from x*; both optimal, KKT-clean, feasible, no worse than x*. */
function check(b: Built, kktTol: number): void {
  const { problem, xStar, label } = b;
  expect(maxViolation(problem, xStar), `${label}: x* must be feasible (generator)`).toBeLessThan(
    1e-9,
  );
  const fStar = qpObjective(problem, xStar);
  const results = [
    solveQp(problem, { timeLimitMs: 5000, now }),
    solveQp(problem, { x0: xStar, timeLimitMs: 5000, now }),
  ];
  for (const [k, res] of results.entries()) {
    const tag = `${label} (${k === 0 ? 'cold' : 'from x*'})`;
    expect(res.status, `${tag}: ${res.message}`).toBe('optimal');
    const kkt = kktResiduals(problem, res);
    const worst = Math.max(kkt.stationarity, kkt.primal, kkt.dual, kkt.complementarity);
    expect(worst, `${tag}: KKT ${JSON.stringify(kkt)}`).toBeLessThanOrEqual(kktTol);
    expect(maxViolation(problem, res.x), `${tag}: infeasible x`).toBeLessThanOrEqual(1e-8);
    const f = qpObjective(problem, res.x);
    expect(f, `${tag}: worse than the known point`).toBeLessThanOrEqual(
      fStar + 1e-8 * (1 + Math.abs(fStar)),
    );
  }
  const [a, c] = results as [ReturnType<typeof solveQp>, ReturnType<typeof solveQp>];
  const fa = qpObjective(problem, a.x);
  const fc = qpObjective(problem, c.x);
  expect(
    Math.abs(fa - fc),
    `${label}: the two starts disagree (${fa} vs ${fc})`,
  ).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(fa)));
}

const sizes = (r: Rng) => {
  const v = r.u();
  return v < 0.55 ? r.int(2, 15) : v < 0.9 ? r.int(16, 60) : r.int(61, 200);
};
const kinds: CovKind[] = ['factor', 'short-sample', 'ill-conditioned'];

describe('robustness: feasible problems', () => {
  it('general QPs (boxes with infinite and fixed bounds, equalities, rows tight at x*)', () => {
    const r = rng(1);
    for (let k = 0; k < 120; k++) check(rawQp(1000 + k, sizes(r), kinds[k % 3]!), 1e-7);
  });

  it('allocations: long-only with boxes and groups', () => {
    const r = rng(2);
    for (let k = 0; k < 80; k++)
      check(allocationQp(2000 + k, sizes(r), kinds[k % 3]!, 'long-only'), 1e-7);
  });

  it('allocations: long-short with gross leverage', () => {
    const r = rng(3);
    for (let k = 0; k < 50; k++)
      check(allocationQp(3000 + k, sizes(r), kinds[k % 3]!, 'long-short'), 1e-7);
  });

  it('allocations: turnover, and turnover with long-short', () => {
    const r = rng(4);
    for (let k = 0; k < 50; k++)
      check(
        allocationQp(4000 + k, sizes(r), kinds[k % 3]!, k % 2 ? 'turnover' : 'long-short+turnover'),
        1e-7,
      );
  });

  it('condition numbers 1e4 .. 1e10 at n = 40 and 150', () => {
    for (const n of [40, 150])
      for (const cond of [1e4, 1e7, 1e10]) {
        const r = rng(Math.round(Math.log10(cond)) * 1000 + n);
        const P = covariance('ill-conditioned', n, r, cond);
        const P2 = { rows: n, cols: n, data: P.data.map((v) => 2 * v) };
        const xStar = new Float64Array(n).fill(1 / n);
        check(
          {
            label: `cond ${cond} n ${n}`,
            problem: {
              P: P2,
              q: Float64Array.from({ length: n }, () => 0.1 * r.g()),
              lb: new Float64Array(n),
              ub: new Float64Array(n).fill(0.2),
              Aeq: { rows: 1, cols: n, data: new Float64Array(n).fill(1) },
              beq: [1],
            },
            xStar,
          },
          1e-7,
        );
      }
  });
});

describe('robustness: infeasible problems are never optimal', () => {
  it('floors above the budget, caps below it, contradicting rows, unreachable turnover', () => {
    const r = rng(5);
    let count = 0;
    for (let k = 0; k < 60; k++) {
      const n = sizes(r);
      const names = Array.from({ length: n }, (_, i) => `a${i}`);
      let spec: AllocationConstraints;
      const which = k % 4;
      if (which === 0 && n >= 2) {
        const h = Math.floor(n / 2);
        spec = {
          groups: [
            {
              name: 'A',
              members: Array.from({ length: h }, (_, i) => i),
              lower: 0.5 + 0.3 * r.u(),
            },
            {
              name: 'B',
              members: Array.from({ length: n - h }, (_, i) => h + i),
              lower: 0.55 + 0.3 * r.u(),
            },
          ],
        };
      } else if (which === 1) {
        spec = { upper: new Array<number>(n).fill((0.99 - 0.5 * r.u()) / n) };
      } else if (which === 2) {
        // current weights all in asset 0, which is now capped at 10%: moving 90% away needs turnover 1.8
        const current = new Array<number>(n).fill(0);
        current[0] = 1;
        spec = {
          upper: Array.from({ length: n }, (_, i) => (i === 0 ? 0.1 : 1)),
          turnover: { current, maxTurnover: 1.8 * r.u() * 0.9 },
        };
        if (n === 1) spec.upper = [0.5];
      } else {
        spec = {
          longOnly: false,
          grossLeverage: 0.5 + 0.45 * r.u(),
          lower: new Array<number>(n).fill(-1),
        };
      }
      const sys = compileConstraints(spec, n, names);
      const cov = covariance(kinds[k % 3]!, n, r);
      const problem: QpProblem = {
        P: { rows: n, cols: n, data: cov.data.map((v) => 2 * v) },
        q: new Float64Array(sys.nVars),
        lb: sys.lb,
        ub: sys.ub,
        Aeq: sys.Aeq,
        beq: sys.beq,
        Ain: sys.Ain,
        bin: sys.bin,
      };
      const res = solveQp(problem, { timeLimitMs: 5000, now });
      expect(res.status, `infeasible case ${k} (kind ${which}, n ${n}): ${res.message}`).toBe(
        'infeasible',
      );
      expect(res.x.every(Number.isFinite)).toBe(true);
      count++;
    }
    expect(count).toBe(60);
  });

  it('random rows a x <= b and a x >= b + δ', () => {
    for (let k = 0; k < 40; k++) {
      const r = rng(6000 + k);
      const n = sizes(r);
      const a = Float64Array.from({ length: n }, () => r.g());
      const b = r.g();
      const delta = k % 2 ? 1e-3 : 1;
      const Ain = new Float64Array(2 * n);
      Ain.set(a);
      Ain.set(
        a.map((v) => -v),
        n,
      );
      const res = solveQp(
        {
          P: covariance('factor', n, r),
          q: new Float64Array(n),
          lb: new Float64Array(n).fill(-5),
          ub: new Float64Array(n).fill(5),
          Ain: { rows: 2, cols: n, data: Ain },
          bin: [b, -b - delta],
        },
        { timeLimitMs: 5000, now },
      );
      expect(res.status, `rows case ${k}`).toBe('infeasible');
    }
  });
});

describe('robustness: unbounded problems are reported, not solved', () => {
  it('a descent direction without curvature and without a bound', () => {
    for (let k = 0; k < 20; k++) {
      const r = rng(7000 + k);
      const n = r.int(2, 40);
      // curvature on the first n-1 variables only; the last is free with a linear cost
      const P = covariance('factor', n - 1, r);
      const q = Float64Array.from({ length: n }, () => r.g());
      q[n - 1] = k % 2 ? 1 : -1;
      const lb = new Float64Array(n).fill(-1);
      const ub = new Float64Array(n).fill(1);
      lb[n - 1] = -Infinity;
      ub[n - 1] = Infinity;
      const res = solveQp({ P, q, lb, ub }, { timeLimitMs: 5000, now });
      expect(res.status, `unbounded case ${k}`).toBe('unbounded');
    }
  });
});
