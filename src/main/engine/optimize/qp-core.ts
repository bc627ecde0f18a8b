// The primal active-set iteration behind solveQp (qp.ts), on an already scaled problem
//   min ½xᵀPx + qᵀx   s.t.  lb <= x <= ub,  rl <= A x <= ru   (rl = ru for equality rows)
// started from a point that satisfies the constraints.
//
// Why a primal active-set method: allocation problems hold many assets (500+) of which few end up
// held, so most variables sit at a bound. Working on the free variables only, an iteration costs
// O(n·k) with k the number of free variables, and a long-only 500-asset problem solves in a few
// dozen cheap iterations; an interior-point method would factor a dense n × n matrix every
// iteration. The method also restarts well from a nearby solution (frontiers, branch and bound).
//
// Singular P (auxiliary variables with no curvature, rank-deficient covariances) is handled by a
// proximal point outer loop: each round minimises f(x) + ε/2‖x − c‖² with c the previous iterate,
// which is strongly convex, so every working-set subproblem has a unique solution. The rounds
// stop when ε‖x − c‖ (exactly the stationarity error of the original problem) is negligible; on
// linear parts the proximal point method terminates finitely (Ferris 1991), and because each
// round restarts from the exact gradient it also refines away the range-space solver's error.
import { KktFactor } from './qp-factor';

export interface CoreProblem {
  n: number;
  /** P is nP × nP over the first nP variables (0: linear objective). */
  nP: number;
  P: Float64Array;
  q: Float64Array;
  lb: Float64Array;
  ub: Float64Array;
  m: number;
  /** Rows, row-major m × n; each row scaled to max |a_ij| = 1. */
  A: Float64Array;
  rl: Float64Array;
  ru: Float64Array;
}

export interface CoreOptions {
  eps: number;
  /** Constraint violation allowed (scaled units). */
  feasTol: number;
  /** Multiplier sign violation allowed (scaled gradient units). */
  optTol: number;
  maxIterations: number;
  /** True when the caller's time budget is spent. */
  outOfTime?: () => boolean;
  /** Phase 1: stop as soon as variables from this index on are all at zero (the elastics). */
  stopWhenZeroFrom?: number;
}

export type CoreStatus = 'optimal' | 'unbounded' | 'max-iterations' | 'stopped';

export interface CoreResult {
  status: CoreStatus;
  x: Float64Array;
  /** Row multipliers (0 off the working set), sign convention ∇f + Aᵀλ − μ = 0. */
  lam: Float64Array;
  /** μ_j = ∇f_j + (Aᵀλ)_j: positive at a lower bound, negative at an upper one, 0 if free. */
  mu: Float64Array;
  iterations: number;
}

const FREE = 0;
const AT_LB = 1;
const AT_UB = 2;
const FIXED = 3;

/** Compressed sparse rows of a dense row-major m × n matrix. */
function sparseRows(A: Float64Array, m: number, n: number) {
  const start = new Int32Array(m + 1);
  let nnz = 0;
  for (let i = 0; i < m * n; i++) if (A[i] !== 0) nnz++;
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let e = 0;
  for (let r = 0; r < m; r++) {
    start[r] = e;
    for (let j = 0; j < n; j++) {
      const a = A[r * n + j]!;
      if (a !== 0) {
        col[e] = j;
        val[e++] = a;
      }
    }
  }
  start[m] = e;
  return { start, col, val };
}

