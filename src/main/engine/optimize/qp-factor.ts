// The linear algebra of the active-set QP solver (qp-core.ts): the equality-constrained QP on the
// current working set, factorised once and then updated as variables are freed/fixed and rows
// enter/leave, so an iteration costs O(k² + k·m + m²) instead of a fresh O(k³) factorisation.
//
// With F the k free variables and W the m working rows, each step solves
//   [ H  Aᵀ ] [ p ]   [ -g ]        H = P_FF + εI  (k × k, positive definite thanks to ε)
//   [ A  0  ] [ λ ] = [  0 ]        A = rows W restricted to F  (m × k, full row rank)
// by the range-space (Schur complement) method, keeping
//   H = L Lᵀ,   M = L⁻¹Aᵀ (k × m),   S = A H⁻¹ Aᵀ = MᵀM = R Rᵀ.
// Freeing a variable borders L (a new row) and adds a row to M (S gains a rank-one term);
// fixing one deletes a row of L, re-triangularised by Givens rotations that are applied to M as
// well (S loses a rank-one term); a row entering W appends a column to M and a row to R.
// Range-space methods lose accuracy when H is ill-conditioned; qp-core's proximal outer loop
// recomputes the true gradient each round, which acts as iterative refinement.

/** The data the factorisation reads: curvature over the first nP variables, dense rows. */
export interface FactorData {
  /** Number of variables. */
  n: number;
  /** P is nP × nP (row-major) over variables 0..nP-1; the others have no curvature. */
  nP: number;
  P: Float64Array;
  /** Rows, row-major m × n. */
  A: Float64Array;
  /** Proximal regularisation added to the diagonal of H. */
  eps: number;
  /** The same rows in compressed sparse form (start offsets, columns, values). */
  sparse: { start: Int32Array; col: Int32Array; val: Float64Array };
}

/** Thrown when P shows negative curvature beyond round-off on the free variables. */
export class IndefiniteError extends Error {
  constructor(readonly variable: number) {
    super(
      `the quadratic term is not positive semidefinite (negative curvature along variable ${variable})`,
    );
  }
}

export class KktFactor {
  /** Number of free variables and of working rows. */
  k = 0;
  m = 0;
  /** Free variables in factor order, and each variable's position in it (-1 when fixed). */
  readonly free: Int32Array;
  readonly pos: Int32Array;
  /** Working rows in factor order. */
  readonly rows: Int32Array;
  /** Updates since the last full factorisation (qp-core refactors after many). */
  updates = 0;

  private readonly n: number;
  private readonly mCap: number;
  private readonly L: Float64Array; // k × k lower, row stride n
  private readonly M: Float64Array; // k × m, row stride mCap
  private readonly R: Float64Array; // m × m lower, row stride mCap
  private readonly tmpK: Float64Array;
  private readonly tmpM: Float64Array;
  private readonly tmpM2: Float64Array;

  constructor(
    private readonly d: FactorData,
    rowCount: number,
  ) {
    this.n = d.n;
    this.mCap = Math.max(1, rowCount);
    this.free = new Int32Array(d.n);
    this.pos = new Int32Array(d.n).fill(-1);
    this.rows = new Int32Array(this.mCap);
    this.L = new Float64Array(d.n * d.n);
    this.M = new Float64Array(d.n * this.mCap);
    this.R = new Float64Array(this.mCap * this.mCap);
    this.tmpK = new Float64Array(d.n);
    this.tmpM = new Float64Array(this.mCap);
    this.tmpM2 = new Float64Array(this.mCap);
  }

  private h(i: number, j: number): number {
    const { nP, P, eps } = this.d;
    const v = i < nP && j < nP ? P[i * nP + j]! : 0;
    return i === j ? v + eps : v;
  }

  /** Drops everything: no free variables, no working rows. */
  clear(): void {
    for (let t = 0; t < this.k; t++) this.pos[this.free[t]!] = -1;
    this.k = 0;
    this.m = 0;
    this.updates = 0;
  }

