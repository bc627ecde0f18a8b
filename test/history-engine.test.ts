import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  holdingsValueSeries,
  MISSING_ASSET_CLOSE,
  MISSING_BASE_CLOSE,
} from '../src/main/engine/valuation/holdings-series';
import { portfolioValueSeries } from '../src/main/engine/valuation/portfolio-value';

const N = NaN;
const f = (xs: number[]) => Float64Array.from(xs);

describe('holdingsValueSeries', () => {
  it('sums columns per instrument and divides by the base close (hand-computed)', () => {
    // 3 days; columns: BTC (group 0), ETH (group 1), and a linear perpetual (group 2) as
    // quantity x mark plus -entry notional at 1. Base closes (USD per unit of base): 2, 4, 5.
    //            BTC q x c     ETH q x c    perp 2 x mark   -notional
    // day 0:     1 x 100       10 x 5       2 x 50          -100        -> 100, 50, 0  = 150 USD
    // day 1:     1 x 120       10 x 6       2 x 45          -100        -> 120, 60, -10 = 170 USD
    // day 2:     2 x 110        0 x 7       2 x 60          -100        -> 220, 0, 20  = 240 USD
    // in base: day 0 /2 = 50, 25, 0 (75); day 1 /4 = 30, 15, -2.5 (42.5); day 2 /5 = 44, 0, 4 (48)
    const r = holdingsValueSeries({
      nDates: 3,
      nColumns: 4,
      quantities: f([1, 10, 2, -100, 1, 10, 2, -100, 2, 0, 2, -100]),
      closes: f([100, 5, 50, 1, 120, 6, 45, 1, 110, 7, 60, 1]),
      groupOf: Int32Array.from([0, 1, 2, 2]),
      nGroups: 3,
      baseCloses: f([2, 4, 5]),
      maxStaleDays: 3,
    });
    expect([...r.values]).toEqual([50, 25, 0, 30, 15, -2.5, 44, 0, 4]);
    expect([...r.totals]).toEqual([75, 42.5, 48]);
    expect([...r.totalsUsd]).toEqual([150, 170, 240]);
    expect([...r.incomplete]).toEqual([0, 0, 0]);
    const w = [...r.weights];
    [50 / 75, 25 / 75, 0, 30 / 42.5, 15 / 42.5, -2.5 / 42.5, 44 / 48, 0, 4 / 48].forEach((x, i) =>
      expect(w[i]).toBeCloseTo(x, 15),
    );
  });

  it('carries the base close forward up to the staleness limit, then leaves the day out', () => {
    // base quoted on day 0 only (close 10); limit 2 days: days 1-2 use 10, day 3 has no base
    const r = holdingsValueSeries({
      nDates: 4,
      nColumns: 1,
      quantities: f([3, 3, 3, 3]),
      closes: f([20, 20, 30, 40]),
      groupOf: Int32Array.from([0]),
      nGroups: 1,
      baseCloses: f([10, N, N, N]),
      maxStaleDays: 2,
    });
    expect([...r.totals.slice(0, 3)]).toEqual([6, 6, 9]);
    expect(r.totals[3]).toBeNaN();
    expect([...r.totalsUsd]).toEqual([60, 60, 90, 120]);
    expect([...r.incomplete]).toEqual([0, 0, 0, MISSING_BASE_CLOSE]);
    expect(r.weights[3]).toBeNaN();
  });

  it('an unpriced holding makes its own value NaN and the day incomplete; others keep theirs', () => {
    const r = holdingsValueSeries({
      nDates: 2,
      nColumns: 2,
      quantities: f([1, 1, 1, 1]),
      closes: f([10, N, 11, 7]),
      groupOf: Int32Array.from([0, 1]),
      nGroups: 2,
      maxStaleDays: 3,
    });
    expect(r.values[0]).toBe(10);
    expect(r.values[1]).toBeNaN();
    expect([...r.incomplete]).toEqual([MISSING_ASSET_CLOSE, 0]);
    expect(r.weights[0]).toBeNaN();
    expect([...r.weights.slice(2)]).toEqual([11 / 18, 7 / 18]);
  });

  it('no weights on a day the book is worth nothing or less', () => {
    const r = holdingsValueSeries({
      nDates: 1,
      nColumns: 2,
      quantities: f([1, -1]),
      closes: f([5, 5]),
      groupOf: Int32Array.from([0, 1]),
      nGroups: 2,
      maxStaleDays: 3,
    });
    expect(r.totals[0]).toBe(0);
    expect([...r.weights].every(Number.isNaN)).toBe(true);
  });

  it('identity: one column per group and a USD base give portfolioValueSeries; weights sum to 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 60, maxLength: 60 }),
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), {
          minLength: 60,
          maxLength: 60,
        }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        (n, m, stale, qs, cs, gaps) => {
          const quantities = f(qs.slice(0, n * m));
          const closes = f(cs.slice(0, n * m).map((c, i) => (gaps[i] ? N : c)));
          const a = portfolioValueSeries({
            nDates: n,
            nAssets: m,
            quantities,
            closes,
            maxStaleDays: stale,
          });
          const b = holdingsValueSeries({
            nDates: n,
            nColumns: m,
            quantities,
            closes,
            groupOf: Int32Array.from({ length: m }, (_, j) => j),
            nGroups: m,
            maxStaleDays: stale,
          });
          for (let t = 0; t < n; t++) {
            expect(b.incomplete[t] ? 1 : 0).toBe(a.incomplete[t]);
            if (a.incomplete[t]) continue;
            expect(b.totals[t]).toBeCloseTo(a.values[t]!, 8);
            if (b.totals[t]! > 0) {
              let s = 0;
              for (let g = 0; g < m; g++) s += b.weights[t * m + g]!;
              expect(Math.abs(s - 1)).toBeLessThan(1e-9);
            }
          }
        },
      ),
    );
  });

  it('bad input is an error naming the column and the day', () => {
    const input = {
      nDates: 2,
      nColumns: 2,
      quantities: f([1, 1, 1, N]),
      closes: f([1, 1, 1, 1]),
      groupOf: Int32Array.from([0, 1]),
      nGroups: 2,
      maxStaleDays: 3,
      columnNames: ['BTC', 'ETH'],
    };
    expect(() => holdingsValueSeries(input)).toThrow(/quantity of ETH on day 1/);
    expect(() =>
      holdingsValueSeries({ ...input, quantities: f([1, 1, 1, 1]), closes: f([1, -2, 1, 1]) }),
    ).toThrow(/close of ETH on day 0 must be positive/);
    expect(() =>
      holdingsValueSeries({
        ...input,
        quantities: f([1, 1, 1, 1]),
        groupOf: Int32Array.from([0, 2]),
      }),
    ).toThrow(/ETH belongs to group 2/);
    expect(() =>
      holdingsValueSeries({ ...input, quantities: f([1, 1, 1, 1]), baseCloses: f([1]) }),
    ).toThrow(/baseCloses has 1 days/);
    expect(() => holdingsValueSeries({ ...input, quantities: f([1, 1]) })).toThrow(RangeError);
  });
});
