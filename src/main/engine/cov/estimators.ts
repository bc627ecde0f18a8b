import { columns, gram, zeros, type Matrix } from '../linalg/matrix';
import { symmetricEigen } from '../linalg/matrix';

// Covariance estimators over a T x N matrix of returns (rows = days, columns = assets).

function demeanedColumns(X: Matrix): Float64Array[] {
  const cols = columns(X);
  for (const c of cols) {
    let m = 0;
    for (let t = 0; t < c.length; t++) m += c[t]!;
    m /= c.length;
    for (let t = 0; t < c.length; t++) c[t]! -= m;
  }
  return cols;
}

/** Unbiased sample covariance (ddof 1), as numpy's np.cov(X, rowvar=False). */
export function sampleCovariance(X: Matrix): Matrix {
  if (X.rows < 2) throw new RangeError('sample covariance needs at least 2 observations');
  return gram(demeanedColumns(X), 1 / (X.rows - 1));
}

/**
 * RiskMetrics EWMA covariance, zero mean: weights (1-λ)λ^(T-1-t), normalised to sum to 1 over
 * the window, newest day heaviest.
 */
export function ewmaCovariance(X: Matrix, lambda = 0.94): Matrix {
  if (!(lambda > 0 && lambda < 1))
    throw new RangeError(`EWMA lambda must be in (0, 1), got ${lambda}`);
  const T = X.rows;
  const norm = (1 - lambda) / (1 - lambda ** T);
  const cols = columns(X);
  for (const c of cols) {
    // scale each day by sqrt(weight) so the plain Gram matrix applies the weights
    let w = 1;
    for (let t = T - 1; t >= 0; t--) {
      c[t]! *= Math.sqrt(norm * w);
      w *= lambda;
    }
  }
  return gram(cols, 1);
}

/** Downside semicovariance about a benchmark return: D = min(X - b, 0), Σ = DᵀD / T. */
export function semicovariance(X: Matrix, benchmark = 0): Matrix {
  const cols = columns(X);
  for (const c of cols) for (let t = 0; t < c.length; t++) c[t] = Math.min(c[t]! - benchmark, 0);
  return gram(cols, 1 / X.rows);
}

/**
 * Ledoit-Wolf shrinkage. 'identity': towards mu·I (Ledoit & Wolf 2004, "A well-conditioned
 * estimator for large-dimensional covariance matrices"; as sklearn's ledoit_wolf).
 * 'constant-correlation': towards the constant-correlation matrix (Ledoit & Wolf 2003/2004,
 * "Honey, I shrunk the sample covariance matrix"; Wolf's covCor.m). Both on the 1/T sample covariance of
 * demeaned data, as the papers define it.
 */
export function ledoitWolf(
  X: Matrix,
  target: 'identity' | 'constant-correlation',
): { cov: Matrix; shrinkage: number } {
  const T = X.rows;
  const N = X.cols;
  if (T < 2) throw new RangeError('Ledoit-Wolf needs at least 2 observations');
  const x = demeanedColumns(X);
  const S = gram(x, 1 / T);
  return target === 'identity' ? lwIdentity(x, S, T, N) : lwConstantCorrelation(x, S, T, N);
}

function lwIdentity(x: Float64Array[], S: Matrix, T: number, N: number) {
  let trace = 0;
  for (let i = 0; i < N; i++) trace += S.data[i * N + i]!;
  const mu = trace / N;
  // beta_ = Σ_ij ((x²)ᵀ(x²))_ij = Σ_t (Σ_i x_ti²)²: O(NT) instead of O(N²T)
  let betaRaw = 0;
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += x[i]![t]! ** 2;
    betaRaw += s * s;
  }
  let sumS2 = 0;
  for (let k = 0; k < S.data.length; k++) sumS2 += S.data[k]! ** 2;
  const deltaRaw = sumS2; // = Σ (XᵀX)² / T²
  let beta = (betaRaw / T - deltaRaw) / (N * T);
  const delta = (deltaRaw - 2 * mu * trace + N * mu * mu) / N;
  beta = Math.min(beta, delta);
  const shrinkage = beta === 0 || delta === 0 ? 0 : beta / delta;
  const cov = zeros(N, N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++)
      cov.data[i * N + j] = (1 - shrinkage) * S.data[i * N + j]! + (i === j ? shrinkage * mu : 0);
  }
  return { cov, shrinkage };
}

