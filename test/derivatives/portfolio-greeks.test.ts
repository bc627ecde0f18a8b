// Position and portfolio Greeks: every closed-form Greek of every position kind against finite
// differences of the full revaluation (fast-check), the desk units against their definitions
// (dollar gamma = the P&L of a ±1 % move from gamma, by full revaluation), hand-worked deltas of
// futures, perpetuals (inverse: size/entry), staked tokens, lending and LP positions (Uniswap
// invariants x·y = L² and (x + L/√Pb)(y + L√Pa) = L²), and the aggregation by underlying/expiry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lpDelta,
  lpGamma,
  lpHoldings,
  lpLiquidityFromAmounts,
  lpValue,
} from '../../src/main/engine/derivatives/liquidity-pool';
import { portfolioGreeks } from '../../src/main/engine/derivatives/portfolio-greeks';
import {
  optionVol,
  positionRisk,
  positionValue,
} from '../../src/main/engine/derivatives/position-value';
import type {
  BookPosition,
  OptionPosition,
  UnderlyingMarket,
} from '../../src/main/engine/derivatives/positions';
import { black76Price } from '../../src/main/engine/derivatives/pricing';
import { expectClose } from '../risk/_reference';

const btc: UnderlyingMarket = { spot: 60000, rate: 0.04, carry: 0.09, vol: 0.6 };
const eth: UnderlyingMarket = { spot: 3000, rate: 0.04, carry: 0.07, vol: 0.75 };
const markets = { BTC: btc, ETH: eth };

/** Greeks of position p by finite differences of positionValue (second order in every step). */
function fdGreeks(p: BookPosition, m: UnderlyingMarket) {
  const vol = p.kind === 'option' ? optionVol(p, m) : undefined;
  const V = (sc: { spotFactor?: number; volShift?: number; elapsed?: number }, mk = m) =>
    positionValue(p, mk, sc, vol);
  const hs = 1e-4;
  const S = m.spot;
  const v0 = V({});
  const up = V({ spotFactor: 1 + hs });
  const dn = V({ spotFactor: 1 - hs });
  const hv = 1e-4;
  const ht = 1e-6;
  const hr = 1e-6;
  const carry = m.carry ?? m.rate;
  return {
    value: v0,
    delta: (up - dn) / (2 * hs * S),
    gamma: (up - 2 * v0 + dn) / (hs * S) ** 2,
    vega: (V({ volShift: hv }) - V({ volShift: -hv })) / (2 * hv),
    // one-sided (time runs forward only), second order: (−3V0 + 4V(h) − V(2h)) / 2h
    theta: (-3 * v0 + 4 * V({ elapsed: ht }) - V({ elapsed: 2 * ht })) / (2 * ht),
    rho:
      (V({}, { ...m, rate: m.rate + hr, carry }) - V({}, { ...m, rate: m.rate - hr, carry })) /
      (2 * hr),
  };
}

function expectRiskMatchesFd(p: BookPosition, m: UnderlyingMarket, label: string) {
  const r = positionRisk(p, m);
  const fd = fdGreeks(p, m);
  // absolute floors scaled to the position's size in USD
  const a = 1e-6 * (Math.abs(r.value) + Math.abs(r.delta) * m.spot + 1);
  expectClose(r.value, fd.value, 1e-12, 1e-9 * a, `${label} value`);
  expectClose(r.delta, fd.delta, 1e-5, a / m.spot, `${label} delta`);
  expectClose(r.gamma, fd.gamma, 1e-3, (1e3 * a) / m.spot ** 2, `${label} gamma`);
  expectClose(r.vega, fd.vega, 1e-5, a, `${label} vega`);
  expectClose(r.theta, fd.theta, 1e-4, 10 * a, `${label} theta`);
  expectClose(r.rho, fd.rho, 1e-5, a, `${label} rho`);
}

