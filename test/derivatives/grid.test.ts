// Scenario grid: full revaluation checked against closed forms computed here (Black-76 prices
// through the pricing API, futures and perpetual P&L by hand), expiries inside the horizon, the
// vol floor, the underlyings filter, and that the grid is NOT a delta-gamma expansion.
import { describe, expect, it } from 'vitest';
import { portfolioGreeks } from '../../src/main/engine/derivatives/portfolio-greeks';
import type { BookPosition, MarketMap } from '../../src/main/engine/derivatives/positions';
import { black76Price } from '../../src/main/engine/derivatives/pricing';
import {
  DEFAULT_SPOT_MOVES,
  DEFAULT_VOL_SHIFTS,
  scenarioGrid,
} from '../../src/main/engine/derivatives/scenario-grid';
import { expectClose } from '../risk/_reference';

const markets: MarketMap = {
  BTC: { spot: 60000, rate: 0.04, carry: 0.1, vol: 0.55 },
  ETH: { spot: 3000, rate: 0.04, carry: 0.08, vol: 0.7 },
};

describe('scenario grid', () => {
  it('default axes: ±16 % in 9 steps × −10/0/+10 vol points, now', () => {
    const g = scenarioGrid([{ kind: 'spot', underlying: 'BTC', quantity: 1 }], markets);
    expect(Array.from(g.spotMoves)).toEqual([...DEFAULT_SPOT_MOVES]);
    expect(Array.from(g.volShifts)).toEqual([...DEFAULT_VOL_SHIFTS]);
    expect(Array.from(g.horizons)).toEqual([0]);
    expect(g.pnl.length).toBe(27);
    // spot: P&L = quantity × S × move, in every vol row
    for (let v = 0; v < 3; v++)
      DEFAULT_SPOT_MOVES.forEach((mv, s) => expectClose(g.at(0, v, s), 60000 * mv, 1e-12, 1e-9));
  });

  it('options: every cell equals Black-76 repriced at the scenario (linear and inverse)', () => {
    const K = 66000;
    const T = 30 / 365;
    const book: BookPosition[] = [
      {
        kind: 'option',
        underlying: 'BTC',
        right: 'call',
        strike: K,
        expiry: T,
        settlement: 'linear',
        model: 'black-76',
        quantity: -3,
      },
      {
        kind: 'option',
        underlying: 'BTC',
        right: 'put',
        strike: K,
        expiry: T,
        settlement: 'inverse',
        model: 'black-76',
        quantity: 2,
        vol: 0.8,
      },
    ];
    const horizons = [0, 7 / 365];
    const g = scenarioGrid(book, markets, { horizons });
    const { rate: r, carry: b } = { rate: 0.04, carry: 0.1 };
    const value = (S: number, dv: number, h: number) => {
      const t = T - h;
      const F = S * Math.exp(b * t);
      const call = -3 * black76Price('call', F, K, t, 0.55 + dv, r);
      // inverse Black-76: coins V/F, held at S
      const put = 2 * (black76Price('put', F, K, t, 0.8 + dv, r) / F) * S;
      return call + put;
    };
    const base = value(60000, 0, 0);
    expectClose(g.baseValue, base, 1e-12);
    horizons.forEach((h, hi) =>
      DEFAULT_VOL_SHIFTS.forEach((dv, vi) =>
        DEFAULT_SPOT_MOVES.forEach((mv, si) =>
          expectClose(
            g.at(hi, vi, si),
            value(60000 * (1 + mv), dv, h) - base,
            1e-10,
            1e-8,
            `h${hi} v${vi} s${si}`,
          ),
        ),
      ),
    );
  });

  it('futures and perpetuals: hand-computed P&L, funding accrues over the horizon', () => {
    const n = 2;
    const book: BookPosition[] = [
      {
        kind: 'future',
        underlying: 'BTC',
        quantity: n,
        expiry: 0.25,
        entryPrice: 59000,
        settlement: 'linear',
      },
      {
        kind: 'perpetual',
        underlying: 'BTC',
        quantity: 1000,
        contractSize: 10,
        entryPrice: 50000,
        settlement: 'inverse',
        fundingRate: 0.2,
      },
    ];
    const h = 10 / 365;
    const g = scenarioGrid(book, markets, {
      spotMoves: [-0.1, 0, 0.1],
      volShifts: [0],
      horizons: [0, h],
    });
    const F0 = 60000 * Math.exp(0.1 * 0.25);
    [-0.1, 0, 0.1].forEach((mv, s) => {
      const S = 60000 * (1 + mv);
      // linear future: n(F' − F0), F' = S·e^{b(T−h)}; inverse perp: 10,000·(S/entry − S0/entry)
      const fut = (t: number) => n * (S * Math.exp(0.1 * (0.25 - t)) - F0);
      const perp = (10000 * (S - 60000)) / 50000;
      expectClose(g.at(0, 0, s), fut(0) + perp, 1e-12, 1e-8, `now ${mv}`);
      // after h: inverse funding = notional in USD × rate × h, paid by the long
      expectClose(g.at(1, 0, s), fut(h) + perp - 10000 * 0.2 * h, 1e-12, 1e-8, `horizon ${mv}`);
    });
  });

  it('options expiring inside the horizon settle at the scenario spot', () => {
    const book: BookPosition[] = [
      {
        kind: 'option',
        underlying: 'ETH',
        right: 'put',
        strike: 3000,
        expiry: 2 / 365,
        settlement: 'linear',
        model: 'black-scholes',
        quantity: 10,
      },
    ];
    const g = scenarioGrid(book, markets, {
      spotMoves: [-0.1, 0.1],
      volShifts: [0, 0.5],
      horizons: [7 / 365],
    });
    const premium = g.baseValue;
    expectClose(g.at(0, 0, 0), 10 * 300 - premium, 1e-12);
    expectClose(g.at(0, 1, 0), 10 * 300 - premium, 1e-12); // vol no longer matters
    expectClose(g.at(0, 0, 1), -premium, 1e-12);
  });

  it('vol shifts are floored at zero vol (discounted forward intrinsic)', () => {
    const T = 0.5;
    const book: BookPosition[] = [
      {
        kind: 'option',
        underlying: 'BTC',
        right: 'call',
        strike: 50000,
        expiry: T,
        settlement: 'linear',
        model: 'black-76',
        quantity: 1,
        vol: 0.05,
      },
    ];
    const g = scenarioGrid(book, markets, { spotMoves: [0], volShifts: [-0.1] });
    const F = 60000 * Math.exp(0.1 * T);
    expectClose(g.pnl[0]!, Math.exp(-0.04 * T) * (F - 50000) - g.baseValue, 1e-12);
  });

  it('only the listed underlyings move; per-underlying grids add up to the total', () => {
    const book: BookPosition[] = [
      { kind: 'spot', underlying: 'BTC', quantity: 1 },
      {
        kind: 'option',
        underlying: 'ETH',
        right: 'call',
        strike: 3200,
        expiry: 0.2,
        settlement: 'linear',
        model: 'black-76',
        quantity: 5,
      },
      { kind: 'lp', underlying: 'ETH', quantity: 1, liquidity: 1000 },
    ];
    const g = scenarioGrid(book, markets, { underlyings: ['BTC'], horizons: [0, 0.01] });
    for (let i = 0; i < g.pnl.length; i++) {
      expectClose(g.pnl[i]!, g.byUnderlying.BTC![i]! + g.byUnderlying.ETH![i]!, 1e-12, 1e-9);
    }
    // now: ETH does not move at all
    for (let i = 0; i < 27; i++) expect(g.byUnderlying.ETH![i]).toBe(0);
    // at the horizon ETH only decays (the same in every spot and vol cell)
    const eth = g.byUnderlying.ETH!.subarray(27);
    expect(eth[0]).toBeLessThan(0);
    for (const x of eth) expect(x).toBe(eth[0]);
  });

  it('is full revaluation, not a delta-gamma expansion', () => {
    const book: BookPosition[] = [
      {
        kind: 'option',
        underlying: 'BTC',
        right: 'put',
        strike: 48000,
        expiry: 14 / 365,
        settlement: 'linear',
        model: 'black-76',
        quantity: -10,
      },
    ];
    const g = scenarioGrid(book, markets, { spotMoves: [-0.16, 0.01], volShifts: [0] });
    const r = portfolioGreeks(book, markets).byUnderlying.BTC!;
    const taylor = (mv: number) => r.delta * 60000 * mv + 0.5 * r.gamma * (60000 * mv) ** 2;
    // a 1 % move: the expansion is fine; −16 %: a short OTM put loses far more than it says
    expectClose(g.at(0, 0, 1), taylor(0.01), 2e-2);
    expect(g.at(0, 0, 0)).toBeLessThan(1.2 * taylor(-0.16));
  });

  it('rejects bad axes and reports the index of a bad cell', () => {
    const book: BookPosition[] = [{ kind: 'spot', underlying: 'BTC', quantity: 1 }];
    expect(() => scenarioGrid(book, markets, { spotMoves: [-1] })).toThrow(/spotMoves\[0\] = -1/);
    expect(() => scenarioGrid(book, markets, { horizons: [0, -1] })).toThrow(/horizons\[1\]/);
    expect(() => scenarioGrid(book, markets, { volShifts: [] })).toThrow(/volShifts is empty/);
    expect(() => scenarioGrid(book, markets).at(0, 3, 0)).toThrow(/outside 1 x 3 x 9/);
  });
});
