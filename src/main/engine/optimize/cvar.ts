// Minimum-CVaR allocation over return scenarios, as the linear program of Rockafellar & Uryasev
// (2000), "Optimization of conditional value-at-risk", J. Risk 2(3):
//   minimise ζ + 1/((1−α)S) Σ_s u_s   s.t.  u_s >= −r_sᵀw − ζ,  u_s >= 0,  w in the allocation set,
// solved by HiGHS. With maxAssets / minPosition it becomes a mixed-integer program (binary z_i:
// l_i z_i <= w_i <= u_i z_i, w_i >= m z_i, Σ z_i <= K).
import type { Matrix } from '../linalg/matrix';
import { type LpSolver, type SolveOptions, solveLp } from './highs-model';
import { diagnoseWith, feasibility, relaxSystem, systemLabels } from './infeasibility';
import {
  type LpModel,
  addRow,
  addVariable,
  lpFromLinearSystem,
  validateLinearSystem,
} from './lp-model';
import type { Infeasibility, LinearSystem } from './types';

export interface MinCvarInput {
  /** Scenario returns, S x n (e.g. historical daily returns), one column per weight of `system`. */
  scenarios: Matrix;
  /** Confidence, e.g. 0.95: CVaR is the mean loss over the worst (1 − alpha) share of scenarios. */
  alpha: number;
  /** The allocation constraints compiled to linear form; its first n variables are the weights. */
  system: LinearSystem;
  /** μᵀw >= target, in the scenarios' period (μ defaults to the scenario means). */
  minReturn?: { target: number; mu?: ArrayLike<number>; label?: string };
  /** At most this many non-zero weights (mixed-integer). */
  maxAssets?: number;
  /** Each held position at least this weight (mixed-integer; needs long-only bounds). */
  minPosition?: number;
  /** Asset names for messages; "asset i" when absent. */
  names?: readonly string[];
  /** Solver limits; a mixed-integer solve gets DEFAULT_MIP_TIME_LIMIT_S unless given one. */
  solve?: SolveOptions;
}

/** Branch and bound over thousands of scenario rows can run for minutes: stop it by default. */
export const DEFAULT_MIP_TIME_LIMIT_S = 30;

export interface MinCvarResult {
  kind: 'optimal';
  /** 'time-limit': the search stopped at a time (or iteration) limit with this feasible portfolio. */
  status: 'optimal' | 'time-limit';
  weights: Float64Array;
  /** Rockafellar–Uryasev CVaR of the scenario losses (a positive loss fraction). */
  cvar: number;
  /** α-VaR: the lower α-quantile of the scenario losses, the smallest minimising ζ. */
  var: number;
  /** The portfolio's scenario returns r_s = R_s·w. */
  scenarioReturns: { mean: number; stdev: number; worst: number; best: number };
  notes: string[];
}

/** Above this, weights are absurd: it stands for a bound the diagnosis has relaxed away. */
const LOOSE_WEIGHT = 1e3;

const pct = (x: number) => `${+(x * 100).toPrecision(4)}%`;

/**
 * VaR and CVaR of discrete, equally likely losses at confidence alpha, Rockafellar & Uryasev
 * (2002, "Conditional value-at-risk for general loss distributions", Prop. 8): with k = (1−α)S and
 * losses sorted L(1) >= L(2) >= …, CVaR = (L(1) + … + L(⌊k⌋) + (k − ⌊k⌋) L(⌊k⌋+1)) / k and
 * VaR = L(⌊k⌋+1). When k is not an integer the worst ⌈k⌉-th loss enters with a fractional weight
 * (unlike the ceil convention of risk/var.ts historicalVarEs, which averages ⌈k⌉ whole losses).
 */
export function cvarOfLosses(
  losses: ArrayLike<number>,
  alpha: number,
): { var: number; cvar: number } {
  checkAlpha(alpha);
  const S = losses.length;
  if (S < 1) throw new RangeError('CVaR needs at least one scenario');
  const L = Float64Array.from(losses).sort().reverse();
  let k = (1 - alpha) * S;
  // (1 − 0.95) · 2000 is 100.00000000000009 in binary: snap near-integers
  if (Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, k)) k = Math.round(k);
  const m = Math.floor(k);
  let s = 0;
  for (let j = 0; j < m; j++) s += L[j]!;
  const varLoss = L[Math.min(m, S - 1)]!;
  if (k > m) s += (k - m) * varLoss;
  return { var: varLoss, cvar: s / k };
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`CVaR confidence alpha must be in (0, 1), got ${alpha}`);
}

interface Extras {
  minReturn?: { target: number; mu: Float64Array; label: string };
  maxAssets?: number;
  minPosition?: number;
}

