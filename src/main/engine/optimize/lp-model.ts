// A linear or mixed-integer program held in plain arrays. The optimisers build one, lp-text.ts
// writes it for HiGHS, highs-model.ts reads the answer back. Every row and every variable's
// bounds carry a label naming the user's constraint they came from, so that an infeasible model
// can be explained in the user's words (infeasibility.ts). The empty label marks structure that
// is not a user's choice (e.g. "a binary is 0 or 1"): it is never relaxed nor reported.
import type { LinearSystem } from './types';

export interface LpModel {
  sense: 'minimize' | 'maximize';
  /** Per variable: objective coefficient, bounds (±Infinity allowed), integrality, label. */
  cost: number[];
  lb: number[];
  ub: number[];
  integer: boolean[];
  boundLabels: string[];
  /** Rows lo <= a·x <= hi, compressed sparse: row r holds entries rowStart[r]..rowStart[r+1]-1. */
  rowStart: number[];
  rowIndex: number[];
  rowValue: number[];
  rowLo: number[];
  rowHi: number[];
  rowLabels: string[];
}

export interface VariableSpec {
  lb: number;
  ub: number;
  cost?: number;
  integer?: boolean;
  label?: string;
}

export interface RowSpec {
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
  lo: number;
  hi: number;
  label?: string;
}

export function emptyLp(sense: LpModel['sense'] = 'minimize'): LpModel {
  return {
    sense,
    cost: [],
    lb: [],
    ub: [],
    integer: [],
    boundLabels: [],
    rowStart: [0],
    rowIndex: [],
    rowValue: [],
    rowLo: [],
    rowHi: [],
    rowLabels: [],
  };
}

/** Appends a variable and returns its index. */
export function addVariable(lp: LpModel, v: VariableSpec): number {
  const j = lp.cost.length;
  const label = v.label ?? '';
  const where = `variable ${j}${label ? ` (${label})` : ''}`;
  checkBounds(v.lb, v.ub, where);
  const cost = v.cost ?? 0;
  if (!Number.isFinite(cost)) throw new RangeError(`${where}: objective coefficient is ${cost}`);
  lp.cost.push(cost);
  lp.lb.push(v.lb);
  lp.ub.push(v.ub);
  lp.integer.push(v.integer ?? false);
  lp.boundLabels.push(label);
  return j;
}

/** Appends the row lo <= Σ values[k]·x[indices[k]] <= hi (zeros skipped) and returns its index. */
export function addRow(
  lp: LpModel,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  lo: number,
  hi: number,
  label = '',
): number {
  const r = lp.rowLo.length;
  const where = `row ${r}${label ? ` (${label})` : ''}`;
  if (indices.length !== values.length)
    throw new RangeError(`${where}: ${indices.length} indices but ${values.length} values`);
  checkBounds(lo, hi, where);
  const nVars = lp.cost.length;
  for (let k = 0; k < indices.length; k++) {
    const j = indices[k]!;
    const a = values[k]!;
    if (!Number.isInteger(j) || j < 0 || j >= nVars)
      throw new RangeError(`${where}: variable index ${j} out of range (${nVars} variables)`);
    if (!Number.isFinite(a)) throw new RangeError(`${where}: coefficient of variable ${j} is ${a}`);
    if (a !== 0) {
      lp.rowIndex.push(j);
      lp.rowValue.push(a);
    }
  }
  lp.rowStart.push(lp.rowIndex.length);
  lp.rowLo.push(lo);
  lp.rowHi.push(hi);
  lp.rowLabels.push(label);
  return r;
}

function checkBounds(lo: number, hi: number, where: string): void {
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo === Infinity || hi === -Infinity)
    throw new RangeError(`${where}: bounds [${lo}, ${hi}] are not valid`);
  // lo > hi is a legitimate (infeasible) model: the infeasibility diagnosis must see it.
}

