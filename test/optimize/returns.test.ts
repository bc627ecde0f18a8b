// Reference tests for src/main/engine/optimize/returns.ts.
// Expected values: test/reference/alloc.json ("returns", "bl.heLitterman", "bl.idzorek"), written by
// scripts/reference/gen_alloc.py: PyPortfolioOpt's expected_returns / sample_cov /
// market_implied_* with the pandas behaviours they rely on (pct_change(fill_method=None),
// dropna(how="all"), ewm(adjust=True, ignore_na=False), DataFrame.cov pairwise) ported from
// pandas' source; published tables of He & Litterman (1999) and Idzorek (2005).
//
// Tolerances: 1e-12 relative to the largest entry for sums and products of ~90 returns (the only
// differences are summation order and pandas' Welford update vs our two-pass covariance);
// published figures at their printed precision.
import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import {
  annualisedSampleCovariance,
  capmReturn,
  emaHistoricalReturn,
  marketImpliedPriorReturns,
  marketImpliedRiskAversion,
  meanHistoricalReturn,
  simpleReturnsFromPrices,
} from '../../src/main/engine/optimize/returns';
import {
  expectArrayClose,
  expectClose,
  expectMatrixClose,
  loadFixture,
  withNaN,
} from '../risk/_reference';

interface Capm {
  riskFree: number;
  returns: number[];
  betas?: number[];
  marketReturn: number;
}
interface ReturnsFixture {
  prices: (number | null)[][];
  benchmark: number[];
  benchmarkWithGap: (number | null)[];
  periodsPerYear: number;
  returns: (number | null)[][];
  meanArithmetic: number[];
  meanCompounded: number[];
  ema500Compounded: number[];
  ema500Arithmetic: number[];
  ema10Compounded: number[];
  ema10Arithmetic: number[];
  capmEqualWeighted: Capm;
  capmBenchmark: Capm;
  capmBenchmarkArithmetic: Capm;
  sampleCov: number[][];
  riskAversion: { riskFree: number; delta: number };
}
interface Fixture {
  returns: ReturnsFixture;
  bl: {
    heLitterman: {
      corr: number[][];
      vols: number[];
      weights: number[];
      delta: number;
      table1EquilibriumReturns: number[];
      pi: number[];
    };
    idzorek: {
      cov: number[][];
      marketWeights: number[];
      riskAversion: number;
      pi: number[];
      published: { table1ImpliedReturns: number[] };
    };
  };
}

const fx = loadFixture<Fixture>('alloc.json');
const R = fx.returns;
const prices = fromRows(withNaN(R.prices));
const symbols = ['A', 'B', 'C', 'D'];
const nanVec = (v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? NaN : x));

describe('returns from prices (pandas pct_change(fill_method=None).dropna(how="all"))', () => {
  it('matches the reference returns, missing where they should be', () => {
    const { returns, rows } = simpleReturnsFromPrices(prices, symbols);
    const expected = withNaN(R.returns);
    expect(returns.rows).toBe(expected.length);
    // the day nobody has a close (47) drops the rows ending on 47 and 48
    expect(rows).not.toContain(47);
    expect(rows).not.toContain(48);
    const flat = expected.flat();
    for (let k = 0; k < flat.length; k++)
      expect(Number.isNaN(returns.data[k]!)).toBe(Number.isNaN(flat[k]!));
    expectArrayClose(
      returns.data.map((v) => (Number.isNaN(v) ? 0 : v)),
      flat.map((v) => (Number.isNaN(v) ? 0 : v)),
      1e-14,
      'returns',
    );
  });

  it('refuses a close that is not a positive number, naming the asset and row', () => {
    const bad = fromRows([
      [1, 2],
      [1.1, -2],
    ]);
    expect(() => simpleReturnsFromPrices(bad, ['BTC', 'ETH'])).toThrow(/ETH on row 1/);
  });
});