  /**
   * Frees variable j: borders L with the row L⁻¹H_Fj and M with the matching row; S gains the
   * rank-one term v vᵀ of that new M row. Throws IndefiniteError on clear negative curvature.
   */
  addVar(j: number): void {
    const { n, L, M, mCap, k, m } = this;
    const rk = k * n;
    let ss = 0;
    for (let t = 0; t < k; t++) {
      const rt = t * n;
      let s = this.h(this.free[t]!, j);
      for (let u = 0; u < t; u++) s -= L[rt + u]! * L[rk + u]!;
      const l = s / L[rt + t]!;
      L[rk + t] = l;
      ss += l * l;
    }
    const hjj = this.h(j, j);
    let piv = hjj - ss;
    const eps = this.d.eps;
    // exact arithmetic gives piv >= eps for a PSD P; clear negatives mean P is indefinite
    if (piv < -1e-7 * Math.max(1, Math.abs(hjj))) throw new IndefiniteError(j);
    if (piv < eps) piv = eps; // cancellation: the factor then holds a slightly larger ε here
    const lam = Math.sqrt(piv);
    L[rk + k] = lam;
    // new row of M: (a_j - Mᵀ l) / lam over the working rows
    const v = this.tmpM;
    for (let s = 0; s < m; s++) v[s] = this.d.A[this.rows[s]! * n + j]!;
    for (let t = 0; t < k; t++) {
      const l = L[rk + t]!;
      if (l === 0) continue;
      const rt = t * mCap;
      for (let s = 0; s < m; s++) v[s] = v[s]! - l * M[rt + s]!;
    }
    const rm = k * mCap;
    for (let s = 0; s < m; s++) {
      v[s] = v[s]! / lam;
      M[rm + s] = v[s]!;
    }
    this.free[k] = j;
    this.pos[j] = k;
    this.k = k + 1;
    if (m > 0) cholUpdate(this.R, mCap, m, v, 0);
    this.updates++;
  }

  /**
   * Fixes the free variable at factor position r: deletes row r of L and restores the triangle
   * with Givens rotations (applied to M's rows too); the row rotated out of M leaves S as a
   * rank-one downdate. Returns false if that downdate broke down (caller refactors).
   */
  removeVarAt(r: number): boolean {
    const { n, L, M, mCap, m } = this;
    const k = this.k;
    const j = this.free[r]!;
    const nb = k - r - 1;
    const v = this.tmpK;
    for (let i = 0; i < nb; i++) v[i] = L[(r + 1 + i) * n + r]!;
    const drop = this.tmpM;
    for (let s = 0; s < m; s++) drop[s] = M[r * mCap + s]!;
    // shift rows r+1.. of L up one and their columns r+1.. left one; same rows of M up one
    for (let i = r + 1; i < k; i++) {
      const src = i * n;
      const dst = (i - 1) * n;
      for (let c = 0; c < r; c++) L[dst + c] = L[src + c]!;
      for (let c = r + 1; c <= i; c++) L[dst + c - 1] = L[src + c]!;
      M.copyWithin((i - 1) * mCap, i * mCap, i * mCap + m);
      this.free[i - 1] = this.free[i]!;
      this.pos[this.free[i - 1]!] = i - 1;
    }
    // absorb the deleted column v into the trailing block (a stable rank-one update)
    for (let t = 0; t < nb; t++) {
      const rt = (r + t) * n;
      const a = L[rt + r + t]!;
      const b = v[t]!;
      if (b === 0) continue;
      const rr = Math.hypot(a, b);
      const c = a / rr;
      const s = b / rr;
      L[rt + r + t] = rr;
      for (let i = t + 1; i < nb; i++) {
        const idx = (r + i) * n + r + t;
        const lit = L[idx]!;
        L[idx] = c * lit + s * v[i]!;
        v[i] = c * v[i]! - s * lit;
      }
      const mr = (r + t) * mCap;
      for (let q = 0; q < m; q++) {
        const a1 = M[mr + q]!;
        const b1 = drop[q]!;
        M[mr + q] = c * a1 + s * b1;
        drop[q] = c * b1 - s * a1;
      }
    }
    this.pos[j] = -1;
    this.k = k - 1;
    this.updates++;
    if (m === 0) return true;
    return cholDowndate(this.R, mCap, m, drop);
  }

  /**
   * Adds row `row` to the working set if it is linearly independent of the working rows on the
   * free variables (relative Schur pivot above `depTol`); returns whether it was added.
   */
  addRow(row: number, depTol = 1e-11): boolean {
    const { n, L, M, R, mCap, k, m } = this;
    if (m >= mCap) return false;
    const col = this.tmpK;
    const A = this.d.A;
    const ro = row * n;
    let norm2 = 0;
    for (let t = 0; t < k; t++) {
      const rt = t * n;
      let s = A[ro + this.free[t]!]!;
      for (let u = 0; u < t; u++) s -= L[rt + u]! * col[u]!;
      const c = s / L[rt + t]!;
      col[t] = c;
      norm2 += c * c;
    }
    if (!(norm2 > 0)) return false;
    const z = this.tmpM;
    z.fill(0, 0, m);
    for (let t = 0; t < k; t++) {
      const c = col[t]!;
      if (c === 0) continue;
      const rt = t * mCap;
      for (let s = 0; s < m; s++) z[s] = z[s]! + M[rt + s]! * c;
    }
    let zz = 0;
    for (let s = 0; s < m; s++) {
      const rs = s * mCap;
      let v = z[s]!;
      for (let u = 0; u < s; u++) v -= R[rs + u]! * z[u]!;
      v /= R[rs + s]!;
      z[s] = v;
      zz += v * v;
    }
    const piv = norm2 - zz;
    if (!(piv > depTol * norm2)) return false;
    for (let t = 0; t < k; t++) M[t * mCap + m] = col[t]!;
    const rm = m * mCap;
    for (let s = 0; s < m; s++) R[rm + s] = z[s]!;
    R[rm + m] = Math.sqrt(piv);
    this.rows[m] = row;
    this.m = m + 1;
    this.updates++;
    return true;
  }

