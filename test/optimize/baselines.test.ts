// Tests for src/main/engine/optimize/baselines.ts and portfolio-stats.ts.
// Expected values: test/reference/alloc.json "baselines", written by scripts/reference/gen_alloc.py
// with the classic iterative capping loop (cap whoever exceeds a bound, share the rest pro rata,
// repeat) — a different algorithm from our breakpoint search. Closed forms without bounds (1/n,
// (1/σ)/Σ(1/σ)) and a hand-computed portfolio.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/main/engine/linalg/matrix';
import {
  equalWeight,
  inverseVolatility,
  waterFill,
} from '../../src/main/engine/optimize/baselines';
import { portfolioStats } from '../../src/main/engine/optimize/portfolio-stats';
import { expectArrayClose, expectClose, loadFixture, sum } from '../risk/_reference';

const fx = loadFixture<{
  baselines: { vols: number[]; upper: number[]; inverseVolCapped: number[]; equalCapped: number[] };
}>('alloc.json').baselines;

describe('baselines', () => {
  it('without bounds: 1/n and (1/σ) / Σ(1/σ)', () => {
    expectArrayClose(equalWeight(4), [0.25, 0.25, 0.25, 0.25], 0, 'equal');
    const inv = fx.vols.map((v) => 1 / v);
    const s = inv.reduce((a, b) => a + b, 0);
    expectArrayClose(
      inverseVolatility(fx.vols),
      inv.map((v) => v / s),
      1e-15,
      'inverse vol',
    );
    const cov = fromRows(
      fx.vols.map((a, i) => fx.vols.map((b, j) => (i === j ? a * b : 0.3 * a * b))),
    );
    expectArrayClose(
      inverseVolatility(cov),
      inv.map((v) => v / s),
      1e-15,
      'from covariance',
    );
  });

  it('caps redistribute as the iterative capping loop does', () => {
    expectArrayClose(
      inverseVolatility(fx.vols, { upper: fx.upper }),
      fx.inverseVolCapped,
      1e-14,
      'inverse vol',
    );
    expectArrayClose(equalWeight(9, { upper: fx.upper }), fx.equalCapped, 1e-14, 'equal');
  });

  it('any feasible bounds: met, summing to 1, free assets in proportion to their scores', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0.05, max: 5, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          { minLength: 1, maxLength: 25 },
        ),
        (rows) => {
          const n = rows.length;
          const score = rows.map((r) => r[0]);
          // floors up to 0.8 in total, caps at least the floor and at least 1.2 in total
          const lower = rows.map((r) => (0.8 * r[1]) / n);
          const upper = rows.map((r, i) => lower[i]! + (1.2 * (1 + r[2])) / n);
          const w = waterFill(score, { lower, upper });
          expectClose(sum(w), 1, 0, 1e-12, 'sum');
          let ratio = NaN;
          w.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(lower[i]!);
            expect(v).toBeLessThanOrEqual(upper[i]!);
            if (v > lower[i]! + 1e-12 && v < upper[i]! - 1e-12) {
              if (Number.isNaN(ratio)) ratio = v / score[i]!;
              else expectClose(v / score[i]!, ratio, 1e-9, 0, 'free ratio');
            }
          });
        },
      ),
    );
  });

  it('floors lift the small ones; bounds that cannot hold are refused by name', () => {
    const w = inverseVolatility([0.1, 1, 1], { lower: [0, 0.2, 0.2] });
    expectArrayClose(w, [0.6, 0.2, 0.2], 1e-15, 'floors');
    expect(() => equalWeight(3, { upper: [0.3, 0.3, 0.2] })).toThrow(
      /upper bounds add up to 0\.8\d*, less than the whole portfolio/,
    );
    expect(() => equalWeight(2, { lower: [0.5, 0.6] })).toThrow(/lower bounds add up/);
    expect(() =>
      equalWeight(2, { lower: [0.5, 0.2], upper: [0.4, 1], symbols: ['BTC', 'ETH'] }),
    ).toThrow(/lower bound 0\.5 of BTC is above its upper bound 0\.4/);
    expect(() => inverseVolatility([0.2, 0], { symbols: ['BTC', 'USDC'] })).toThrow(
      /volatility of USDC is 0/,
    );
  });
});

describe('portfolio stats', () => {
  it('a hand-computed two-asset portfolio', () => {
    const cov = fromRows([
      [0.04, 0.006],
      [0.006, 0.09],
    ]);
    const s = portfolioStats([0.6, 0.4], [0.1, 0.2], cov, 0.03);
    // 0.36·0.04 + 2·0.24·0.006 + 0.16·0.09 = 0.0144 + 0.00288 + 0.0144 = 0.03168
    expectClose(s.expectedReturn, 0.14, 1e-15, 0, 'return');
    expectClose(s.volatility, Math.sqrt(0.03168), 1e-15, 0, 'vol');
    expectClose(s.sharpe, 0.11 / Math.sqrt(0.03168), 1e-14, 0, 'sharpe');
    expect(
      portfolioStats(
        [1, 0],
        [0.05, 0.2],
        fromRows([
          [0, 0],
          [0, 0.1],
        ]),
        0.05,
      ).sharpe,
    ).toBe(0);
    expect(() => portfolioStats([1], [0.1, 0.2], cov)).toThrow(/1 weights, 2 expected returns/);
  });
});
