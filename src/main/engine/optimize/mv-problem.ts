// Plumbing shared by the mean-variance objectives (mean-variance.ts, frontier.ts): input checks,
// the QP over a compiled LinearSystem, dispatch to branch and bound when the constraints ask for
// a cardinality limit or a minimum position, and the AllocationResult / Infeasibility they return.
import type { Matrix } from '../linalg/matrix';
import { type BranchAndBoundOptions, branchAndBound } from './cardinality';
import { compileConstraints, percentLabel as pct } from './compile';
import {
  type Formulation,
  homogenisedQuadratic,
  mapLinear,
  mapQuadratic,
  splitForm,
  standardForm,
  weightsFrom,
} from './formulation';
import { homogenise } from './homogenise';
import { type QpOptions, type QpProblem, type QpResult, type QpStatus, solveQp } from './qp';
import type { AllocationConstraints, AllocationResult, Infeasibility, LinearSystem } from './types';

export interface MeanVarianceOptions {
  /** Asset names for constraint labels and notes (default "asset 1", "asset 2"…). */
  assetNames?: string[];
  /** Annual risk-free rate: the Sharpe ratios reported, and max Sharpe's hurdle (default 0). */
  riskFree?: number;
  /**
   * Names the constraints in conflict when they cannot all hold (infeasibility.ts, with HiGHS).
   * Without it every constraint is listed.
   */
  diagnose?: (sys: LinearSystem) => string[];
  /** Solver limits for each QP (iterations; time with an injected clock). */
  solver?: Pick<QpOptions, 'maxIterations' | 'timeLimitMs' | 'now'>;
  /** Limits of the branch and bound behind maxAssets / minPosition. */
  branchAndBound?: BranchAndBoundOptions;
  /** Called with every QP solved on the way (tests check each one's KKT conditions). */
  onSolve?: (problem: QpProblem, result: QpResult) => void;
}

export type MvOutcome = AllocationResult | Infeasibility;

/** Whether an optimiser's answer is the typed infeasibility rather than a result. */
export const isInfeasible = <T extends object>(r: T | Infeasibility): r is Infeasibility =>
  'kind' in r && r.kind === 'infeasible';

/** Everything an objective needs: checked inputs and the compiled constraints. */
export interface MvContext {
  n: number;
  mu: Float64Array;
  cov: Matrix;
  names: string[];
  riskFree: number;
  l2: number;
  constraints: AllocationConstraints;
  /** The compiled constraints (what an infeasibility is diagnosed on). */
  sys: LinearSystem;
  /** How the QPs are posed (formulation.ts): the compiled system or its split form. */
  form: Formulation;
  options: MeanVarianceOptions;
}

export function prepare(
  where: string,
  mu: ArrayLike<number>,
  cov: Matrix,
  constraints: AllocationConstraints,
  options: MeanVarianceOptions,
): MvContext {
  const n = mu.length;
  if (n < 1) throw new RangeError(`${where}: no assets (mu is empty)`);
  const names = options.assetNames ?? Array.from({ length: n }, (_, i) => `asset ${i + 1}`);
  if (names.length !== n)
    throw new RangeError(`${where}: ${names.length} asset names for ${n} assets`);
  if (cov.rows !== n || cov.cols !== n || cov.data.length !== n * n)
    throw new RangeError(`${where}: covariance is ${cov.rows} x ${cov.cols}, expected ${n} x ${n}`);
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = mu[i]!;
    if (!Number.isFinite(v))
      throw new RangeError(`${where}: expected return of ${names[i]} is ${v}`);
    m[i] = v;
  }
  for (let i = 0; i < n; i++) {
    const vi = cov.data[i * n + i]!;
    if (!(Number.isFinite(vi) && vi >= 0))
      throw new RangeError(`${where}: variance of ${names[i]} is ${vi} (must be finite and >= 0)`);
    for (let j = 0; j < i; j++) {
      const a = cov.data[i * n + j]!;
      const b = cov.data[j * n + i]!;
      if (!Number.isFinite(a) || !Number.isFinite(b))
        throw new RangeError(`${where}: covariance of ${names[i]} and ${names[j]} is not finite`);
      if (Math.abs(a - b) > 1e-10 * (Math.sqrt(vi * cov.data[j * n + j]!) + Math.abs(a)))
        throw new RangeError(
          `${where}: covariance is not symmetric at ${names[i]} / ${names[j]} (${a} vs ${b})`,
        );
    }
  }
  const riskFree = options.riskFree ?? 0;
  if (!Number.isFinite(riskFree)) throw new RangeError(`${where}: risk-free rate is ${riskFree}`);
  const l2 = constraints.l2 ?? 0;
  if (!(Number.isFinite(l2) && l2 >= 0))
    throw new RangeError(`${where}: l2 regularisation is ${l2}`);
  const sys = compileConstraints(constraints, n, names);
  const limits = constraints.maxAssets !== undefined || constraints.minPosition !== undefined;
  const form = (!limits && splitForm(sys, constraints)) || standardForm(sys, constraints);
  return { n, mu: m, cov, names, riskFree, l2, constraints, sys, form, options };
}

