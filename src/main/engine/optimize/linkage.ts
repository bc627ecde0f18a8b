// Agglomerative hierarchical clustering with scipy.cluster.hierarchy.linkage's semantics, so a
// tree (and the leaf order a dendrogram draws) is the one scipy gives for the same distances:
// - single linkage by scipy's mst_single_linkage (Prim's minimum spanning tree, O(n²));
// - complete, average and ward by scipy's nn_chain (nearest-neighbour chain with Lance-Williams
//   updates, O(n²));
// then both sort the merges by height (stable) and relabel them with a union-find, as scipy's
// `label` does: row k merges clusters `left` < `right` (ids < n are assets, id n + k is the
// cluster row k creates), at `height`, into a cluster of `size` assets.
import type { Matrix } from '../linalg/matrix';

export type LinkageMethod = 'single' | 'complete' | 'average' | 'ward';

export interface Merge {
  left: number;
  right: number;
  height: number;
  size: number;
}

/** d_ij = sqrt((1 - ρ_ij) / 2), clipped to [0, 1] (López de Prado 2016; PyPortfolioOpt; Riskfolio-Lib). */
export function correlationDistance(corr: Matrix): Matrix {
  const n = corr.rows;
  const data = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    const r = corr.data[k]!;
    if (!Number.isFinite(r))
      throw new RangeError(`correlation entry ${Math.floor(k / n)},${k % n} is ${r}`);
    data[k] = Math.sqrt(Math.min(1, Math.max(0, (1 - r) / 2)));
  }
  for (let i = 0; i < n; i++) data[i * n + i] = 0;
  return { rows: n, cols: n, data };
}

/**
 * Euclidean distance between the columns of a distance matrix: López de Prado's (2016) d̃, the
 * "distance of distances" his code listing clusters (sch.linkage handed the square matrix).
 */
export function distanceOfDistances(d: Matrix): Matrix {
  const n = d.rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        // d is symmetric: row k of column i is d[i][k]
        const x = d.data[i * n + k]! - d.data[j * n + k]!;
        s += x * x;
      }
      out[i * n + j] = out[j * n + i] = Math.sqrt(s);
    }
  }
  return { rows: n, cols: n, data: out };
}

/** Hierarchical clustering of n items from their n x n distance matrix (scipy semantics). */
export function linkage(dist: Matrix, method: LinkageMethod = 'single'): Merge[] {
  const n = dist.rows;
  if (n < 1 || dist.cols !== n)
    throw new RangeError(
      `linkage: distance matrix must be square, got ${dist.rows} x ${dist.cols}`,
    );
  for (let k = 0; k < n * n; k++) {
    const v = dist.data[k]!;
    if (!(Number.isFinite(v) && v >= 0))
      throw new RangeError(
        `linkage: distance ${Math.floor(k / n)},${k % n} is ${v} (must be finite and >= 0)`,
      );
  }
  if (n === 1) return [];
  const raw = method === 'single' ? mstSingle(dist) : nnChain(dist, method);
  raw.sort((a, b) => a.height - b.height); // Array.prototype.sort is stable, as scipy's mergesort
  return relabel(raw, n);
}

function mstSingle(dist: Matrix): Merge[] {
  const n = dist.rows;
  const d = dist.data;
  const merged = new Uint8Array(n);
  const D = new Float64Array(n).fill(Infinity);
  const out: Merge[] = [];
  let x = 0;
  let y = 0;
  for (let k = 0; k < n - 1; k++) {
    let best = Infinity;
    merged[x] = 1;
    const row = x * n;
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue;
      const v = d[row + i]!;
      if (D[i]! > v) D[i] = v;
      if (D[i]! < best) {
        y = i;
        best = D[i]!;
      }
    }
    // as scipy: the row names the previously added point, not necessarily the tree edge's end;
    // after the stable sort and the union-find relabelling the clusters are single linkage's
    // (the tests check partitions and heights against a brute-force single linkage)
    out.push({ left: x, right: y, height: best, size: 0 });
    x = y;
  }
  return out;
}

