import { describe, expect, it } from 'vitest';
import { buildReturns } from '../../src/main/engine/stats/returns';
import {
  rollingAverageCorrelation,
  rollingCorrelation,
  rollingVol,
} from '../../src/main/engine/risk/rolling';
import { liquidity } from '../../src/main/engine/risk/liquidity';
import { stdev, covariance } from '../../src/main/engine/stats/moments';
import { fromRows } from '../../src/main/engine/linalg/matrix';

describe('returns from ragged histories', () => {
  const a = {
    symbol: 'A',
    dates: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'],
    closes: [100, 110, 99, 99],
  };
  const b = { symbol: 'B', dates: ['2024-01-03', '2024-01-04'], closes: [10, 12] };
  it('simple and log returns between consecutive closes, belonging to the later day', () => {
    const r = buildReturns([a], { minObservations: 1 });
    expect(r.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    expect(Array.from(r.returns.data)).toEqual([
      expect.closeTo(0.1, 15),
      expect.closeTo(-0.1, 15),
      0,
    ]);
    const l = buildReturns([a], { kind: 'log', minObservations: 1 });
    expect(l.returns.data[0]).toBeCloseTo(Math.log(1.1), 15);
  });
  it('common window keeps only shared days; pairwise keeps all with NaN', () => {
    const c = buildReturns([a, b], { minObservations: 1 });
    expect(c.dates).toEqual(['2024-01-04']);
    expect(Array.from(c.returns.data)).toEqual([0, expect.closeTo(0.2, 15)]);
    const p = buildReturns([a, b], { policy: 'pairwise', minObservations: 1 });
    expect(p.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    expect(Number.isNaN(p.returns.data[1])).toBe(true);
  });
  it('excludes a short history with a stated reason', () => {
    const r = buildReturns([a, b], { minObservations: 2 });
    expect(r.symbols).toEqual(['A']);
    expect(r.excluded).toEqual([{ symbol: 'B', reason: 'only 1 returns (at least 2 needed)' }]);
    expect(r.warnings[0]).toMatch(/B left out/);
  });
});

describe('rolling statistics agree with their full-window definitions', () => {
  let seed = 9;
  const u = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const x = Array.from({ length: 120 }, () => u() - 0.5);
  const y = x.map((v) => 0.5 * v + 0.3 * (u() - 0.5));
  it('rollingVol = stdev of each window × sqrt(ppy)', () => {
    const rv = rollingVol(x, 30, 365);
    expect(rv).toHaveLength(91);
    for (const k of [0, 45, 90])
      expect(rv[k]).toBeCloseTo(stdev(x.slice(k, k + 30)) * Math.sqrt(365), 10);
  });
  it('rollingCorrelation = Pearson correlation of each window; average correlation of two assets is that too', () => {
    const rc = rollingCorrelation(x, y, 40);
    for (const k of [0, 80]) {
      const xs = x.slice(k, k + 40);
      const ys = y.slice(k, k + 40);
      expect(rc[k]).toBeCloseTo(covariance(xs, ys) / (stdev(xs) * stdev(ys)), 10);
    }
    const avg = rollingAverageCorrelation(fromRows(x.map((v, i) => [v, y[i]!])), 40);
    expect(Array.from(avg)).toEqual(Array.from(rc).map((v) => expect.closeTo(v, 10)));
  });
});

describe('liquidity', () => {
  it('days to liquidate, spread and square-root impact, worked by hand', () => {
    // 2,000,000 held, ADV 10,000,000, 10 % participation: 2 days. Impact 1 × 2 % × sqrt(0.2) = 0.894 %.
    const l = liquidity(
      {
        symbols: ['X'],
        values: [2_000_000],
        adv: [10_000_000],
        dailyVol: [0.02],
        spread: [0.001],
        participation: 0.1,
      },
      4_000_000,
      0.05,
    );
    expect(l.rows[0]!.daysToLiquidate).toBeCloseTo(2, 12);
    expect(l.rows[0]!.spreadCost).toBeCloseTo(0.0005, 15);
    expect(l.rows[0]!.impactCost).toBeCloseTo(0.02 * Math.sqrt(0.2), 15);
    // exit cost as a fraction of the book: 2M × (0.0005 + 0.008944) / 4M
    expect(l.exitCost).toBeCloseTo((2_000_000 * (0.0005 + 0.02 * Math.sqrt(0.2))) / 4_000_000, 12);
    expect(l.lvar).toBeCloseTo(0.05 + l.exitCost, 12);
  });
  it('no volume on record: days to liquidate is unknown, not a number pretending', () => {
    const l = liquidity(
      {
        symbols: ['X'],
        values: [1],
        adv: [0],
        dailyVol: [0.02],
        spread: [0.001],
        participation: 0.1,
      },
      1,
      0.05,
    );
    expect(l.rows[0]!.daysToLiquidate).toBe(Infinity);
    expect(() =>
      liquidity(
        { symbols: [], values: [], adv: [], dailyVol: [], spread: [], participation: 0 },
        1,
        0,
      ),
    ).toThrow(/participation/);
  });
});