const cardinalityLabel = (K: number) => `at most ${K} position${K === 1 ? '' : 's'}`;
const minPositionLabel = (m: number) => `each position at least ${pct(m)}`;

/**
 * The constraints alone (no scenarios): the system, the return floor and the mixed-integer
 * links. With `dropped` it is the diagnosis' relaxed model: those groups left out, infinite
 * weight bounds replaced by LOOSE_WEIGHT in the links. Returns the model and the index of z_0 (or -1).
 */
function constraintModel(
  sys: LinearSystem,
  extras: Extras,
  name: (i: number) => string,
  dropped?: ReadonlySet<string>,
): { lp: LpModel; z0: number } {
  const n = sys.n;
  const s = dropped ? relaxSystem(sys, dropped) : sys;
  const lp = lpFromLinearSystem(s);
  const keep = (label: string) => !dropped?.has(label);
  const mr = extras.minReturn;
  if (mr && keep(mr.label))
    addRow(
      lp,
      Array.from({ length: n }, (_, i) => i),
      mr.mu,
      mr.target,
      Infinity,
      mr.label,
    );
  const K = extras.maxAssets;
  const m = extras.minPosition;
  if (K === undefined && m === undefined) return { lp, z0: -1 };
  const z0 = lp.cost.length;
  for (let i = 0; i < n; i++) addVariable(lp, { lb: 0, ub: 1, integer: true });
  // the links carry the cardinality (when set) or else the minimum position: both need them
  const linkLabel = K !== undefined ? cardinalityLabel(K) : minPositionLabel(m!);
  if (keep(linkLabel))
    for (let i = 0; i < n; i++) {
      let lo = s.lb[i]!;
      let hi = s.ub[i]!;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        if (!dropped)
          throw new RangeError(
            `${linkLabel}: the weight of ${name(i)} needs finite bounds (it has [${lo}, ${hi}])`,
          );
        lo = Math.max(lo, -LOOSE_WEIGHT);
        hi = Math.min(hi, LOOSE_WEIGHT);
      }
      addRow(lp, [i, z0 + i], [1, -hi], -Infinity, 0, linkLabel); // w_i <= u_i z_i
      if (lo < 0) addRow(lp, [i, z0 + i], [1, -lo], 0, Infinity, linkLabel); // w_i >= l_i z_i
    }
  if (K !== undefined && keep(cardinalityLabel(K)))
    addRow(
      lp,
      Array.from({ length: n }, (_, i) => z0 + i),
      new Array<number>(n).fill(1),
      -Infinity,
      K,
      cardinalityLabel(K),
    );
  if (m !== undefined && keep(minPositionLabel(m)))
    for (let i = 0; i < n; i++) addRow(lp, [i, z0 + i], [1, -m], 0, Infinity, minPositionLabel(m)); // w_i >= m z_i
  return { lp, z0 };
}

function validate(input: MinCvarInput, name: (i: number) => string): Extras {
  const { scenarios: R, system: sys } = input;
  validateLinearSystem(sys);
  checkAlpha(input.alpha);
  const n = sys.n;
  if (R.cols !== n) throw new RangeError(`scenarios have ${R.cols} assets, the constraints ${n}`);
  if (R.rows < 1) throw new RangeError('minimum CVaR needs at least one scenario');
  if (R.data.length !== R.rows * R.cols)
    throw new RangeError(
      `scenario matrix holds ${R.data.length} values, expected ${R.rows} x ${R.cols}`,
    );
  for (let s = 0; s < R.rows; s++)
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(R.data[s * n + i]!))
        throw new RangeError(`scenario ${s}, ${name(i)}: return is ${R.data[s * n + i]}`);
  const extras: Extras = {};
  if (input.minReturn) {
    const { target, mu, label } = input.minReturn;
    if (!Number.isFinite(target))
      throw new RangeError(`minimum expected return target is ${target}`);
    let m: Float64Array;
    if (mu) {
      if (mu.length !== n)
        throw new RangeError(`expected returns have ${mu.length} entries, expected ${n}`);
      m = Float64Array.from(mu);
      m.forEach((v, i) => {
        if (!Number.isFinite(v)) throw new RangeError(`expected return of ${name(i)} is ${v}`);
      });
    } else {
      m = new Float64Array(n);
      for (let s = 0; s < R.rows; s++) for (let i = 0; i < n; i++) m[i]! += R.data[s * n + i]!;
      for (let i = 0; i < n; i++) m[i]! /= R.rows;
    }
    extras.minReturn = { target, mu: m, label: label ?? `minimum expected return ${target}` };
  }
  if (input.maxAssets !== undefined) {
    const K = input.maxAssets;
    if (!Number.isInteger(K) || K < 1)
      throw new RangeError(`maximum number of assets must be a whole number >= 1, got ${K}`);
    if (K < n) extras.maxAssets = K; // K >= n constrains nothing
  }
  if (input.minPosition !== undefined) {
    const m = input.minPosition;
    if (!(m > 0 && Number.isFinite(m)))
      throw new RangeError(`minimum position must be > 0, got ${m}`);
    for (let i = 0; i < n; i++)
      if (sys.lb[i]! < 0)
        throw new RangeError(
          `minimum position applies to long-only weights, but ${name(i)} may be short (lower bound ${sys.lb[i]})`,
        );
    extras.minPosition = m;
  }
  return extras;
}

