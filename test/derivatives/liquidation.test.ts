// Liquidation prices (src/main/engine/derivatives/liquidation.ts).
// References:
// - test/reference/margin.json (scripts/reference/gen_margin.py): 36 positions (linear/inverse,
//   long/short, isolated/cross, across brackets, with and without a close fee) whose liquidation
//   price was found by brentq on equity(P) − requirement(P) with the bracket looked up at n(P).
// - Binance's published formulas, coded here literally from the FAQs ("How to Calculate
//   Liquidation Price of USDⓈ-M / COIN-M Futures Contracts", one-way mode).
// - A Binance calculator figure quoted on dev.binance.vision ("Coin-margined futures liquidation
//   price calculation help", 2021): WB 101 BTC, long 100,000 BTCUSD contracts (10M USD) at 45,000,
//   cross -> 33,599.40 (tick 0.1); bracket 200-400 BTC: 12.5 %, 11.605 BTC (Binance COIN-M FAQ).
// - fast-check properties: equity = requirement at the price, below it just beyond, above just inside.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LiquidationInput,
  liquidationPrice,
  marginState,
} from '../../src/main/engine/derivatives/liquidation';
import { flatTiers } from '../../src/main/engine/derivatives/margin';
import { expectClose } from '../risk/_reference';
import { fixture, type PerpCase, tiersOf } from './margin-fixture';

function inputOf(c: PerpCase): LiquidationInput {
  return {
    position: c.position,
    mode: c.mode,
    collateral: c.collateral,
    ...(c.others ? { others: c.others } : {}),
    tiers: tiersOf(c.tiers),
    ...(c.closeFeeRate ? { closeFeeRate: c.closeFeeRate } : {}),
  };
}

describe('liquidation price against root finding (margin.json)', () => {
  it.each(fixture.perps.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const r = liquidationPrice(inputOf(c));
    expect(r.status).toBe(c.expected.status);
    if (c.expected.price === null) expect(r.price).toBeNull();
    else expectClose(r.price!, c.expected.price, 1e-10, 0, 'liquidation price');
    expect(r.direction).toBe(c.position.quantity > 0 ? 'below' : 'above');
  });

  it('covers what it claims to (brackets beyond the first, both settlements, never)', () => {
    const results = fixture.perps.map((c) => ({ c, r: liquidationPrice(inputOf(c)) }));
    expect(results.some(({ r }) => (r.tier ?? 0) >= 3)).toBe(true);
    expect(
      results.some(({ c, r }) => c.position.settlement === 'inverse' && (r.tier ?? 0) >= 2),
    ).toBe(true);
    expect(results.filter(({ r }) => r.status === 'never').length).toBe(2);
  });
});

