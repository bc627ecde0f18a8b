// Dense convex quadratic programming:
//   minimise ½xᵀPx + qᵀx  s.t.  lb <= x <= ub,  Aeq x = beq,  Ain x <= bin
// with P symmetric positive semidefinite (singular allowed). Two phases of the same active-set
// method (qp-core.ts): phase 1 minimises the sum of elastic violations from the start point
// (a linear program, which proves infeasibility when its optimum stays positive), phase 2
// minimises the objective from the feasible point found. Rows are scaled to max |a_ij| = 1 and
// the objective to max P_ii = 1 so that the tolerances mean the same on every problem.
import type { Matrix } from '../linalg/matrix';
import { type CoreProblem, type CoreResult, activeSet } from './qp-core';
import { IndefiniteError } from './qp-factor';

export interface QpProblem {
  /**
   * Quadratic term, symmetric positive semidefinite. It may be smaller than the number of
   * variables: an r × r P covers the first r variables, the others have no curvature.
   */
  P: Matrix;
  q: ArrayLike<number>;
  /** Variable bounds (default -Infinity / +Infinity). */
  lb?: ArrayLike<number>;
  ub?: ArrayLike<number>;
  Aeq?: Matrix;
  beq?: ArrayLike<number>;
  Ain?: Matrix;
  bin?: ArrayLike<number>;
}

export interface QpOptions {
  /** Start point (e.g. a neighbouring solution); clamped into the bounds. */
  x0?: ArrayLike<number>;
  /** Active-set iterations over both phases (default 20·(n + rows) + 500). */
  maxIterations?: number;
  /** Wall-clock budget; needs `now` (the engine reads no clock itself). */
  timeLimitMs?: number;
  now?: () => number;
  /** Feasibility and optimality tolerance in scaled units (default 1e-9). */
  tolerance?: number;
}

export type QpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'max-iterations';

export interface QpResult {
  status: QpStatus;
  /** The solution; for 'infeasible' the point of least total violation phase 1 reached. */
  x: Float64Array;
  objective: number;
  /** Multipliers, with Px + q + Aeqᵀy + Ainᵀz − muLower + muUpper = 0 at the optimum. */
  y: Float64Array;
  z: Float64Array;
  muLower: Float64Array;
  muUpper: Float64Array;
  iterations: number;
  /** For 'infeasible': the rows still violated at the point phase 1 stopped. */
  violated?: { eq: number[]; in: number[] };
  message: string;
}

interface RowMap {
  kind: 'eq' | 'in';
  index: number;
  scale: number;
}

