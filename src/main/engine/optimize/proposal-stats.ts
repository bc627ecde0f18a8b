import type { AllocationMethod, AllocationProposal } from '../../../shared/allocation';
import { quadForm, matVec, type Matrix } from '../linalg/matrix';
import { portfolioReturns } from '../risk/contributions';
import { drawdowns } from '../risk/performance';
import { historicalVarEs } from '../risk/var';

export interface StatsContext {
  symbols: string[];
  /** Annualised expected returns and covariance. */
  mu: Float64Array;
  cov: Matrix;
  riskFree: number;
  /** Daily returns on the common window (T x n), for CVaR and drawdown in sample. */
  common: Matrix;
  alpha: number;
}

/**
 * The figures the comparison table shows for one set of weights, all from the same inputs so
 * methods are compared like for like: expected return and volatility from the annualised
 * model, CVaR and maximum drawdown from the historical daily returns of the common window.
 */
export function proposalStats(
  method: AllocationMethod,
  w: ArrayLike<number>,
  ctx: StatsContext,
  notes: string[] = [],
  ok = true,
): AllocationProposal {
  const n = ctx.symbols.length;
  let er = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    er += ctx.mu[i]! * w[i]!;
    sumSq += w[i]! * w[i]!;
  }
  const variance = Math.max(0, quadForm(ctx.cov, w));
  const vol = Math.sqrt(variance);
  const sw = matVec(ctx.cov, w);
  const rc: Record<string, number> = {};
  for (let i = 0; i < n; i++) rc[ctx.symbols[i]!] = variance > 0 ? (w[i]! * sw[i]!) / variance : 0;
  let cvar = 0;
  let maxDrawdown = 0;
  if (ctx.common.rows >= 2) {
    const r = portfolioReturns(ctx.common, w);
    cvar = historicalVarEs(r, ctx.alpha).es;
    maxDrawdown = drawdowns(r).maxDrawdown;
  }
  return {
    method,
    ok,
    weights: Object.fromEntries(ctx.symbols.map((s, i) => [s, clean(w[i]!)])),
    expectedReturn: er,
    volatility: vol,
    sharpe: vol > 0 ? (er - ctx.riskFree) / vol : 0,
    cvar,
    maxDrawdown,
    effectiveAssets: sumSq > 0 ? 1 / sumSq : 0,
    riskContributions: rc,
    notes,
  };
}

/** Solver noise below 1e-10 shown as the zero it is. */
const clean = (x: number) => (Math.abs(x) < 1e-10 ? 0 : x);
