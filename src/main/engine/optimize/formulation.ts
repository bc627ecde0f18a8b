// How the mean-variance objectives pose their QP. The compiled LinearSystem (compile.ts) models
// sum |w − c| <= L with auxiliaries t_i >= |w_i − c_i|: two rows per asset, which leave an
// active-set solver with ~n working rows and ~2n free variables. When the constraints hold one
// such limit (turnover from current weights c, or gross leverage around c = 0) and no asset-count
// limit, the QP is posed instead over the split w = c + u − v, u, v >= 0:
//   bounds   lb <= w <= ub      ->  u in [max(0, lb − c), max(0, ub − c)], v in [max(0, c − ub), max(0, c − lb)]
//   limit    sum |w − c| <= L   ->  sum (u + v) <= L   (exact at the optimum, where u_i v_i = 0)
//   rows     a·w <= b           ->  a·u − a·v <= b − a·c
// Only bounds and the original rows remain, and trading few assets means few free variables.
// Otherwise the compiled system is used as it is (identity map).
import type { Matrix } from '../linalg/matrix';
import type { AllocationConstraints, LinearSystem } from './types';

export interface Formulation {
  /** The QP's variables z and constraints. */
  sys: LinearSystem;
  /** Number of assets. */
  n: number;
  /** w_i = offset_i + z[plus_i] − z[minus_i] (minus_i = -1: no such term). */
  offset: Float64Array;
  plus: Int32Array;
  minus: Int32Array;
  /** A good start point for the solver, when the formulation knows one. */
  x0?: Float64Array;
}

/** The compiled system itself: z = x, w = x[0..n). */
export function standardForm(sys: LinearSystem, constraints: AllocationConstraints): Formulation {
  const { n } = sys;
  let x0: Float64Array | undefined;
  const t = constraints.turnover;
  if (t) {
    // current weights (clamped into the bounds) satisfy the auxiliaries' rows with t = |w − c|
    x0 = new Float64Array(sys.nVars);
    for (let i = 0; i < n; i++) x0[i] = Math.min(sys.ub[i]!, Math.max(sys.lb[i]!, t.current[i]!));
    let o = n;
    if (sys.nVars === 3 * n) {
      for (let i = 0; i < n; i++) x0[o + i] = Math.abs(x0[i]!);
      o += n;
    }
    for (let i = 0; i < n; i++) x0[o + i] = Math.abs(x0[i]! - t.current[i]!);
  }
  return {
    sys,
    n,
    offset: new Float64Array(n),
    plus: Int32Array.from({ length: n }, (_, i) => i),
    minus: new Int32Array(n).fill(-1),
    x0,
  };
}

/**
 * The split form when exactly one sum-|·| limit is present (turnover for a long-only book, or
 * gross leverage without turnover); null otherwise. `sys` is the compiled system.
 */
export function splitForm(
  sys: LinearSystem,
  constraints: AllocationConstraints,
): Formulation | null {
  const { n } = sys;
  const longOnly = constraints.longOnly ?? true;
  const gross = !longOnly && constraints.grossLeverage !== undefined;
  const turnover = constraints.turnover;
  if (gross === (turnover !== undefined)) return null;
  if (sys.nVars !== 2 * n) return null;
  const c = new Float64Array(n);
  if (turnover) c.set(Array.from(turnover.current));
  const limit = turnover ? turnover.maxTurnover : constraints.grossLeverage!;
  // the limit row is the compiled row over the auxiliaries only; its label names the limit
  let limitLabel = '';
  const weightRow = (A: Matrix, r: number) => {
    for (let j = n; j < 2 * n; j++) if (A.data[r * 2 * n + j] !== 0) return false;
    return true;
  };
  for (let r = 0; r < sys.Ain.rows; r++) {
    let onlyAux = true;
    for (let j = 0; j < n && onlyAux; j++) onlyAux = sys.Ain.data[r * 2 * n + j] === 0;
    if (onlyAux) limitLabel = sys.inLabels[r]!;
  }
  const N = 2 * n;
  const lb = new Float64Array(N);
  const ub = new Float64Array(N);
  const boundLabels: string[] = [];
  for (let i = 0; i < n; i++) {
    lb[i] = Math.max(0, sys.lb[i]! - c[i]!);
    ub[i] = Math.max(0, sys.ub[i]! - c[i]!);
    lb[n + i] = Math.max(0, c[i]! - sys.ub[i]!);
    ub[n + i] = Math.max(0, c[i]! - sys.lb[i]!);
  }
  for (let k = 0; k < 2; k++) for (let i = 0; i < n; i++) boundLabels.push(sys.boundLabels[i]!);
  const map = (A: Matrix, b: Float64Array, labels: string[], keep: (r: number) => boolean) => {
    const rows: number[] = [];
    for (let r = 0; r < A.rows; r++) if (keep(r)) rows.push(r);
    const data = new Float64Array(rows.length * N);
    const rhs = new Float64Array(rows.length);
    rows.forEach((r, k) => {
      let ac = 0;
      for (let i = 0; i < n; i++) {
        const a = A.data[r * A.cols + i]!;
        data[k * N + i] = a;
        data[k * N + n + i] = -a;
        ac += a * c[i]!;
      }
      rhs[k] = b[r]! - ac;
    });
    return { A: { rows: rows.length, cols: N, data }, b: rhs, labels: rows.map((r) => labels[r]!) };
  };
  const eq = map(sys.Aeq, sys.beq, sys.eqLabels, (r) => weightRow(sys.Aeq, r));
  const ineq = map(sys.Ain, sys.bin, sys.inLabels, (r) => weightRow(sys.Ain, r));
  // sum (u + v) <= L
  const Ain = { rows: ineq.A.rows + 1, cols: N, data: new Float64Array((ineq.A.rows + 1) * N) };
  Ain.data.set(ineq.A.data);
  Ain.data.fill(1, ineq.A.rows * N);
  return {
    sys: {
      n,
      nVars: N,
      lb,
      ub,
      boundLabels,
      Aeq: eq.A,
      beq: eq.b,
      eqLabels: eq.labels,
      Ain,
      bin: Float64Array.from([...ineq.b, limit]),
      inLabels: [...ineq.labels, limitLabel],
    },
    n,
    offset: c,
    plus: Int32Array.from({ length: n }, (_, i) => i),
    minus: Int32Array.from({ length: n }, (_, i) => n + i),
  };
}