describe('position Greeks against finite differences of the full revaluation', () => {
  it('options: both models, linear and inverse, calls and puts (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          right: fc.constantFrom('call' as const, 'put' as const),
          model: fc.constantFrom('black-76' as const, 'black-scholes' as const),
          settlement: fc.constantFrom('linear' as const, 'inverse' as const),
          lk: fc.double({ min: -0.8, max: 0.8, noNaN: true }),
          expiry: fc.double({ min: 0.01, max: 2, noNaN: true }),
          quantity: fc.double({ min: -50, max: 50, noNaN: true }),
          vol: fc.double({ min: 0.2, max: 1.5, noNaN: true }),
          carry: fc.double({ min: -0.1, max: 0.2, noNaN: true }),
        }),
        ({ lk, carry, ...o }) => {
          fc.pre(Math.abs(o.quantity) > 0.01);
          const m = { ...btc, carry };
          const p: OptionPosition = {
            kind: 'option',
            underlying: 'BTC',
            strike: m.spot * Math.exp(lk),
            ...o,
          };
          expectRiskMatchesFd(p, m, `${o.model} ${o.settlement} ${o.right}`);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('futures, perpetuals, spot, staked, lending and LP positions', () => {
    const book: BookPosition[] = [
      {
        kind: 'future',
        underlying: 'BTC',
        quantity: 3,
        expiry: 0.3,
        entryPrice: 58000,
        settlement: 'linear',
      },
      {
        kind: 'future',
        underlying: 'BTC',
        quantity: -2,
        expiry: 0.3,
        entryPrice: 58000,
        settlement: 'linear',
        markPrice: 61500,
      },
      {
        kind: 'future',
        underlying: 'BTC',
        quantity: 5000,
        expiry: 0.2,
        entryPrice: 55000,
        settlement: 'inverse',
        contractSize: 10,
      },
      {
        kind: 'perpetual',
        underlying: 'ETH',
        quantity: -4,
        entryPrice: 2900,
        settlement: 'linear',
        fundingRate: 0.1,
      },
      {
        kind: 'perpetual',
        underlying: 'BTC',
        quantity: 700,
        entryPrice: 65000,
        settlement: 'inverse',
        contractSize: 10,
        fundingRate: -0.05,
      },
      { kind: 'spot', underlying: 'ETH', quantity: 12 },
      { kind: 'staked', underlying: 'ETH', quantity: 10, pegRatio: 1.17 },
      { kind: 'lending', underlying: 'ETH', quantity: -6, rate: 0.05 },
      { kind: 'lp', underlying: 'ETH', quantity: 1, liquidity: 500 },
      { kind: 'lp', underlying: 'ETH', quantity: 2, liquidity: 800, lower: 2500, upper: 3600 },
      { kind: 'lp', underlying: 'ETH', quantity: 1, liquidity: 800, lower: 3200, upper: 3600 },
      { kind: 'lp', underlying: 'ETH', quantity: 1, liquidity: 800, lower: 2000, upper: 2800 },
    ];
    book.forEach((p, i) =>
      expectRiskMatchesFd(p, markets[p.underlying as 'BTC' | 'ETH'], `${p.kind} #${i}`),
    );
  });
});

describe('hand-worked deltas', () => {
  it('inverse future: size/entry coins; value at expiry = n·S·(1/entry − 1/S)', () => {
    // 1,000 Deribit BTC contracts of 10 USD bought at 40,000: delta 10,000/40,000 = 0.25 BTC
    const p: BookPosition = {
      kind: 'future',
      underlying: 'BTC',
      quantity: 1000,
      contractSize: 10,
      expiry: 0,
      entryPrice: 40000,
      settlement: 'inverse',
    };
    const r = positionRisk(p, { spot: 44000, rate: 0, vol: 0.5 });
    expectClose(r.delta, 0.25, 1e-15);
    expectClose(r.value, 1000, 1e-12); // 10,000 × (1.1 − 1)
  });
  it('net delta per underlying across every kind', () => {
    const L = 1000;
    const book: BookPosition[] = [
      { kind: 'spot', underlying: 'ETH', quantity: 2 },
      { kind: 'staked', underlying: 'ETH', quantity: 10, pegRatio: 1.05 }, // 10.5
      {
        kind: 'perpetual',
        underlying: 'ETH',
        quantity: -3,
        entryPrice: 2800,
        settlement: 'linear',
      }, // −3
      {
        kind: 'perpetual',
        underlying: 'ETH',
        quantity: 3000,
        entryPrice: 3000,
        settlement: 'inverse',
      }, // +1
      { kind: 'lending', underlying: 'ETH', quantity: 4 }, // +4
      { kind: 'lending', underlying: 'ETH', quantity: -1.5 }, // −1.5
      { kind: 'lp', underlying: 'ETH', quantity: 1, liquidity: L }, // L/√3000
      { kind: 'spot', underlying: 'BTC', quantity: 1 },
    ];
    const g = portfolioGreeks(book, markets);
    expectClose(g.byUnderlying.ETH!.delta, 2 + 10.5 - 3 + 1 + 4 - 1.5 + L / Math.sqrt(3000), 1e-14);
    expectClose(g.byUnderlying.BTC!.delta, 1, 1e-15);
    expectClose(g.byUnderlying.ETH!.dollarDelta, g.byUnderlying.ETH!.delta * 3000, 1e-14);
    expectClose(g.total.dollarDelta, g.byUnderlying.ETH!.dollarDelta + 60000, 1e-14);
  });
});

