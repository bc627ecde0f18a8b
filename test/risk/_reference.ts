// Helpers shared by the reference suites in test/risk/.
// The expected values come from the JSON fixtures in test/reference/, written by the Python
// scripts in scripts/reference/ (see each script's header for the formula / paper / library
// function behind the numbers). Nothing here calls Python at test time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Matrix, toRows } from '../../src/main/engine/linalg/matrix';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', 'reference', name), 'utf8')) as T;
}

/** Element i of an array, failing loudly instead of yielding undefined. */
export function at(a: ArrayLike<number>, i: number): number {
  const v = a[i];
  if (v === undefined) throw new Error(`index ${i} out of range (length ${a.length})`);
  return v;
}

/** Row i of a number[][] (checked). */
export function row(m: number[][], i: number): number[] {
  const r = m[i];
  if (r === undefined) throw new Error(`row ${i} out of range (${m.length} rows)`);
  return r;
}

/** |actual - expected| <= rtol * |expected| + atol */
export function expectClose(
  actual: number,
  expected: number,
  rtol: number,
  atol = 0,
  label = '',
): void {
  const err = Math.abs(actual - expected);
  const tol = rtol * Math.abs(expected) + atol;
  expect(
    Number.isFinite(actual) && err <= tol,
    `${label}: got ${actual}, expected ${expected} (|err| ${err.toExponential(3)} > tol ${tol.toExponential(3)})`,
  ).toBe(true);
}

/**
 * Arrays compared entry by entry, with the tolerance relative to the largest |expected| entry
 * (entries near zero, e.g. small covariances, would make a per-entry relative test meaningless).
 */
export function expectArrayClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  label = '',
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(at(expected, i)));
  let worst = 0;
  let where = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = at(actual, i);
    const err = Number.isFinite(a) ? Math.abs(a - at(expected, i)) : Infinity;
    if (!(err <= worst)) {
      worst = err;
      where = i;
    }
  }
  expect(
    worst <= rtol * scale,
    `${label}: worst |err| ${worst} at [${where}] (actual ${where >= 0 ? at(actual, where) : '-'}, expected ${where >= 0 ? at(expected, where) : '-'}) > ${rtol} x ${scale}`,
  ).toBe(true);
}

/** Matrix vs number[][]: dimensions, then entries with tolerance relative to the largest |entry|. */
export function expectMatrixClose(
  actual: Matrix,
  expected: number[][],
  rtol: number,
  label = '',
): void {
  const n = expected.length;
  const m = row(expected, 0).length;
  expect([actual.rows, actual.cols], `${label}: shape`).toEqual([n, m]);
  expect(actual.data.length, `${label}: data length`).toBe(n * m);
  expectArrayClose(actual.data, expected.flat(), rtol, label);
}

export function expectSymmetric(m: Matrix, atol: number, label = ''): void {
  const r = toRows(m);
  let worst = 0;
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < i; j++) worst = Math.max(worst, Math.abs(row(r, i)[j]! - row(r, j)[i]!));
  expect(worst, `${label}: asymmetry`).toBeLessThanOrEqual(atol);
}

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method (ascending). Small and
 * independent of the engine's linear algebra; accurate to ~1e-15 relative for the sizes used here.
 */
export function symmetricEigenvalues(rows: number[][]): number[] {
  const n = rows.length;
  const a = rows.map((r) => Float64Array.from(r));
  const get = (i: number, j: number): number => a[i]![j]!;
  const set = (i: number, j: number, v: number): void => {
    a[i]![j] = v;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        total += get(i, j) ** 2;
        if (i !== j) off += get(i, j) ** 2;
      }
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = get(p, q);
        if (apq === 0) continue;
        const theta = (get(q, q) - get(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = get(k, p);
          const akq = get(k, q);
          set(k, p, c * akp - s * akq);
          set(k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = get(p, k);
          const aqk = get(q, k);
          set(p, k, c * apk - s * aqk);
          set(q, k, s * apk + c * aqk);
        }
      }
  }
  return Array.from({ length: n }, (_, i) => get(i, i)).sort((x, y) => x - y);
}

/** JSON cannot hold NaN: fixtures write missing values as null. */
export function withNaN(rows: (number | null)[][]): number[][] {
  return rows.map((r) => r.map((v) => (v === null ? NaN : v)));
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += at(a, i);
  return s;
}
