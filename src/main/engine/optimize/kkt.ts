// Karush-Kuhn-Tucker residuals of a QP solution: how far (x, y, z, μ) is from optimal, each
// measure scaled to the size of the terms it compares, so one tolerance fits every problem.
import type { QpProblem, QpResult } from './qp';

export interface KktResiduals {
  /** ‖Px + q + Aeqᵀy + Ainᵀz − μ_lb + μ_ub‖∞ / (1 + largest of the terms' norms). */
  stationarity: number;
  /** Largest violation of a bound or row, each relative to 1 + |its right-hand side|. */
  primal: number;
  /** Largest wrong-sign multiplier (z, μ_lb, μ_ub must be >= 0), relative to 1 + largest multiplier. */
  dual: number;
  /**
   * Largest min(multiplier, slack) over inequality rows and bounds, multiplier relative to
   * 1 + largest multiplier and slack to 1 + |right-hand side|: zero when each constraint is either
   * tight or has a zero multiplier. A multiplier on an infinite bound counts in full.
   */
  complementarity: number;
}

type Solution = Pick<QpResult, 'x' | 'y' | 'z' | 'muLower' | 'muUpper'>;

export function kktResiduals(problem: QpProblem, sol: Solution): KktResiduals {
  const { x, y, z, muLower, muUpper } = sol;
  const n = x.length;
  const nP = problem.P.rows;
  const grad = new Float64Array(n);
  const terms = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (i < nP) for (let j = 0; j < nP; j++) s += problem.P.data[i * nP + j]! * x[j]!;
    terms[0] = Math.max(terms[0]!, Math.abs(s));
    terms[1] = Math.max(terms[1]!, Math.abs(problem.q[i]!));
    grad[i] = s + problem.q[i]! - muLower[i]! + muUpper[i]!;
    terms[4] = Math.max(terms[4]!, Math.abs(muLower[i]!), Math.abs(muUpper[i]!));
  }
  let multMax = terms[4]!;
  const addRows = (A: QpProblem['Aeq'], mult: Float64Array, slot: number) => {
    if (!A) return;
    const t = new Float64Array(n);
    for (let r = 0; r < A.rows; r++) {
      const l = mult[r]!;
      multMax = Math.max(multMax, Math.abs(l));
      if (l === 0) continue;
      for (let j = 0; j < n; j++) t[j] = t[j]! + A.data[r * n + j]! * l;
    }
    for (let j = 0; j < n; j++) {
      grad[j] = grad[j]! + t[j]!;
      terms[slot] = Math.max(terms[slot]!, Math.abs(t[j]!));
    }
  };
  addRows(problem.Aeq, y, 2);
  addRows(problem.Ain, z, 3);
  let gmax = 0;
  for (let j = 0; j < n; j++) gmax = Math.max(gmax, Math.abs(grad[j]!));
  const stationarity = gmax / (1 + Math.max(...terms));

  let primal = 0;
  let dual = 0;
  let complementarity = 0;
  const multScale = 1 + multMax;
  const bound = (v: ArrayLike<number> | undefined, j: number, d: number) => (v ? v[j]! : d);
  for (let j = 0; j < n; j++) {
    const lo = bound(problem.lb, j, -Infinity);
    const hi = bound(problem.ub, j, Infinity);
    if (lo > -Infinity) primal = Math.max(primal, (lo - x[j]!) / (1 + Math.abs(lo)));
    if (hi < Infinity) primal = Math.max(primal, (x[j]! - hi) / (1 + Math.abs(hi)));
    dual = Math.max(dual, -muLower[j]! / multScale, -muUpper[j]! / multScale);
    const sl = lo > -Infinity ? Math.max(0, x[j]! - lo) / (1 + Math.abs(lo)) : Infinity;
    const su = hi < Infinity ? Math.max(0, hi - x[j]!) / (1 + Math.abs(hi)) : Infinity;
    complementarity = Math.max(
      complementarity,
      Math.min(Math.abs(muLower[j]!) / multScale, sl),
      Math.min(Math.abs(muUpper[j]!) / multScale, su),
    );
  }
  const rowAct = (A: NonNullable<QpProblem['Aeq']>, r: number) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += A.data[r * n + j]! * x[j]!;
    return s;
  };
  if (problem.Aeq)
    for (let r = 0; r < problem.Aeq.rows; r++) {
      const b = problem.beq![r]!;
      primal = Math.max(primal, Math.abs(rowAct(problem.Aeq, r) - b) / (1 + Math.abs(b)));
    }
  if (problem.Ain)
    for (let r = 0; r < problem.Ain.rows; r++) {
      const b = problem.bin![r]!;
      const slack = (b - rowAct(problem.Ain, r)) / (1 + Math.abs(b));
      primal = Math.max(primal, -slack);
      dual = Math.max(dual, -z[r]! / multScale);
      complementarity = Math.max(
        complementarity,
        Math.min(Math.abs(z[r]!) / multScale, Math.max(0, slack)),
      );
    }
  return { stationarity, primal, dual: Math.max(0, dual), complementarity };
}

/** The largest of the four residuals. */
export function kktError(problem: QpProblem, sol: Solution): number {
  const r = kktResiduals(problem, sol);
  return Math.max(r.stationarity, r.primal, r.dual, r.complementarity);
}