/** Solves the QP; bad input (shapes, non-finite numbers, asymmetric or indefinite P) throws. */
export function solveQp(problem: QpProblem, options: QpOptions = {}): QpResult {
  const n = problem.q.length;
  if (!(n > 0)) throw new RangeError('QP: no variables (q is empty)');
  const { nP, P, scale: objScale } = checkedP(problem.P, n);
  const q = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = problem.q[j]!;
    if (!Number.isFinite(v)) throw new RangeError(`QP: q[${j}] is ${v}`);
    q[j] = v * objScale;
  }
  const lb = bounds(problem.lb, n, -Infinity, 'lb');
  const ub = bounds(problem.ub, n, Infinity, 'ub');
  const tol = options.tolerance ?? 1e-9;
  if (!(tol > 0 && tol < 1e-2)) throw new RangeError(`QP: tolerance ${tol} must be in (0, 0.01)`);

  const empty = (): QpResult => ({
    status: 'infeasible',
    x: new Float64Array(n),
    objective: 0,
    y: new Float64Array(problem.beq?.length ?? 0),
    z: new Float64Array(problem.bin?.length ?? 0),
    muLower: new Float64Array(n),
    muUpper: new Float64Array(n),
    iterations: 0,
    message: '',
  });
  for (let j = 0; j < n; j++)
    if (lb[j]! > ub[j]!) {
      const r = empty();
      r.x = clampInto(new Float64Array(n), lb, ub);
      r.objective = qpObjective(problem, r.x);
      r.violated = { eq: [], in: [] };
      r.message = `variable ${j}: lower bound ${lb[j]} is above upper bound ${ub[j]}`;
      return r;
    }

  // rows, each scaled to max |a_ij| = 1; empty rows are checked and left out
  const rowsA: Float64Array[] = [];
  const rl: number[] = [];
  const ru: number[] = [];
  const map: RowMap[] = [];
  const badRows: { eq: number[]; in: number[] } = { eq: [], in: [] };
  const addBlock = (kind: 'eq' | 'in', A: Matrix | undefined, b: ArrayLike<number> | undefined) => {
    const rows = A?.rows ?? 0;
    if ((b?.length ?? 0) !== rows)
      throw new RangeError(
        `QP: ${kind === 'eq' ? 'Aeq' : 'Ain'} has ${rows} rows but ${b?.length ?? 0} right-hand sides`,
      );
    if (!A || rows === 0) return;
    if (A.cols !== n || A.data.length !== rows * n)
      throw new RangeError(
        `QP: ${kind === 'eq' ? 'Aeq' : 'Ain'} is ${A.rows} x ${A.cols}, expected ${n} columns`,
      );
    for (let i = 0; i < rows; i++) {
      let amax = 0;
      for (let j = 0; j < n; j++) {
        const a = A.data[i * n + j]!;
        if (!Number.isFinite(a))
          throw new RangeError(`QP: ${kind === 'eq' ? 'Aeq' : 'Ain'}[${i}][${j}] is ${a}`);
        amax = Math.max(amax, Math.abs(a));
      }
      const bi = b![i]!;
      if (!Number.isFinite(bi))
        throw new RangeError(`QP: ${kind === 'eq' ? 'beq' : 'bin'}[${i}] is ${bi}`);
      if (amax === 0) {
        if (kind === 'eq' ? Math.abs(bi) > tol : bi < -tol) badRows[kind].push(i);
        continue;
      }
      const row = new Float64Array(n);
      for (let j = 0; j < n; j++) row[j] = A.data[i * n + j]! / amax;
      rowsA.push(row);
      rl.push(kind === 'eq' ? bi / amax : -Infinity);
      ru.push(bi / amax);
      map.push({ kind, index: i, scale: amax });
    }
  };
  addBlock('eq', problem.Aeq, problem.beq);
  addBlock('in', problem.Ain, problem.bin);
  const m = rowsA.length;
  const A = new Float64Array(m * n);
  rowsA.forEach((r, i) => A.set(r, i * n));
  const core: CoreProblem = {
    n,
    nP,
    P,
    q,
    lb,
    ub,
    m,
    A,
    rl: Float64Array.from(rl),
    ru: Float64Array.from(ru),
  };
  if (badRows.eq.length || badRows.in.length) {
    const r = empty();
    r.x = clampInto(new Float64Array(n), lb, ub);
    r.objective = qpObjective(problem, r.x);
    r.violated = badRows;
    r.message = 'a constraint row has no coefficients but a right-hand side it cannot meet';
    return r;
  }

  let qmax = 0;
  for (let j = 0; j < n; j++) qmax = Math.max(qmax, Math.abs(q[j]!));
  const gradScale = Math.max(1, qmax);
  const maxIterations = options.maxIterations ?? 20 * (n + m) + 500;
  if (options.timeLimitMs !== undefined && !options.now)
    throw new RangeError('QP: timeLimitMs needs a clock: pass now (e.g. performance.now)');
  const now = options.now;
  const deadline =
    now && options.timeLimitMs !== undefined ? now() + options.timeLimitMs : Infinity;
  const outOfTime = now ? () => now() > deadline : undefined;

  const x0 = new Float64Array(n);
  if (options.x0) {
    if (options.x0.length !== n)
      throw new RangeError(`QP: x0 has ${options.x0.length} entries, expected ${n}`);
    for (let j = 0; j < n; j++) x0[j] = Number.isFinite(options.x0[j]!) ? options.x0[j]! : 0;
  }
  clampInto(x0, lb, ub);

  // phase 1: elastic variables for the rows x0 violates, minimise their sum
  const feasTol = tol;
  const phase1 = elasticPhase(core, x0, feasTol, maxIterations, outOfTime);
  let iterations = phase1.iterations;
  const finish = (
    status: QpStatus,
    r: CoreResult | null,
    x: Float64Array,
    message: string,
  ): QpResult => unscale(problem, status, x, r, map, objScale, iterations, message);
  if (phase1.status === 'max-iterations')
    return finish(
      'max-iterations',
      null,
      phase1.x,
      'stopped in phase 1 (finding a feasible point)',
    );
  if (phase1.status === 'infeasible') {
    const res = finish('infeasible', null, phase1.x, 'the constraints cannot all hold');
    res.violated = phase1.violated.reduce(
      (acc, r) => {
        acc[map[r]!.kind].push(map[r]!.index);
        return acc;
      },
      { eq: [] as number[], in: [] as number[] },
    );
    return res;
  }

  // phase 2: the objective, from the feasible point
  const eps = 1e-8 * (nP > 0 ? 1 : gradScale);
  let r2: CoreResult;
  try {
    r2 = activeSet(core, phase1.x, {
      eps,
      feasTol,
      optTol: tol * gradScale,
      maxIterations: Math.max(1, maxIterations - iterations),
      outOfTime,
    });
  } catch (e) {
    if (e instanceof IndefiniteError)
      throw new RangeError(`QP: ${e.message}; P must be positive semidefinite`);
    throw e;
  }
  iterations += r2.iterations;
  const status: QpStatus = r2.status === 'stopped' ? 'optimal' : r2.status;
  const message =
    status === 'optimal'
      ? 'optimal'
      : status === 'unbounded'
        ? 'the objective decreases without bound along a feasible direction'
        : 'stopped at the iteration or time limit; the point is feasible but may not be optimal';
  return finish(status, r2, r2.x, message);
}