describe('mean historical return (PyPortfolioOpt mean_historical_return)', () => {
  it('arithmetic and compounded match the reference', () => {
    expectArrayClose(
      meanHistoricalReturn(prices, { compounding: false }),
      R.meanArithmetic,
      1e-12,
      'arithmetic',
    );
    expectArrayClose(
      meanHistoricalReturn(prices, { compounding: true }),
      R.meanCompounded,
      1e-12,
      'compounded',
    );
    // the default is compounding, 365 periods a year
    expectArrayClose(meanHistoricalReturn(prices), R.meanCompounded, 1e-12, 'default');
  });

  it('the same from the returns themselves', () => {
    const returns = fromRows(withNaN(R.returns));
    expectArrayClose(
      meanHistoricalReturn(returns, { returnsData: true }),
      R.meanCompounded,
      1e-12,
      'returnsData',
    );
  });

  it('compounded over a complete history is the CAGR (last/first)^(f/n) - 1', () => {
    const p = fromRows([[100], [110], [99], [120], [130]]);
    const got = meanHistoricalReturn(p, { periodsPerYear: 12 });
    expectClose(got[0]!, (130 / 100) ** (12 / 4) - 1, 1e-14, 0, 'CAGR');
  });

  it('an asset with no two consecutive closes is refused by name', () => {
    const p = fromRows([
      [1, 1],
      [2, NaN],
      [3, 4],
    ]);
    expect(() => meanHistoricalReturn(p, { symbols: ['BTC', 'NEWCOIN'] })).toThrow(
      /NEWCOIN has no return/,
    );
    expect(() => meanHistoricalReturn(prices, { periodsPerYear: 0 })).toThrow(/periodsPerYear/);
  });
});

describe('EMA historical return (pandas ewm(span).mean(), adjust=True, ignore_na=False)', () => {
  it('matches the reference for span 500 and span 10', () => {
    expectArrayClose(emaHistoricalReturn(prices), R.ema500Compounded, 1e-12, 'ema500 compounded');
    expectArrayClose(
      emaHistoricalReturn(prices, { compounding: false }),
      R.ema500Arithmetic,
      1e-12,
      'ema500',
    );
    expectArrayClose(
      emaHistoricalReturn(prices, { span: 10 }),
      R.ema10Compounded,
      1e-12,
      'ema10 compounded',
    );
    expectArrayClose(
      emaHistoricalReturn(prices, { span: 10, compounding: false }),
      R.ema10Arithmetic,
      1e-12,
      'ema10',
    );
  });

  it('span 1 is the last return; an infinite span is the plain mean', () => {
    const p = fromRows([[100], [110], [99], [120]]);
    const last = emaHistoricalReturn(p, { span: 1, compounding: false, periodsPerYear: 1 });
    expectClose(last[0]!, 120 / 99 - 1, 1e-14, 0, 'span 1');
    const flat = emaHistoricalReturn(prices, { span: 1e15, compounding: false });
    expectArrayClose(flat, R.meanArithmetic, 1e-9, 'span -> infinity');
  });
});

