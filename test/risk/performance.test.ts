// Reference tests for src/main/engine/risk/{performance,concentration}.ts.
// Expected values: test/reference/performance.json, written by scripts/reference/gen_performance.py
// (numpy transcriptions of the definitions; Meucci 2009 effective number of bets via numpy.linalg.eigh).
//
// Tolerances: 1e-12 relative for drawdowns / HHI (products and maxima only), 1e-10 for the annualised
// statistics and beta (powers, square roots, sums), 1e-8 for the effective number of bets (depends on
// an eigendecomposition).
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/main/engine/linalg/matrix';
import { beta, drawdowns, performanceStats } from '../../src/main/engine/risk/performance';
import { concentration } from '../../src/main/engine/risk/concentration';
import { expectArrayClose, expectClose, loadFixture } from './_reference';

interface Stats {
  periodsPerYear: number;
  riskFree: number;
  annualReturn: number;
  annualVol: number;
  sharpe: number;
  sortino: number;
  calmar: number;
}
interface Dd {
  r: number[];
  drawdown: number[];
  maxDrawdown: number;
  peakIndex: number;
  troughIndex: number;
}
interface PerfFixture {
  hand1: Dd & { stats: Stats };
  hand2: Dd;
  series: Dd & { stats: Stats[] };
  beta: { r: number[]; benchmark: number[]; beta: number };
  concentration: {
    name: string;
    w: number[];
    cov: number[][];
    hhi: number;
    effectiveAssets: number;
    effectiveBets: number;
  }[];
}

const fx = loadFixture<PerfFixture>('performance.json');

function checkDrawdowns(ref: Dd, label: string, r: ArrayLike<number> = ref.r): void {
  const d = drawdowns(r);
  expect(d.drawdown.length, `${label} length`).toBe(ref.r.length);
  expectArrayClose(d.drawdown, ref.drawdown, 1e-12, `${label} drawdown`);
  expectClose(d.maxDrawdown, ref.maxDrawdown, 1e-12, 0, `${label} maxDrawdown`);
  expect(d.peakIndex, `${label} peakIndex`).toBe(ref.peakIndex);
  expect(d.troughIndex, `${label} troughIndex`).toBe(ref.troughIndex);
}

function checkStats(r: number[], ref: Stats, label: string): void {
  const s = performanceStats(r, { periodsPerYear: ref.periodsPerYear, riskFree: ref.riskFree });
  for (const k of ['annualReturn', 'annualVol', 'sharpe', 'sortino', 'calmar'] as const)
    expectClose(s[k], ref[k], 1e-10, 0, `${label} ${k}`);
}

describe('drawdowns', () => {
  it('hand example r = [0.1, -0.2, 0.05, 0.1, -0.1]', () => {
    // W = 1.1, 0.88, 0.924, 1.0164, 0.91476; running peak max(1, W) = 1.1 from day 0 on
    // dd = 0, 0.88/1.1 - 1 = -0.2, 0.924/1.1 - 1 = -0.16, 1.0164/1.1 - 1 = -0.076, 0.91476/1.1 - 1 = -0.1684
    // maxDrawdown = 0.2, peak at day 0, trough at day 1
    const d = drawdowns([0.1, -0.2, 0.05, 0.1, -0.1]);
    expectArrayClose(d.drawdown, [0, -0.2, -0.16, -0.076, -0.1684], 1e-14, 'drawdown');
    expectClose(d.maxDrawdown, 0.2, 1e-14, 0, 'maxDrawdown');
    expect(d.peakIndex).toBe(0);
    expect(d.troughIndex).toBe(1);
    checkDrawdowns(fx.hand1, 'hand1');
  });

  it('peakIndex is -1 when the peak is the starting wealth W_{-1} = 1 (decision, see report)', () => {
    // r = [-0.1, 0.05, -0.1, 0.2]: W = 0.9, 0.945, 0.8505, 1.0206; peak = 1, 1, 1, 1.0206
    // dd = -0.1, -0.055, -0.1495, 0 -> maxDrawdown 0.1495 at day 2, from the initial wealth
    const d = drawdowns([-0.1, 0.05, -0.1, 0.2]);
    expectArrayClose(d.drawdown, [-0.1, -0.055, -0.1495, 0], 1e-14, 'drawdown');
    expectClose(d.maxDrawdown, 0.1495, 1e-14, 0, 'maxDrawdown');
    expect(d.troughIndex).toBe(2);
    expect(d.peakIndex).toBe(-1);
    checkDrawdowns(fx.hand2, 'hand2');
  });

  it('all gains: no drawdown', () => {
    const d = drawdowns([0.01, 0.02, 0.0, 0.03]);
    expect(Math.abs(d.maxDrawdown)).toBe(0);
    for (const v of d.drawdown) expect(Math.abs(v)).toBe(0);
  });

  it('matches the reference on 500 seeded daily returns', () => {
    checkDrawdowns(fx.series, 'series');
    checkDrawdowns(fx.series, 'series (Float64Array input)', Float64Array.from(fx.series.r));
  });
});

