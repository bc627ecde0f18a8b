// Helpers for the QP / mean-variance suites: KKT checks and an independent dense solver.
import { expect } from 'vitest';
import { fromRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import { kktResiduals } from '../../src/main/engine/optimize/kkt';
import type { QpProblem, QpResult } from '../../src/main/engine/optimize/qp';

/** Every test solve goes through this: optimal status and all four KKT residuals <= tol. */
export function expectKkt(problem: QpProblem, result: QpResult, tol: number, label = ''): void {
  expect(result.status, `${label}: status (${result.message})`).toBe('optimal');
  const r = kktResiduals(problem, result);
  for (const [k, v] of Object.entries(r))
    expect(v, `${label}: KKT ${k} = ${v.toExponential(2)} > ${tol}`).toBeLessThanOrEqual(tol);
  for (const v of result.x) expect(Number.isFinite(v), `${label}: non-finite x`).toBe(true);
}

/**
 * Independent feasibility check (no engine code): largest violation of bounds and rows, each
 * relative to 1 + |right-hand side|.
 */
export function maxViolation(problem: QpProblem, x: ArrayLike<number>): number {
  const n = problem.q.length;
  let v = 0;
  for (let j = 0; j < n; j++) {
    const lo = problem.lb?.[j] ?? -Infinity;
    const hi = problem.ub?.[j] ?? Infinity;
    if (lo > -Infinity) v = Math.max(v, (lo - x[j]!) / (1 + Math.abs(lo)));
    if (hi < Infinity) v = Math.max(v, (x[j]! - hi) / (1 + Math.abs(hi)));
  }
  const rows = (A: Matrix | undefined, b: ArrayLike<number> | undefined, eq: boolean) => {
    if (!A || !b) return;
    for (let r = 0; r < A.rows; r++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A.data[r * n + j]! * x[j]!;
      const d = eq ? Math.abs(s - b[r]!) : s - b[r]!;
      v = Math.max(v, d / (1 + Math.abs(b[r]!)));
    }
  };
  rows(problem.Aeq, problem.beq, true);
  rows(problem.Ain, problem.bin, false);
  return v;
}

/** ½xᵀPx + qᵀx computed here, not by the engine. */
export function qpObjective(problem: QpProblem, x: ArrayLike<number>): number {
  const nP = problem.P.rows;
  let f = 0;
  for (let i = 0; i < nP; i++)
    for (let j = 0; j < nP; j++) f += 0.5 * x[i]! * problem.P.data[i * nP + j]! * x[j]!;
  for (let i = 0; i < problem.q.length; i++) f += problem.q[i]! * x[i]!;
  return f;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (test-side, independent). */
export function gaussSolve(Arows: number[][], b: number[]): number[] {
  const n = b.length;
  const a = Arows.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    const pr = a[c]!;
    if (pr[c] === 0) throw new Error('singular system');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / pr[c]!;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) a[r]![k] = a[r]![k]! - f * pr[k]!;
    }
  }
  return a.map((r, i) => r[n]! / r[i]!);
}

export const mat = (rows: number[][]): Matrix => fromRows(rows);
