import { covariance, mean, stdev } from '../stats/moments';

/** Drawdown of cumulative wealth W_t = Π(1 + r_s) from its running peak (starting wealth 1). */
export function drawdowns(r: ArrayLike<number>): {
  drawdown: Float64Array;
  maxDrawdown: number;
  peakIndex: number;
  troughIndex: number;
} {
  const dd = new Float64Array(r.length);
  let w = 1;
  let peak = 1;
  let peakAt = -1;
  let worst = 0;
  let worstPeak = -1;
  let worstAt = -1;
  for (let t = 0; t < r.length; t++) {
    w *= 1 + r[t]!;
    if (w > peak) {
      peak = w;
      peakAt = t;
    }
    dd[t] = w / peak - 1;
    if (dd[t]! < worst) {
      worst = dd[t]!;
      worstAt = t;
      worstPeak = peakAt;
    }
  }
  return { drawdown: dd, maxDrawdown: -worst, peakIndex: worstPeak, troughIndex: worstAt };
}

export interface PerformanceStats {
  annualReturn: number;
  annualVol: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  maxDrawdown: number;
}

/**
 * Annualised figures of daily simple returns: CAGR, volatility, Sharpe and Sortino (arithmetic
 * mean excess over the risk-free rate), Calmar (CAGR over maximum drawdown).
 */
export function performanceStats(
  r: ArrayLike<number>,
  opts: { periodsPerYear: number; riskFree?: number },
): PerformanceStats {
  const ppy = opts.periodsPerYear;
  const rf = opts.riskFree ?? 0;
  const n = r.length;
  let w = 1;
  for (let t = 0; t < n; t++) w *= 1 + r[t]!;
  const annualReturn = w > 0 ? w ** (ppy / n) - 1 : -1;
  const annualVol = stdev(r) * Math.sqrt(ppy);
  const excess = mean(r) * ppy - rf;
  let down = 0;
  for (let t = 0; t < n; t++) down += Math.min(r[t]! - rf / ppy, 0) ** 2;
  const downside = Math.sqrt(down / n) * Math.sqrt(ppy);
  const { maxDrawdown } = drawdowns(r);
  return {
    annualReturn,
    annualVol,
    sharpe: annualVol > 0 ? excess / annualVol : 0,
    sortino: downside > 0 ? excess / downside : 0,
    calmar: maxDrawdown > 0 ? annualReturn / maxDrawdown : 0,
    maxDrawdown,
  };
}

/** Beta of r to a benchmark: cov / var (ddof 1 both). */
export function beta(r: ArrayLike<number>, benchmark: ArrayLike<number>): number {
  const v = covariance(benchmark, benchmark);
  return v > 0 ? covariance(r, benchmark) / v : 0;
}