describe("Binance's published formulas", () => {
  /** USDⓈ-M one-way: LP = (WB − TMM1 + UPNL1 + cumB − side·Q·EP) / (Q·MMR − side·Q). */
  const usdm = (
    WB: number,
    TMM: number,
    UPNL: number,
    cum: number,
    side: number,
    Q: number,
    EP: number,
    MMR: number,
  ) => (WB - TMM + UPNL + cum - side * Q * EP) / (Q * MMR - side * Q);
  /** COIN-M one-way (Q in USD face): LP = (Q·MMR + side·Q) / (WB + cumB + side·Q/EP). */
  const coinm = (WB: number, cum: number, side: number, Q: number, EP: number, MMR: number) =>
    (Q * MMR + side * Q) / (WB + cum + (side * Q) / EP);

  it('agrees with the USDⓈ-M formula at the bracket of the liquidation notional', () => {
    const tiers = tiersOf('usdm');
    for (const c of fixture.perps.filter(
      (p) => p.position.settlement === 'linear' && !p.closeFeeRate,
    )) {
      const r = liquidationPrice(inputOf(c));
      if (r.status !== 'price') continue;
      const t = tiers[r.tier!]!;
      const side = Math.sign(c.position.quantity);
      const lp = usdm(
        c.collateral,
        c.others?.maintenanceMargin ?? 0,
        c.others?.unrealisedPnl ?? 0,
        t.maintenanceAmount,
        side,
        Math.abs(c.position.quantity),
        c.position.entryPrice,
        t.maintenanceRate,
      );
      expectClose(r.price!, lp, 1e-11, 0, `USDⓈ-M ${JSON.stringify(c.position)}`);
    }
  });

  it('agrees with the COIN-M formula (isolated cases) and the Binance calculator example', () => {
    const tiers = tiersOf('coinm');
    for (const c of fixture.perps.filter(
      (p) => p.position.settlement === 'inverse' && p.mode === 'isolated' && !p.closeFeeRate,
    )) {
      const r = liquidationPrice(inputOf(c));
      if (r.status !== 'price') continue;
      const t = tiers[r.tier!]!;
      const Q = Math.abs(c.position.quantity) * (c.position.contractSize ?? 1);
      const lp = coinm(
        c.collateral,
        t.maintenanceAmount,
        Math.sign(c.position.quantity),
        Q,
        c.position.entryPrice,
        t.maintenanceRate,
      );
      expectClose(r.price!, lp, 1e-11, 0, `COIN-M ${JSON.stringify(c.position)}`);
    }
    const r = liquidationPrice({
      position: { quantity: 100_000, contractSize: 100, entryPrice: 45_000, settlement: 'inverse' },
      mode: 'cross',
      collateral: 101,
      tiers,
    });
    expect(r.tier).toBe(6); // 200-400 BTC: 12.5 %, 11.605 BTC
    expect(Math.abs(r.price! - 33_599.4)).toBeLessThan(0.1);
  });

  it('reduces to EP·(1 − 1/L)/(1 − MMR) and EP·(1 + 1/L)/(1 + MMR) for an isolated linear position', () => {
    const tiers = flatTiers(0.005);
    const L = 20;
    const long = liquidationPrice({
      position: { quantity: 3, entryPrice: 2_000, settlement: 'linear' },
      mode: 'isolated',
      collateral: (3 * 2_000) / L,
      tiers,
    });
    const short = liquidationPrice({
      position: { quantity: -3, entryPrice: 2_000, settlement: 'linear' },
      mode: 'isolated',
      collateral: (3 * 2_000) / L,
      tiers,
    });
    expectClose(long.price!, (2_000 * (1 - 1 / L)) / (1 - 0.005), 1e-13, 0, 'long');
    expectClose(short.price!, (2_000 * (1 + 1 / L)) / (1 + 0.005), 1e-13, 0, 'short');
  });
});

// Random positions across brackets: size, leverage, side, settlement, cross extras, fees.
const arbInput = fc
  .record({
    linear: fc.boolean(),
    long: fc.boolean(),
    entry: fc.double({ min: 100, max: 100_000, noNaN: true }),
    logSize: fc.double({ min: -2, max: 4, noNaN: true }),
    leverage: fc.double({ min: 1.05, max: 100, noNaN: true }),
    cross: fc.boolean(),
    otherPnl: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    otherMm: fc.double({ min: 0, max: 0.02, noNaN: true }),
    fee: fc.constantFrom(0, 0.0004, 0.001),
  })
  .map((a): LiquidationInput => {
    const size = 10 ** a.logSize;
    const position = a.linear
      ? { quantity: a.long ? size : -size, entryPrice: a.entry, settlement: 'linear' as const }
      : {
          quantity: (a.long ? 1 : -1) * Math.ceil((size * a.entry) / 100),
          contractSize: 100,
          entryPrice: a.entry,
          settlement: 'inverse' as const,
        };
    const n0 = a.linear ? size * a.entry : (Math.abs(position.quantity) * 100) / a.entry;
    return {
      position,
      mode: a.cross ? 'cross' : 'isolated',
      collateral: n0 / a.leverage,
      ...(a.cross
        ? { others: { unrealisedPnl: a.otherPnl * n0, maintenanceMargin: a.otherMm * n0 } }
        : {}),
      tiers: tiersOf(a.linear ? 'usdm' : 'coinm'),
      closeFeeRate: a.fee,
    };
  });