/** Runs the active-set method from x0 (feasible within feasTol); x0 is not modified. */
export function activeSet(prob: CoreProblem, x0: Float64Array, opts: CoreOptions): CoreResult {
  const { n, nP, P, q, lb, ub, m, A, rl, ru } = prob;
  const { eps, feasTol, optTol } = opts;
  const x = Float64Array.from(x0);
  // the rows again in compressed sparse form: allocation rows are mostly short (|w| and
  // turnover auxiliaries touch two variables), and the ratio test visits every row each step
  const sparse = sparseRows(A, m, n);
  const { start: rs, col: rc, val: rv } = sparse;
  const fac = new KktFactor({ n, nP, P, A, eps, sparse }, m);
  const vstate = new Int8Array(n);
  const inW = new Uint8Array(m);
  /** Which side a working row holds: +1 upper, -1 lower, 0 equality. */
  const side = new Int8Array(m);
  /** Rows that blocked but proved dependent on the working set: skipped until it changes. */
  const ignored = new Uint8Array(m);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const lamW = new Float64Array(Math.max(1, m));
  const act = new Float64Array(m);
  const rate = new Float64Array(m);
  let iterations = 0;
  const rowDot = (r: number, v: Float64Array) => {
    let s = 0;
    for (let e = rs[r]!; e < rs[r + 1]!; e++) s += rv[e]! * v[rc[e]!]!;
    return s;
  };

  const recomputeActivity = () => {
    for (let r = 0; r < m; r++) act[r] = rowDot(r, x);
  };
  const gradient = (center: Float64Array | null) => {
    for (let i = 0; i < n; i++) g[i] = q[i]!;
    for (let i = 0; i < nP; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const o = i * nP;
      for (let j = 0; j < nP; j++) g[j] = g[j]! + P[o + j]! * xi;
    }
    if (center) for (let i = 0; i < n; i++) g[i] = g[i]! + eps * (x[i]! - center[i]!);
  };

  /** Working set from scratch: variables at bounds fixed, then independent active rows. */
  const crash = () => {
    fac.clear();
    for (let j = 0; j < n; j++) {
      const lo = lb[j]!;
      const hi = ub[j]!;
      const tl = feasTol * (1 + Math.abs(lo));
      const th = feasTol * (1 + Math.abs(hi));
      if (lo === hi) {
        x[j] = lo;
        vstate[j] = FIXED;
      } else if (x[j]! <= lo + tl) {
        x[j] = lo;
        vstate[j] = AT_LB;
      } else if (x[j]! >= hi - th) {
        x[j] = hi;
        vstate[j] = AT_UB;
      } else vstate[j] = FREE;
    }
    for (let j = 0; j < n; j++) if (vstate[j] === FREE) fac.addVar(j);
    recomputeActivity();
    inW.fill(0);
    // equality rows first (they must hold throughout), then active inequality rows
    for (const wantEq of [true, false])
      for (let r = 0; r < m; r++) {
        const isEq = rl[r] === ru[r];
        if (isEq !== wantEq) continue;
        const a = act[r]!;
        const active =
          isEq ||
          a >= ru[r]! - feasTol * (1 + Math.abs(ru[r]!)) ||
          a <= rl[r]! + feasTol * (1 + Math.abs(rl[r]!));
        if (active && fac.addRow(r)) {
          inW[r] = 1;
          side[r] = isEq ? 0 : Math.abs(a - ru[r]!) <= Math.abs(a - rl[r]!) ? 1 : -1;
        }
      }
  };

  /** Full refactorisation of the current working set (after many updates or a breakdown). */
  const refactor = () => {
    const free = Array.from(fac.free.subarray(0, fac.k));
    const rows = Array.from(fac.rows.subarray(0, fac.m));
    fac.clear();
    for (const j of free) fac.addVar(j);
    inW.fill(0);
    for (const r of rows) if (fac.addRow(r, 1e-14)) inW[r] = 1;
  };

  /** Multiplier sign violation of a working row: λ >= 0 at its upper side, λ <= 0 at its lower. */
  const rowMultiplierViolation = (r: number, lam: number): number =>
    side[r] === 0 ? 0 : side[r] === 1 ? -lam : lam;

  /** Reduced costs of the fixed variables at the current λ of the working rows. */
  const mu = new Float64Array(n);
  const reducedCosts = () => {
    mu.set(g);
    for (let s = 0; s < fac.m; s++) {
      const l = lamW[s]!;
      if (l === 0) continue;
      const r = fac.rows[s]!;
      for (let e = rs[r]!; e < rs[r + 1]!; e++) mu[rc[e]!] = mu[rc[e]!]! + l * rv[e]!;
    }
  };

  let bland = false;
  let degenerate = 0;
  const center = Float64Array.from(x);
  /** Picks a constraint to drop from the working set; returns false at a KKT point. */
  const price = (): boolean => {
    reducedCosts();
    let best = -1;
    let bestRow = false;
    // multipliers of the proximal subproblem carry ε(x − c); signs within that are noise, and
    // acting on them cycles (the next round, recentred, decides them)
    let dx = 0;
    for (let j = 0; j < n; j++) dx = Math.max(dx, Math.abs(x[j]! - center[j]!));
    let worst = optTol + 10 * eps * dx;
    for (let j = 0; j < n; j++) {
      const st = vstate[j]!;
      if (st === FREE || st === FIXED) continue;
      const viol = st === AT_LB ? -mu[j]! : mu[j]!;
      if (viol > worst) {
        best = j;
        bestRow = false;
        if (bland) break;
        worst = viol;
      }
    }
    if (!(bland && best >= 0))
      for (let s = 0; s < fac.m; s++) {
        const viol = rowMultiplierViolation(fac.rows[s]!, lamW[s]!);
        if (!(viol > worst)) continue;
        // Bland: the lowest row index (W's order changes as rows come and go)
        if (bland ? !bestRow || fac.rows[s]! < fac.rows[best]! : true) {
          best = s;
          bestRow = true;
          if (!bland) worst = viol;
        }
      }
    if (best < 0) return false;
    if (bestRow) {
      inW[fac.rows[best]!] = 0;
      fac.removeRowAt(best);
    } else {
      vstate[best] = FREE;
      fac.addVar(best);
    }
    ignored.fill(0);
    return true;
  };

  const result = (status: CoreStatus): CoreResult => {
    gradient(null);
    reducedCosts();
    const lam = new Float64Array(m);
    for (let s = 0; s < fac.m; s++) lam[fac.rows[s]!] = lamW[s]!;
    const muOut = new Float64Array(n);
    for (let j = 0; j < n; j++) if (vstate[j] !== FREE) muOut[j] = mu[j]!;
    return { status, x, lam, mu: muOut, iterations };
  };

  const stopHere = (): boolean => {
    const from = opts.stopWhenZeroFrom;
    if (from === undefined) return false;
    for (let j = from; j < n; j++) if (x[j]! > feasTol) return false;
    return true;
  };

  crash();
  if (stopHere()) return result('stopped');

  const maxOuter = 60;
  let residual = Infinity;
  for (let outer = 0; outer < maxOuter; outer++) {
    center.set(x);
    recomputeActivity();
    gradient(center);
    // inner loop: active-set iterations on the proximal subproblem
    for (;;) {
      if (iterations >= opts.maxIterations) return result('max-iterations');
      if ((iterations & 7) === 0 && opts.outOfTime?.()) return result('max-iterations');
      iterations++;
      if (fac.updates > 200 + 2 * (fac.k + fac.m)) refactor();
      fac.solve(g, p, lamW);
      let pmax = 0;
      let xmax = 0;
      for (let t = 0; t < fac.k; t++) {
        const j = fac.free[t]!;
        pmax = Math.max(pmax, Math.abs(p[j]!));
        xmax = Math.max(xmax, Math.abs(x[j]!));
      }
      if (pmax <= 1e-14 * (1 + xmax)) {
        if (!price()) break;
        continue;
      }
      // ratio test (Harris two-pass): the largest step within feasTol, then among the
      // constraints blocking before it the one with the largest rate (most stable pivot); in
      // Bland mode (after many degenerate steps) the lowest index, which cannot cycle
      let alphaMax = Infinity;
      for (let t = 0; t < fac.k; t++) {
        const j = fac.free[t]!;
        const pj = p[j]!;
        if (pj > 0 && ub[j]! < Infinity)
          alphaMax = Math.min(alphaMax, (ub[j]! - x[j]! + feasTol) / pj);
        else if (pj < 0 && lb[j]! > -Infinity)
          alphaMax = Math.min(alphaMax, (lb[j]! - x[j]! - feasTol) / pj);
      }
      const rateTol = 1e-12 * pmax;
      for (let r = 0; r < m; r++) {
        const s = rowDot(r, p); // p is zero off the free variables
        rate[r] = s;
        if (inW[r] || ignored[r]) continue;
        if (s > rateTol && ru[r]! < Infinity)
          alphaMax = Math.min(alphaMax, (ru[r]! - act[r]! + feasTol) / s);
        else if (s < -rateTol && rl[r]! > -Infinity)
          alphaMax = Math.min(alphaMax, (rl[r]! - act[r]! - feasTol) / s);
      }
      let alpha = 1;
      let blockVar = -1;
      let blockRow = -1;
      if (alphaMax < 1) {
        let best = -Infinity;
        const better = (rt: number, index: number) => (bland ? -index > best : rt > best);
        for (let t = 0; t < fac.k; t++) {
          const j = fac.free[t]!;
          const pj = p[j]!;
          let ar = Infinity;
          if (pj > 0 && ub[j]! < Infinity) ar = (ub[j]! - x[j]!) / pj;
          else if (pj < 0 && lb[j]! > -Infinity) ar = (lb[j]! - x[j]!) / pj;
          if (ar <= alphaMax && better(Math.abs(pj), j)) {
            best = bland ? -j : Math.abs(pj);
            blockVar = j;
            alpha = ar;
          }
        }
        for (let r = 0; r < m; r++) {
          if (inW[r] || ignored[r]) continue;
          const s = rate[r]!;
          let ar = Infinity;
          if (s > rateTol && ru[r]! < Infinity) ar = (ru[r]! - act[r]!) / s;
          else if (s < -rateTol && rl[r]! > -Infinity) ar = (rl[r]! - act[r]!) / s;
          if (ar <= alphaMax && better(Math.abs(s), n + r)) {
            best = bland ? -(n + r) : Math.abs(s);
            blockRow = r;
            blockVar = -1;
            alpha = ar;
          }
        }
        alpha = Math.min(1, Math.max(0, alpha));
      }
      // the step: x, gradient (P p + ε p on the free variables), row activities
      if (alpha > 0) {
        for (let t = 0; t < fac.k; t++) {
          const j = fac.free[t]!;
          const aj = alpha * p[j]!;
          x[j] = x[j]! + aj;
          g[j] = g[j]! + eps * aj;
          if (j < nP && aj !== 0) {
            const o = j * nP;
            for (let i = 0; i < nP; i++) g[i] = g[i]! + P[o + i]! * aj;
          }
        }
        for (let r = 0; r < m; r++) act[r] = act[r]! + alpha * rate[r]!;
      }
      if (blockVar >= 0 || blockRow >= 0) {
        degenerate = alpha === 0 ? degenerate + 1 : 0;
        bland = degenerate > 30;
        if (blockVar >= 0) {
          const toUb = p[blockVar]! > 0;
          p[blockVar] = 0;
          x[blockVar] = toUb ? ub[blockVar]! : lb[blockVar]!;
          vstate[blockVar] = toUb ? AT_UB : AT_LB;
          if (!fac.removeVarAt(fac.pos[blockVar]!)) {
            for (const r of fac.refactorRows()) inW[r] = 0;
          }
          ignored.fill(0);
        } else if (fac.addRow(blockRow, 1e-14)) {
          inW[blockRow] = 1;
          side[blockRow] = rl[blockRow] === ru[blockRow] ? 0 : rate[blockRow]! > 0 ? 1 : -1;
          ignored.fill(0);
        } else ignored[blockRow] = 1; // numerically dependent: holds while W does
        if (stopHere()) return result('stopped');
        continue;
      }
      degenerate = 0;
      bland = false;
      if (stopHere()) return result('stopped');
      // full step: the working-set subproblem is solved and lamW holds its multipliers
      if (!price()) break;
    }
    // the proximal round is solved: converged when the move ε‖x − c‖ is negligible
    let dmax = 0;
    let cmax = 0;
    for (let j = 0; j < n; j++) {
      dmax = Math.max(dmax, Math.abs(x[j]! - center[j]!));
      cmax = Math.max(cmax, Math.abs(center[j]!));
    }
    if (!Number.isFinite(dmax))
      throw new Error('QP solver: numerical breakdown (non-finite iterate)');
    residual = eps * dmax;
    if (residual <= 1e-3 * optTol) return result('optimal');
    if (dmax > 1e3 * (1 + cmax) && isRecessionDescent(prob, x, center, feasTol))
      return result('unbounded');
    if (cmax + dmax > 1e12) return result('unbounded');
  }
  return result(residual <= optTol ? 'optimal' : 'max-iterations');
}

