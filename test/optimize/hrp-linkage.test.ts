// Reference tests for src/main/engine/optimize/linkage.ts (the trees HRP and HERC cut).
// Expected values: test/reference/alloc.json "linkage", written by scripts/reference/gen_alloc.py
// with scipy.cluster.hierarchy.linkage / leaves_list / cut_tree on a 40-asset correlation
// distance. Merge rows must agree exactly (ids, sizes) and heights to 1e-12 relative (scipy's
// Lance-Williams updates in the same order; only the last bits of sqrt may differ). Plus a
// brute-force single linkage (minimum inter-cluster distance, merged greedily) on random points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import {
  correlationDistance,
  cutTree,
  leafOrder,
  linkage,
  type LinkageMethod,
} from '../../src/main/engine/optimize/linkage';
import { expectClose, loadFixture } from '../risk/_reference';

interface Tree {
  linkage: number[][];
  order: number[];
  cut4: number[];
}
interface Fixture {
  linkage: { corr: number[][] } & Record<LinkageMethod, Tree>;
}

const fx = loadFixture<Fixture>('alloc.json').linkage;

/** Partition as a canonical list of member lists (label values do not matter). */
function partition(labels: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!groups.has(l)) groups.set(l, []);
    groups.get(l)!.push(i);
  }
  return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
}

describe('linkage matches scipy.cluster.hierarchy on 40 assets', () => {
  const dist = correlationDistance(fromRows(fx.corr));
  for (const method of ['single', 'complete', 'average', 'ward'] as const) {
    it(method, () => {
      const ref = fx[method];
      const tree = linkage(dist, method);
      expect(tree.length).toBe(39);
      tree.forEach((m, k) => {
        const [a, b, h, s] = ref.linkage[k]!;
        expect([m.left, m.right, m.size], `row ${k}`).toEqual([a, b, s]);
        expectClose(m.height, h!, 1e-12, 0, `height ${k}`);
      });
      expect(leafOrder(tree, 40)).toEqual(ref.order);
      expect(partition(cutTree(tree, 40, 4))).toEqual(partition(ref.cut4));
    });
  }
});

describe('single linkage is the greedy minimum-distance merge', () => {
  it('heights and partitions equal a brute-force single linkage', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -10, max: 10, noNaN: true }),
            fc.double({ min: -10, max: 10, noNaN: true }),
          ),
          {
            minLength: 2,
            maxLength: 12,
          },
        ),
        (pts) => {
          const n = pts.length;
          const d: number[][] = pts.map(([x1, y1]) =>
            pts.map(([x2, y2]) => Math.hypot(x1 - x2, y1 - y2)),
          );
          const tree = linkage(fromRows(d), 'single');
          let clusters = pts.map((_, i) => [i]);
          for (let k = 0; k < n - 1; k++) {
            let best = Infinity;
            let pa = 0;
            let pb = 1;
            for (let a = 0; a < clusters.length; a++)
              for (let b = a + 1; b < clusters.length; b++) {
                let m = Infinity;
                for (const i of clusters[a]!)
                  for (const j of clusters[b]!) m = Math.min(m, d[i]![j]!);
                if (m < best) [best, pa, pb] = [m, a, b];
              }
            expect(tree[k]!.height).toBe(best);
            clusters = clusters
              .filter((_, c) => c !== pa && c !== pb)
              .concat([[...clusters[pa]!, ...clusters[pb]!]]);
            // with tied heights the merge order may differ, the partition at a distinct height may not
            const nextDiffers = k === n - 2 || tree[k + 1]!.height !== best;
            if (nextDiffers)
              expect(partition(cutTree(tree, n, n - k - 1))).toEqual(
                clusters.map((c) => [...c].sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!),
              );
          }
        },
      ),
    );
  });
});

describe('linkage input', () => {
  it('refuses a non-square or negative distance, and one item is a tree with no merges', () => {
    const bad: Matrix = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(() => linkage(bad)).toThrow(/square/);
    expect(() =>
      linkage(
        fromRows([
          [0, -1],
          [-1, 0],
        ]),
      ),
    ).toThrow(/distance 0,1 is -1/);
    expect(linkage(fromRows([[0]]))).toEqual([]);
    expect(leafOrder([], 1)).toEqual([0]);
    expect(() =>
      cutTree(
        linkage(
          fromRows([
            [0, 1],
            [1, 0],
          ]),
        ),
        2,
        3,
      ),
    ).toThrow(/1\.\.2/);
  });
});
