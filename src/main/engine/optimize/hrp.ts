// Hierarchical risk parity: López de Prado (2016), "Building diversified portfolios that
// outperform out of sample", J. Portfolio Management 42(4) — tree clustering on the correlation
// distance, quasi-diagonalisation (the tree's leaf order), recursive bisection of that order with
// inverse-variance weights inside each half.
import { covToCorr } from '../cov/estimators';
import type { Matrix } from '../linalg/matrix';
import { checkBounds, checkCovariance } from './input-checks';
import {
  correlationDistance,
  distanceOfDistances,
  leafOrder,
  linkage,
  type LinkageMethod,
  type Merge,
} from './linkage';

export interface HrpOptions {
  /** Correlation for the tree; default: the covariance's own. */
  corr?: Matrix;
  /** Default 'single', as the paper. */
  linkage?: LinkageMethod;
  /**
   * 'correlation' (default): cluster d = sqrt((1 - ρ)/2) itself, as PyPortfolioOpt's HRPOpt and
   * Riskfolio-Lib do. 'paper': cluster the Euclidean distance between columns of d (the paper's
   * d̃, step 2 of its tree clustering and what its code listing computes).
   */
  distance?: 'correlation' | 'paper';
  /**
   * Per-asset bounds, handled as Riskfolio-Lib's HCPortfolio (Pfitzinger & Katzke 2019): at each
   * bisection, the split factor α of a parent holding weight W is clipped so that each half gets
   * between the sum of its members' lower bounds and the sum of their upper bounds. Feasible
   * bounds (0 <= lower <= upper, sum lower <= 1 <= sum upper) are then met exactly.
   */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  symbols?: readonly string[];
}

export interface HrpResult {
  weights: Float64Array;
  /** Asset indices in quasi-diagonal (dendrogram leaf) order. */
  order: number[];
  /** The tree, scipy linkage rows, for drawing the dendrogram. */
  linkage: Merge[];
}

export function hrp(cov: Matrix, opts: HrpOptions = {}): HrpResult {
  checkCovariance(cov, 'HRP', opts.symbols);
  const n = cov.rows;
  const corr = opts.corr ?? covToCorr(cov).corr;
  if (corr.rows !== n || corr.cols !== n)
    throw new RangeError(`HRP: correlation is ${corr.rows} x ${corr.cols}, covariance ${n} x ${n}`);
  const bounded = opts.lower !== undefined || opts.upper !== undefined;
  const { lower, upper } = checkBounds(n, 'HRP', opts, opts.symbols);
  let dist = correlationDistance(corr);
  if (opts.distance === 'paper') dist = distanceOfDistances(dist);
  const tree = linkage(dist, opts.linkage ?? 'single');
  const order = leafOrder(tree, n);
  const weights = recursiveBisection(cov, order, bounded ? { lower, upper } : null);
  return { weights, order, linkage: tree };
}

/** Variance of the inverse-variance portfolio of order[a..b) (the paper's getClusterVar). */
function clusterVariance(cov: Matrix, order: readonly number[], a: number, b: number): number {
  const n = cov.rows;
  let s = 0;
  for (let p = a; p < b; p++) s += 1 / cov.data[order[p]! * (n + 1)]!;
  let v = 0;
  for (let p = a; p < b; p++) {
    const i = order[p]!;
    const wi = 1 / cov.data[i * (n + 1)]! / s;
    let row = 0;
    for (let q = a; q < b; q++) {
      const j = order[q]!;
      row += cov.data[i * n + j]! / cov.data[j * (n + 1)]!;
    }
    v += wi * (row / s);
  }
  return v;
}

/**
 * The paper's getRecBipart: split each cluster of the order in two halves (the first gets
 * floor(m/2) assets), give the halves α = 1 - V0/(V0+V1) and 1 - α of the parent's weight.
 */
function recursiveBisection(
  cov: Matrix,
  order: readonly number[],
  bounds: { lower: Float64Array; upper: Float64Array } | null,
): Float64Array {
  const n = order.length;
  const w = new Float64Array(n);
  // prefix sums of the bounds along the order: a half's bound totals in O(1)
  const lo = new Float64Array(n + 1);
  const hi = new Float64Array(n + 1);
  if (bounds)
    for (let p = 0; p < n; p++) {
      lo[p + 1] = lo[p]! + bounds.lower[order[p]!]!;
      hi[p + 1] = hi[p]! + bounds.upper[order[p]!]!;
    }
  const stack: [number, number, number][] = [[0, n, 1]];
  while (stack.length) {
    const [a, b, W] = stack.pop()!;
    if (b - a === 1) {
      w[order[a]!] = W;
      continue;
    }
    const m = a + ((b - a) >> 1);
    const v0 = clusterVariance(cov, order, a, m);
    const v1 = clusterVariance(cov, order, m, b);
    let alpha = 1 - v0 / (v0 + v1);
    if (bounds) {
      // Riskfolio-Lib's two clips: the left half within its bound totals, then the right half
      alpha = Math.min((hi[m]! - hi[a]!) / W, Math.max((lo[m]! - lo[a]!) / W, alpha));
      alpha = 1 - Math.min((hi[b]! - hi[m]!) / W, Math.max((lo[b]! - lo[m]!) / W, 1 - alpha));
    }
    stack.push([m, b, W * (1 - alpha)], [a, m, W * alpha]);
  }
  return w;
}
