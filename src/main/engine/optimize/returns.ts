// Expected-return models and the annualised sample covariance, from a price panel with ragged
// histories: a T x N matrix of closes (rows = days, oldest first; columns = assets), NaN where an
// asset has no close that day (not yet listed, a gap, delisted).
//
// These follow PyPortfolioOpt 1.5 (expected_returns.py, risk_models.sample_cov,
// black_litterman.market_implied_*) on pandas >= 2.1 semantics:
// returns_from_prices = prices.pct_change(fill_method=None).dropna(how="all"), i.e. a return
// exists only between two consecutive rows that both have a close (a gap loses the returns on
// either side of it rather than booking the move across it), and days on which no asset has a
// return are dropped. (Older pandas forward-filled gaps by default, which books the whole move on
// the day the close reappears and a 0 return for each missing day; we do not.) Each asset is then
// measured over its own returns: counts, means and products skip NaN.
import { pairwiseCovariance } from '../cov/estimators';
import { zeros, type Matrix } from '../linalg/matrix';
import { assetName, checkCovariance, checkVector } from './input-checks';

export interface ReturnModelOptions {
  /** Periods per year: 365 for crypto daily data (the default), 252 for exchange trading days. */
  periodsPerYear?: number;
  /** The matrix holds simple returns already (NaN = missing), not prices. */
  returnsData?: boolean;
  symbols?: readonly string[];
}

export interface ReturnsFromPrices {
  /** Simple returns, rows where at least one asset has one. */
  returns: Matrix;
  /** For each returns row, the price row it ends on. */
  rows: number[];
}

/** pandas' prices.pct_change(fill_method=None).dropna(how="all"), with the prices checked. */
export function simpleReturnsFromPrices(
  prices: Matrix,
  symbols?: readonly string[],
): ReturnsFromPrices {
  const { rows: T, cols: N } = prices;
  if (symbols && symbols.length !== N)
    throw new RangeError(`prices: ${symbols.length} symbols for ${N} columns`);
  const p = prices.data;
  for (let t = 0; t < T; t++)
    for (let j = 0; j < N; j++) {
      const v = p[t * N + j]!;
      if (!Number.isNaN(v) && !(Number.isFinite(v) && v > 0))
        throw new RangeError(
          `prices: ${assetName(j, symbols)} on row ${t} is ${v} (a close must be positive and finite; NaN marks a missing day)`,
        );
    }
  const keep: number[] = [];
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < N; j++)
      if (!Number.isNaN(p[t * N + j]!) && !Number.isNaN(p[(t - 1) * N + j]!)) {
        keep.push(t);
        break;
      }
  }
  const out = zeros(keep.length, N);
  keep.forEach((t, r) => {
    for (let j = 0; j < N; j++) out.data[r * N + j] = p[t * N + j]! / p[(t - 1) * N + j]! - 1; // NaN propagates
  });
  return { returns: out, rows: keep };
}

function periods(opts: ReturnModelOptions, where: string): number {
  const f = opts.periodsPerYear ?? 365;
  if (!(Number.isFinite(f) && f > 0))
    throw new RangeError(`${where}: periodsPerYear must be positive, got ${f}`);
  return f;
}

/** Returns (from prices or as given), every asset with at least one, checked for the model. */
function returnsOf(
  data: Matrix,
  opts: ReturnModelOptions,
  where: string,
  compounding: boolean,
): ReturnsFromPrices {
  const res = opts.returnsData
    ? { returns: data, rows: Array.from({ length: data.rows }, (_, t) => t) }
    : simpleReturnsFromPrices(data, opts.symbols);
  const { rows: T, cols: N, data: r } = res.returns;
  if (opts.symbols && opts.symbols.length !== N)
    throw new RangeError(`${where}: ${opts.symbols.length} symbols for ${N} columns`);
  for (let j = 0; j < N; j++) {
    let count = 0;
    for (let t = 0; t < T; t++) {
      const v = r[t * N + j]!;
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v) || (compounding && v < -1))
        throw new RangeError(
          `${where}: return of ${assetName(j, opts.symbols)} on row ${t} is ${v}`,
        );
      count++;
    }
    if (count === 0)
      throw new RangeError(
        `${where}: ${assetName(j, opts.symbols)} has no return (it needs closes on two consecutive days)`,
      );
  }
  return res;
}

/**
 * Annualised historical mean return per asset (PyPortfolioOpt mean_historical_return).
 * compounding (default): (Π (1 + r))^(periodsPerYear / count) − 1 over the asset's own returns
 * (the CAGR over the days it has); otherwise mean(r) × periodsPerYear.
 */
export function meanHistoricalReturn(
  data: Matrix,
  opts: ReturnModelOptions & { compounding?: boolean } = {},
): Float64Array {
  const f = periods(opts, 'mean historical return');
  const compounding = opts.compounding ?? true;
  const { returns } = returnsOf(data, opts, 'mean historical return', compounding);
  const { rows: T, cols: N, data: r } = returns;
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    let count = 0;
    let acc = compounding ? 1 : 0;
    for (let t = 0; t < T; t++) {
      const v = r[t * N + j]!;
      if (Number.isNaN(v)) continue;
      count++;
      if (compounding) acc *= 1 + v;
      else acc += v;
    }
    out[j] = compounding ? acc ** (f / count) - 1 : (acc / count) * f;
  }
  return out;
}

