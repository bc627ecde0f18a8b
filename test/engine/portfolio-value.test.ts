import { describe, expect, it } from 'vitest';
import { portfolioValueSeries } from '../../src/main/engine/valuation/portfolio-value';
import { dayRange } from '../../src/main/engine/calendar';

const N = NaN;

describe('portfolioValueSeries', () => {
  it('values each day as the sum of quantity x close (hand-computed)', () => {
    // 3 days x 2 assets. Day values: 2*100 + 10*5 = 250; 2*110 + 10*4 = 260; 3*120 + 0*6 = 360.
    const r = portfolioValueSeries({
      nDates: 3,
      nAssets: 2,
      quantities: Float64Array.from([2, 10, 2, 10, 3, 0]),
      closes: Float64Array.from([100, 5, 110, 4, 120, 6]),
      maxStaleDays: 3,
    });
    expect([...r.values]).toEqual([250, 260, 360]);
    expect([...r.incomplete]).toEqual([0, 0, 0]);
  });

  it('carries the last close forward over missing days, up to the staleness limit', () => {
    // Asset quoted on day 0 only (close 50), held 1 unit; limit 2 days: days 1-2 use 50, day 3 is stale.
    const r = portfolioValueSeries({
      nDates: 4,
      nAssets: 1,
      quantities: Float64Array.from([1, 1, 1, 1]),
      closes: Float64Array.from([50, N, N, N]),
      maxStaleDays: 2,
    });
    expect([...r.values]).toEqual([50, 50, 50, 0]);
    expect([...r.incomplete]).toEqual([0, 0, 0, 1]);
  });

  it('flags a day where a held asset has never been quoted (ragged histories), ignores unheld ones', () => {
    const r = portfolioValueSeries({
      nDates: 2,
      nAssets: 2,
      quantities: Float64Array.from([1, 0, 1, 1]),
      closes: Float64Array.from([10, N, 11, 7]),
      maxStaleDays: 3,
    });
    expect([...r.values]).toEqual([10, 18]);
    expect([...r.incomplete]).toEqual([0, 0]);
    const held = portfolioValueSeries({
      nDates: 1,
      nAssets: 2,
      quantities: Float64Array.from([1, 1]),
      closes: Float64Array.from([10, N]),
      maxStaleDays: 3,
    });
    expect(held.incomplete[0]).toBe(1);
  });

  it('reports progress from 0 towards 1 and rejects mismatched dimensions', () => {
    const seen: number[] = [];
    portfolioValueSeries(
      {
        nDates: 100,
        nAssets: 1,
        quantities: new Float64Array(100),
        closes: new Float64Array(100).fill(1),
        maxStaleDays: 1,
      },
      (f) => seen.push(f),
    );
    expect(seen[0]).toBe(0);
    expect(seen.every((f, i) => f >= 0 && f < 1 && (i === 0 || f > seen[i - 1]!))).toBe(true);
    expect(() =>
      portfolioValueSeries({
        nDates: 2,
        nAssets: 2,
        quantities: new Float64Array(3),
        closes: new Float64Array(4),
        maxStaleDays: 1,
      }),
    ).toThrow(/2x2/);
  });
});

describe('dayRange', () => {
  it('spans UTC calendar days across month ends and the 2024 leap day', () => {
    expect(dayRange('2024-02-27', '2024-03-02')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
    expect(dayRange('2023-12-31', '2024-01-01')).toHaveLength(2);
  });
});
