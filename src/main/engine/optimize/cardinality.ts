// At most K assets held, and each held asset at least m: the mixed-integer QP
//   min f(w)  s.t.  constraints,  w_i <= u_i z_i,  w_i >= m z_i,  sum z <= K,  z binary
// by best-first branch and bound on continuous relaxations. A node fixes some assets out
// (w_i = 0) and some in (w_i >= m, counted towards K); its relaxation keeps the free assets'
// z_i in [0, 1], which projects to the single row sum over free i of w_i / u_i <= K − |in|
// (the tightest z_i is w_i / u_i). Branching takes the free asset whose relaxed z is most
// fractional, or whose weight lies strictly between 0 and m. Incumbents come from relaxations
// that happen to satisfy the limits and from a rounding heuristic at the root (keep the K
// largest positions, re-solve, drop positions below m one by one).
//
// Works on a homogenised problem too (max Sharpe / diversification: y = κw): the rows are then
// scaled by κ (w_i >= m becomes y_i − mκ >= 0). Weights must be long-only for minPosition; a
// long-short problem gets maxAssets through branching alone (no relaxation row).
import { percentLabel as pct } from './compile';
import { type QpOptions, type QpProblem, type QpResult, type QpStatus, solveQp } from './qp';

export interface BranchAndBoundOptions {
  /** Nodes (relaxations solved) before stopping with the best portfolio found (default 2000). */
  maxNodes?: number;
  /** Wall-clock budget; needs `now`. */
  timeLimitMs?: number;
  now?: () => number;
  /** Stop when (incumbent − best bound) / |incumbent| is below this (default 1e-7). */
  gapTolerance?: number;
  /** Called with every relaxation solved (tests check each one's KKT conditions). */
  onSolve?: (problem: QpProblem, result: QpResult) => void;
}

export interface CardinalityProblem {
  /** The continuous problem; its first n variables are the weights (or y = κw). */
  problem: QpProblem;
  n: number;
  /** Index of κ for a homogenised problem. */
  scaleVar?: number;
  maxAssets?: number;
  minPosition?: number;
  /** Per-asset upper bounds on w (for the relaxation row); default the problem's ub. */
  upper?: ArrayLike<number>;
  names?: string[];
}

export interface BranchAndBoundResult {
  /** 'optimal' when a portfolio was found (see proven), 'infeasible' when none exists. */
  status: QpStatus;
  x: Float64Array;
  /** The final solve with the chosen assets (its multipliers), when one was found. */
  qp?: QpResult;
  objective: number;
  /** True when the search finished: no other subset does better (within gapTolerance). */
  proven: boolean;
  /** Relative gap between the portfolio and the best bound left unexplored (0 when proven). */
  gap: number;
  nodes: number;
  /** Assets held (non-zero weight). */
  held: number[];
}

interface Node {
  fix: Int8Array; // -1 out, +1 in, 0 free
  bound: number;
  x?: Float64Array;
}

const OUT = -1;
const IN = 1;

