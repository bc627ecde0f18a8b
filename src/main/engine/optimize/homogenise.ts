// The Charnes-Cooper transform behind max Sharpe and max diversification: maximising a ratio
// dᵀw / sqrt(wᵀΣw) over a polyhedron {x : constraints of sys} is the convex QP
//   min yᵀΣy  s.t.  dᵀy_w = 1,  y = κx for some κ >= 0 with x in the polyhedron,
// i.e. every constraint homogenised: a x <= b becomes a y − bκ <= 0, bounds become such rows
// (a zero or infinite bound stays a plain bound). Then w = y_w / κ. The QP is infeasible exactly
// when no feasible w has dᵀw > 0 (for max Sharpe: no portfolio beats the risk-free rate).
// Cornuejols & Tütüncü, "Optimization Methods in Finance" (2007), section 8.2.
import type { LinearSystem } from './types';

export interface Homogenised extends LinearSystem {
  /** Index of the scale variable κ (the last one). */
  kappa: number;
}

/**
 * The homogenised system with the normalisation dᵀy + dKappa·κ = 1 (d over the system's
 * variables; shorter means zeros after). dKappa is non-zero when the weights are an affine
 * function of the variables (formulation.ts).
 */
export function homogenise(
  sys: LinearSystem,
  d: ArrayLike<number>,
  label = 'normalisation',
  dKappa = 0,
): Homogenised {
  const { n, nVars } = sys;
  const N = nVars + 1;
  const kappa = nVars;
  const lb = new Float64Array(N).fill(-Infinity);
  const ub = new Float64Array(N).fill(Infinity);
  const boundLabels = [...sys.boundLabels, ''];
  lb[kappa] = 0;
  const eqRows: { coefs: [number, number][]; label: string }[] = [];
  const inRows: { coefs: [number, number][]; label: string }[] = [];
  const rowTerms = (A: LinearSystem['Aeq'], r: number, b: number): [number, number][] => {
    const t: [number, number][] = [];
    for (let j = 0; j < nVars; j++) {
      const a = A.data[r * nVars + j]!;
      if (a !== 0) t.push([j, a]);
    }
    if (b !== 0) t.push([kappa, -b]);
    return t;
  };
  for (let r = 0; r < sys.Aeq.rows; r++)
    eqRows.push({ coefs: rowTerms(sys.Aeq, r, sys.beq[r]!), label: sys.eqLabels[r]! });
  for (let r = 0; r < sys.Ain.rows; r++)
    inRows.push({ coefs: rowTerms(sys.Ain, r, sys.bin[r]!), label: sys.inLabels[r]! });

  // upper bounds of the weights implied by a budget row (sum w = B, all w >= 0) need no row
  const budget = impliedCap(sys);
  for (let j = 0; j < nVars; j++) {
    const lo = sys.lb[j]!;
    const hi = sys.ub[j]!;
    const l = sys.boundLabels[j]!;
    if (lo === hi && lo !== 0) {
      eqRows.push({
        coefs: [
          [j, 1],
          [kappa, -lo],
        ],
        label: l,
      });
      continue;
    }
    if (lo === 0) lb[j] = 0;
    else if (lo > -Infinity)
      inRows.push({
        coefs: [
          [j, -1],
          [kappa, lo],
        ],
        label: l,
      });
    if (hi === 0) ub[j] = 0;
    else if (hi < Infinity && !(j < n && budget !== null && hi >= budget))
      inRows.push({
        coefs: [
          [j, 1],
          [kappa, -hi],
        ],
        label: l,
      });
  }
  const dense = (rows: { coefs: [number, number][] }[]) => {
    const A = { rows: rows.length, cols: N, data: new Float64Array(rows.length * N) };
    rows.forEach((r, k) => {
      for (const [j, v] of r.coefs) A.data[k * N + j] = A.data[k * N + j]! + v;
    });
    return A;
  };
  const normal: [number, number][] = [];
  for (let j = 0; j < Math.min(d.length, nVars); j++) if (d[j] !== 0) normal.push([j, d[j]!]);
  if (dKappa !== 0) normal.push([kappa, dKappa]);
  eqRows.push({ coefs: normal, label });
  return {
    n,
    nVars: N,
    kappa,
    lb,
    ub,
    boundLabels,
    Aeq: dense(eqRows),
    beq: Float64Array.from(eqRows, (_, k) => (k === eqRows.length - 1 ? 1 : 0)),
    eqLabels: eqRows.map((r) => r.label),
    Ain: dense(inRows),
    bin: new Float64Array(inRows.length),
    inLabels: inRows.map((r) => r.label),
  };
}

/** B when sys has a row sum(w) = B over the weights only and every weight is >= 0; else null. */
function impliedCap(sys: LinearSystem): number | null {
  const { n, nVars } = sys;
  for (let j = 0; j < n; j++) if (!(sys.lb[j]! >= 0)) return null;
  for (let r = 0; r < sys.Aeq.rows; r++) {
    let ok = true;
    for (let j = 0; j < nVars && ok; j++) ok = sys.Aeq.data[r * nVars + j] === (j < n ? 1 : 0);
    if (ok) return sys.beq[r]!;
  }
  return null;
}
