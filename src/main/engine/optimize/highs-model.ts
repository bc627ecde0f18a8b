// Solving an LpModel with HiGHS, through a solver object the caller passes in: the engine stays
// pure (src/main/solvers/highs.ts loads the wasm and hands it over). Writes the model as LP text
// (lp-text.ts), maps HiGHS's status strings to a typed outcome and reads the values back.
import type { LpModel } from './lp-model';
import { lpText, varName } from './lp-text';

export type HighsOptionValue = string | number | boolean;

/** The part of a HiGHS solution this module reads (highs-js `solve()` returns a superset). */
export interface HighsSolutionLike {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Index: number; Primal?: number }>;
}

/** What the engine needs from HiGHS: highs-js's one-shot `solve(lpText, options)`. */
export interface LpSolver {
  solve(lp: string, options?: Readonly<Record<string, HighsOptionValue>>): HighsSolutionLike;
}

export interface SolveOptions {
  /** Wall-clock limit in seconds; a feasible solution found by then comes back as 'time-limit'. */
  timeLimitSeconds?: number;
  /** Relative gap at which branch-and-bound stops (HiGHS default 1e-4). */
  mipRelGap?: number;
}

export type LpStatus =
  | 'optimal'
  | 'infeasible'
  | 'unbounded'
  | 'infeasible-or-unbounded'
  | 'time-limit'
  | 'iteration-limit'
  | 'error';

export interface LpResult {
  status: LpStatus;
  /** HiGHS's own words, e.g. "Time limit reached", or the error it threw. */
  detail: string;
  /** Present for 'optimal', and for the limits when HiGHS stopped with a feasible point. */
  objective?: number;
  x?: Float64Array;
}

/** Feasibility tolerance for accepting a point HiGHS returns after hitting a limit. */
const FEAS_TOL = 1e-6;

/** HiGHS options: silent, plus the caller's limits. */
export function highsOptions(o: SolveOptions = {}): Record<string, HighsOptionValue> {
  const out: Record<string, HighsOptionValue> = { output_flag: false };
  if (o.timeLimitSeconds !== undefined) {
    if (!(o.timeLimitSeconds > 0))
      throw new RangeError(`time limit must be > 0 s, got ${o.timeLimitSeconds}`);
    out.time_limit = o.timeLimitSeconds;
  }
  if (o.mipRelGap !== undefined) {
    if (!(o.mipRelGap >= 0))
      throw new RangeError(`MIP relative gap must be >= 0, got ${o.mipRelGap}`);
    out.mip_rel_gap = o.mipRelGap;
  }
  return out;
}

const STATUS: Record<string, LpStatus> = {
  Optimal: 'optimal',
  Infeasible: 'infeasible',
  Unbounded: 'unbounded',
  'Primal infeasible or unbounded': 'infeasible-or-unbounded',
  'Time limit reached': 'time-limit',
  'Iteration limit reached': 'iteration-limit',
};

/** Variable values x0..x(nVars-1) from the solution, or undefined if any is missing. */
function readColumns(nVars: number, sol: HighsSolutionLike): Float64Array | undefined {
  const x = new Float64Array(nVars);
  for (let j = 0; j < nVars; j++) {
    const v = sol.Columns[varName(j)]?.Primal;
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    x[j] = v;
  }
  return x;
}

/** Largest violation of bounds, rows and integrality by x (0 when x is feasible). */
export function maxViolation(lp: LpModel, x: ArrayLike<number>): number {
  let worst = 0;
  for (let j = 0; j < lp.cost.length; j++) {
    const v = x[j]!;
    worst = Math.max(worst, lp.lb[j]! - v, v - lp.ub[j]!);
    if (lp.integer[j]) worst = Math.max(worst, Math.abs(v - Math.round(v)));
  }
  for (let r = 0; r < lp.rowLo.length; r++) {
    let s = 0;
    for (let p = lp.rowStart[r]!; p < lp.rowStart[r + 1]!; p++)
      s += lp.rowValue[p]! * x[lp.rowIndex[p]!]!;
    worst = Math.max(worst, lp.rowLo[r]! - s, s - lp.rowHi[r]!);
  }
  return worst;
}

/** Maps a HiGHS solution for `lp` to a typed result; limit statuses keep x only if it is feasible. */
export function parseHighsSolution(lp: LpModel, sol: HighsSolutionLike): LpResult {
  const status = STATUS[sol.Status] ?? 'error';
  const detail = sol.Status;
  if (status === 'optimal') {
    const x = readColumns(lp.cost.length, sol);
    if (!x)
      return { status: 'error', detail: `HiGHS reported "${detail}" without variable values` };
    return { status, detail, objective: sol.ObjectiveValue, x };
  }
  if (status === 'time-limit' || status === 'iteration-limit') {
    const x = readColumns(lp.cost.length, sol);
    if (x && maxViolation(lp, x) <= FEAS_TOL)
      return { status, detail, objective: sol.ObjectiveValue, x };
    return { status, detail };
  }
  return { status, detail };
}

/** Writes, solves and reads back. Never throws for solver trouble: that is status 'error'. */
export function solveLp(solver: LpSolver, lp: LpModel, o: SolveOptions = {}): LpResult {
  const text = lpText(lp);
  const options = highsOptions(o);
  let sol: HighsSolutionLike;
  try {
    sol = solver.solve(text, options);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { status: 'error', detail: `HiGHS failed: ${msg.slice(0, 300)}` };
  }
  return parseHighsSolution(lp, sol);
}