describe('CAPM return (PyPortfolioOpt capm_return)', () => {
  it('equal-weighted market proxy', () => {
    const c = R.capmEqualWeighted;
    const got = capmReturn(prices, { riskFree: c.riskFree });
    expectArrayClose(got.betas, c.betas!, 1e-12, 'betas');
    expectClose(got.marketReturn, c.marketReturn, 1e-12, 0, 'market');
    expectArrayClose(got.expectedReturns, c.returns, 1e-12, 'returns');
  });

  it('a benchmark with a missing close, compounded and arithmetic', () => {
    const bench = nanVec(R.benchmarkWithGap);
    const c = R.capmBenchmark;
    const got = capmReturn(prices, { benchmark: bench, riskFree: c.riskFree });
    expectArrayClose(got.betas, c.betas!, 1e-12, 'betas');
    expectClose(got.marketReturn, c.marketReturn, 1e-12, 0, 'market');
    expectArrayClose(got.expectedReturns, c.returns, 1e-12, 'returns');
    const a = R.capmBenchmarkArithmetic;
    const arith = capmReturn(prices, { benchmark: bench, compounding: false });
    expectClose(arith.marketReturn, a.marketReturn, 1e-12, 0, 'arith market');
    expectArrayClose(arith.expectedReturns, a.returns, 1e-12, 'arith returns');
  });

  it('the same from returns, with the benchmark as returns on the same rows', () => {
    const { returns, rows } = simpleReturnsFromPrices(prices);
    const eq = capmReturn(returns, { returnsData: true, riskFree: R.capmEqualWeighted.riskFree });
    expectArrayClose(eq.expectedReturns, R.capmEqualWeighted.returns, 1e-12, 'equal-weighted');
    const b = nanVec(R.benchmarkWithGap);
    const benchReturns = rows.map((t) => b[t]! / b[t - 1]! - 1);
    const got = capmReturn(returns, {
      returnsData: true,
      benchmark: benchReturns,
      riskFree: R.capmBenchmark.riskFree,
    });
    expectArrayClose(got.expectedReturns, R.capmBenchmark.returns, 1e-12, 'benchmark');
    expect(() =>
      capmReturn(returns, { returnsData: true, benchmark: benchReturns.map(() => -2) }),
    ).toThrow(/benchmark return on row 0 is -2/);
  });

  it('the benchmark itself has beta 1 and earns the market return', () => {
    const both = fromRows(R.benchmark.map((b, t) => [b, R.prices[t]![1] ?? NaN]));
    const got = capmReturn(both, { benchmark: R.benchmark, riskFree: 0.01 });
    expectClose(got.betas[0]!, 1, 1e-13, 0, 'beta');
    expectClose(got.expectedReturns[0]!, got.marketReturn, 1e-13, 0, 'return');
  });
});

describe('annualised sample covariance (pandas DataFrame.cov x frequency)', () => {
  it('matches the pairwise reference', () => {
    expectMatrixClose(annualisedSampleCovariance(prices), R.sampleCov, 1e-12, 'sample cov');
  });

  it('refuses a pair with fewer than 2 common days', () => {
    const p = fromRows([
      [1, NaN],
      [2, NaN],
      [3, NaN],
      [NaN, 5],
      [NaN, 6],
      [NaN, 7],
    ]);
    expect(() => annualisedSampleCovariance(p, { symbols: ['X', 'Y'] })).toThrow(
      /Y and X share fewer than 2/,
    );
  });
});

describe('market-implied risk aversion and prior returns', () => {
  it('risk aversion matches the reference', () => {
    const { riskFree, delta } = R.riskAversion;
    expectClose(marketImpliedRiskAversion(R.benchmark, { riskFree }), delta, 1e-12, 0, 'delta');
  });

  it('He & Litterman (1999) Table 1: equilibrium returns from vols, correlations, weights, delta 2.5', () => {
    const h = fx.bl.heLitterman;
    const cov = corrToCov(h.corr, h.vols);
    const pi = marketImpliedPriorReturns(h.weights, h.delta, cov);
    expectArrayClose(pi, h.pi, 1e-13, 'numpy');
    // printed to 0.1 %
    pi.forEach((v, i) =>
      expectClose(v, h.table1EquilibriumReturns[i]!, 0, 5e-4, `HL Table 1 [${i}]`),
    );
  });

  it('Idzorek (2005) Table 1: implied equilibrium returns with lambda ~ 3.07', () => {
    const z = fx.bl.idzorek;
    // caps need not sum to 1: only their proportions matter
    const caps = z.marketWeights.map((w) => w * 7.5);
    const pi = marketImpliedPriorReturns(caps, z.riskAversion, fromRows(z.cov));
    expectArrayClose(pi, z.pi, 1e-13, 'numpy');
    // printed to 0.01 %, and lambda is "approximately 3.07": 0.03 points
    pi.forEach((v, i) =>
      expectClose(v, z.published.table1ImpliedReturns[i]!, 0, 3e-4, `Idzorek Table 1 [${i}]`),
    );
    const withRf = marketImpliedPriorReturns(caps, z.riskAversion, fromRows(z.cov), 0.02);
    withRf.forEach((v, i) => expectClose(v, pi[i]! + 0.02, 1e-15, 1e-17, 'risk-free shift'));
  });
});

function corrToCov(corr: number[][], vols: number[]): Matrix {
  return fromRows(corr.map((r, i) => r.map((c, j) => c * vols[i]! * vols[j]!)));
}
