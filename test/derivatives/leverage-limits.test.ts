// Leverage limits (src/main/engine/derivatives/leverage-limits.ts).
// References: test/reference/margin.json (gen_margin.py: the max leverage found by brentq in L on
// "liquidation price − stressed price", the liquidation price itself by brentq on equity −
// requirement with brackets looked up, no closed form); single-bracket closed forms derived by
// hand in the comments; the round trip "at max leverage the liquidation price IS the stressed
// price" through liquidation.ts; monotonicity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  horizonMove,
  leverageLimits,
  liquidationDistance,
  maxLeverage,
} from '../../src/main/engine/derivatives/leverage-limits';
import { liquidationPrice } from '../../src/main/engine/derivatives/liquidation';
import { flatTiers } from '../../src/main/engine/derivatives/margin';
import { expectClose } from '../risk/_reference';
import { fixture, tiersOf } from './margin-fixture';

describe('against nested root finding (margin.json)', () => {
  it.each(fixture.leverage.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const r = maxLeverage({ ...c, tiers: tiersOf(c.tiers) });
    expect(c.maxLeverage).not.toBeNull();
    expectClose(
      r.stressLeverage,
      c.maxLeverage!,
      1e-9,
      0,
      `${c.settlement} ${c.side} m=${c.stressedMove}`,
    );
  });
});

describe('closed forms, one bracket, no fee', () => {
  // Isolated margin N0/L. Linear long: LP = S(1 − 1/L)/(1 − r) ≤ S(1 − m) ⇔ 1/L ≥ m + r − m·r.
  // Linear short: LP = S(1 + 1/L)/(1 + r) ≥ S(1 + m) ⇔ 1/L ≥ m + r + m·r.
  // Inverse long: LP = S(1 + r)/(1 + 1/L) ≤ S(1 − m) ⇔ L ≤ (1 − m)/(m + r).
  // Inverse short: LP = S(1 − r)/(1 − 1/L) ≥ S(1 + m) ⇔ L ≤ (1 + m)/(m + r).
  const r = 0.005;
  const m = 0.2;
  const tiers = flatTiers(r);
  const at = (side: 'long' | 'short', settlement: 'linear' | 'inverse') =>
    maxLeverage({ side, settlement, price: 40_000, stressedMove: m, tiers }).maxLeverage;
  it('linear', () => {
    expectClose(at('long', 'linear'), 1 / (m + r - m * r), 1e-14, 0, 'long');
    expectClose(at('short', 'linear'), 1 / (m + r + m * r), 1e-14, 0, 'short');
  });
  it('inverse', () => {
    expectClose(at('long', 'inverse'), (1 - m) / (m + r), 1e-14, 0, 'long');
    expectClose(at('short', 'inverse'), (1 + m) / (m + r), 1e-14, 0, 'short');
  });
  it('a coin-margined long cannot survive a 100 % fall; an unlevered linear long just can', () => {
    const inv = maxLeverage({
      side: 'long',
      settlement: 'inverse',
      price: 100,
      stressedMove: 1,
      tiers,
    });
    expect(inv.maxLeverage).toBe(0);
    expect(inv.feasible).toBe(false);
    const lin = maxLeverage({
      side: 'long',
      settlement: 'linear',
      price: 100,
      stressedMove: 1,
      tiers,
    });
    expectClose(lin.maxLeverage, 1, 1e-15, 0, 'linear 1x');
    expect(
      maxLeverage({
        side: 'long',
        settlement: 'linear',
        price: 100,
        stressedMove: 1,
        tiers,
        feeRate: 0.001,
      }).feasible,
    ).toBe(false);
  });
});

const arb = fc.record({
  side: fc.constantFrom('long' as const, 'short' as const),
  settlement: fc.constantFrom('linear' as const, 'inverse' as const),
  price: fc.double({ min: 1, max: 100_000, noNaN: true }),
  stressedMove: fc.double({ min: 0.01, max: 0.6, noNaN: true }),
  logNotional: fc.double({ min: 2, max: 8.5, noNaN: true }),
  feeRate: fc.constantFrom(0, 0.0002, 0.0005),
});

describe('properties', () => {
  it('round trip: at the max leverage the liquidation price is the stressed price', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const tiers = tiersOf(a.settlement === 'linear' ? 'usdm' : 'coinm');
        const notionalUsd = 10 ** a.logNotional;
        const res = maxLeverage({ ...a, tiers, notionalUsd });
        if (!(res.stressLeverage >= 1 && res.stressLeverage < Infinity)) return;
        const L = res.stressLeverage;
        const linear = a.settlement === 'linear';
        const size = linear ? notionalUsd / a.price : notionalUsd;
        const n0 = linear ? notionalUsd : notionalUsd / a.price;
        const lp = liquidationPrice({
          position: {
            quantity: a.side === 'long' ? size : -size,
            entryPrice: a.price,
            settlement: a.settlement,
          },
          mode: 'isolated',
          collateral: n0 / L - a.feeRate * n0,
          tiers,
          closeFeeRate: a.feeRate,
        });
        expect(lp.status).toBe('price');
        expectClose(lp.price!, res.stressedPrice, 1e-9, 0, 'LP at max leverage');
        expect(lp.tier).toBe(res.tier);
      }),
      { numRuns: 400 },
    );
  });

  it('a bigger move, a higher maintenance rate or a fee never allows more leverage', () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 1.01, max: 2, noNaN: true }), (a, k) => {
        const tiers = flatTiers(0.01);
        const base = maxLeverage({ ...a, tiers }).stressLeverage;
        expect(
          maxLeverage({ ...a, tiers, stressedMove: Math.min(a.stressedMove * k, 0.99) })
            .stressLeverage,
        ).toBeLessThanOrEqual(base);
        expect(maxLeverage({ ...a, tiers: flatTiers(0.02) }).stressLeverage).toBeLessThanOrEqual(
          base,
        );
        expect(
          maxLeverage({ ...a, tiers, feeRate: a.feeRate + 0.001 }).stressLeverage,
        ).toBeLessThanOrEqual(base);
      }),
      { numRuns: 200 },
    );
  });
});