/** w = offset + D z, or for a homogenised solve (scale κ) w = offset + D y / κ. */
export function weightsFrom(f: Formulation, z: ArrayLike<number>, scale = 1): Float64Array {
  const w = new Float64Array(f.n);
  for (let i = 0; i < f.n; i++) {
    const m = f.minus[i]!;
    w[i] = f.offset[i]! + (z[f.plus[i]!]! - (m >= 0 ? z[m]! : 0)) / scale;
  }
  return w;
}

/** a·w as coefficients over z plus a constant: a·w = coefs·z + constant. */
export function mapLinear(
  f: Formulation,
  a: ArrayLike<number>,
): { coefs: Float64Array; constant: number } {
  const coefs = new Float64Array(f.sys.nVars);
  let constant = 0;
  for (let i = 0; i < f.n; i++) {
    const ai = a[i]!;
    coefs[f.plus[i]!] = coefs[f.plus[i]!]! + ai;
    const m = f.minus[i]!;
    if (m >= 0) coefs[m] = coefs[m]! - ai;
    constant += ai * f.offset[i]!;
  }
  return { coefs, constant };
}

/**
 * ½wᵀPw + qᵀw as ½zᵀP_z z + q_zᵀz (+ constant): P_z = DᵀPD over the variables that carry weight
 * (the first n, or 2n for the split), q_z = Dᵀ(q + P·offset).
 */
export function mapQuadratic(
  f: Formulation,
  P: Matrix,
  q: ArrayLike<number>,
): { P: Matrix; q: Float64Array } {
  const { n } = f;
  const split = f.minus[0]! >= 0;
  const qw = Float64Array.from({ length: n }, (_, i) => q[i] ?? 0);
  for (let i = 0; i < n && P.rows > 0; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += P.data[i * n + j]! * f.offset[j]!;
    qw[i] = qw[i]! + s;
  }
  const qz = new Float64Array(f.sys.nVars);
  if (!split || P.rows === 0) {
    for (let i = 0; i < n; i++) {
      qz[f.plus[i]!] = qw[i]!;
      if (f.minus[i]! >= 0) qz[f.minus[i]!] = -qw[i]!;
    }
    if (P.rows === 0 || !split) return { P, q: qz };
  }
  const N = 2 * n;
  const data = new Float64Array(N * N);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = P.data[i * n + j]!;
      data[i * N + j] = v;
      data[(n + i) * N + n + j] = v;
      data[i * N + n + j] = -v;
      data[(n + i) * N + j] = -v;
    }
  for (let i = 0; i < n; i++) {
    qz[i] = qw[i]!;
    qz[n + i] = -qw[i]!;
  }
  return { P: { rows: N, cols: N, data }, q: qz };
}

/**
 * The risk term of a homogenised solve, (κ·offset + D y)ᵀ P (κ·offset + D y), as ½[y; κ]ᵀP_h[y; κ]
 * with κ the variable after the formulation's (P_h covers it only when the offset is non-zero).
 * P is the weights' matrix of ½wᵀPw.
 */
export function homogenisedQuadratic(f: Formulation, P: Matrix): Matrix {
  const base = mapQuadratic(f, P, new Float64Array(f.n)).P;
  if (!f.offset.some((v) => v !== 0)) return base;
  const N = f.sys.nVars;
  const nb = base.rows;
  const H = N + 1;
  const data = new Float64Array(H * H);
  for (let i = 0; i < nb; i++) data.set(base.data.subarray(i * nb, (i + 1) * nb), i * H);
  // cross terms Dᵀ P c and the corner cᵀ P c
  const { n } = f;
  const Pc = new Float64Array(n);
  let cPc = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += P.data[i * n + j]! * f.offset[j]!;
    Pc[i] = s;
    cPc += s * f.offset[i]!;
  }
  for (let i = 0; i < n; i++) {
    const add = (j: number, v: number) => {
      data[j * H + N] = data[j * H + N]! + v;
      data[N * H + j] = data[N * H + j]! + v;
    };
    add(f.plus[i]!, Pc[i]!);
    if (f.minus[i]! >= 0) add(f.minus[i]!, -Pc[i]!);
  }
  data[N * H + N] = cPc;
  return { rows: H, cols: H, data };
}