/** P = s·Σ + 2γI over the first n variables (½xᵀPx = (s/2)·wᵀΣw + γ‖w‖²). */
export function riskMatrix(ctx: MvContext, s: number): Matrix {
  const { n, cov, l2 } = ctx;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) data[i] = s * cov.data[i]!;
  for (let i = 0; i < n; i++) data[i * n + i] = data[i * n + i]! + 2 * l2;
  return { rows: n, cols: n, data };
}

/** A QP over a formulation's variables, with the labels of its rows and bounds alongside. */
export interface LabelledQp {
  problem: QpProblem;
  /** The constraints as solved (labels of rows and bounds). */
  sys: LinearSystem;
  form: Formulation;
  /** The scale variable of a homogenised problem (weights from y / y[scaleVar]). */
  scaleVar?: number;
}

/**
 * The QP min ½wᵀPw + qᵀw (P over the weights; 0 × 0 for a linear objective) posed over the
 * formulation's variables and constraints `sys` (the formulation's own, or a copy with rows added).
 */
export function qpOver(
  form: Formulation,
  P: Matrix,
  q: ArrayLike<number>,
  sys: LinearSystem = form.sys,
): LabelledQp {
  const mapped = mapQuadratic(form, P, q);
  return {
    problem: {
      P: mapped.P,
      q: padded(mapped.q, sys.nVars),
      lb: sys.lb,
      ub: sys.ub,
      Aeq: sys.Aeq,
      beq: sys.beq,
      Ain: sys.Ain,
      bin: sys.bin,
    },
    sys,
    form,
  };
}

const padded = (v: Float64Array, N: number) => {
  if (v.length === N) return v;
  const out = new Float64Array(N);
  out.set(v.subarray(0, Math.min(N, v.length)));
  return out;
};

/**
 * The Charnes-Cooper QP of a ratio dᵀw / sqrt(wᵀΣw) (homogenise.ts) over the formulation:
 * min (κc + Dy)ᵀΣ(κc + Dy) (+ γ‖κc + Dy‖²) s.t. dᵀ(κc + Dy) = 1 and the homogenised constraints.
 */
export function homogenisedQp(ctx: MvContext, d: Float64Array, label: string): LabelledQp {
  const { form } = ctx;
  const { coefs, constant } = mapLinear(form, d);
  const h = homogenise(form.sys, coefs, label, constant);
  const P = homogenisedQuadratic(form, riskMatrix(ctx, 2));
  return {
    problem: {
      P,
      q: new Float64Array(h.nVars),
      lb: h.lb,
      ub: h.ub,
      Aeq: h.Aeq,
      beq: h.beq,
      Ain: h.Ain,
      bin: h.bin,
    },
    sys: h,
    form,
    scaleVar: h.kappa,
  };
}

/** The system with one more inequality row (coefficients over the first n variables). */
export function withRow(
  sys: LinearSystem,
  coefs: Float64Array,
  rhs: number,
  label: string,
): LinearSystem {
  const N = sys.nVars;
  const rows = sys.Ain.rows + 1;
  const data = new Float64Array(rows * N);
  data.set(sys.Ain.data);
  data.set(coefs, (rows - 1) * N);
  return {
    ...sys,
    Ain: { rows, cols: N, data },
    bin: Float64Array.from([...sys.bin, rhs]),
    inLabels: [...sys.inLabels, label],
  };
}

export interface MvSolve {
  status: QpStatus;
  x: Float64Array;
  qp?: QpResult;
  optimality?: { proven: boolean; gap: number; nodes: number };
}

/** Solves the QP, through branch and bound when maxAssets / minPosition are set. */
export function solveMv(ctx: MvContext, lq: LabelledQp, x0?: Float64Array): MvSolve {
  const { maxAssets, minPosition } = ctx.constraints;
  const start = x0 ?? (lq.scaleVar === undefined ? lq.form.x0 : undefined);
  const opts: QpOptions = { ...ctx.options.solver, x0: start };
  if (maxAssets === undefined && minPosition === undefined) {
    const r = solveQp(lq.problem, opts);
    ctx.options.onSolve?.(lq.problem, r);
    return { status: r.status, x: r.x, qp: r };
  }
  const bb = branchAndBound(
    {
      problem: lq.problem,
      n: ctx.n,
      scaleVar: lq.scaleVar,
      maxAssets,
      minPosition,
      names: ctx.names,
    },
    { ...ctx.options.branchAndBound, qp: opts, onSolve: ctx.options.onSolve },
  );
  return {
    status: bb.status,
    x: bb.x,
    qp: bb.qp,
    optimality: { proven: bb.proven, gap: bb.gap, nodes: bb.nodes },
  };
}

