// Reference tests for src/main/engine/optimize/herc.ts.
// Expected values: test/reference/alloc.json "herc", written by scripts/reference/gen_alloc.py: an
// independent numpy port of Riskfolio-Lib's HERC (scipy to_tree / cut_tree, the last k - 1
// merges splitting by alpha = 1 - R_left / (R_left + R_right), naive risk parity inside the k
// clusters) and of our documented elbow rule for k, on a 16-asset block-correlated covariance,
// ward and single trees. Weights to 1e-12 relative.
// Closed forms: k = 1 is inverse variance; two assets are inverse variance for any k; the
// three-asset tree {a, {b, c}} with equal variances and k = 3 gives a 2/3 and b, c 1/6 each.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import { herc, type HercRisk } from '../../src/main/engine/optimize/herc';
import { expectArrayClose, expectClose, loadFixture, sum } from '../risk/_reference';

interface Case {
  k: number;
  risk: HercRisk;
  weights: number[];
  labels: number[];
}
interface TreeCases {
  kAuto: number;
  dispersion: number[];
  auto: Case;
  k3: Case;
  k3vol: Case;
  k3equal: Case;
  k1: Case;
  kn: Case;
}
interface Fixture {
  herc: { cov: number[][]; ward: TreeCases; single: TreeCases };
}

const fx = loadFixture<Fixture>('alloc.json').herc;
const cov = fromRows(fx.cov);

function partition(labels: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    if (!groups.has(labels[i]!)) groups.set(labels[i]!, []);
    groups.get(labels[i]!)!.push(i);
  }
  return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
}

describe('HERC against the numpy port of Riskfolio-Lib', () => {
  for (const linkage of ['ward', 'single'] as const) {
    const ref = fx[linkage];
    it(`${linkage}: the elbow picks the same k, with the same dispersion curve`, () => {
      const got = herc(cov, { linkage });
      expect(got.k).toBe(ref.kAuto);
      expectArrayClose(got.dispersion, ref.dispersion, 1e-13, 'dispersion');
      expectArrayClose(got.weights, ref.auto.weights, 1e-12, 'weights');
      expect(partition(got.labels)).toEqual(partition(ref.auto.labels));
    });
    for (const name of ['k3', 'k3vol', 'k3equal', 'k1', 'kn'] as const) {
      it(`${linkage}: k = ${ref[name].k}, ${ref[name].risk}`, () => {
        const c = ref[name];
        const got = herc(cov, { linkage, k: c.k, risk: c.risk });
        expectArrayClose(got.weights, c.weights, 1e-12, name);
        expect(partition(got.labels)).toEqual(partition(c.labels));
        expect(got.dispersion).toEqual([]);
        // cluster weights are the sums of their members'
        got.clusterWeights.forEach((cw, l) =>
          expectClose(
            cw,
            sum(got.weights.filter((_, i) => got.labels[i] === l)),
            1e-13,
            0,
            `cluster ${l}`,
          ),
        );
      });
    }
  }
});

describe('HERC closed forms', () => {
  it('k = 1 is the inverse-variance portfolio', () => {
    const w = herc(cov, { k: 1 }).weights;
    const inv = fx.cov.map((r, i) => 1 / r[i]!);
    const s = inv.reduce((a, b) => a + b, 0);
    expectArrayClose(
      w,
      inv.map((v) => v / s),
      1e-14,
      'ivp',
    );
  });

  it('two assets: inverse variance whatever k', () => {
    const c = fromRows([
      [0.04, 0.006],
      [0.006, 0.01],
    ]);
    for (const k of [1, 2]) {
      const w = herc(c, { k }).weights;
      expectClose(w[0]!, 0.01 / 0.05, 1e-14, 0, `k=${k}`);
    }
  });

  it('{a, {b, c}} with equal variances and k = 3: a 2/3, b and c 1/6', () => {
    const c = fromRows([
      [0.04, 0.004, 0.004],
      [0.004, 0.04, 0.036],
      [0.004, 0.036, 0.04],
    ]);
    for (const linkage of ['ward', 'single'] as const) {
      const got = herc(c, { k: 3, linkage });
      expectArrayClose(got.weights, [2 / 3, 1 / 6, 1 / 6], 1e-14, linkage);
      // not inverse variance (1/3 each), whatever the tree
      expect(Math.abs(got.weights[0]! - 1 / 3)).toBeGreaterThan(0.3);
    }
  });

  it('weights are positive and sum to 1, k within 1..floor(sqrt n)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom<HercRisk>('variance', 'volatility', 'equal'),
        (n, seed, risk) => {
          const c = randomCov(n, seed);
          const got = herc(c, { risk });
          expect(got.weights.every((w) => w > 0)).toBe(true);
          expectClose(sum(got.weights), 1, 0, 1e-13, 'sum');
          expect(got.k).toBeGreaterThanOrEqual(1);
          expect(got.k).toBeLessThanOrEqual(Math.max(1, Math.floor(Math.sqrt(n))));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('at each of the top k - 1 merges, weight x risk is equal on both sides (variance risk)', () => {
    const n = 16;
    for (const k of [2, 3, 5, 8]) {
      const got = herc(cov, { k });
      const leaves = (id: number): number[] =>
        id < n
          ? [id]
          : [...leaves(got.linkage[id - n]!.left), ...leaves(got.linkage[id - n]!.right)];
      const clusters = partition(got.labels);
      const risk = (members: number[]) => {
        const inv = members.map((i) => 1 / fx.cov[i]![i]!);
        const s = inv.reduce((a, b) => a + b, 0);
        let v = 0;
        members.forEach((i, p) =>
          members.forEach((j, q) => (v += (inv[p]! / s) * (inv[q]! / s) * fx.cov[i]![j]!)),
        );
        return v;
      };
      for (let id = 2 * n - 2; id > 2 * n - 1 - k; id--) {
        const side = (child: number) => {
          const ls = new Set(leaves(child));
          const R = clusters.filter((c) => ls.has(c[0]!)).reduce((a, c) => a + risk(c), 0);
          const W = [...ls].reduce((a, i) => a + got.weights[i]!, 0);
          return W * R;
        };
        const m = got.linkage[id - n]!;
        expectClose(side(m.left), side(m.right), 1e-12, 0, `k=${k} node ${id}`);
      }
    }
  });

  it('one asset holds everything', () => {
    const got = herc(fromRows([[0.09]]));
    expect(Array.from(got.weights)).toEqual([1]);
    expect(got.k).toBe(1);
  });

  it('refuses a k outside 1..n', () => {
    expect(() => herc(cov, { k: 0 })).toThrow(/1\.\.16/);
    expect(() => herc(cov, { k: 17 })).toThrow(/1\.\.16/);
    expect(() => herc(cov, { maxK: 0 })).toThrow(/maxK/);
  });
});

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
