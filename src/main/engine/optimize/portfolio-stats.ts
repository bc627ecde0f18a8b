// Expected return, volatility and Sharpe ratio of a weight vector (all annual when mu and cov are).
import type { Matrix } from '../linalg/matrix';

export interface PortfolioStats {
  expectedReturn: number;
  volatility: number;
  /** (expectedReturn − riskFree) / volatility; 0 for a riskless portfolio (undefined there). */
  sharpe: number;
}

export function portfolioStats(
  weights: ArrayLike<number>,
  mu: ArrayLike<number>,
  cov: Matrix,
  riskFree = 0,
): PortfolioStats {
  const n = weights.length;
  if (mu.length !== n || cov.rows !== n || cov.cols !== n)
    throw new RangeError(
      `portfolio stats: ${n} weights, ${mu.length} expected returns, ${cov.rows} x ${cov.cols} covariance`,
    );
  let er = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights[i]!;
    if (!Number.isFinite(wi) || !Number.isFinite(mu[i]!))
      throw new RangeError(
        `portfolio stats: weight ${wi} or expected return ${mu[i]} of asset ${i} is not finite`,
      );
    er += wi * mu[i]!;
    let row = 0;
    for (let j = 0; j < n; j++) row += cov.data[i * n + j]! * weights[j]!;
    variance += wi * row;
  }
  if (!Number.isFinite(variance)) throw new RangeError(`portfolio stats: variance is ${variance}`);
  // round-off can leave a tiny negative variance for a (near) riskless portfolio
  const volatility = Math.sqrt(Math.max(0, variance));
  const sharpe = volatility > 0 ? (er - riskFree) / volatility : 0;
  return { expectedReturn: er, volatility, sharpe };
}
