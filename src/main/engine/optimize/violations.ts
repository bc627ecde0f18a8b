// Which of the user's constraints a set of weights breaks. The heuristic methods (HRP, HERC,
// risk parity, the baselines) do not optimise over every constraint: a proposal must say which
// ones it does not meet rather than look compliant.
import type { AllocationConstraints, LinearSystem } from './types';

const TOL = 1e-7;
const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;

export function violatedConstraints(
  sys: LinearSystem,
  w: ArrayLike<number>,
  spec: AllocationConstraints = {},
): string[] {
  const { n, nVars } = sys;
  const out = new Set<string>();
  for (let i = 0; i < n; i++)
    if (w[i]! < sys.lb[i]! - TOL || w[i]! > sys.ub[i]! + TOL)
      out.add(sys.boundLabels[i] || `bounds of asset ${i + 1}`);
  // Rows over the weights alone; rows that define auxiliaries (|w|, turnover) are checked below.
  const rows = (A: typeof sys.Ain, b: Float64Array, labels: string[], eq: boolean) => {
    for (let r = 0; r < A.rows; r++) {
      let aux = false;
      for (let j = n; j < nVars && !aux; j++) if (A.data[r * nVars + j] !== 0) aux = true;
      if (aux) continue;
      let s = 0;
      for (let j = 0; j < n; j++) s += A.data[r * nVars + j]! * w[j]!;
      const bad = eq
        ? Math.abs(s - b[r]!) > TOL * (1 + Math.abs(b[r]!))
        : s > b[r]! + TOL * (1 + Math.abs(b[r]!));
      if (bad && labels[r]) out.add(labels[r]!);
    }
  };
  rows(sys.Aeq, sys.beq, sys.eqLabels, true);
  rows(sys.Ain, sys.bin, sys.inLabels, false);
  if (spec.turnover) {
    let t = 0;
    for (let i = 0; i < n; i++) t += Math.abs(w[i]! - spec.turnover.current[i]!);
    if (t > spec.turnover.maxTurnover + TOL)
      out.add(`turnover <= ${pct(spec.turnover.maxTurnover)} (this one trades ${pct(t)})`);
  }
  if (spec.longOnly === false && spec.grossLeverage !== undefined) {
    let g = 0;
    for (let i = 0; i < n; i++) g += Math.abs(w[i]!);
    if (g > spec.grossLeverage + TOL)
      out.add(`gross leverage <= ${spec.grossLeverage} (this one has ${g.toFixed(3)})`);
  }
  return [...out];
}