function lwConstantCorrelation(x: Float64Array[], S: Matrix, T: number, N: number) {
  const v = new Float64Array(N);
  const sd = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    v[i] = S.data[i * N + i]!;
    sd[i] = Math.sqrt(v[i]!);
  }
  let rSum = 0;
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) if (i !== j) rSum += S.data[i * N + j]! / (sd[i]! * sd[j]!);
  const rBar = N > 1 ? rSum / (N * (N - 1)) : 0;
  const prior = zeros(N, N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) prior.data[i * N + j] = i === j ? v[i]! : rBar * sd[i]! * sd[j]!;

  // covCor.m's phi and rho need (x²)ᵀ(x²) and (x³)ᵀx, but only through sums that collapse to
  // per-day sums, O(NT) instead of O(N²T):
  //   Σ_ij <x_i², x_j²> = Σ_t (Σ_i x_ti²)²,   Σ_i <x_i², x_i²> = Σ_t Σ_i x_ti⁴,
  //   Σ_{i≠j} (sd_j/sd_i) <x_i³, x_j> = Σ_t [(Σ_i x_ti³/sd_i)(Σ_j sd_j x_tj) - Σ_i x_ti⁴].
  let sumSq2 = 0;
  let sum4 = 0;
  let cross = 0;
  for (let t = 0; t < T; t++) {
    let sq = 0;
    let a = 0;
    let b = 0;
    let q = 0;
    for (let i = 0; i < N; i++) {
      const xi = x[i]![t]!;
      const x2 = xi * xi;
      sq += x2;
      q += x2 * x2;
      a += (x2 * xi) / sd[i]!;
      b += sd[i]! * xi;
    }
    sumSq2 += sq * sq;
    sum4 += q;
    cross += a * b - q;
  }
  let sumS2 = 0;
  let sumV2 = 0;
  let sdsdS = 0;
  for (let i = 0; i < N; i++) {
    sumV2 += v[i]! * v[i]!;
    for (let j = 0; j < N; j++) {
      const sij = S.data[i * N + j]!;
      sumS2 += sij * sij;
      if (i !== j) sdsdS += sd[i]! * sd[j]! * sij;
    }
  }
  // phiMat_ij = <x_i², x_j²>/T - s_ij² (covCor.m's y'y/t - 2(x'x).*sample/t + sample.^2, as x'x = T·S)
  const phi = sumSq2 / T - sumS2;
  const phiDiag = sum4 / T - sumV2;
  // thetaMat_ij = <x_i³, x_j>/T - v_i s_ij; weighted by sd_j/sd_i off the diagonal (v_i/sd_i = sd_i)
  const rhoOff = cross / T - sdsdS;
  const rho = phiDiag + rBar * rhoOff;
  let gamma = 0;
  for (let k = 0; k < S.data.length; k++) gamma += (S.data[k]! - prior.data[k]!) ** 2;
  const kappa = gamma > 0 ? (phi - rho) / gamma : 0;
  const shrinkage = Math.max(0, Math.min(1, kappa / T));
  const cov = zeros(N, N);
  for (let k = 0; k < cov.data.length; k++)
    cov.data[k] = shrinkage * prior.data[k]! + (1 - shrinkage) * S.data[k]!;
  return { cov, shrinkage };
}

/**
 * Pairwise covariance over a matrix with NaN for missing days: each pair uses the days both
 * have (demeaned over that overlap, ddof 1). The result need not be PSD: repair it with
 * nearestPsdCovariance.
 */
