// Explaining an infeasible constraint set: which of the user's constraints conflict. A deletion
// filter over label groups (Chinneck & Dravnieks 1991, "Locating minimal infeasible constraint
// sets in linear programs"): drop one group, re-solve; if the rest is still infeasible the group
// stays out, otherwise it is part of the conflict. What remains is an irreducible infeasible
// subset (IIS) at the level of the user's constraints: every group in it is needed.
import { type SolveOptions, type LpSolver, solveLp } from './highs-model';
import { type LpModel, lpFromLinearSystem, validateLinearSystem } from './lp-model';
import type { Infeasibility, LinearSystem } from './types';

export interface DiagnoseOptions {
  /** Most solves the filter may spend (default 200); past it the list may not be minimal. */
  maxSolves?: number;
  /** Time limit for each feasibility solve. */
  timeLimitSeconds?: number;
}

/** true = feasible, false = infeasible, undefined = the solver could not tell (limit, error). */
export type FeasibilityOracle = (dropped: ReadonlySet<string>) => boolean | undefined;

export interface FilterResult {
  /** The groups found in conflict, in the order given. */
  conflicting: string[];
  /** false when the solve budget ran out or a solve was inconclusive: the list may be too long. */
  irreducible: boolean;
}

/**
 * Deletion filter: `isFeasible(dropped)` answers for the model without the dropped groups. The
 * model with nothing dropped must be infeasible. Uses at most maxSolves calls.
 */
export function deletionFilter(
  labels: readonly string[],
  isFeasible: FeasibilityOracle,
  maxSolves = 200,
): FilterResult {
  const dropped = new Set<string>();
  const conflicting: string[] = [];
  let irreducible = true;
  let solves = 0;
  for (const label of labels) {
    if (solves >= maxSolves) {
      conflicting.push(label); // untested: kept, so the list still holds a conflict
      irreducible = false;
      continue;
    }
    dropped.add(label);
    solves++;
    const feasible = isFeasible(dropped);
    if (feasible === false) continue; // still infeasible without it: not needed
    dropped.delete(label);
    conflicting.push(label);
    if (feasible === undefined) irreducible = false;
  }
  return { conflicting, irreducible };
}

/**
 * Distinct non-empty labels of a system's bounds and rows, in order of first appearance: bounds
 * first. The filter tries to drop groups in this order, so when several conflicts exist it
 * prefers one told in rows (budget, groups, turnover) over per-asset bounds.
 */
export function systemLabels(sys: LinearSystem): string[] {
  const seen = new Set<string>();
  for (const l of [...sys.boundLabels, ...sys.eqLabels, ...sys.inLabels]) if (l) seen.add(l);
  return [...seen];
}

/** The system without the dropped groups: their rows removed, their variables' bounds freed. */
export function relaxSystem(sys: LinearSystem, dropped: ReadonlySet<string>): LinearSystem {
  const lb = Float64Array.from(sys.lb);
  const ub = Float64Array.from(sys.ub);
  for (let j = 0; j < sys.nVars; j++)
    if (dropped.has(sys.boundLabels[j]!)) {
      lb[j] = -Infinity;
      ub[j] = Infinity;
    }
  const keepRows = (A: LinearSystem['Aeq'], b: Float64Array, labels: string[]) => {
    const rows = labels.flatMap((l, r) => (dropped.has(l) ? [] : [r]));
    const data = new Float64Array(rows.length * A.cols);
    rows.forEach((r, k) => data.set(A.data.subarray(r * A.cols, (r + 1) * A.cols), k * A.cols));
    return {
      A: { rows: rows.length, cols: A.cols, data },
      b: Float64Array.from(rows, (r) => b[r]!),
      labels: rows.map((r) => labels[r]!),
    };
  };
  const eq = keepRows(sys.Aeq, sys.beq, sys.eqLabels);
  const ineq = keepRows(sys.Ain, sys.bin, sys.inLabels);
  return {
    ...sys,
    lb,
    ub,
    Aeq: eq.A,
    beq: eq.b,
    eqLabels: eq.labels,
    Ain: ineq.A,
    bin: ineq.b,
    inLabels: ineq.labels,
  };
}

/** The user-facing sentence for a conflict. */
export function infeasibilityMessage(conflicting: readonly string[], irreducible = true): string {
  if (conflicting.length === 0)
    return 'These constraints cannot all hold, and no named constraint explains why: the problem is inconsistent in its own structure.';
  const head =
    conflicting.length === 1
      ? `This constraint cannot hold: ${conflicting[0]}. Loosen it.`
      : `These constraints cannot all hold: ${conflicting.join('; ')}. Loosen one of them.`;
  return irreducible
    ? head
    : `${head} (The check stopped early: the list may include constraints that are not part of the conflict.)`;
}

/**
 * Checks feasibility with `solve(dropped)` and, when infeasible, names the smallest set of
 * label groups in conflict. Throws if even the full model's feasibility cannot be decided.
 */
export function diagnoseWith(
  labels: readonly string[],
  isFeasible: FeasibilityOracle,
  opts: DiagnoseOptions = {},
): Infeasibility | null {
  const full = isFeasible(new Set());
  if (full === true) return null;
  if (full === undefined)
    throw new Error(
      'could not decide whether the constraints can all hold (the solver stopped without an answer)',
    );
  const { conflicting, irreducible } = deletionFilter(
    labels,
    isFeasible,
    (opts.maxSolves ?? 200) - 1,
  );
  return {
    kind: 'infeasible',
    conflicting,
    message: infeasibilityMessage(conflicting, irreducible),
  };
}

/** Feasible / infeasible / unknown from one zero-objective solve. */
export function feasibility(
  solver: LpSolver,
  lp: LpModel,
  opts: SolveOptions = {},
): boolean | undefined {
  const r = solveLp(solver, lp, opts);
  if (r.status === 'optimal' || r.x) return true;
  // with a zero objective nothing is unbounded, so "infeasible or unbounded" is infeasible
  if (r.status === 'infeasible' || r.status === 'infeasible-or-unbounded') return false;
  return undefined;
}

/**
 * Whether the compiled constraints can all hold; if not, the irreducible set of the user's
 * constraints in conflict (rows and variable bounds, grouped by label), e.g. "budget: weights sum
 * to 1", "group Stablecoins >= 30%", "group DeFi >= 80%". Rows and bounds with an empty label are
 * structure: always kept, never reported.
 */
export function diagnoseInfeasible(
  sys: LinearSystem,
  solver: LpSolver,
  opts: DiagnoseOptions = {},
): Infeasibility | null {
  validateLinearSystem(sys);
  const solveOpts = { timeLimitSeconds: opts.timeLimitSeconds };
  return diagnoseWith(
    systemLabels(sys),
    (dropped) => feasibility(solver, lpFromLinearSystem(relaxSystem(sys, dropped)), solveOpts),
    opts,
  );
}