function nnChain(dist: Matrix, method: Exclude<LinkageMethod, 'single'>): Merge[] {
  const n = dist.rows;
  const D = Float64Array.from(dist.data);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let len = 0;
  const out: Merge[] = [];
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      len = 1;
      for (let i = 0; i < n; i++)
        if (size[i]! > 0) {
          chain[0] = i;
          break;
        }
    }
    let x = 0;
    let y = 0;
    let best = Infinity;
    for (;;) {
      x = chain[len - 1]!;
      // prefer the previous chain element on ties, so the chain cannot cycle
      if (len > 1) {
        y = chain[len - 2]!;
        best = D[x * n + y]!;
      } else best = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const v = D[x * n + i]!;
        if (v < best) {
          best = v;
          y = i;
        }
      }
      if (len > 1 && y === chain[len - 2]) break;
      chain[len++] = y;
    }
    len -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x]!;
    const ny = size[y]!;
    out.push({ left: x, right: y, height: best, size: nx + ny });
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      const v = update(method, D[i * n + x]!, D[i * n + y]!, best, nx, ny, ni);
      D[i * n + y] = D[y * n + i] = v;
    }
  }
  return out;
}

/** Lance-Williams updates as scipy's _hierarchy_distance_update.pxi. */
function update(
  method: Exclude<LinkageMethod, 'single'>,
  dxi: number,
  dyi: number,
  dxy: number,
  nx: number,
  ny: number,
  ni: number,
): number {
  if (method === 'complete') return Math.max(dxi, dyi);
  if (method === 'average') return (nx * dxi + ny * dyi) / (nx + ny);
  const t = 1 / (nx + ny + ni);
  return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
}

function relabel(rows: Merge[], n: number): Merge[] {
  const parent = new Int32Array(2 * n - 1);
  const size = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) {
    parent[i] = i;
    size[i] = 1;
  }
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  let next = n;
  return rows.map((m) => {
    const a = find(m.left);
    const b = find(m.right);
    const s = size[a]! + size[b]!;
    parent[a] = parent[b] = next;
    size[next] = s;
    next++;
    return { left: Math.min(a, b), right: Math.max(a, b), height: m.height, size: s };
  });
}

/** Leaves left to right (scipy's leaves_list; López de Prado's quasi-diagonal order). */
export function leafOrder(merges: readonly Merge[], n: number): number[] {
  if (n === 1) return [0];
  checkTree(merges, n);
  const out: number[] = [];
  const stack = [2 * n - 2];
  while (stack.length) {
    const id = stack.pop()!;
    if (id < n) out.push(id);
    else {
      const m = merges[id - n]!;
      stack.push(m.right, m.left);
    }
  }
  return out;
}

/**
 * Cluster label of each item when the tree is cut into k clusters, by undoing its last k - 1
 * merges (scipy's cut_tree for the monotone trees built here). Labels 0..k-1 in order of first
 * appearance among items 0..n-1.
 */
export function cutTree(merges: readonly Merge[], n: number, k: number): Int32Array {
  checkTree(merges, n);
  if (!(Number.isInteger(k) && k >= 1 && k <= n))
    throw new RangeError(`cutTree: number of clusters must be an integer in 1..${n}, got ${k}`);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  for (let s = 0; s < n - k; s++) {
    const m = merges[s]!;
    parent[find(m.left)] = n + s;
    parent[find(m.right)] = n + s;
  }
  const labels = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!seen.has(r)) seen.set(r, seen.size);
    labels[i] = seen.get(r)!;
  }
  return labels;
}

function checkTree(merges: readonly Merge[], n: number): void {
  if (merges.length !== n - 1)
    throw new RangeError(`a tree over ${n} items has ${n - 1} merges, got ${merges.length}`);
}