/** ½xᵀPx + qᵀx in the caller's units. */
export function qpObjective(problem: QpProblem, x: ArrayLike<number>): number {
  const { P } = problem;
  const nP = P.rows;
  let f = 0;
  for (let i = 0; i < nP; i++) {
    let s = 0;
    for (let j = 0; j < nP; j++) s += P.data[i * nP + j]! * x[j]!;
    f += 0.5 * s * x[i]!;
  }
  for (let j = 0; j < problem.q.length; j++) f += problem.q[j]! * x[j]!;
  return f;
}

function checkedP(P: Matrix, n: number): { nP: number; P: Float64Array; scale: number } {
  const nP = P.rows;
  if (P.cols !== nP || nP > n || P.data.length !== nP * nP)
    throw new RangeError(`QP: P is ${P.rows} x ${P.cols}, expected square with at most ${n} rows`);
  let dmax = 0;
  for (let i = 0; i < nP; i++) {
    const d = P.data[i * nP + i]!;
    if (!Number.isFinite(d)) throw new RangeError(`QP: P[${i}][${i}] is ${d}`);
    dmax = Math.max(dmax, d);
  }
  for (let i = 0; i < nP; i++) {
    const d = P.data[i * nP + i]!;
    if (d < -1e-12 * dmax)
      throw new RangeError(`QP: P[${i}][${i}] = ${d} is negative; P must be positive semidefinite`);
    for (let j = 0; j < i; j++) {
      const a = P.data[i * nP + j]!;
      const b = P.data[j * nP + i]!;
      if (!Number.isFinite(a) || !Number.isFinite(b))
        throw new RangeError(`QP: P[${i}][${j}] is not finite`);
      if (Math.abs(a - b) > 1e-10 * Math.max(dmax, Math.abs(a)))
        throw new RangeError(`QP: P is not symmetric at [${i}][${j}] (${a} vs ${b})`);
    }
  }
  if (!(dmax > 0)) return { nP: 0, P: new Float64Array(0), scale: 1 };
  const scale = 1 / dmax;
  const out = new Float64Array(nP * nP);
  // symmetrised, so round-off asymmetry never reaches the factorisation
  for (let i = 0; i < nP; i++)
    for (let j = 0; j <= i; j++) {
      const v = 0.5 * (P.data[i * nP + j]! + P.data[j * nP + i]!) * scale;
      out[i * nP + j] = v;
      out[j * nP + i] = v;
    }
  return { nP, P: out, scale };
}

function bounds(
  v: ArrayLike<number> | undefined,
  n: number,
  dflt: number,
  name: string,
): Float64Array {
  const out = new Float64Array(n).fill(dflt);
  if (!v) return out;
  if (v.length !== n) throw new RangeError(`QP: ${name} has ${v.length} entries, expected ${n}`);
  for (let j = 0; j < n; j++) {
    const b = v[j]!;
    if (Number.isNaN(b) || b === -dflt) throw new RangeError(`QP: ${name}[${j}] is ${b}`);
    out[j] = b;
  }
  return out;
}

function clampInto(x: Float64Array, lb: Float64Array, ub: Float64Array): Float64Array {
  for (let j = 0; j < x.length; j++) x[j] = Math.min(ub[j]!, Math.max(lb[j]!, x[j]!));
  return x;
}

interface Phase1 {
  status: 'feasible' | 'infeasible' | 'max-iterations';
  x: Float64Array;
  violated: number[];
  iterations: number;
}

/**
 * Phase 1: for each row violated at x0 an elastic variable e >= 0 absorbs the violation
 * (a x − e <= ru or a x + e >= rl) and the LP min Σe is solved from x0; the rows satisfied at
 * x0 stay as they are. Stops as soon as every e is zero.
 */
