import type { Matrix } from '../linalg/matrix';

/**
 * Display order of assets by average-linkage hierarchical clustering on the correlation
 * distance d = sqrt((1 - ρ) / 2): correlated assets end up next to each other in a heatmap.
 */
export function clusterOrder(corr: Matrix): number[] {
  const N = corr.rows;
  if (N <= 2) return Array.from({ length: N }, (_, i) => i);
  const dist = (i: number, j: number) => Math.sqrt(Math.max(0, (1 - corr.data[i * N + j]!) / 2));
  // clusters: id -> { members (leaf order), size }; D: average distance between live clusters
  const members = new Map<number, number[]>();
  for (let i = 0; i < N; i++) members.set(i, [i]);
  const D = new Map<number, Map<number, number>>();
  for (let i = 0; i < N; i++) {
    const row = new Map<number, number>();
    for (let j = 0; j < N; j++) if (i !== j) row.set(j, dist(i, j));
    D.set(i, row);
  }
  let next = N;
  while (members.size > 1) {
    let best = Infinity;
    let a = -1;
    let b = -1;
    for (const [i, row] of D) {
      for (const [j, d] of row) {
        if (j > i && (d < best || (d === best && (i < a || (i === a && j < b))))) {
          best = d;
          a = i;
          b = j;
        }
      }
    }
    const ma = members.get(a)!;
    const mb = members.get(b)!;
    const merged = [...ma, ...mb];
    const rowNew = new Map<number, number>();
    for (const k of members.keys()) {
      if (k === a || k === b) continue;
      const dk = (D.get(a)!.get(k)! * ma.length + D.get(b)!.get(k)! * mb.length) / merged.length;
      rowNew.set(k, dk);
      const rk = D.get(k)!;
      rk.delete(a);
      rk.delete(b);
      rk.set(next, dk);
    }
    D.delete(a);
    D.delete(b);
    D.set(next, rowNew);
    members.delete(a);
    members.delete(b);
    members.set(next, merged);
    next++;
  }
  return [...members.values()][0]!;
}