  /** Removes the working row at position s: a column of M, a row and column of R. */
  removeRowAt(s: number): void {
    const { M, R, mCap, k } = this;
    const m = this.m;
    for (let t = 0; t < k; t++) {
      const rt = t * mCap;
      M.copyWithin(rt + s, rt + s + 1, rt + m);
    }
    const nb = m - s - 1;
    const v = this.tmpM2;
    for (let i = 0; i < nb; i++) v[i] = R[(s + 1 + i) * mCap + s]!;
    for (let i = s + 1; i < m; i++) {
      const src = i * mCap;
      const dst = (i - 1) * mCap;
      for (let c = 0; c < s; c++) R[dst + c] = R[src + c]!;
      for (let c = s + 1; c <= i; c++) R[dst + c - 1] = R[src + c]!;
      this.rows[i - 1] = this.rows[i]!;
    }
    this.m = m - 1;
    if (nb > 0) cholUpdate(R, mCap, nb, v, s);
    this.updates++;
  }

  /**
   * Recomputes S = MᵀM and its factor R from M, dropping rows of W that have become dependent
   * (tiny pivots). Returns the rows dropped.
   */
  refactorRows(depTol = 1e-11): number[] {
    const { M, R, mCap, k } = this;
    const dropped: number[] = [];
    let s = 0;
    while (s < this.m) {
      // column s of S against the accepted columns 0..s-1
      let diag = 0;
      for (let t = 0; t < k; t++) diag += M[t * mCap + s]! ** 2;
      const rs = s * mCap;
      let zz = 0;
      for (let u = 0; u < s; u++) {
        let v = 0;
        for (let t = 0; t < k; t++) v += M[t * mCap + u]! * M[t * mCap + s]!;
        const ru = u * mCap;
        for (let w = 0; w < u; w++) v -= R[ru + w]! * R[rs + w]!;
        v /= R[ru + u]!;
        R[rs + u] = v;
        zz += v * v;
      }
      const piv = diag - zz;
      if (piv > depTol * diag && diag > 0) {
        R[rs + s] = Math.sqrt(piv);
        s++;
        continue;
      }
      dropped.push(this.rows[s]!);
      for (let t = 0; t < k; t++) {
        const rt = t * mCap;
        M.copyWithin(rt + s, rt + s + 1, rt + this.m);
      }
      this.rows.copyWithin(s, s + 1, this.m);
      this.m--;
    }
    return dropped;
  }

  /**
   * Solves the EQP for the gradient g (length n): writes the step on the free variables into p
   * and the working rows' multipliers into lam, with g + H p + Aᵀλ = 0 on F and A p = 0.
   * The caller keeps p zero off the free variables (the refinement reads whole rows).
   */
  solve(g: Float64Array, p: Float64Array, lam: Float64Array): void {
    const { n, L, M, R, mCap, k, m } = this;
    const u = this.tmpK;
    for (let t = 0; t < k; t++) {
      const rt = t * n;
      let s = g[this.free[t]!]!;
      for (let w = 0; w < t; w++) s -= L[rt + w]! * u[w]!;
      u[t] = s / L[rt + t]!;
    }
    if (m > 0) {
      const z = this.tmpM;
      z.fill(0, 0, m);
      for (let t = 0; t < k; t++) {
        const c = u[t]!;
        if (c === 0) continue;
        const rt = t * mCap;
        for (let s = 0; s < m; s++) z[s] = z[s]! + M[rt + s]! * c;
      }
      // λ = -S⁻¹ Mᵀu: forward with R, back with Rᵀ (column-oriented)
      for (let s = 0; s < m; s++) {
        const rs = s * mCap;
        let v = z[s]!;
        for (let w = 0; w < s; w++) v -= R[rs + w]! * z[w]!;
        z[s] = v / R[rs + s]!;
      }
      for (let s = m - 1; s >= 0; s--) {
        const rs = s * mCap;
        const v = z[s]! / R[rs + s]!;
        z[s] = v;
        for (let w = 0; w < s; w++) z[w] = z[w]! - R[rs + w]! * v;
      }
      for (let s = 0; s < m; s++) lam[s] = -z[s]!;
      for (let t = 0; t < k; t++) {
        const rt = t * mCap;
        let s2 = u[t]!;
        for (let s = 0; s < m; s++) s2 += M[rt + s]! * lam[s]!;
        u[t] = s2;
      }
    }
    // p_F = -L⁻ᵀ (u + Mλ), column-oriented back substitution
    for (let t = k - 1; t >= 0; t--) {
      const rt = t * n;
      const v = u[t]! / L[rt + t]!;
      u[t] = v;
      for (let w = 0; w < t; w++) u[w] = u[w]! - L[rt + w]! * v;
    }
    for (let t = 0; t < k; t++) p[this.free[t]!] = -u[t]!;
    if (m > 0) this.refine(p, lam);
  }