export function pairwiseCovariance(X: Matrix): Matrix {
  const cols = columns(X);
  const N = X.cols;
  const out = zeros(N, N);
  for (let i = 0; i < N; i++) {
    for (let j = i; j < N; j++) {
      const a = cols[i]!;
      const b = cols[j]!;
      let n = 0;
      let sa = 0;
      let sb = 0;
      for (let t = 0; t < a.length; t++) {
        if (Number.isNaN(a[t]!) || Number.isNaN(b[t]!)) continue;
        n++;
        sa += a[t]!;
        sb += b[t]!;
      }
      let c = NaN;
      if (n >= 2) {
        const ma = sa / n;
        const mb = sb / n;
        let s = 0;
        for (let t = 0; t < a.length; t++)
          if (!Number.isNaN(a[t]!) && !Number.isNaN(b[t]!)) s += (a[t]! - ma) * (b[t]! - mb);
        c = s / (n - 1);
      }
      out.data[i * N + j] = c;
      out.data[j * N + i] = c;
    }
  }
  return out;
}

export function covToCorr(S: Matrix): { corr: Matrix; vols: Float64Array } {
  const N = S.rows;
  const vols = new Float64Array(N);
  for (let i = 0; i < N; i++) vols[i] = Math.sqrt(Math.max(0, S.data[i * N + i]!));
  const corr = zeros(N, N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const d = vols[i]! * vols[j]!;
      corr.data[i * N + j] =
        i === j ? 1 : d > 0 ? Math.max(-1, Math.min(1, S.data[i * N + j]! / d)) : 0;
    }
  }
  return { corr, vols };
}

export function corrToCov(C: Matrix, vols: ArrayLike<number>): Matrix {
  const N = C.rows;
  const out = zeros(N, N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) out.data[i * N + j] = C.data[i * N + j]! * vols[i]! * vols[j]!;
  return out;
}

/** Projection onto the PSD cone: negative eigenvalues set to zero. */
function projectPsd(A: Matrix, floor = 0): Matrix {
  const { values, vectors } = symmetricEigen(A);
  const N = A.rows;
  const out = zeros(N, N);
  for (let k = 0; k < N; k++) {
    const lam = Math.max(values[k]!, floor);
    if (lam === 0) continue;
    for (let i = 0; i < N; i++) {
      const vi = vectors.data[i * N + k]! * lam;
      for (let j = 0; j < N; j++) out.data[i * N + j]! += vi * vectors.data[j * N + k]!;
    }
  }
  return out;
}

/**
 * Nearest correlation matrix in the Frobenius norm (Higham 2002, alternating projections with
 * Dykstra's correction, W = I): symmetric, unit diagonal, positive semidefinite.
 */
export function nearestCorrelation(
  C: Matrix,
  opts: { tol?: number; maxIter?: number } = {},
): Matrix {
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIter ?? 500;
  const N = C.rows;
  let Y = { rows: N, cols: N, data: Float64Array.from(C.data) };
  const dS = zeros(N, N);
  for (let it = 0; it < maxIter; it++) {
    const R = zeros(N, N);
    for (let k = 0; k < R.data.length; k++) R.data[k] = Y.data[k]! - dS.data[k]!;
    const X = projectPsd(R);
    for (let k = 0; k < R.data.length; k++) dS.data[k] = X.data[k]! - R.data[k]!;
    const nextY = { rows: N, cols: N, data: Float64Array.from(X.data) };
    for (let i = 0; i < N; i++) nextY.data[i * N + i] = 1;
    let diff = 0;
    let norm = 0;
    for (let k = 0; k < R.data.length; k++) {
      diff += (nextY.data[k]! - Y.data[k]!) ** 2;
      norm += nextY.data[k]! ** 2;
    }
    Y = nextY;
    if (Math.sqrt(diff) <= tol * Math.sqrt(norm)) break;
  }
  // symmetrise against round-off
  for (let i = 0; i < N; i++)
    for (let j = i + 1; j < N; j++) {
      const a = (Y.data[i * N + j]! + Y.data[j * N + i]!) / 2;
      Y.data[i * N + j] = a;
      Y.data[j * N + i] = a;
    }
  return Y;
}

/** A covariance made PSD through its correlation matrix (volatilities kept). */
export function nearestPsdCovariance(S: Matrix): Matrix {
  const { corr, vols } = covToCorr(S);
  return corrToCov(nearestCorrelation(corr), vols);
}

/** Smallest eigenvalue, for checks and warnings. */
export function minEigenvalue(S: Matrix): number {
  const { values } = symmetricEigen(S);
  return values[values.length - 1]!;
}
export { clusterOrder } from './cluster';
