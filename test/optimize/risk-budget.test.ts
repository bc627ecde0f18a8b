// Reference tests for src/main/engine/optimize/risk-budget.ts.
// Expected values: test/reference/alloc.json "riskBudget", written by scripts/reference/gen_alloc.py
// with scipy: L-BFGS-B on Spinu's (2013) objective 0.5 x'Sx - b' log x, polished by MINPACK's hybrid
// root finder on its first-order condition S x = b / x, then w = x / sum x (8 and 5 assets,
// unequal budgets and equal ones). Weights to 1e-10 relative (scipy's residual is ~1e-17).
// Closed forms: two assets w1/w2 = σ2/σ1; equal correlations -> ERC = inverse volatility
// (Maillard, Roncalli & Teiletche 2010); the gradient of Spinu's objective vanishes at the
// solution (its KKT condition, x > 0) and no nearby point has a lower objective.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import { riskBudgeting, riskContributions } from '../../src/main/engine/optimize/risk-budget';
import { expectArrayClose, expectClose, loadFixture, sum } from '../risk/_reference';

interface Case {
  cov: number[][];
  budgets: number[];
  weights: number[];
  erc: number[];
}
const fx = loadFixture<{ riskBudget: { eight: Case; five: Case } }>('alloc.json').riskBudget;

describe('risk budgeting against scipy', () => {
  for (const name of ['eight', 'five'] as const) {
    const c = fx[name];
    const cov = fromRows(c.cov);
    it(`${name} assets, unequal budgets`, () => {
      const got = riskBudgeting(cov, { budgets: c.budgets });
      expectArrayClose(got.weights, c.weights, 1e-10, 'weights');
      // risk shares equal the budgets to 1e-8 (they do to ~1e-14)
      got.relative.forEach((r, i) => expectClose(r, c.budgets[i]!, 0, 1e-12, `share ${i}`));
      expectClose(sum(got.absolute), got.volatility, 1e-14, 0, 'Euler');
      expectClose(sum(got.weights), 1, 0, 1e-15, 'sum');
      expect(got.iterations).toBeLessThan(30);
    });
    it(`${name} assets, equal risk contribution`, () => {
      const got = riskBudgeting(cov);
      expectArrayClose(got.weights, c.erc, 1e-10, 'erc');
      got.relative.forEach((r) => expectClose(r, 1 / c.budgets.length, 0, 1e-12, 'share'));
    });
  }
});

describe('risk budgeting closed forms and optimality', () => {
  it('two assets: w1 / w2 = σ2 / σ1 whatever the correlation', () => {
    for (const rho of [-0.8, 0, 0.3, 0.95]) {
      const s1 = 0.2;
      const s2 = 0.7;
      const c = fromRows([
        [s1 * s1, rho * s1 * s2],
        [rho * s1 * s2, s2 * s2],
      ]);
      const w = riskBudgeting(c).weights;
      expectClose(w[0]! / w[1]!, s2 / s1, 1e-12, 0, `rho ${rho}`);
    }
  });

  it('equal correlations: ERC is inverse volatility', () => {
    const vols = [0.1, 0.25, 0.4, 0.8, 1.2];
    const c = fromRows(vols.map((a, i) => vols.map((b, j) => (i === j ? 1 : 0.35) * a * b)));
    const inv = vols.map((v) => 1 / v);
    const s = inv.reduce((a, b) => a + b, 0);
    expectArrayClose(
      riskBudgeting(c).weights,
      inv.map((v) => v / s),
      1e-12,
      'inverse vol',
    );
  });

  it("Spinu's objective: zero gradient at x = w / σ_p, and no lower value nearby", () => {
    const c = fx.eight;
    const S = c.cov;
    const b = c.budgets;
    const got = riskBudgeting(fromRows(S), { budgets: b });
    const x = Array.from(got.weights, (w) => w / got.volatility);
    const f = (v: number[]) =>
      0.5 * v.reduce((a, vi, i) => a + vi * S[i]!.reduce((t, sij, j) => t + sij * v[j]!, 0), 0) -
      b.reduce((a, bi, i) => a + bi * Math.log(v[i]!), 0);
    x.forEach((xi, i) => {
      const g = S[i]!.reduce((t, sij, j) => t + sij * x[j]!, 0) - b[i]! / xi;
      expectClose(g, 0, 0, 1e-12, `gradient ${i}`);
    });
    const f0 = f(x);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (d) => {
          const y = x.map((xi, i) => xi * (1 + 1e-3 * d[i]!));
          expect(f(y)).toBeGreaterThanOrEqual(f0 - 1e-15);
        },
      ),
    );
  });

  it('random covariances and budgets: risk shares equal budgets to 1e-8', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (n, seed) => {
          const { cov, budgets } = randomProblem(n, seed);
          const got = riskBudgeting(cov, { budgets });
          const bs = budgets.reduce((a, v) => a + v, 0);
          got.relative.forEach((r, i) => expectClose(r, budgets[i]! / bs, 0, 1e-8, `share ${i}`));
          const again = riskContributions(got.weights, cov);
          expectArrayClose(again.relative, got.relative, 1e-15, 'riskContributions');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('refuses a non-positive budget by name', () => {
    const c = fromRows(fx.five.cov);
    expect(() =>
      riskBudgeting(c, { budgets: [1, 1, 0, 1, 1], symbols: ['A', 'B', 'C', 'D', 'E'] }),
    ).toThrow(/risk budget of C is 0/);
    expect(() => riskBudgeting(c, { budgets: [1, 1] })).toThrow(/2 entries, expected 5/);
  });
});

function randomProblem(n: number, seed: number): { cov: Matrix; budgets: number[] } {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const B = Array.from({ length: n }, () => [u() - 0.5, u() - 0.5]);
  const cov = fromRows(
    B.map((bi, i) =>
      B.map((bj, j) => bi[0]! * bj[0]! + bi[1]! * bj[1]! + (i === j ? 0.001 + 0.1 * u() : 0)),
    ),
  );
  return { cov, budgets: Array.from({ length: n }, () => 0.05 + u()) };
}