  /**
   * One step of iterative refinement on A p = 0. Round-off in the solve is amplified by 1/ε
   * along directions without curvature, so A p can be ~1e-8 where it should be 0, and the
   * working rows would drift off their bounds. The minimum H-norm correction
   * δ = −H⁻¹Aᵀ S⁻¹ (A p) (with λ += S⁻¹ A p) removes it at the cost of one more solve.
   */
  private refine(p: Float64Array, lam: Float64Array): void {
    const { n, L, M, R, mCap, k, m } = this;
    const { start, col, val } = this.d.sparse;
    const z = this.tmpM;
    for (let s = 0; s < m; s++) {
      const r = this.rows[s]!;
      let v = 0;
      for (let e = start[r]!; e < start[r + 1]!; e++) v += val[e]! * p[col[e]!]!;
      z[s] = v;
    }
    for (let s = 0; s < m; s++) {
      const rs = s * mCap;
      let v = z[s]!;
      for (let w = 0; w < s; w++) v -= R[rs + w]! * z[w]!;
      z[s] = v / R[rs + s]!;
    }
    for (let s = m - 1; s >= 0; s--) {
      const rs = s * mCap;
      const v = z[s]! / R[rs + s]!;
      z[s] = v;
      for (let w = 0; w < s; w++) z[w] = z[w]! - R[rs + w]! * v;
    }
    const u = this.tmpK;
    for (let t = 0; t < k; t++) {
      const rt = t * mCap;
      let v = 0;
      for (let s = 0; s < m; s++) v += M[rt + s]! * z[s]!;
      u[t] = v;
    }
    for (let t = k - 1; t >= 0; t--) {
      const rt = t * n;
      const v = u[t]! / L[rt + t]!;
      u[t] = v;
      for (let w = 0; w < t; w++) u[w] = u[w]! - L[rt + w]! * v;
    }
    for (let t = 0; t < k; t++) p[this.free[t]!] = p[this.free[t]!]! - u[t]!;
    for (let s = 0; s < m; s++) lam[s] = lam[s]! + z[s]!;
  }
}

/** R Rᵀ + v vᵀ for the trailing block starting at `off` of size nb (v is overwritten). */
function cholUpdate(
  R: Float64Array,
  stride: number,
  nb: number,
  v: Float64Array,
  off: number,
): void {
  for (let t = 0; t < nb; t++) {
    const rt = (off + t) * stride;
    const a = R[rt + off + t]!;
    const b = v[t]!;
    if (b === 0) continue;
    const rr = Math.hypot(a, b);
    const c = a / rr;
    const s = b / rr;
    R[rt + off + t] = rr;
    for (let i = t + 1; i < nb; i++) {
      const idx = (off + i) * stride + off + t;
      const rit = R[idx]!;
      R[idx] = c * rit + s * v[i]!;
      v[i] = c * v[i]! - s * rit;
    }
  }
}

/** R Rᵀ - v vᵀ over the leading m × m block (LINPACK dchdd); false if it loses definiteness. */
function cholDowndate(R: Float64Array, stride: number, m: number, v: Float64Array): boolean {
  for (let t = 0; t < m; t++) {
    const rt = t * stride;
    const a = R[rt + t]!;
    const b = v[t]!;
    if (b === 0) continue;
    const r2 = (a - b) * (a + b);
    if (!(r2 > 1e-13 * a * a)) return false;
    const rr = Math.sqrt(r2);
    const c = rr / a;
    const s = b / a;
    R[rt + t] = rr;
    for (let i = t + 1; i < m; i++) {
      const idx = i * stride + t;
      const rit = (R[idx]! - s * v[i]!) / c;
      R[idx] = rit;
      v[i] = c * v[i]! - s * rit;
    }
  }
  return true;
}
