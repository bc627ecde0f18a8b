import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { gramWasm } from './gram-wasm';

/** A dense row-major matrix of Float64 with explicit dimensions. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export const zeros = (rows: number, cols: number): Matrix => ({
  rows,
  cols,
  data: new Float64Array(rows * cols),
});

export function fromRows(rows: number[][]): Matrix {
  const r = rows.length;
  const c = r ? rows[0]!.length : 0;
  const m = zeros(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, expected ${c}`);
    m.data.set(row, i * c);
  });
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++)
    out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export const get = (m: Matrix, i: number, j: number): number => m.data[i * m.cols + j]!;

/** Columns as contiguous vectors (assets x days): the layout dot products want. */
export function columns(X: Matrix): Float64Array[] {
  const out: Float64Array[] = [];
  for (let j = 0; j < X.cols; j++) {
    const c = new Float64Array(X.rows);
    for (let t = 0; t < X.rows; t++) c[t] = X.data[t * X.cols + j]!;
    out.push(c);
  }
  return out;
}

/** Dot product, unrolled by four. */
export function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/**
 * Gram matrix of column vectors scaled by `scale`: G_ij = scale · <c_i, c_j>, both halves filled.
 * Covariance estimators spend nearly all their time here. Large products go to the WebAssembly
 * SIMD kernel (gram-wasm.ts, ~4x faster); small ones, and any runtime without WebAssembly, to the
 * JS kernel. The two sum in different orders, so they agree to rounding (~1e-16 relative to
 * |c_i|·|c_j|), not bit for bit; a given shape always takes the same path.
 */
export function gram(cols: Float64Array[], scale: number): Matrix {
  if (!Number.isFinite(scale)) throw new RangeError(`gram: scale must be finite, got ${scale}`);
  const n = cols.length;
  const T = n ? cols[0]!.length : 0;
  cols.forEach((c, i) => {
    if (c.length !== T)
      throw new RangeError(`gram: column ${i} has ${c.length} values, column 0 has ${T}`);
  });
  const g =
    ((n * n * T) / 2 >= GRAM_WASM_MIN_WORK ? gramWasm(cols, scale) : null) ?? gramJs(cols, scale);
  // Finite input gives a finite diagonal (short of overflow), and |G_ij| <= max(|G_ii|, |G_jj|)
  // bounds the rest: a look at the diagonal replaces an O(nT) scan of the input, which runs only
  // to name the culprit.
  for (let i = 0; i < n; i++) if (!Number.isFinite(g.data[i * n + i]!)) nonFinite(cols[i]!, i);
  return g;
}

/**
 * Multiply-adds (n²T/2) from which the WebAssembly kernel pays: a call costs ~0.1 ms up front
 * (a fresh memory and instance); measured break-even near 50 columns x 250 days.
 */
export const GRAM_WASM_MIN_WORK = 250_000;

function nonFinite(c: Float64Array, i: number): never {
  // column i alone makes G_ii
  const t = c.findIndex((v) => !Number.isFinite(v));
  if (t >= 0)
    throw new RangeError(`gram: column ${i} holds ${c[t]} at row ${t}; values must be finite`);
  throw new RangeError(`gram: the sum of squares of column ${i}, times the scale, overflows`);
}

/**
 * The JS kernel of `gram` (no input checks). Computed in 4 x 4 tiles: each step loads 8 values for
 * 16 multiply-adds, where plain dot products load 2 for 1. Blocking over t to keep the columns in
 * cache did not help (the loop is bound by scalar arithmetic, not memory).
 */
export function gramJs(cols: Float64Array[], scale: number): Matrix {
  const n = cols.length;
  const g = zeros(n, n);
  const T = n ? cols[0]!.length : 0;
  const set = (i: number, j: number, v: number) => {
    g.data[i * n + j] = v * scale;
    g.data[j * n + i] = v * scale;
  };
  const full = n - (n % 4);
  for (let i = 0; i < full; i += 4) {
    const a0 = cols[i]!;
    const a1 = cols[i + 1]!;
    const a2 = cols[i + 2]!;
    const a3 = cols[i + 3]!;
    for (let j = i; j < full; j += 4) {
      const b0 = cols[j]!;
      const b1 = cols[j + 1]!;
      const b2 = cols[j + 2]!;
      const b3 = cols[j + 3]!;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0;
      let s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0;
      let s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0;
      for (let t = 0; t < T; t++) {
        const x0 = a0[t]!;
        const x1 = a1[t]!;
        const x2 = a2[t]!;
        const x3 = a3[t]!;
        const y0 = b0[t]!;
        const y1 = b1[t]!;
        const y2 = b2[t]!;
        const y3 = b3[t]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s22 += x2 * y2;
        s23 += x2 * y3;
        s30 += x3 * y0;
        s31 += x3 * y1;
        s32 += x3 * y2;
        s33 += x3 * y3;
      }
      set(i, j, s00);
      set(i, j + 1, s01);
      set(i, j + 2, s02);
      set(i, j + 3, s03);
      set(i + 1, j, s10);
      set(i + 1, j + 1, s11);
      set(i + 1, j + 2, s12);
      set(i + 1, j + 3, s13);
      set(i + 2, j, s20);
      set(i + 2, j + 1, s21);
      set(i + 2, j + 2, s22);
      set(i + 2, j + 3, s23);
      set(i + 3, j, s30);
      set(i + 3, j + 1, s31);
      set(i + 3, j + 2, s32);
      set(i + 3, j + 3, s33);
    }
  }
  // the ragged edge (n not a multiple of 4): plain dot products
  for (let i = 0; i < n; i++)
    for (let j = Math.max(i, full); j < n; j++) set(i, j, dot(cols[i]!, cols[j]!));
  return g;
}

export function matVec(m: Matrix, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) s += m.data[o + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

export function quadForm(m: Matrix, v: ArrayLike<number>): number {
  const mv = matVec(m, v);
  let s = 0;
  for (let i = 0; i < mv.length; i++) s += mv[i]! * v[i]!;
  return s;
}

/** Symmetric eigendecomposition (eigenvalues descending, eigenvectors as columns). */
export function symmetricEigen(m: Matrix): { values: Float64Array; vectors: Matrix } {
  const evd = new EigenvalueDecomposition(new MlMatrix(toRows(m)), { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const order = vals.map((_, i) => i).sort((a, b) => vals[b]! - vals[a]!);
  const V = evd.eigenvectorMatrix;
  const vectors = zeros(m.rows, m.rows);
  order.forEach((src, k) => {
    for (let i = 0; i < m.rows; i++) vectors.data[i * m.rows + k] = V.get(i, src);
  });
  return { values: Float64Array.from(order.map((i) => vals[i]!)), vectors };
}

/** Lower Cholesky factor of a symmetric positive definite matrix; null when it is not PD. */
export function cholesky(m: Matrix): Matrix | null {
  const n = m.rows;
  const L = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m.data[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L.data[i * n + k]! * L.data[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L.data[i * n + i] = Math.sqrt(s);
      } else L.data[i * n + j] = s / L.data[j * n + j]!;
    }
  }
  return L;
}