/**
 * Exponentially weighted mean return (PyPortfolioOpt ema_historical_return): pandas
 * ewm(span).mean() of each asset's returns at the last row, adjust=True and ignore_na=False, i.e.
 * Σ β^(R−1−t) r_t / Σ β^(R−1−t) over the rows t where the asset has a return (R rows in all,
 * β = 1 − 2/(span + 1): a missing day still ages the older returns). Annualised
 * (1 + ema)^periodsPerYear − 1 when compounding (default), else ema × periodsPerYear.
 */
export function emaHistoricalReturn(
  data: Matrix,
  opts: ReturnModelOptions & { compounding?: boolean; span?: number } = {},
): Float64Array {
  const f = periods(opts, 'EMA historical return');
  const span = opts.span ?? 500;
  if (!(Number.isFinite(span) && span >= 1))
    throw new RangeError(`EMA historical return: span must be >= 1, got ${span}`);
  const compounding = opts.compounding ?? true;
  const { returns } = returnsOf(data, opts, 'EMA historical return', compounding);
  const { rows: T, cols: N, data: r } = returns;
  const beta = 1 - 2 / (span + 1);
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    // forward recurrence of numerator and denominator: no underflow of β^(R−1−t)
    let num = 0;
    let den = 0;
    for (let t = 0; t < T; t++) {
      num *= beta;
      den *= beta;
      const v = r[t * N + j]!;
      if (Number.isNaN(v)) continue;
      num += v;
      den += 1;
    }
    const ema = num / den;
    if (compounding && !(ema > -1))
      throw new RangeError(
        `EMA historical return: ${assetName(j, opts.symbols)} has an average return of ${ema}, which cannot compound`,
      );
    out[j] = compounding ? (1 + ema) ** f - 1 : ema * f;
  }
  return out;
}

export interface CapmResult {
  expectedReturns: Float64Array;
  betas: Float64Array;
  /** Annualised market return the betas scale (compounded or arithmetic as asked). */
  marketReturn: number;
}

/**
 * CAPM expected returns (PyPortfolioOpt capm_return): riskFree + β_i (E[R_m] − riskFree), with
 * β_i = cov(r_i, r_m) / var(r_m), each covariance over the days both have returns and var(r_m)
 * over all the market's days (pandas DataFrame.cov, ddof 1). The market is the benchmark (prices
 * on the same rows as the panel, or returns on the same rows when returnsData; NaN = missing), or
 * else the equal-weighted average of the returns the assets have each day. riskFree is annual.
 */
export function capmReturn(
  data: Matrix,
  opts: ReturnModelOptions & {
    benchmark?: ArrayLike<number>;
    riskFree?: number;
    compounding?: boolean;
  } = {},
): CapmResult {
  const where = 'CAPM return';
  const f = periods(opts, where);
  const rf = opts.riskFree ?? 0;
  if (!Number.isFinite(rf)) throw new RangeError(`${where}: riskFree must be finite, got ${rf}`);
  const compounding = opts.compounding ?? true;
  const { returns, rows } = returnsOf(data, opts, where, false);
  const { rows: T, cols: N, data: r } = returns;
  const m = new Float64Array(T);
  if (opts.benchmark) {
    const b = opts.benchmark;
    if (b.length !== data.rows)
      throw new RangeError(`${where}: benchmark has ${b.length} rows, the panel ${data.rows}`);
    for (let t = 0; t < b.length; t++) {
      const v = b[t]!;
      const ok = opts.returnsData
        ? Number.isFinite(v) && (!compounding || v >= -1)
        : Number.isFinite(v) && v > 0;
      if (!Number.isNaN(v) && !ok)
        throw new RangeError(
          `${where}: benchmark ${opts.returnsData ? 'return' : 'price'} on row ${t} is ${v} (NaN marks a missing day)`,
        );
    }
    rows.forEach((row, k) => {
      m[k] = opts.returnsData ? b[row]! : row > 0 ? b[row]! / b[row - 1]! - 1 : NaN;
    });
  } else {
    for (let t = 0; t < T; t++) {
      let s = 0;
      let c = 0;
      for (let j = 0; j < N; j++) {
        const v = r[t * N + j]!;
        if (!Number.isNaN(v)) {
          s += v;
          c++;
        }
      }
      m[t] = c ? s / c : NaN;
    }
  }
  const varM = pairCov(m, m);
  if (!(varM > 0))
    throw new RangeError(
      `${where}: the market's returns have no variance (${varM}); need at least 2 days that differ`,
    );
  const betas = new Float64Array(N);
  const col = new Float64Array(T);
  for (let j = 0; j < N; j++) {
    for (let t = 0; t < T; t++) col[t] = r[t * N + j]!;
    const c = pairCov(col, m);
    if (Number.isNaN(c))
      throw new RangeError(
        `${where}: ${assetName(j, opts.symbols)} shares fewer than 2 days of returns with the market`,
      );
    betas[j] = c / varM;
  }
  let count = 0;
  let acc = compounding ? 1 : 0;
  for (let t = 0; t < T; t++) {
    const v = m[t]!;
    if (Number.isNaN(v)) continue;
    if (compounding && v < -1) throw new RangeError(`${where}: market return on row ${t} is ${v}`);
    count++;
    if (compounding) acc *= 1 + v;
    else acc += v;
  }
  const marketReturn = compounding ? acc ** (f / count) - 1 : (acc / count) * f;
  const expectedReturns = new Float64Array(N);
  for (let j = 0; j < N; j++) expectedReturns[j] = rf + betas[j]! * (marketReturn - rf);
  return { expectedReturns, betas, marketReturn };
}