/** Checks a LinearSystem's shapes and numbers; errors name the row or bound by its label. */
export function validateLinearSystem(sys: LinearSystem): void {
  const { n, nVars } = sys;
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(nVars) || nVars < n)
    throw new RangeError(`linear system: n = ${n} weights and ${nVars} variables are not valid`);
  const lengths: [string, number][] = [
    ['lb', sys.lb.length],
    ['ub', sys.ub.length],
    ['boundLabels', sys.boundLabels.length],
  ];
  for (const [name, len] of lengths)
    if (len !== nVars)
      throw new RangeError(`linear system: ${name} has ${len} entries, expected ${nVars}`);
  for (let j = 0; j < nVars; j++) {
    const lo = sys.lb[j]!;
    const hi = sys.ub[j]!;
    if (Number.isNaN(lo) || Number.isNaN(hi) || lo === Infinity || hi === -Infinity)
      throw new RangeError(
        `linear system: bounds of variable ${j} (${sys.boundLabels[j]}) are [${lo}, ${hi}]`,
      );
  }
  const blocks = [
    ['equality', sys.Aeq, sys.beq, sys.eqLabels],
    ['inequality', sys.Ain, sys.bin, sys.inLabels],
  ] as const;
  for (const [kind, A, b, labels] of blocks) {
    if (A.rows !== b.length || A.rows !== labels.length || (A.rows > 0 && A.cols !== nVars))
      throw new RangeError(
        `linear system: ${kind} rows are ${A.rows} x ${A.cols} with ${b.length} right-hand sides and ${labels.length} labels (expected ${nVars} columns)`,
      );
    for (let r = 0; r < A.rows; r++) {
      if (!Number.isFinite(b[r]!))
        throw new RangeError(
          `linear system: ${kind} row ${r} (${labels[r]}) has right-hand side ${b[r]}`,
        );
      for (let j = 0; j < A.cols; j++)
        if (!Number.isFinite(A.data[r * A.cols + j]!))
          throw new RangeError(
            `linear system: ${kind} row ${r} (${labels[r]}) has coefficient ${A.data[r * A.cols + j]} for variable ${j}`,
          );
    }
  }
}

export interface LinearSystemLpOptions {
  sense?: LpModel['sense'];
  /** Variables appended after the system's nVars (e.g. CVaR's ζ and u_s). */
  extraVars?: VariableSpec[];
  /** Rows over the extended variable vector. */
  extraRows?: RowSpec[];
  /** Indices of variables (system or extra) that must take integer values. */
  integer?: ArrayLike<number>;
}

/**
 * The LinearSystem as an LpModel: its variables first (same order, same bounds and labels), then
 * extraVars; its equality rows, then its inequality rows, then extraRows. `objective` gives one
 * coefficient per variable (system and extra); shorter arrays are padded with zeros.
 */
export function lpFromLinearSystem(
  sys: LinearSystem,
  objective: ArrayLike<number> = [],
  opts: LinearSystemLpOptions = {},
): LpModel {
  validateLinearSystem(sys);
  const lp = emptyLp(opts.sense);
  for (let j = 0; j < sys.nVars; j++)
    addVariable(lp, { lb: sys.lb[j]!, ub: sys.ub[j]!, label: sys.boundLabels[j] });
  for (const v of opts.extraVars ?? []) addVariable(lp, v);
  const total = lp.cost.length;
  if (objective.length > total)
    throw new RangeError(`objective has ${objective.length} coefficients for ${total} variables`);
  for (let j = 0; j < objective.length; j++) {
    const c = objective[j]!;
    if (!Number.isFinite(c)) throw new RangeError(`objective coefficient of variable ${j} is ${c}`);
    lp.cost[j] = c;
  }
  const dense = (A: LinearSystem['Aeq'], r: number) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (let j = 0; j < A.cols; j++) {
      const a = A.data[r * A.cols + j]!;
      if (a !== 0) {
        idx.push(j);
        val.push(a);
      }
    }
    return { idx, val };
  };
  for (let r = 0; r < sys.Aeq.rows; r++) {
    const { idx, val } = dense(sys.Aeq, r);
    addRow(lp, idx, val, sys.beq[r]!, sys.beq[r]!, sys.eqLabels[r]);
  }
  for (let r = 0; r < sys.Ain.rows; r++) {
    const { idx, val } = dense(sys.Ain, r);
    addRow(lp, idx, val, -Infinity, sys.bin[r]!, sys.inLabels[r]);
  }
  for (const row of opts.extraRows ?? [])
    addRow(lp, row.indices, row.values, row.lo, row.hi, row.label);
  const integer = opts.integer ?? [];
  for (let k = 0; k < integer.length; k++) {
    const j = integer[k]!;
    if (!Number.isInteger(j) || j < 0 || j >= total)
      throw new RangeError(`integer variable index ${j} out of range (${total} variables)`);
    lp.integer[j] = true;
  }
  return lp;
}