describe('liquidity positions', () => {
  it('v2: V = 2L√P, holdings x·y = L², delta = x, gamma = −L/(2P^{3/2})', () => {
    const L = 1234;
    for (const P of [0.5, 100, 3000]) {
      const h = lpHoldings(L, P);
      expectClose(h.base * h.quote, L * L, 1e-14);
      expectClose(lpValue(L, P), 2 * L * Math.sqrt(P), 1e-14);
      expectClose(lpDelta(L, P), L / Math.sqrt(P), 1e-14);
      const d = 1e-4 * P;
      expectClose(
        lpGamma(L, P),
        (lpValue(L, P + d) - 2 * lpValue(L, P) + lpValue(L, P - d)) / (d * d),
        1e-5,
      );
    }
  });
  it('v3: the virtual-reserve invariant, single-sided outside the range, amounts round trip', () => {
    const L = 800;
    const [a, b] = [2500, 3600];
    for (const P of [2000, 2500, 2600, 3000, 3599, 3600, 5000]) {
      const h = lpHoldings(L, P, a, b);
      const inRange = P > a && P < b;
      if (inRange)
        expectClose((h.base + L / Math.sqrt(b)) * (h.quote + L * Math.sqrt(a)), L * L, 1e-13);
      if (P <= a) expect(h.quote).toBe(0);
      if (P >= b) expect(h.base).toBe(0);
      expectClose(lpLiquidityFromAmounts(h.base, h.quote, P, a, b), L, 1e-13);
      expect(lpGamma(L, P, a, b) < 0).toBe(inRange);
    }
    expect(() => lpHoldings(1, 100, 200, 100)).toThrow(/range/);
  });
});