describe('venue cap, horizon, distance, per-asset table', () => {
  it('caps by the bracket maximum and says which bound binds', () => {
    // 3M USDT is bracket 4 (max 20x); a 1 % move would allow ~28x.
    const r = maxLeverage({
      side: 'long',
      settlement: 'linear',
      price: 50_000,
      stressedMove: 0.01,
      tiers: tiersOf('usdm'),
      notionalUsd: 3_000_000,
    });
    expect(r.venueMaxLeverage).toBe(20);
    expect(r.binding).toBe('venue');
    expect(r.maxLeverage).toBe(20);
    expect(r.stressLeverage).toBeGreaterThan(20);
  });

  it('scales the log move by √h', () => {
    expectClose(horizonMove(0.1, 4, 'long'), 1 - 0.9 ** 2, 1e-14, 0, 'long');
    expectClose(horizonMove(0.1, 4, 'short'), 1.1 ** 2 - 1, 1e-14, 0, 'short');
    expectClose(horizonMove(0.1, 1, 'long'), 0.1, 1e-14, 0, 'one day');
    expect(() => horizonMove(1, 2, 'long')).toThrow(/oneDayMove/);
  });

  it('measures the distance in horizon standard deviations of the log price', () => {
    expectClose(
      liquidationDistance('long', 100, 90, 0.05, 4),
      Math.log(100 / 90) / 0.1,
      1e-14,
      0,
      'long',
    );
    expectClose(
      liquidationDistance('short', 100, 120, 0.05),
      Math.log(1.2) / 0.05,
      1e-14,
      0,
      'short',
    );
    expect(liquidationDistance('long', 100, 110, 0.05)).toBeLessThan(0); // already past it
    expect(liquidationDistance('long', 100, null, 0.05)).toBe(Infinity);
  });

  it('reports per asset, with the current leverage against the limit', () => {
    const tiers = flatTiers(0.005);
    const [btc, eth] = leverageLimits([
      {
        asset: 'BTC',
        side: 'long',
        settlement: 'linear',
        price: 50_000,
        oneDayMove: 0.08,
        horizonDays: 3,
        tiers,
        dailyVol: 0.03,
        leverage: 3,
      },
      {
        asset: 'ETH',
        side: 'short',
        settlement: 'inverse',
        price: 3_000,
        oneDayMove: 0.1,
        tiers,
        leverage: 12,
      },
    ]);
    const m = 1 - 0.92 ** Math.sqrt(3);
    expectClose(btc!.stressedMove, m, 1e-14, 0, 'BTC move');
    expectClose(btc!.maxLeverage, 1 / (m + 0.005 - m * 0.005), 1e-13, 0, 'BTC limit');
    expect(btc!.current!.survives).toBe(true);
    expectClose(
      btc!.current!.liquidationPrice!,
      (50_000 * (1 - 1 / 3)) / (1 - 0.005),
      1e-13,
      0,
      'BTC LP at 3x',
    );
    expectClose(
      btc!.current!.distanceSd!,
      Math.log(50_000 / btc!.current!.liquidationPrice!) / (0.03 * Math.sqrt(3)),
      1e-13,
      0,
      'distance',
    );
    expectClose(eth!.maxLeverage, 1.1 / 0.105, 1e-13, 0, 'ETH limit');
    expect(eth!.current!.survives).toBe(false); // 12x > 10.48x
    expect(eth!.current!.distanceSd).toBeNull();
    const direct = leverageLimits([
      { asset: 'BTC', side: 'long', settlement: 'linear', price: 50_000, stressedMove: m, tiers },
    ])[0]!;
    expect(direct.maxLeverage).toBe(btc!.maxLeverage);
    expect(() =>
      leverageLimits([
        {
          asset: 'XRP',
          side: 'long',
          settlement: 'linear',
          price: 1,
          oneDayMove: 0.1,
          stressedMove: 0.1,
          tiers,
        },
      ]),
    ).toThrow(/XRP: give exactly one/);
    expect(() =>
      leverageLimits([
        { asset: 'SOL', side: 'long', settlement: 'linear', price: -1, oneDayMove: 0.1, tiers },
      ]),
    ).toThrow(/SOL: price must be positive/);
  });
});