describe('properties', () => {
  it('equity equals the requirement at the price; below it just beyond, above it just inside', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = liquidationPrice(input);
        const long = input.position.quantity > 0;
        if (r.status !== 'price') {
          // never / always: one sign at prices across six orders of magnitude
          for (const f of [1e-3, 0.1, 0.5, 1, 2, 10, 1e3]) {
            const s = marginState(input, input.position.entryPrice * f);
            expect(r.status === 'never' ? s.excess >= 0 : s.excess < 0).toBe(true);
          }
          return;
        }
        const P = r.price!;
        const at = marginState(input, P);
        expect(Math.abs(at.excess)).toBeLessThanOrEqual(
          1e-9 * Math.max(at.maintenance, Math.abs(at.equity), 1e-12),
        );
        const beyond = marginState(input, long ? P * (1 - 1e-6) : P * (1 + 1e-6));
        const inside = marginState(input, long ? P * (1 + 1e-6) : P * (1 - 1e-6));
        expect(beyond.excess).toBeLessThan(0);
        expect(inside.excess).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('long LP < entry < short LP whenever the position is healthy at entry', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = liquidationPrice(input);
        if (r.status !== 'price' || marginState(input, input.position.entryPrice).excess <= 0)
          return;
        if (input.position.quantity > 0) expect(r.price!).toBeLessThan(input.position.entryPrice);
        else expect(r.price!).toBeGreaterThan(input.position.entryPrice);
      }),
      { numRuns: 300 },
    );
  });

  it('more margin moves the liquidation price away (or removes it)', () => {
    fc.assert(
      fc.property(arbInput, fc.double({ min: 1.01, max: 3, noNaN: true }), (input, k) => {
        const a = liquidationPrice(input);
        const b = liquidationPrice({ ...input, collateral: input.collateral * k });
        if (a.status !== 'price') {
          if (a.status === 'never') expect(b.status).toBe('never');
          return;
        }
        if (b.status === 'never') return;
        expect(b.status).toBe('price');
        if (input.position.quantity > 0) expect(b.price!).toBeLessThan(a.price!);
        else expect(b.price!).toBeGreaterThan(a.price!);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad input', () => {
  const base: LiquidationInput = {
    position: { id: 'ETH-PERP', quantity: 1, entryPrice: 2_000, settlement: 'linear' },
    mode: 'isolated',
    collateral: 200,
    tiers: flatTiers(0.005),
  };
  it('says what is wrong and where', () => {
    expect(() => liquidationPrice({ ...base, collateral: -1 })).toThrow(
      /isolated margin must be non-negative/,
    );
    expect(() =>
      liquidationPrice({ ...base, others: { unrealisedPnl: 0, maintenanceMargin: 0 } }),
    ).toThrow(/'others' must be absent/);
    expect(() =>
      liquidationPrice({ ...base, position: { ...base.position, quantity: 0 } }),
    ).toThrow(/ETH-PERP: quantity/);
    expect(() => liquidationPrice({ ...base, closeFeeRate: 0.996 })).toThrow(/below 1/);
    expect(() =>
      liquidationPrice({
        ...base,
        mode: 'cross',
        others: { unrealisedPnl: 0, maintenanceMargin: -1 },
      }),
    ).toThrow(/maintenanceMargin/);
  });
  it('reports a position already insolvent at every price as always', () => {
    // A short with negative cross equity: liquidated at any price.
    const r = liquidationPrice({
      ...base,
      position: { ...base.position, quantity: -1 },
      mode: 'cross',
      collateral: -5_000,
    });
    expect(r.status).toBe('always');
    expect(r.price).toBeNull();
  });
});
