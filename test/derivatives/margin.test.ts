// Margin brackets, initial / maintenance margin and unrealised P&L (src/main/engine/derivatives/margin.ts).
// References: Binance's published BTCUSDT USDⓈ-M "Leverage & Margin" table and the worked numbers
// in its liquidation-price FAQs (USDⓈ-M: "264,000 USDT -> MMR 1 %", "500,000 USDT -> maintenance
// amount 1,300 = 250,000 × (1 % − 0.5 %) + 50"; COIN-M: "100 BTCUSD contracts at mark 25,000 ->
// notional 100 × 100 / 25,000 = 0.4 BTC, maintenance 0.4 × 0.4 % − 0 = 0.0016 BTC", "300 BTC ->
// 12.5 %, 11.605 BTC"), and P&L by hand.
import { describe, expect, it } from 'vitest';
import {
  buildTiers,
  checkTiers,
  flatTiers,
  initialMargin,
  maintenanceMargin,
  marginNotional,
  tierIndex,
  unrealisedPnl,
} from '../../src/main/engine/derivatives/margin';
import { expectClose } from '../risk/_reference';
import { tiersOf } from './margin-fixture';

// Binance USDⓈ-M BTCUSDT brackets as published (floor in USDT, MMR, maintenance amount, max leverage).
const BTCUSDT = [
  [0, 0.004, 0, 125],
  [50_000, 0.005, 50, 100],
  [250_000, 0.01, 1_300, 50],
  [1_000_000, 0.025, 16_300, 20],
  [10_000_000, 0.05, 266_300, 10],
  [20_000_000, 0.1, 1_266_300, 5],
  [50_000_000, 0.125, 2_516_300, 4],
  [100_000_000, 0.15, 5_016_300, 3],
  [200_000_000, 0.25, 25_016_300, 2],
  [300_000_000, 0.5, 100_016_300, 1],
] as const;

describe('margin brackets', () => {
  it('derives the published BTCUSDT maintenance amounts from floors and rates (continuity)', () => {
    const tiers = buildTiers(
      BTCUSDT.map(([floor, maintenanceRate, , maxLeverage]) => ({
        floor,
        maintenanceRate,
        maxLeverage,
      })),
    );
    tiers.forEach((t, i) => {
      expectClose(t.maintenanceAmount, BTCUSDT[i]![2], 1e-12, 1e-9, `amount of bracket ${i + 1}`);
      expect(t.floor).toBe(BTCUSDT[i]![0]);
      expect(t.cap).toBe(i + 1 < BTCUSDT.length ? BTCUSDT[i + 1]![0] : Infinity);
    });
    // The fixture's tables (used by the liquidation tests) are the same ones.
    expect(tiersOf('usdm').map((t) => t.maintenanceAmount)).toEqual(BTCUSDT.map((r) => r[2]));
  });

  it("reads Binance's FAQ examples", () => {
    const tiers = tiersOf('usdm');
    expect(tiers[tierIndex(tiers, 264_000)]!.maintenanceRate).toBe(0.01);
    expect(tiers[tierIndex(tiers, 500_000)]!.maintenanceAmount).toBe(1_300);
    // COIN-M: 100 BTCUSD contracts of 100 USD at mark 25,000.
    const coin = tiersOf('coinm');
    const pos = {
      quantity: 100,
      contractSize: 100,
      entryPrice: 25_000,
      settlement: 'inverse' as const,
    };
    const mm = maintenanceMargin(pos, 25_000, coin);
    expectClose(mm.notional, 0.4, 1e-15, 0, 'COIN-M notional');
    expectClose(mm.margin, 0.0016, 1e-12, 0, 'COIN-M maintenance');
    expect(mm.tier).toBe(0);
    // 300 BTC of BTCUSD: 12.5 % and 11.605 BTC.
    const big = maintenanceMargin({ ...pos, quantity: 300 * 250 }, 25_000, coin); // 7.5M USD / 25,000 = 300 BTC
    expect(big.maintenanceRate).toBe(0.125);
    expectClose(big.maintenanceAmount, 11.605, 1e-12, 0, 'amount');
    expectClose(big.margin, 300 * 0.125 - 11.605, 1e-12, 0, 'margin');
  });

  it('keeps the requirement continuous at every bracket edge', () => {
    const tiers = tiersOf('usdm');
    for (const t of tiers.slice(1)) {
      const below = t.floor * (1 - 1e-12);
      const prev = tiers[tierIndex(tiers, below)]!;
      expectClose(
        below * prev.maintenanceRate - prev.maintenanceAmount,
        t.floor * t.maintenanceRate - t.maintenanceAmount,
        1e-9,
        0,
        `edge ${t.floor}`,
      );
    }
  });

  it('refuses broken tables, saying which bracket', () => {
    const good = tiersOf('usdm');
    expect(() =>
      checkTiers(good.map((t, i) => (i === 2 ? { ...t, maintenanceAmount: 1_250 } : t))),
    ).toThrow(/tier 3.*continuity.*1300/);
    expect(() => checkTiers(good.map((t, i) => (i === 3 ? { ...t, floor: 999_999 } : t)))).toThrow(
      /tier 4: floor/,
    );
    expect(() =>
      checkTiers(good.map((t, i) => (i === 1 ? { ...t, maintenanceRate: 0.003 } : t))),
    ).toThrow(/tier 2.*below/);
    expect(() =>
      checkTiers([{ floor: 10, cap: Infinity, maintenanceRate: 0.01, maintenanceAmount: 0 }]),
    ).toThrow(/start at 0/);
    expect(() =>
      checkTiers([{ floor: 0, cap: 5, maintenanceRate: 0.01, maintenanceAmount: 0 }]),
    ).toThrow(/open-ended/);
    expect(() => flatTiers(1)).toThrow(/maintenanceRate/);
  });
});