/**
 * The constraints holding the solution back: rows with a non-zero multiplier (budget aside), and
 * assets at their upper bound or at a non-zero lower bound (judged on the weights, since the
 * split and homogenised forms turn bounds into other rows and bounds).
 */
export function bindingLabels(
  ctx: MvContext,
  lq: LabelledQp,
  r: QpResult,
  w: Float64Array,
): string[] {
  const out = new Set<string>();
  let scale = 0;
  for (const v of [...r.z, ...r.muLower, ...r.muUpper, ...r.y])
    scale = Math.max(scale, Math.abs(v));
  const tol = 1e-7 * Math.max(scale, 1e-12);
  const boundLabels = new Set(ctx.sys.boundLabels);
  r.z.forEach((v, k) => {
    const l = lq.sys.inLabels[k];
    if (v > tol && l && !boundLabels.has(l)) out.add(l);
  });
  for (let i = 0; i < ctx.n; i++) {
    const lo = ctx.sys.lb[i]!;
    const hi = ctx.sys.ub[i]!;
    if (
      w[i]! >= hi - 1e-9 * (1 + Math.abs(hi)) ||
      (lo !== 0 && w[i]! <= lo + 1e-9 * (1 + Math.abs(lo)))
    )
      out.add(ctx.sys.boundLabels[i]!);
  }
  return [...out];
}

/** The AllocationResult for weights w: return, volatility, Sharpe and the notes. */
export function allocation(
  ctx: MvContext,
  w: Float64Array,
  notes: string[],
  extra: Partial<AllocationResult> = {},
): AllocationResult {
  const { expectedReturn, volatility } = stats(ctx, w);
  const sharpe = volatility > 0 ? (expectedReturn - ctx.riskFree) / volatility : 0;
  return { weights: w, expectedReturn, volatility, sharpe, notes, ...extra };
}

export function stats(
  ctx: MvContext,
  w: ArrayLike<number>,
): { expectedReturn: number; volatility: number } {
  const { n, mu, cov } = ctx;
  let r = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    r += mu[i]! * w[i]!;
    let s = 0;
    for (let j = 0; j < n; j++) s += cov.data[i * n + j]! * w[j]!;
    v += w[i]! * s;
  }
  return { expectedReturn: r, volatility: Math.sqrt(Math.max(0, v)) };
}

/** Notes every successful solve carries: binding constraints, solver or search limits. */
export function solveNotes(ctx: MvContext, lq: LabelledQp, s: MvSolve, w: Float64Array): string[] {
  const notes: string[] = [];
  if (s.qp && s.status === 'optimal') {
    const binding = bindingLabels(ctx, lq, s.qp, w);
    if (binding.length) notes.push(`at their limits: ${binding.join('; ')}`);
  }
  if (s.status === 'max-iterations')
    notes.push(
      'the solver stopped at its iteration or time limit: these weights are feasible but may not be optimal',
    );
  if (s.optimality && !s.optimality.proven)
    notes.push(
      `the search over asset subsets stopped after ${s.optimality.nodes} nodes: the best portfolio found is within ${pct(s.optimality.gap)} of the optimum`,
    );
  return notes;
}

/** The typed infeasibility: the conflicting constraints from `diagnose`, or all of them. */
export function infeasible(ctx: MvContext, sys: LinearSystem = ctx.sys): Infeasibility {
  if (ctx.options.diagnose) {
    const conflicting = ctx.options.diagnose(sys);
    return {
      kind: 'infeasible',
      conflicting,
      message: `These constraints cannot all hold: ${conflicting.join('; ')}. Loosen one of them.`,
    };
  }
  const labels = [
    ...new Set([...sys.boundLabels, ...sys.eqLabels, ...sys.inLabels].filter((l) => l)),
  ];
  return {
    kind: 'infeasible',
    conflicting: labels,
    message: `The constraints cannot all hold (which of them conflict was not analysed): ${labels.join('; ')}.`,
  };
}

/** The weights of a solution: through the formulation, and y / κ for a homogenised one. */
export function weightsOf(lq: LabelledQp, x: Float64Array): Float64Array {
  if (lq.scaleVar === undefined) return weightsFrom(lq.form, x);
  const k = x[lq.scaleVar]!;
  if (!(k > 1e-14))
    throw new Error('the homogenised solve returned a zero scale: the ratio has no maximum');
  return weightsFrom(lq.form, x, k);
}