/**
 * The weights of least CVaR over the scenarios under the constraints, or the constraints in
 * conflict when none satisfies them all. Throws when the problem is unbounded (weights without
 * bounds) or the solver fails.
 */
export function minCvar(solver: LpSolver, input: MinCvarInput): MinCvarResult | Infeasibility {
  const name = (i: number) => input.names?.[i] ?? `asset ${i}`;
  const extras = validate(input, name);
  const { scenarios: R, system: sys, alpha } = input;
  const n = sys.n;
  const S = R.rows;

  const { lp, z0 } = constraintModel(sys, extras, name);
  const solveOpts: SolveOptions = { ...input.solve };
  if (z0 >= 0) solveOpts.timeLimitSeconds ??= DEFAULT_MIP_TIME_LIMIT_S;
  const zeta = addVariable(lp, { lb: -Infinity, ub: Infinity, cost: 1 });
  const c = 1 / ((1 - alpha) * S);
  const u0 = lp.cost.length;
  for (let s = 0; s < S; s++) addVariable(lp, { lb: 0, ub: Infinity, cost: c });
  // u_s + ζ + r_sᵀw >= 0, i.e. u_s >= loss_s − ζ
  const idx = new Array<number>(n + 2);
  const val = new Array<number>(n + 2);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx[n] = zeta;
  val[n] = 1;
  val[n + 1] = 1;
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < n; i++) val[i] = R.data[s * n + i]!;
    idx[n + 1] = u0 + s;
    addRow(lp, idx, val, 0, Infinity);
  }

  const r = solveLp(solver, lp, solveOpts);
  if (r.status === 'infeasible' || r.status === 'infeasible-or-unbounded') {
    const labels = systemLabels(sys);
    if (extras.minReturn) labels.push(extras.minReturn.label);
    if (extras.maxAssets !== undefined) labels.push(cardinalityLabel(extras.maxAssets));
    if (extras.minPosition !== undefined) labels.push(minPositionLabel(extras.minPosition));
    const diag = diagnoseWith(labels, (dropped) =>
      feasibility(solver, constraintModel(sys, extras, name, dropped).lp, solveOpts),
    );
    if (diag) return diag;
  }
  if (r.status === 'unbounded' || r.status === 'infeasible-or-unbounded')
    throw new RangeError(
      'minimum CVaR is unbounded: some weights have no bounds and the scenarios allow a position that gains in every scenario',
    );
  if (!r.x) {
    if (r.status === 'time-limit')
      throw new Error(
        `minimum CVaR: no portfolio found within the ${solveOpts.timeLimitSeconds} s time limit; allow more time, or loosen the number of positions or the minimum position`,
      );
    throw new Error(`minimum CVaR: HiGHS did not find a portfolio (${r.detail})`);
  }

  const x = r.x;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // within the solver's tolerance of a bound: put it on the bound; a dropped position is exactly 0
    const held = z0 < 0 || Math.round(x[z0 + i]!) === 1;
    w[i] = held ? Math.min(sys.ub[i]!, Math.max(sys.lb[i]!, x[i]!)) : 0;
  }
  const ret = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let v = 0;
    for (let i = 0; i < n; i++) v += R.data[s * n + i]! * w[i]!;
    ret[s] = v;
  }
  const { var: varLoss, cvar } = cvarOfLosses(
    Float64Array.from(ret, (v) => -v),
    alpha,
  );
  let mean = 0;
  let worst = Infinity;
  let best = -Infinity;
  for (const v of ret) {
    mean += v;
    worst = Math.min(worst, v);
    best = Math.max(best, v);
  }
  mean /= S;
  let ss = 0;
  for (const v of ret) ss += (v - mean) ** 2;
  const notes: string[] = [];
  const status = r.status === 'optimal' ? 'optimal' : 'time-limit';
  if (status === 'time-limit')
    notes.push(
      `The search stopped early (${r.detail}): this is the best portfolio found, not proven the least CVaR.`,
    );
  return {
    kind: 'optimal',
    status,
    weights: w,
    cvar,
    var: varLoss,
    scenarioReturns: { mean, stdev: S > 1 ? Math.sqrt(ss / (S - 1)) : 0, worst, best },
    notes,
  };
}