/** Covariance over the rows where both are present (ddof 1); NaN with fewer than 2 such rows. */
function pairCov(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let t = 0; t < a.length; t++) {
    if (Number.isNaN(a[t]!) || Number.isNaN(b[t]!)) continue;
    n++;
    sa += a[t]!;
    sb += b[t]!;
  }
  if (n < 2) return NaN;
  const ma = sa / n;
  const mb = sb / n;
  let s = 0;
  for (let t = 0; t < a.length; t++)
    if (!Number.isNaN(a[t]!) && !Number.isNaN(b[t]!)) s += (a[t]! - ma) * (b[t]! - mb);
  return s / (n - 1);
}

/**
 * Annualised sample covariance as PyPortfolioOpt's sample_cov: pandas DataFrame.cov of the
 * returns (each pair over the days both have returns, ddof 1) × periodsPerYear. Need not be
 * positive semidefinite with ragged histories: repair with nearestPsdCovariance if it matters.
 */
export function annualisedSampleCovariance(data: Matrix, opts: ReturnModelOptions = {}): Matrix {
  const where = 'sample covariance';
  const f = periods(opts, where);
  const { returns } = returnsOf(data, opts, where, false);
  const S = pairwiseCovariance(returns);
  const N = S.rows;
  for (let i = 0; i < N; i++)
    for (let j = 0; j <= i; j++)
      if (Number.isNaN(S.data[i * N + j]!))
        throw new RangeError(
          `${where}: ${assetName(i, opts.symbols)}${i === j ? ' has' : ` and ${assetName(j, opts.symbols)} share`} fewer than 2 days of returns`,
        );
  for (let k = 0; k < S.data.length; k++) S.data[k]! *= f;
  return S;
}

/**
 * Market-implied risk aversion δ = (E[R_m] − riskFree) / σ_m² (PyPortfolioOpt
 * market_implied_risk_aversion): arithmetic mean and variance (ddof 1) of the benchmark's simple
 * returns, both annualised; missing closes (NaN) lose the returns on either side.
 */
export function marketImpliedRiskAversion(
  marketPrices: ArrayLike<number>,
  opts: { periodsPerYear?: number; riskFree?: number } = {},
): number {
  const where = 'market-implied risk aversion';
  const f = periods(opts, where);
  const rf = opts.riskFree ?? 0;
  const rets: number[] = [];
  for (let t = 0; t < marketPrices.length; t++) {
    const p = marketPrices[t]!;
    if (!Number.isNaN(p) && !(Number.isFinite(p) && p > 0))
      throw new RangeError(
        `${where}: market price on row ${t} is ${p} (must be positive and finite, or NaN for missing)`,
      );
    if (t > 0 && !Number.isNaN(p) && !Number.isNaN(marketPrices[t - 1]!))
      rets.push(p / marketPrices[t - 1]! - 1);
  }
  if (rets.length < 2)
    throw new RangeError(`${where}: needs at least 2 market returns, got ${rets.length}`);
  const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
  const variance = rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (rets.length - 1);
  if (!(variance > 0)) throw new RangeError(`${where}: the market's returns have no variance`);
  return (mean * f - rf) / (variance * f);
}

/**
 * Equilibrium (reverse-optimised) returns Π = δ Σ w_mkt + riskFree, w_mkt = caps / Σ caps
 * (PyPortfolioOpt market_implied_prior_returns; Black & Litterman 1992, He & Litterman 1999).
 */
export function marketImpliedPriorReturns(
  marketCaps: ArrayLike<number>,
  riskAversion: number,
  cov: Matrix,
  riskFree = 0,
  symbols?: readonly string[],
): Float64Array {
  const where = 'market-implied prior returns';
  checkCovariance(cov, where, symbols);
  const n = cov.rows;
  const caps = checkVector(marketCaps, n, 'market cap', where, { sign: 'non-negative', symbols });
  if (!(Number.isFinite(riskAversion) && riskAversion > 0))
    throw new RangeError(`${where}: risk aversion must be positive, got ${riskAversion}`);
  let total = 0;
  for (let i = 0; i < n; i++) total += caps[i]!;
  if (!(total > 0)) throw new RangeError(`${where}: market caps add up to ${total}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += cov.data[i * n + j]! * caps[j]!;
    out[i] = (riskAversion * s) / total + riskFree;
  }
  return out;
}