describe('performanceStats', () => {
  it('hand example (periodsPerYear = T = 5, rf 0)', () => {
    // r = [0.1, -0.2, 0.05, 0.1, -0.1]; W_T = 0.91476 -> annualReturn = 0.91476^(5/5) - 1 = -0.08524
    // mean = -0.01; deviations 0.11, -0.19, 0.06, 0.11, -0.09 -> sum sq 0.072 -> stdev^2 = 0.018
    // annualVol = sqrt(0.018 * 5) = 0.3; sharpe = (-0.01 * 5) / 0.3 = -1/6
    // downside: min(r, 0)^2 = 0, 0.04, 0, 0, 0.01 -> mean 0.01 -> sqrt 0.1 -> x sqrt(5)
    // sortino = -0.05 / (0.1 sqrt 5) = -0.2236068; calmar = -0.08524 / 0.2 = -0.4262
    const s = performanceStats([0.1, -0.2, 0.05, 0.1, -0.1], { periodsPerYear: 5 });
    expectClose(s.annualReturn, -0.08524, 1e-12, 0, 'annualReturn');
    expectClose(s.annualVol, 0.3, 1e-12, 0, 'annualVol');
    expectClose(s.sharpe, -1 / 6, 1e-12, 0, 'sharpe');
    expectClose(s.sortino, -0.05 / (0.1 * Math.sqrt(5)), 1e-12, 0, 'sortino');
    expectClose(s.calmar, -0.4262, 1e-12, 0, 'calmar');
    checkStats(fx.hand1.r, fx.hand1.stats, 'hand1');
  });

  it('riskFree defaults to 0', () => {
    const a = performanceStats(fx.series.r, { periodsPerYear: 365 });
    const b = performanceStats(fx.series.r, { periodsPerYear: 365, riskFree: 0 });
    expect(a).toEqual(b);
  });

  it('matches the reference (365 days, rf 0; 252 days, rf 3 %)', () => {
    for (const ref of fx.series.stats) checkStats(fx.series.r, ref, `ppy ${ref.periodsPerYear}`);
  });
});

describe('beta (cov / var, ddof 1)', () => {
  it('r = 2 b + 0.001 exactly -> beta 2', () => {
    const b = [0.01, -0.02, 0.015, 0.0, -0.005, 0.03];
    const r = b.map((v) => 2 * v + 0.001);
    expectClose(beta(r, b), 2, 1e-12, 0, 'beta');
  });

  it('matches numpy', () => {
    expectClose(beta(fx.beta.r, fx.beta.benchmark), fx.beta.beta, 1e-10, 0, 'beta');
  });
});

describe('concentration (HHI, 1/HHI, Meucci effective number of bets)', () => {
  it('hand example: diag(1, 4), w = [2/3, 1/3] -> equal risk -> 2 bets; hhi 5/9', () => {
    const c = concentration(
      [2 / 3, 1 / 3],
      fromRows([
        [1, 0],
        [0, 4],
      ]),
    );
    expectClose(c.hhi, 5 / 9, 1e-14, 0, 'hhi');
    expectClose(c.effectiveAssets, 1.8, 1e-14, 0, 'effectiveAssets');
    expectClose(c.effectiveBets, 2, 1e-10, 0, 'effectiveBets');
  });

  it('a single bet gives exactly 1 (0 ln 0 terms contribute 0)', () => {
    const c = concentration(
      [1, 0, 0],
      fromRows([
        [1, 0, 0],
        [0, 4, 0],
        [0, 0, 9],
      ]),
    );
    expect(Number.isFinite(c.effectiveBets)).toBe(true);
    expectClose(c.effectiveBets, 1, 1e-10, 0, 'effectiveBets');
  });

  it('matches the reference (long-only and long-short on a 6 x 6 covariance)', () => {
    for (const ref of fx.concentration) {
      const c = concentration(ref.w, fromRows(ref.cov));
      expectClose(c.hhi, ref.hhi, 1e-12, 0, `${ref.name} hhi`);
      expectClose(c.effectiveAssets, ref.effectiveAssets, 1e-12, 0, `${ref.name} effectiveAssets`);
      expectClose(c.effectiveBets, ref.effectiveBets, 1e-8, 0, `${ref.name} effectiveBets`);
      expect(c.effectiveBets).toBeGreaterThanOrEqual(1 - 1e-12);
      expect(c.effectiveBets).toBeLessThanOrEqual(ref.w.length + 1e-12);
    }
  });
});
