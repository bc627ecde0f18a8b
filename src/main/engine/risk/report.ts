import type { RiskOptions, RiskReport, VarMethod } from '../../../shared/risk';
import { clusterOrder } from '../cov/cluster';
import {
  covToCorr,
  ewmaCovariance,
  ledoitWolf,
  sampleCovariance,
  semicovariance,
} from '../cov/estimators';
import { toRows, type Matrix } from '../linalg/matrix';
import { fitStudentT } from '../stats/distributions';
import { excessKurtosis, mean, skewness, stdev } from '../stats/moments';
import { ewmaVolatility, fitGarchT } from '../vol/garch';
import { concentration } from './concentration';
import { historicalEsContributions, portfolioReturns, volContributions } from './contributions';
import { liquidity } from './liquidity';
import { monteCarloTCopula } from './monte-carlo';
import { beta, drawdowns, performanceStats } from './performance';
import { rollingAverageCorrelation, rollingCorrelation, rollingVol } from './rolling';
import { cornishFisherVarEs, historicalVarEs, normalVarEs, studentTVarEs } from './var';

export interface RiskInput {
  symbols: string[];
  /** Day of each return row. */
  dates: string[];
  /** T x N daily simple returns, complete (no NaN). */
  returns: Matrix;
  weights: Float64Array;
  options: RiskOptions;
  /** Asset for beta and rolling correlations (e.g. BTC), when held. */
  benchmark?: string;
  liquidity?: {
    values: Float64Array;
    adv: Float64Array;
    spread: Float64Array;
    portfolioValue: number;
  };
  /**
   * Monte Carlo computed apart (monteCarloReport, in another worker): given, or 'deferred' to be
   * filled in by withMonteCarlo (only when it is not the chosen method); run here if absent.
   */
  monteCarlo?: { var: number; es: number } | 'deferred';
}

/** Student-t marginal of each asset (a fallback when the fit fails), as the copula takes them. */
function tMarginal(r: Float64Array): { nu: number; loc: number; scale: number } {
  try {
    return fitStudentT(r);
  } catch {
    return { nu: 30, loc: mean(r), scale: stdev(r) };
  }
}

/**
 * The Monte Carlo method on its own: the same covariance, Student-t marginals and seed as
 * riskReport, so the figures are identical, and it can run in a second worker beside the rest.
 */
export function monteCarloReport(
  input: RiskInput,
  onProgress: (f: number, message: string) => void = () => {},
): { var: number; es: number } {
  const { returns: X, weights: w, options: o } = input;
  const cov = covarianceOf(X, o.cov, o.ewmaLambda);
  const { corr } = covToCorr(cov);
  const marginals = input.symbols.map((_, j) => tMarginal(column(X, j)));
  const mc = monteCarloTCopula(
    {
      corr,
      marginals,
      weights: w,
      copulaNu: copulaNuOf(marginals),
      paths: o.paths,
      seed: o.seed,
      alpha: o.alpha,
      horizonDays: o.horizonDays,
    },
    (f) => onProgress(f, 'Monte Carlo'),
  );
  return { var: mc.var, es: mc.es };
}

const copulaNuOf = (marginals: { nu: number }[]) => {
  const nus = marginals.map((m) => m.nu).sort((a, b) => a - b);
  return Math.min(30, Math.max(3, nus[Math.floor(nus.length / 2)]!));
};

const METHOD_NOTES: Record<VarMethod, string> = {
  historical: 'empirical quantile of the portfolio’s past daily returns',
  normal: 'normal distribution with the sample mean and the chosen covariance',
  'student-t': 'Student t fitted by maximum likelihood to portfolio returns',
  'cornish-fisher':
    'normal quantile corrected for the skewness and excess kurtosis of portfolio returns',
  fhs: 'filtered historical simulation: GARCH(1,1)-t residuals rescaled to the forecast volatility',
  'monte-carlo': 'Student-t marginals joined by a Student-t copula, seeded simulation',
};

export function covarianceOf(X: Matrix, method: RiskOptions['cov'], lambda: number): Matrix {
  switch (method) {
    case 'sample':
      return sampleCovariance(X);
    case 'ewma':
      return ewmaCovariance(X, lambda);
    case 'ledoit-wolf':
      return ledoitWolf(X, 'identity').cov;
    case 'ledoit-wolf-cc':
      return ledoitWolf(X, 'constant-correlation').cov;
    case 'semi':
      return semicovariance(X);
  }
}

const column = (X: Matrix, j: number) =>
  Float64Array.from({ length: X.rows }, (_, t) => X.data[t * X.cols + j]!);