function elasticPhase(
  core: CoreProblem,
  x0: Float64Array,
  tol: number,
  maxIterations: number,
  outOfTime?: () => boolean,
): Phase1 {
  const { n, m, A, rl, ru } = core;
  const act = new Float64Array(m);
  const viol: { r: number; sign: number; e: number }[] = [];
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[r * n + j]! * x0[j]!;
    act[r] = s;
    if (s > ru[r]! + tol * (1 + Math.abs(ru[r]!))) viol.push({ r, sign: -1, e: s - ru[r]! });
    else if (s < rl[r]! - tol * (1 + Math.abs(rl[r]!))) viol.push({ r, sign: 1, e: rl[r]! - s });
  }
  if (viol.length === 0) return { status: 'feasible', x: x0, violated: [], iterations: 0 };
  const nE = viol.length;
  const n1 = n + nE;
  const A1 = new Float64Array(m * n1);
  for (let r = 0; r < m; r++) A1.set(A.subarray(r * n, (r + 1) * n), r * n1);
  const q1 = new Float64Array(n1);
  const lb1 = new Float64Array(n1);
  const ub1 = new Float64Array(n1).fill(Infinity);
  lb1.set(core.lb);
  ub1.set(core.ub);
  const x1 = new Float64Array(n1);
  x1.set(x0);
  viol.forEach((v, k) => {
    A1[v.r * n1 + n + k] = v.sign;
    q1[n + k] = 1;
    x1[n + k] = v.e;
  });
  // anti-degeneracy: relax every inequality side and finite bound by a deterministic
  // pseudo-random fraction of the tolerance, so that no vertex has more active constraints than
  // variables (allocation systems are full of those: |w| and turnover rows all tight at w = 0)
  const rl1 = Float64Array.from(rl);
  const ru1 = Float64Array.from(ru);
  for (let r = 0; r < m; r++) {
    if (rl[r] === ru[r]) continue;
    if (ru[r]! < Infinity) ru1[r] = ru[r]! + jitter(r, tol) * (1 + Math.abs(ru[r]!));
    if (rl[r]! > -Infinity) rl1[r] = rl[r]! - jitter(r + m, tol) * (1 + Math.abs(rl[r]!));
  }
  for (let j = 0; j < n; j++) {
    if (lb1[j] === ub1[j]) continue;
    if (lb1[j]! > -Infinity) lb1[j] = lb1[j]! - jitter(2 * m + j, tol) * (1 + Math.abs(lb1[j]!));
    if (ub1[j]! < Infinity) ub1[j] = ub1[j]! + jitter(2 * m + n + j, tol) * (1 + Math.abs(ub1[j]!));
  }
  const res = activeSet(
    { n: n1, nP: 0, P: new Float64Array(0), q: q1, lb: lb1, ub: ub1, m, A: A1, rl: rl1, ru: ru1 },
    x1,
    { eps: 1e-8, feasTol: tol, optTol: tol, maxIterations, outOfTime, stopWhenZeroFrom: n },
  );
  const x = res.x.slice(0, n);
  if (res.status === 'stopped')
    return { status: 'feasible', x, violated: [], iterations: res.iterations };
  if (res.status === 'max-iterations')
    return { status: 'max-iterations', x, violated: [], iterations: res.iterations };
  // optimal (or unbounded, impossible for a sum of non-negative terms): infeasible if any e > 0
  const violated: number[] = [];
  viol.forEach((v, k) => {
    if (res.x[n + k]! > 10 * tol * (1 + Math.abs(v.sign > 0 ? rl[v.r]! : ru[v.r]!)))
      violated.push(v.r);
  });
  if (violated.length === 0) return { status: 'feasible', x, violated, iterations: res.iterations };
  return { status: 'infeasible', x, violated, iterations: res.iterations };
}

/** A fixed pseudo-random value in [0.001, 0.005]·tol for index i (splitmix-style hash). */
function jitter(i: number, tol: number): number {
  let z = (i + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return (0.001 + 0.004 * (z / 4294967296)) * tol;
}

function unscale(
  problem: QpProblem,
  status: QpStatus,
  x: Float64Array,
  r: CoreResult | null,
  map: RowMap[],
  objScale: number,
  iterations: number,
  message: string,
): QpResult {
  const n = x.length;
  const y = new Float64Array(problem.beq?.length ?? 0);
  const z = new Float64Array(problem.bin?.length ?? 0);
  const muLower = new Float64Array(n);
  const muUpper = new Float64Array(n);
  if (r) {
    map.forEach((mp, i) => {
      const v = r.lam[i]! / (mp.scale * objScale);
      if (mp.kind === 'eq') y[mp.index] = v;
      else z[mp.index] = v;
    });
    const lb = problem.lb;
    const ub = problem.ub;
    for (let j = 0; j < n; j++) {
      const mu = r.mu[j]! / objScale;
      if (mu === 0) continue;
      const atLb = lb !== undefined && x[j] === lb[j];
      const atUb = ub !== undefined && x[j] === ub[j];
      if (atLb && (!atUb || mu > 0)) muLower[j] = mu;
      else if (atUb) muUpper[j] = -mu;
    }
  }
  return {
    status,
    x,
    objective: qpObjective(problem, x),
    y,
    z,
    muLower,
    muUpper,
    iterations,
    message,
  };
}