describe('desk units', () => {
  const book: BookPosition[] = [
    {
      kind: 'option',
      underlying: 'BTC',
      right: 'call',
      strike: 65000,
      expiry: 0.25,
      settlement: 'inverse',
      model: 'black-76',
      quantity: 20,
    },
    {
      kind: 'option',
      underlying: 'BTC',
      right: 'put',
      strike: 55000,
      expiry: 0.1,
      settlement: 'linear',
      model: 'black-scholes',
      quantity: -15,
    },
    {
      kind: 'option',
      underlying: 'ETH',
      right: 'put',
      strike: 2800,
      expiry: 0.5,
      settlement: 'inverse',
      model: 'black-scholes',
      quantity: 100,
    },
    { kind: 'lp', underlying: 'ETH', quantity: 1, liquidity: 3000, lower: 2000, upper: 4500 },
    {
      kind: 'perpetual',
      underlying: 'BTC',
      quantity: -5,
      entryPrice: 60000,
      settlement: 'linear',
      fundingRate: 0.12,
    },
  ];
  const g = portfolioGreeks(book, markets);
  const fullValue = (
    u: 'BTC' | 'ETH',
    sc: { spotFactor?: number; volShift?: number; elapsed?: number },
  ) =>
    book
      .filter((p) => p.underlying === u)
      .reduce((s, p) => s + positionValue(p, markets[u], sc), 0);

  it('dollar gamma is ½Γ(0.01·S)²: the symmetric ±1 % full-revaluation P&L over two', () => {
    for (const u of ['BTC', 'ETH'] as const) {
      const base = fullValue(u, {});
      const sym =
        (fullValue(u, { spotFactor: 1.01 }) + fullValue(u, { spotFactor: 0.99 }) - 2 * base) / 2;
      // equal up to 4th-order terms of a 1 % move
      expectClose(g.byUnderlying[u]!.dollarGamma1pct, sym, 2e-2, 0, `${u} dollar gamma vs ±1 %`);
      // and exactly the second-order term, by a small move scaled up
      const h = 1e-4;
      const small =
        ((fullValue(u, { spotFactor: 1 + h }) + fullValue(u, { spotFactor: 1 - h }) - 2 * base) /
          2) *
        (0.01 / h) ** 2;
      expectClose(
        g.byUnderlying[u]!.dollarGamma1pct,
        small,
        1e-4,
        0,
        `${u} dollar gamma, second order`,
      );
    }
  });
  it('dollar delta, vega per point, theta per day, rho per point', () => {
    for (const u of ['BTC', 'ETH'] as const) {
      const L = g.byUnderlying[u]!;
      const base = fullValue(u, {});
      const S = markets[u].spot;
      const hs = 1e-5;
      expectClose(
        L.dollarDelta,
        (fullValue(u, { spotFactor: 1 + hs }) - fullValue(u, { spotFactor: 1 - hs })) / (2 * hs),
        1e-6,
        1e-9 * S,
        `${u} dollar delta = dV/d(ln S)`,
      );
      expectClose(
        L.vegaPerPoint,
        (fullValue(u, { volShift: 1e-4 }) - fullValue(u, { volShift: -1e-4 })) / (2e-4 * 100),
        1e-5,
        1e-9,
        `${u} vega per point`,
      );
      // ∂V/∂t per day: one-sided second-order difference over a small step, scaled to a day
      const ht = 1e-5;
      expectClose(
        L.thetaPerDay,
        (-3 * base + 4 * fullValue(u, { elapsed: ht }) - fullValue(u, { elapsed: 2 * ht })) /
          (2 * ht) /
          365,
        1e-4,
        0,
        `${u} theta per day`,
      );
      expectClose(L.rhoPerPoint, L.rho / 100, 1e-15);
    }
  });
  it('buckets by expiry; buckets and underlyings add up to the totals', () => {
    const lines = g.positions;
    expect(lines.map((l) => l.bucket)).toEqual(['<=3m', '<=3m', '<=6m', 'none', 'none']);
    expect(lines[0]!.coinDelta).toBeDefined();
    expect(lines[1]!.coinDelta).toBeUndefined();
    for (const u of ['BTC', 'ETH']) {
      const buckets = Object.values(g.byExpiry[u]!);
      for (const k of ['value', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const)
        expectClose(
          buckets.reduce((s, b) => s + b[k], 0),
          g.byUnderlying[u]![k],
          1e-12,
          1e-9,
        );
    }
    expectClose(g.total.value, g.byUnderlying.BTC!.value + g.byUnderlying.ETH!.value, 1e-14);
    expectClose(
      g.total.thetaPerDay,
      g.byUnderlying.BTC!.thetaPerDay + g.byUnderlying.ETH!.thetaPerDay,
      1e-14,
    );
  });
  it('inverse option coin delta = Δ_usd − premium in coins', () => {
    const p = book[0] as OptionPosition;
    const F = btc.spot * Math.exp(btc.carry! * p.expiry);
    const V = black76Price('call', F, p.strike, p.expiry, 0.6, btc.rate);
    const h = 1e-4 * F;
    const dF =
      (black76Price('call', F + h, p.strike, p.expiry, 0.6, btc.rate) -
        black76Price('call', F - h, p.strike, p.expiry, 0.6, btc.rate)) /
      (2 * h);
    expectClose(g.positions[0]!.coinDelta!, 20 * (dF - V / F), 1e-6);
  });
});

describe('bad input', () => {
  it('names the position and the field', () => {
    expect(() =>
      portfolioGreeks([{ kind: 'spot', underlying: 'SOL', quantity: 1 }], markets),
    ).toThrow(/position 0 \[spot SOL\]: no market given for underlying 'SOL'/);
    expect(() =>
      portfolioGreeks(
        [
          {
            id: 'c1',
            kind: 'option',
            underlying: 'BTC',
            right: 'call',
            strike: -1,
            expiry: 1,
            settlement: 'linear',
            model: 'black-76',
            quantity: 1,
          },
        ],
        markets,
      ),
    ).toThrow(/position 0 \(c1\) \[option BTC\]: strike/);
    expect(() =>
      portfolioGreeks([{ kind: 'staked', underlying: 'ETH', quantity: 1, pegRatio: 0 }], markets),
    ).toThrow(/peg ratio/);
    expect(() => portfolioGreeks([], markets, [{ label: 'x', maxYears: 1 }])).toThrow(/Infinity/);
    expect(() =>
      portfolioGreeks(
        [
          {
            kind: 'option',
            underlying: 'BTC',
            right: 'put',
            strike: 50000,
            expiry: 1,
            settlement: 'linear',
            model: 'black-76',
            quantity: 1,
          },
        ],
        { BTC: { ...btc, vol: () => NaN } },
      ),
    ).toThrow(/implied vol.*from the market/);
  });
});
