// Reference tests for src/main/engine/optimize/hrp.ts.
// Expected values: test/reference/alloc.json "hrp", written by scripts/reference/gen_alloc.py: the
// code listing of López de Prado (2016) ported to numpy (getIVP, getClusterVar, getQuasiDiag,
// getRecBipart) on scipy trees — 'paper' clusters the Euclidean distance between columns of the
// correlation distance (the paper's d-tilde), 'direct' the distance itself (PyPortfolioOpt,
// Riskfolio-Lib), also with ward/average/complete trees — and Riskfolio-Lib's bounded recursive
// bisection. Weights to 1e-12 relative (products of a handful of ratios of quadratic forms).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import { hrp } from '../../src/main/engine/optimize/hrp';
import type { LinkageMethod } from '../../src/main/engine/optimize/linkage';
import { expectArrayClose, expectClose, loadFixture, sum } from '../risk/_reference';

interface Case {
  linkage: number[][];
  order: number[];
  weights: number[];
}
interface Fixture {
  hrp: {
    cov: number[][];
    paper: Case;
    direct: Case;
    direct_ward: Case;
    direct_average: Case;
    direct_complete: Case;
    bounded: { lower: number[]; upper: number[]; weights: number[] };
  };
}

const fx = loadFixture<Fixture>('alloc.json').hrp;
const cov = fromRows(fx.cov);

function expectCase(got: ReturnType<typeof hrp>, ref: Case, label: string) {
  expect(got.order, `${label} order`).toEqual(ref.order);
  got.linkage.forEach((m, k) => {
    expect([m.left, m.right, m.size], `${label} merge ${k}`).toEqual([
      ref.linkage[k]![0],
      ref.linkage[k]![1],
      ref.linkage[k]![3],
    ]);
    expectClose(m.height, ref.linkage[k]![2]!, 1e-12, 0, `${label} height ${k}`);
  });
  expectArrayClose(got.weights, ref.weights, 1e-12, `${label} weights`);
}

describe('HRP against the paper listing (numpy + scipy)', () => {
  it("the paper's distance of distances, single linkage", () => {
    expectCase(hrp(cov, { distance: 'paper' }), fx.paper, 'paper');
  });

  it('the correlation distance itself (PyPortfolioOpt / Riskfolio-Lib default)', () => {
    expectCase(hrp(cov), fx.direct, 'direct');
  });

  for (const method of [
    'ward',
    'average',
    'complete',
  ] as const satisfies readonly LinkageMethod[]) {
    it(`${method} linkage`, () => {
      expectCase(hrp(cov, { linkage: method }), fx[`direct_${method}`], method);
    });
  }

  it('bounds as Riskfolio-Lib: a floor and caps that bind, all met', () => {
    const b = fx.bounded;
    const got = hrp(cov, { lower: b.lower, upper: b.upper });
    expectArrayClose(got.weights, b.weights, 1e-12, 'bounded');
    got.weights.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(b.lower[i]! - 1e-15);
      expect(w).toBeLessThanOrEqual(b.upper[i]! + 1e-15);
    });
    expectClose(sum(got.weights), 1, 0, 1e-14, 'sum');
    // unconstrained HRP breaks these bounds, so the clip did work
    expect(fx.direct.weights.some((w, i) => w > b.upper[i]! || w < b.lower[i]!)).toBe(true);
  });
});

describe('HRP closed forms and invariants', () => {
  it('two assets: inverse variance', () => {
    const c = fromRows([
      [0.04, 0.01],
      [0.01, 0.09],
    ]);
    const w = hrp(c).weights;
    expectClose(w[0]!, 1 / 0.04 / (1 / 0.04 + 1 / 0.09), 1e-15, 0, 'w0');
    expect(hrp(fromRows([[0.02]])).weights[0]).toBe(1);
  });

  it('weights are positive, sum to 1 and meet any feasible bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 15 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (n, seed, floorShare) => {
          const c = randomCov(n, seed);
          const free = hrp(c).weights;
          expect(free.every((w) => w > 0)).toBe(true);
          expectClose(sum(free), 1, 0, 1e-13, 'sum');
          const lower = Array.from({ length: n }, (_, i) => (floorShare / n) * ((i % 3) / 2));
          const upper = Array.from({ length: n }, (_, i) =>
            Math.max(lower[i]!, (1.5 + (i % 2)) / n),
          );
          const w = hrp(c, { lower, upper }).weights;
          expectClose(sum(w), 1, 0, 1e-12, 'bounded sum');
          w.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(lower[i]! - 1e-13);
            expect(v).toBeLessThanOrEqual(upper[i]! + 1e-13);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses infeasible bounds and a riskless asset, by name', () => {
    expect(() => hrp(cov, { upper: new Array(12).fill(0.05) })).toThrow(
      /upper bounds add up to 0\.6/,
    );
    expect(() => hrp(cov, { lower: new Array(12).fill(0.1) })).toThrow(/lower bounds add up/);
    const c = fromRows([
      [0.04, 0],
      [0, 0],
    ]);
    expect(() => hrp(c, { symbols: ['BTC', 'USDC'] })).toThrow(/variance of USDC is 0/);
  });
});

/** A random covariance B Bᵀ + D from a small seeded LCG (test-local). */
function randomCov(n: number, seed: number): Matrix {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const B = Array.from({ length: n }, () => [u() - 0.5, u() - 0.5, u() - 0.5]);
  return fromRows(
    B.map((bi, i) =>
      B.map(
        (bj, j) =>
          0.1 * bi.reduce((a, v, k) => a + v * bj[k]!, 0) + (i === j ? 0.01 + 0.05 * u() : 0),
      ),
    ),
  );
}