/**
 * True when d = x − c is (numerically) a direction of unboundedness from c: no curvature,
 * descent for the objective, and no constraint ever stops it.
 */
function isRecessionDescent(
  prob: CoreProblem,
  x: Float64Array,
  c: Float64Array,
  tol: number,
): boolean {
  const { n, nP, P, q, lb, ub, m, A, rl, ru } = prob;
  const d = new Float64Array(n);
  let dn = 0;
  for (let j = 0; j < n; j++) {
    d[j] = x[j]! - c[j]!;
    dn = Math.max(dn, Math.abs(d[j]!));
  }
  if (!(dn > 0)) return false;
  for (let j = 0; j < n; j++) d[j] = d[j]! / dn;
  const t = Math.max(1e-6, tol);
  for (let j = 0; j < n; j++) {
    if (lb[j]! > -Infinity && d[j]! < -t) return false;
    if (ub[j]! < Infinity && d[j]! > t) return false;
  }
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[r * n + j]! * d[j]!;
    if (ru[r]! < Infinity && s > t) return false;
    if (rl[r]! > -Infinity && s < -t) return false;
  }
  let curv = 0;
  let slope = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (i < nP) for (let j = 0; j < nP; j++) s += P[i * nP + j]! * d[j]!;
    curv += s * d[i]!;
    let gi = q[i]!;
    if (i < nP) for (let j = 0; j < nP; j++) gi += P[i * nP + j]! * c[j]!;
    slope += gi * d[i]!;
  }
  return curv <= 1e-9 && slope < 0;
}