const points = (dates: string[], values: Float64Array, offset = 0) =>
  Array.from(values, (value, k) => ({ date: dates[k + offset]!, value }));

/**
 * The whole risk picture of a book: VaR/ES by six methods, contributions, per-asset tails,
 * correlation, performance, concentration, drawdown, rolling views and liquidity.
 */
export function riskReport(
  input: RiskInput,
  onProgress: (f: number, message: string) => void = () => {},
): RiskReport {
  const { symbols, dates, returns: X, weights: w, options: o } = input;
  const T = X.rows;
  const N = X.cols;
  if (symbols.length !== N || w.length !== N || dates.length !== T)
    throw new RangeError('symbols, weights, dates and the returns matrix disagree');
  for (let k = 0; k < X.data.length; k++)
    if (!Number.isFinite(X.data[k]!))
      throw new RangeError('the returns matrix holds a missing or non-finite value');
  const warnings: string[] = [];
  const ppy = o.periodsPerYear;

  onProgress(0.02, 'covariance');
  const cov = covarianceOf(X, o.cov, o.ewmaLambda);
  const { corr } = covToCorr(cov);
  const rp = portfolioReturns(X, w);
  const mu = mean(rp);
  const volDaily = volContributions(cov, w);
  const sigma = volDaily.vol;

  onProgress(0.05, 'per-asset tails');
  const assetFits = symbols.map((symbol, j) => {
    const r = column(X, j);
    let t: ReturnType<typeof fitStudentT> | null = null;
    let g: ReturnType<typeof fitGarchT> | null = null;
    try {
      t = fitStudentT(r);
    } catch (err) {
      warnings.push(`${symbol}: no Student-t fit (${(err as Error).message}).`);
    }
    try {
      const m = mean(r);
      g = fitGarchT(r.map((x) => x - m));
    } catch (err) {
      warnings.push(`${symbol}: no GARCH fit (${(err as Error).message}).`);
    }
    onProgress(0.05 + (0.45 * (j + 1)) / N, `fitted ${symbol}`);
    const ewma = ewmaVolatility(r, o.ewmaLambda);
    return { symbol, r, t, g, ewmaLast: ewma[ewma.length - 1]!, sd: stdev(r) };
  });

  const integrated = assetFits
    .filter((a) => a.g && a.g.alpha + a.g.beta > 0.999)
    .map((a) => a.symbol);
  if (integrated.length) {
    warnings.push(
      `GARCH persistence α+β is at its bound (≈1, integrated GARCH) for ${integrated.join(', ')}: volatility shocks barely decay and the variance has no finite long-run level; the one-day forecasts remain usable.`,
    );
  }

  onProgress(0.5, 'VaR and ES by method');
  const h = o.horizonDays;
  const portT = fitStudentT(rp);
  const portGarch = fitGarchT(rp.map((x) => x - mu));
  const filtered = Float64Array.from(
    rp,
    (x, t) => mu + (portGarch.nextSigma * (x - mu)) / portGarch.sigma[t]!,
  );
  const marginals = assetFits.map((a) => a.t ?? { nu: 30, loc: mean(a.r), scale: a.sd });
  if (input.monteCarlo === 'deferred' && o.method === 'monte-carlo')
    throw new RangeError('the chosen method is Monte Carlo: it cannot be deferred');
  const mc =
    (input.monteCarlo === 'deferred' ? { var: 0, es: 0 } : input.monteCarlo) ??
    monteCarloTCopula(
      {
        corr,
        marginals,
        weights: w,
        copulaNu: copulaNuOf(marginals),
        paths: o.paths,
        seed: o.seed,
        alpha: o.alpha,
        horizonDays: h,
      },
      (f) => onProgress(0.55 + 0.3 * f, 'Monte Carlo'),
    );
  const cf = cornishFisherVarEs(mu, sigma, skewness(rp), excessKurtosis(rp), o.alpha, h);
  if (!cf.monotone)
    warnings.push(
      'Cornish-Fisher: skewness and kurtosis lie outside the expansion’s domain of validity; its quantile was rearranged to be monotone.',
    );
  const byMethod: Record<VarMethod, { var: number; es: number }> = {
    historical: historicalVarEs(rp, o.alpha, h),
    normal: normalVarEs(mu, sigma, o.alpha, h),
    'student-t': studentTVarEs(portT.nu, portT.loc, portT.scale, o.alpha, h),
    'cornish-fisher': { var: cf.var, es: cf.es },
    fhs: historicalVarEs(filtered, o.alpha, h),
    'monte-carlo': { var: mc.var, es: mc.es },
  };
  if (portT.nu < 2.5)
    warnings.push(
      `Portfolio returns are extremely heavy-tailed (Student-t ν = ${portT.nu.toFixed(2)}): parametric ES is unstable.`,
    );
  if (T < 250)
    warnings.push(
      `Only ${T} days of returns: tail estimates at ${o.alpha} rest on ${Math.ceil((1 - o.alpha) * T)} scenario(s).`,
    );
  if (h > 1)
    warnings.push(
      `${h}-day figures scale one-day figures by sqrt(${h}) (square-root-of-time rule).`,
    );

  onProgress(0.88, 'contributions and performance');
  const esContrib = historicalEsContributions(X, w, o.alpha);
  const benchIdx = input.benchmark ? symbols.indexOf(input.benchmark) : -1;
  const perf = performanceStats(rp, { periodsPerYear: ppy, riskFree: o.riskFree });
  const dd = drawdowns(rp);
  const window = Math.min(o.rollingWindow, T);
  const bench = benchIdx >= 0 ? assetFits[benchIdx]!.r : null;

  let liq: RiskReport['liquidity'] = null;
  if (input.liquidity) {
    const l = liquidity(
      {
        symbols,
        values: input.liquidity.values,
        adv: input.liquidity.adv,
        dailyVol: assetFits.map((a) => a.sd),
        spread: input.liquidity.spread,
        participation: o.participation,
      },
      input.liquidity.portfolioValue,
      byMethod[o.method].var,
    );
    const fin = (x: number) => (Number.isFinite(x) ? x : null);
    for (const r of l.rows)
      if (!Number.isFinite(r.daysToLiquidate))
        warnings.push(`${r.symbol}: no traded volume on record, days to liquidate unknown.`);
    liq = {
      participation: o.participation,
      exitCost: l.exitCost,
      lvar: l.lvar,
      daysToLiquidateBook: fin(l.daysToLiquidateBook),
      rows: l.rows.map((r) => ({ ...r, daysToLiquidate: fin(r.daysToLiquidate) })),
    };
  }

  const report: RiskReport = {
    method: o.method,
    alpha: o.alpha,
    horizonDays: h,
    periodsPerYear: ppy,
    cov: o.cov,
    observations: T,
    from: dates[0]!,
    to: dates[T - 1]!,
    var: byMethod[o.method].var,
    es: byMethod[o.method].es,
    volatility: sigma * Math.sqrt(ppy),
    methods: (Object.keys(byMethod) as VarMethod[]).map((m) => ({
      method: m,
      ...byMethod[m],
      note: METHOD_NOTES[m],
    })),
    assets: assetFits.map((a, j) => ({
      symbol: a.symbol,
      weight: w[j]!,
      annualVol: a.sd * Math.sqrt(ppy),
      ewmaVol: a.ewmaLast * Math.sqrt(ppy),
      garch: a.g
        ? {
            omega: a.g.omega,
            alpha: a.g.alpha,
            beta: a.g.beta,
            nu: a.g.nu,
            nextVol: a.g.nextSigma * Math.sqrt(ppy),
          }
        : null,
      tNu: a.t ? a.t.nu : null,
      skew: skewness(a.r),
      excessKurtosis: excessKurtosis(a.r),
      marginalVol: volDaily.marginal[j]! * Math.sqrt(ppy),
      componentVol: volDaily.component[j]! * Math.sqrt(ppy),
      componentEs: esContrib.component[j]! * Math.sqrt(h),
    })),
    correlation: { symbols, matrix: toRows(corr), clusterOrder: clusterOrder(corr) },
    performance: {
      ...perf,
      beta: bench ? beta(rp, bench) : null,
      benchmark: bench ? input.benchmark! : null,
    },
    concentration: concentration(w, cov),
    drawdown: points(dates, dd.drawdown),
    rolling: {
      window,
      volatility: points(dates, rollingVol(rp, window, ppy), window - 1),
      averageCorrelation: points(dates, rollingAverageCorrelation(X, window), window - 1),
      correlationToBenchmark: bench
        ? symbols.flatMap((s, j) =>
            j === benchIdx
              ? []
              : [
                  {
                    symbol: s,
                    points: points(
                      dates,
                      rollingCorrelation(assetFits[j]!.r, bench, window),
                      window - 1,
                    ),
                  },
                ],
          )
        : [],
    },
    liquidity: liq,
    warnings,
  };
  onProgress(1, 'done');
  return report;
}

/** A report made with monteCarlo 'deferred', completed with the figures computed apart. */
export function withMonteCarlo(report: RiskReport, mc: { var: number; es: number }): RiskReport {
  return {
    ...report,
    methods: report.methods.map((m) =>
      m.method === 'monte-carlo' ? { ...m, var: mc.var, es: mc.es } : m,
    ),
  };
}
