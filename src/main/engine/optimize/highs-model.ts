// Solving an LpModel with HiGHS, through a solver object the caller passes in: the engine stays
// pure (src/main/solvers/highs.ts loads the wasm and hands it over). Two ways in: CPLEX LP text
// (lp-text.ts; readable, what the tests pin down), or the same model as arrays when the solver
// offers it (no text to write and parse: ~2.5x faster on a 50 x 2,000 CVaR LP, where parsing
// the 2.8 MB of text is most of the work). HiGHS's status strings map to a typed outcome.
import type { LpModel } from './lp-model';
import { lpText, varName } from './lp-text';

export type HighsOptionValue = string | number | boolean;

/**
 * The part of a HiGHS solution this module reads: values by column name (highs-js `solve()`,
 * which returns a superset) or by column index (the array path).
 */
export interface HighsSolutionLike {
  /** HiGHS's model status in words: "Optimal", "Infeasible", "Time limit reached"… */
  Status: string;
  ObjectiveValue: number;
  Columns?: Record<string, { Index: number; Primal?: number }>;
  colValue?: ArrayLike<number>;
}

/** An LpModel as HiGHS's structured input: rows compressed (CSR), ±Infinity for no bound. */
export interface LpArrays {
  sense: 'minimize' | 'maximize';
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Row r holds entries starts[r]..starts[r+1]-1 (numRows + 1 entries); no repeated column. */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** 1 integer, 0 continuous; absent for an LP. */
  integrality?: Int32Array;
}

/** What the engine needs from HiGHS: highs-js's one-shot `solve(lpText, options)`, and optionally the array path. */
export interface LpSolver {
  solve(lp: string, options?: Readonly<Record<string, HighsOptionValue>>): HighsSolutionLike;
  solveArrays?(
    lp: LpArrays,
    options?: Readonly<Record<string, HighsOptionValue>>,
  ): HighsSolutionLike;
}

export interface SolveOptions {
  /** Wall-clock limit in seconds; a feasible solution found by then comes back as 'time-limit'. */
  timeLimitSeconds?: number;
  /** Relative gap at which branch-and-bound stops (HiGHS default 1e-4). */
  mipRelGap?: number;
  /** 'text' forces the LP-text path; by default arrays are used when the solver offers them. */
  via?: 'text' | 'arrays';
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
  const byIndex = sol.colValue;
  if (byIndex && byIndex.length !== nVars) return undefined;
  for (let j = 0; j < nVars; j++) {
    const v = byIndex ? byIndex[j] : sol.Columns?.[varName(j)]?.Primal;
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    x[j] = v;
  }
  return x;
}

/** The model as arrays for the structured path; repeated columns in a row are summed. */
export function lpArrays(lp: LpModel): LpArrays {
  const numCols = lp.cost.length;
  const numRows = lp.rowLo.length;
  const nnz = lp.rowIndex.length;
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const slot = new Int32Array(numCols).fill(-1); // where column j sits in the current row
  let p = 0;
  for (let r = 0; r < numRows; r++) {
    const begin = p;
    for (let q = lp.rowStart[r]!; q < lp.rowStart[r + 1]!; q++) {
      const j = lp.rowIndex[q]!;
      const at = slot[j]!;
      if (at >= begin) values[at]! += lp.rowValue[q]!;
      else {
        slot[j] = p;
        indices[p] = j;
        values[p++] = lp.rowValue[q]!;
      }
    }
    starts[r + 1] = p;
  }
  const hasInt = lp.integer.some(Boolean);
  return {
    sense: lp.sense,
    numCols,
    numRows,
    colCost: Float64Array.from(lp.cost),
    colLower: Float64Array.from(lp.lb),
    colUpper: Float64Array.from(lp.ub),
    rowLower: Float64Array.from(lp.rowLo),
    rowUpper: Float64Array.from(lp.rowHi),
    starts,
    indices: indices.subarray(0, p),
    values: values.subarray(0, p),
    integrality: hasInt ? Int32Array.from(lp.integer, (b) => (b ? 1 : 0)) : undefined,
  };
}

/** A bound or row side the wrong way round: infeasible before any solve. */
function crossedBounds(lp: LpModel): boolean {
  for (let j = 0; j < lp.lb.length; j++) if (lp.lb[j]! > lp.ub[j]!) return true;
  for (let r = 0; r < lp.rowLo.length; r++) if (lp.rowLo[r]! > lp.rowHi[r]!) return true;
  return false;
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

/** Solves and reads back. Never throws for solver trouble: that is status 'error'. */
export function solveLp(solver: LpSolver, lp: LpModel, o: SolveOptions = {}): LpResult {
  const options = highsOptions(o);
  // HiGHS refuses such a model as input rather than calling it infeasible
  if (crossedBounds(lp))
    return { status: 'infeasible', detail: 'a lower bound exceeds its upper bound' };
  let sol: HighsSolutionLike;
  try {
    sol =
      solver.solveArrays && o.via !== 'text'
        ? solver.solveArrays(lpArrays(lp), options)
        : solver.solve(lpText(lp), options);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { status: 'error', detail: `HiGHS failed: ${msg.slice(0, 300)}` };
  }
  return parseHighsSolution(lp, sol);
}
