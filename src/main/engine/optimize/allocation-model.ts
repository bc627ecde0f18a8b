// The market model an allocation runs on: a price panel from ragged series, expected returns by
// the policy's model, the annualised covariance, and the common-window returns used as CVaR
// scenarios and for in-sample statistics.
import type { AllocationPolicy } from '../../../shared/allocation';
import { KeelError } from '../../../shared/errors';
import { minEigenvalue, nearestPsdCovariance } from '../cov/estimators';
import { zeros, type Matrix } from '../linalg/matrix';
import { covarianceOf } from '../risk/report';
import type { PriceSeries } from '../stats/returns';
import { blackLitterman, viewMatrices, type ViewSpec } from './black-litterman';
import {
  annualisedSampleCovariance,
  capmReturn,
  emaHistoricalReturn,
  marketImpliedPriorReturns,
  meanHistoricalReturn,
  simpleReturnsFromPrices,
} from './returns';

export interface AllocationModel {
  symbols: string[];
  mu: Float64Array;
  cov: Matrix;
  /** Daily simple returns on the days every asset has one (T x n). */
  common: Matrix;
  from: string;
  to: string;
  observations: number;
  warnings: string[];
}

const MIN_RETURNS = 30;

/** Closes on the union of dates, NaN where an asset has none (ragged histories are normal). */
export function pricePanel(series: readonly PriceSeries[]): { dates: string[]; prices: Matrix } {
  const dates = [...new Set(series.flatMap((s) => s.dates))].sort();
  const row = new Map(dates.map((d, t) => [d, t]));
  const prices = zeros(dates.length, series.length);
  prices.data.fill(NaN);
  series.forEach((s, j) => {
    if (s.dates.length !== s.closes.length)
      throw new KeelError(
        'VALIDATION',
        `${s.symbol}: ${s.dates.length} dates but ${s.closes.length} closes.`,
      );
    s.dates.forEach((d, k) => {
      prices.data[row.get(d)! * series.length + j] = s.closes[k]!;
    });
  });
  return { dates, prices };
}

/** Rows of a returns matrix on which every column has a value. */
function commonRows(R: Matrix): Matrix {
  const keep: number[] = [];
  for (let t = 0; t < R.rows; t++) {
    let ok = true;
    for (let j = 0; j < R.cols && ok; j++) if (Number.isNaN(R.data[t * R.cols + j]!)) ok = false;
    if (ok) keep.push(t);
  }
  const out = zeros(keep.length, R.cols);
  keep.forEach((t, r) => out.data.set(R.data.subarray(t * R.cols, (t + 1) * R.cols), r * R.cols));
  return out;
}