export function branchAndBound(
  cp: CardinalityProblem,
  options: BranchAndBoundOptions & { qp?: QpOptions } = {},
): BranchAndBoundResult {
  const { problem, n, scaleVar } = cp;
  const N = problem.q.length;
  const K = cp.maxAssets;
  const m = cp.minPosition ?? 0;
  const name = (i: number) => cp.names?.[i] ?? `asset ${i + 1}`;
  if (K !== undefined && !(Number.isInteger(K) && K >= 1))
    throw new RangeError(`maxAssets must be a whole number >= 1, got ${K}`);
  if (!(Number.isFinite(m) && m >= 0)) throw new RangeError(`minPosition must be >= 0, got ${m}`);
  const lb0 = Float64Array.from({ length: N }, (_, j) => problem.lb?.[j] ?? -Infinity);
  const ub0 = Float64Array.from({ length: N }, (_, j) => problem.ub?.[j] ?? Infinity);
  let longOnly = true;
  for (let i = 0; i < n; i++) if (!(lb0[i]! >= 0)) longOnly = false;
  if (!longOnly && m > 0) {
    const i = lb0.findIndex((v, j) => j < n && !(v >= 0));
    throw new RangeError(`minPosition needs long-only weights, but ${name(i)} may go short`);
  }
  const upper = Float64Array.from({ length: n }, (_, i) => cp.upper?.[i] ?? ub0[i]!);
  const useRow = K !== undefined && longOnly && upper.every((u) => u > 0 && u < Infinity);
  const maxNodes = options.maxNodes ?? 2000;
  const gapTol = options.gapTolerance ?? 1e-7;
  if (options.timeLimitMs !== undefined && !options.now)
    throw new RangeError(
      'branch and bound: timeLimitMs needs a clock: pass now (e.g. performance.now)',
    );
  const deadline = options.now ? options.now() + (options.timeLimitMs ?? Infinity) : Infinity;
  const outOfTime = () => (options.now ? options.now() > deadline : false);
  const qpOpts: QpOptions = { ...options.qp };
  delete qpOpts.x0;

  const scaleOf = (x: Float64Array) => (scaleVar === undefined ? 1 : x[scaleVar]!);
  const heldTol = (x: Float64Array) => 1e-9 * Math.max(1e-300, scaleOf(x));

  /** The relaxation at a node; null if its fixings already contradict the bounds. */
  const nodeProblem = (fix: Int8Array): QpProblem | null => {
    const lb = lb0.slice();
    const ub = ub0.slice();
    const rows: { coefs: Float64Array; rhs: number }[] = [];
    let nIn = 0;
    for (let i = 0; i < n; i++) {
      if (fix[i] === OUT) {
        if (lb[i]! > 0 || ub[i]! < 0) return null;
        lb[i] = 0;
        ub[i] = 0;
      } else if (fix[i] === IN) {
        nIn++;
        if (m > 0) {
          if (scaleVar === undefined) lb[i] = Math.max(lb[i]!, m);
          else {
            const c = new Float64Array(N);
            c[i] = -1;
            c[scaleVar] = m;
            rows.push({ coefs: c, rhs: 0 });
          }
        }
      }
    }
    if (useRow && K !== undefined) {
      const c = new Float64Array(N);
      for (let i = 0; i < n; i++) if (fix[i] === 0) c[i] = 1 / upper[i]!;
      let rhs = K - nIn;
      if (scaleVar !== undefined) {
        c[scaleVar] = -rhs;
        rhs = 0;
      }
      rows.push({ coefs: c, rhs });
    }
    for (let i = 0; i < n; i++) if (lb[i]! > ub[i]!) return null;
    const base = problem.Ain?.rows ?? 0;
    const data = new Float64Array((base + rows.length) * N);
    if (problem.Ain) data.set(problem.Ain.data);
    rows.forEach((r, k) => data.set(r.coefs, (base + k) * N));
    return {
      ...problem,
      lb,
      ub,
      Ain: { rows: base + rows.length, cols: N, data },
      bin: Float64Array.from([
        ...(problem.bin ? Array.from(problem.bin) : []),
        ...rows.map((r) => r.rhs),
      ]),
    };
  };

  const solve = (fix: Int8Array, x0?: Float64Array): QpResult | null => {
    const p = nodeProblem(fix);
    if (!p) return null;
    const r = solveQp(p, { ...qpOpts, x0 });
    options.onSolve?.(p, r);
    return r;
  };

  /** Whether x meets the limits: at most K held, each held at least m. */
  const meetsLimits = (x: Float64Array): boolean => {
    const s = scaleOf(x);
    const tol = heldTol(x);
    let held = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(x[i]!);
      if (v <= tol) continue;
      held++;
      if (m > 0 && v < m * s * (1 - 1e-7) - tol) return false;
    }
    return K === undefined || held <= K;
  };

  let incumbent: { x: Float64Array; f: number; fix: Int8Array } | null = null;
  let nodes = 0;
  const offer = (fix: Int8Array, r: QpResult | null) => {
    if (!r || r.status !== 'optimal' || !meetsLimits(r.x)) return;
    if (!incumbent || r.objective < incumbent.f) incumbent = { x: r.x, f: r.objective, fix };
  };

  const root = new Int8Array(n);
  const rootRes = solve(root);
  nodes++;
  if (!rootRes || rootRes.status === 'infeasible') return none('infeasible', nodes, true);
  if (rootRes.status !== 'optimal') return none(rootRes.status, nodes, false);
  offer(root, rootRes);

  // rounding heuristic: keep the largest positions, re-solve, drop sub-minimum ones one by one
  if (!incumbent) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => Math.abs(rootRes.x[b]!) - Math.abs(rootRes.x[a]!),
    );
    const keep = new Set(
      order.slice(0, K ?? n).filter((i) => Math.abs(rootRes.x[i]!) > heldTol(rootRes.x)),
    );
    for (let attempt = 0; attempt <= n && keep.size > 0 && !incumbent; attempt++) {
      const fix = new Int8Array(n);
      for (let i = 0; i < n; i++) fix[i] = keep.has(i) ? 0 : OUT;
      const r = solve(fix, rootRes.x);
      nodes++;
      if (!r || r.status !== 'optimal') break;
      offer(fix, r);
      // drop the smallest held position below the minimum and try again
      let worst = -1;
      for (const i of keep)
        if (
          Math.abs(r.x[i]!) < m * scaleOf(r.x) &&
          (worst < 0 || Math.abs(r.x[i]!) < Math.abs(r.x[worst]!))
        )
          worst = i;
      if (worst < 0) break;
      keep.delete(worst);
    }
  }

  // best-first search
  const heap = new NodeHeap();
  heap.push({ fix: root, bound: rootRes.objective, x: rootRes.x });
  let bestBound = rootRes.objective;
  let exhausted = false;
  const closeEnough = (bound: number) => {
    if (!incumbent) return false;
    const f = (incumbent as { f: number }).f;
    return bound >= f - gapTol * Math.max(Math.abs(f), 1e-12);
  };
  for (;;) {
    const node = heap.pop();
    if (!node) {
      exhausted = true;
      break;
    }
    bestBound = node.bound;
    if (closeEnough(node.bound)) {
      exhausted = true; // every open node is at least this bad
      break;
    }
    if (nodes >= maxNodes || outOfTime()) {
      heap.push(node);
      break;
    }
    const x = node.x!;
    if (meetsLimits(x)) continue; // already offered when solved
    const i = branchAsset(node.fix, x);
    if (i < 0) continue;
    for (const dir of [OUT, IN]) {
      const fix = node.fix.slice();
      fix[i] = dir;
      if (dir === IN && K !== undefined) {
        let nIn = 0;
        for (let j = 0; j < n; j++) if (fix[j] === IN) nIn++;
        if (nIn > K) continue;
        if (nIn === K) for (let j = 0; j < n; j++) if (fix[j] === 0) fix[j] = OUT;
      }
      const r = solve(fix, x);
      nodes++;
      if (!r || r.status !== 'optimal') continue;
      offer(fix, r);
      if (!closeEnough(r.objective)) heap.push({ fix, bound: r.objective, x: r.x });
    }
  }
  const openBound = exhausted ? Infinity : Math.min(bestBound, heap.minBound());
  if (!incumbent) return none(exhausted ? 'infeasible' : 'max-iterations', nodes, exhausted);
  const inc = incumbent as { x: Float64Array; f: number; fix: Int8Array };
  // polish: the chosen assets alone, so the others are exact zeros and multipliers are clean
  const s = scaleOf(inc.x);
  const fix = new Int8Array(n);
  for (let i = 0; i < n; i++)
    fix[i] = Math.abs(inc.x[i]!) <= heldTol(inc.x) || inc.fix[i] === OUT ? OUT : m > 0 ? IN : 0;
  const polished = solve(fix, inc.x);
  nodes++;
  const final =
    polished &&
    polished.status === 'optimal' &&
    meetsLimits(polished.x) &&
    polished.objective <= inc.f + 1e-9 * (1 + Math.abs(inc.f))
      ? polished
      : null;
  const x = final ? final.x : inc.x;
  const f = final ? final.objective : inc.f;
  const gap = exhausted ? 0 : Math.max(0, (f - openBound) / Math.max(Math.abs(f), 1e-12));
  const held: number[] = [];
  for (let i = 0; i < n; i++) if (Math.abs(x[i]!) > 1e-9 * Math.max(s, 1e-300)) held.push(i);
  return {
    status: 'optimal',
    x,
    qp: final ?? undefined,
    objective: f,
    proven: exhausted,
    gap,
    nodes,
    held,
  };

  /** The free asset to branch on: weight strictly between 0 and m, else most fractional z. */
  function branchAsset(fix: Int8Array, x: Float64Array): number {
    const sc = scaleOf(x);
    const tol = heldTol(x);
    let best = -1;
    let score = -1;
    if (m > 0)
      for (let i = 0; i < n; i++) {
        const v = Math.abs(x[i]!);
        if (fix[i] !== 0 || v <= tol || v >= m * sc) continue;
        const sScore = Math.min(v, m * sc - v);
        if (sScore > score) {
          score = sScore;
          best = i;
        }
      }
    if (best >= 0) return best;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(x[i]!);
      if (fix[i] !== 0 || v <= tol) continue;
      const z = Math.min(1, v / (sc * (upper[i]! < Infinity ? upper[i]! : 1)));
      const sScore = Math.min(z, 1 - z) + 1e-12 * v; // ties: the larger position
      if (sScore > score) {
        score = sScore;
        best = i;
      }
    }
    return best;
  }

  function none(status: QpStatus, count: number, proven: boolean): BranchAndBoundResult {
    return {
      status,
      x: new Float64Array(N),
      objective: Infinity,
      proven,
      gap: Infinity,
      nodes: count,
      held: [],
    };
  }
}

/** "at most 5 assets", "each position at least 2%": the labels of the mixed-integer limits. */
export function cardinalityLabels(maxAssets?: number, minPosition?: number): string[] {
  const out: string[] = [];
  if (maxAssets !== undefined) out.push(`at most ${maxAssets} assets`);
  if (minPosition !== undefined) out.push(`each position at least ${pct(minPosition)}`);
  return out;
}

/** Binary min-heap of nodes by bound. */
class NodeHeap {
  private readonly a: Node[] = [];
  push(v: Node): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.bound <= a[i]!.bound) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): Node | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let s = i;
        if (l < a.length && a[l]!.bound < a[s]!.bound) s = l;
        if (r < a.length && a[r]!.bound < a[s]!.bound) s = r;
        if (s === i) break;
        [a[s], a[i]] = [a[i]!, a[s]!];
        i = s;
      }
    }
    return top;
  }
  minBound(): number {
    return this.a.length ? this.a[0]!.bound : Infinity;
  }
}