describe('positions', () => {
  it('values unrealised P&L in the margin currency (by hand)', () => {
    // Linear: long 2 BTC from 30,000 to 33,000 = +6,000 USD; a short loses it.
    expect(
      unrealisedPnl({ quantity: 2, entryPrice: 30_000, settlement: 'linear' }, 33_000),
    ).toBeCloseTo(6_000, 9);
    expect(
      unrealisedPnl({ quantity: -2, entryPrice: 30_000, settlement: 'linear' }, 33_000),
    ).toBeCloseTo(-6_000, 9);
    // Inverse: long 1,000 USD from 20,000 to 25,000 = 1,000 × (1/20,000 − 1/25,000) = 0.01 BTC.
    const inv = {
      quantity: 100,
      contractSize: 10,
      entryPrice: 20_000,
      settlement: 'inverse' as const,
    };
    expectClose(unrealisedPnl(inv, 25_000), 0.01, 1e-12, 0, 'inverse long');
    expectClose(
      unrealisedPnl({ ...inv, quantity: -100 }, 25_000),
      -0.01,
      1e-12,
      0,
      'inverse short',
    );
    expectClose(marginNotional(inv, 25_000), 0.04, 1e-15, 0, 'inverse notional in coins');
  });

  it('sizes initial margin by leverage and honours the bracket maximum', () => {
    const pos = { quantity: 1, entryPrice: 30_000, settlement: 'linear' as const };
    expect(initialMargin(pos, 30_000, 10)).toBeCloseTo(3_000, 9);
    const tiers = tiersOf('usdm');
    // 100 BTC at 30,000 = 3M USDT: bracket 4, at most 20x.
    expect(initialMargin({ ...pos, quantity: 100 }, 30_000, 20, tiers)).toBeCloseTo(150_000, 6);
    expect(() => initialMargin({ ...pos, quantity: 100 }, 30_000, 50, tiers)).toThrow(
      /exceeds the venue maximum 20/,
    );
    expect(() => initialMargin(pos, 30_000, 0.5)).toThrow(/leverage must be at least 1/);
  });

  it('rejects bad positions with what and where', () => {
    const pos = { id: 'BTC-PERP', quantity: 1, entryPrice: 30_000, settlement: 'linear' as const };
    expect(() => unrealisedPnl({ ...pos, quantity: 0 }, 1)).toThrow(/BTC-PERP: quantity/);
    expect(() => unrealisedPnl({ ...pos, entryPrice: -1 }, 1)).toThrow(/BTC-PERP: entryPrice/);
    expect(() => unrealisedPnl({ ...pos, contractSize: 0 }, 1)).toThrow(/BTC-PERP: contractSize/);
    expect(() => unrealisedPnl(pos, 0)).toThrow(/BTC-PERP: price/);
    expect(() => unrealisedPnl(pos, NaN)).toThrow(/price/);
  });
});