export function buildModel(
  allSeries: readonly PriceSeries[],
  policy: AllocationPolicy,
  marketWeights: Record<string, number> | null,
): AllocationModel {
  const warnings: string[] = [];
  if (!allSeries.length) throw new KeelError('VALIDATION', 'No assets to allocate across.');
  // Assets with too short a history cannot be estimated: leave them out, loudly.
  const series = allSeries.filter((s) => {
    const ok = s.closes.length > MIN_RETURNS;
    if (!ok)
      warnings.push(
        `${s.symbol} left out: ${Math.max(0, s.closes.length - 1)} daily returns in the window, at least ${MIN_RETURNS} needed.`,
      );
    return ok;
  });
  if (series.length < 1)
    throw new KeelError('VALIDATION', 'No asset has enough price history in the window.');
  const symbols = series.map((s) => s.symbol);
  const n = symbols.length;
  const { dates, prices } = pricePanel(series);
  const ppy = policy.periodsPerYear;
  const opts = { periodsPerYear: ppy, symbols };
  const { returns, rows } = simpleReturnsFromPrices(prices, symbols);
  const common = commonRows(returns);
  if (common.rows < MIN_RETURNS)
    throw new KeelError(
      'VALIDATION',
      `Only ${common.rows} days on which all of ${symbols.join(', ')} have returns; at least ${MIN_RETURNS} are needed. Shorten the universe or lengthen the window.`,
    );

  let cov: Matrix;
  if (policy.cov === 'sample') {
    cov = annualisedSampleCovariance(prices, opts);
    if (minEigenvalue(cov) < -1e-12) {
      cov = nearestPsdCovariance(cov);
      warnings.push(
        'The pairwise sample covariance of ragged histories was not positive semidefinite: repaired to the nearest one.',
      );
    }
  } else {
    cov = covarianceOf(common, policy.cov, 0.94);
    for (let k = 0; k < cov.data.length; k++) cov.data[k]! *= ppy;
  }

  const equalOrMarket = () =>
    Float64Array.from(symbols, (s) => (marketWeights ? Math.max(0, marketWeights[s] ?? 0) : 1 / n));
  const prior = () => {
    let caps = equalOrMarket();
    if (!(caps.reduce((a, b) => a + b, 0) > 0)) caps = new Float64Array(n).fill(1 / n);
    // δ = (E[R_m] − rf) / σ_m² of the market portfolio on the common window; crypto windows
    // often have a negative market excess return, which would invert the prior: fall back to 2.5.
    let m = 0;
    let v = 0;
    const total = caps.reduce((a, b) => a + b, 0);
    const r = new Float64Array(common.rows);
    for (let t = 0; t < common.rows; t++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (caps[j]! / total) * common.data[t * n + j]!;
      r[t] = s;
      m += s;
    }
    m /= common.rows;
    for (const x of r) v += (x - m) ** 2;
    v /= common.rows - 1;
    let delta = (m * ppy - policy.riskFree) / (v * ppy);
    if (!(delta > 0)) {
      warnings.push(
        `The market portfolio's excess return over the window is negative, so its implied risk aversion is not positive: equilibrium returns use δ = 2.5 instead.`,
      );
      delta = 2.5;
    }
    return marketImpliedPriorReturns(caps, delta, cov, policy.riskFree, symbols);
  };

  let mu: Float64Array;
  switch (policy.returns) {
    case 'mean':
      mu = meanHistoricalReturn(prices, { ...opts, compounding: false });
      break;
    case 'compounded':
      mu = meanHistoricalReturn(prices, { ...opts, compounding: true });
      break;
    case 'ema':
      mu = emaHistoricalReturn(prices, { ...opts, span: policy.emaSpan });
      break;
    case 'capm':
      mu = capmReturn(prices, { ...opts, riskFree: policy.riskFree }).expectedReturns;
      break;
    case 'equilibrium':
      mu = prior();
      break;
    case 'black-litterman': {
      const index = new Map(symbols.map((s, i) => [s, i]));
      const at = (s: string, k: number) => {
        const i = index.get(s);
        if (i === undefined)
          throw new KeelError(
            'VALIDATION',
            `View ${k + 1} names ${s}, which is not in the universe.`,
            [{ path: `policy.views.${k}`, message: 'asset not in the universe' }],
          );
        return i;
      };
      const specs: ViewSpec[] = policy.views.map((v, k) =>
        v.kind === 'absolute'
          ? { kind: 'absolute', asset: at(v.asset, k), return: v.return, confidence: v.confidence }
          : {
              kind: 'relative',
              long: at(v.long, k),
              short: at(v.short, k),
              return: v.return,
              confidence: v.confidence,
            },
      );
      const pi = prior();
      if (!specs.length) {
        warnings.push('Black-Litterman without views: the posterior is the equilibrium prior.');
        mu = pi;
        break;
      }
      const { P, Q, confidences } = viewMatrices(specs, n, symbols);
      mu = Float64Array.from(
        blackLitterman({ cov, prior: pi, P, Q, omega: 'idzorek', confidences, symbols }).returns,
      );
      break;
    }
  }
  if (common.rows < 0.8 * returns.rows)
    warnings.push(
      `All ${n} assets have returns on only ${common.rows} of the window's ${returns.rows} days: CVaR, drawdown and the ${policy.cov === 'sample' ? 'CVaR scenarios' : 'covariance'} use those ${common.rows} days.`,
    );
  return {
    symbols,
    mu,
    cov,
    common,
    from: dates[rows[0] ?? 0] ?? dates[0]!,
    to: dates[dates.length - 1]!,
    observations: returns.rows,
    warnings,
  };
}
