// Delta-neutral proposals (src/main/engine/derivatives/delta-hedge.ts).
// References: the USD value of each contract written from its payoff (linear: c·(F − F0);
// inverse: coin P&L c·(1/F0 − 1/F) valued at spot S), with F moving in proportion to S, and
// differentiated by central finite differences; the synthetic-dollar identity (N/S coins of
// collateral plus a short of N USD of an inverse perpetual is worth N whatever S does); hand
// arithmetic for rounding, funding carry and basis.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deltaHedge,
  type HedgeInstrument,
  type PerpetualHedge,
  hedgeContractDelta,
} from '../../src/main/engine/derivatives/delta-hedge';
import { expectClose } from '../risk/_reference';

/** USD value of one long contract opened at F0 when spot is S (F = F0·S/S0). */
function contractValue(x: HedgeInstrument, S0: number, S: number): number {
  const F0 = x.kind === 'perpetual' ? x.markPrice : x.price;
  const F = (F0 * S) / S0;
  return x.settlement === 'linear'
    ? x.contractSize * (F - F0)
    : S * x.contractSize * (1 / F0 - 1 / F);
}

const fd = (f: (s: number) => number, s: number) => {
  const h = 1e-4 * s;
  return (f(s + h) - f(s - h)) / (2 * h);
};

const perp = (
  settlement: 'linear' | 'inverse',
  contractSize: number,
  markPrice: number,
  rate = 0.0001,
): PerpetualHedge => ({
  id: `${settlement}-perp`,
  kind: 'perpetual',
  settlement,
  contractSize,
  markPrice,
  funding: { rate, intervalHours: 8 },
});

describe('contract deltas by finite difference', () => {
  it('matches ∂V/∂S for perpetuals and futures, linear and inverse, mark ≠ spot', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('linear' as const, 'inverse' as const),
        fc.boolean(),
        fc.double({ min: 10, max: 100_000, noNaN: true }),
        fc.double({ min: -0.05, max: 0.15, noNaN: true }),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        (settlement, isPerp, S, premium, c) => {
          const F = S * (1 + premium);
          const x: HedgeInstrument = isPerp
            ? perp(settlement, c, F)
            : { id: 'f', kind: 'future', settlement, contractSize: c, price: F, expiry: 0.3 };
          expectClose(
            hedgeContractDelta(x, S),
            fd((s) => contractValue(x, S, s), S),
            1e-7,
            0,
            `${settlement} ${x.kind}`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('short N USD of an inverse perpetual at the index has delta −N/S: with N/S coins it is a synthetic dollar', () => {
    const S = 40_000;
    const x = perp('inverse', 100, S);
    const contracts = 1_000; // N = 100,000 USD
    expectClose(-contracts * hedgeContractDelta(x, S), -100_000 / S, 1e-15, 0, 'delta');
    for (const s of [10_000, 25_000, 40_000, 80_000, 250_000]) {
      const book = (100_000 / S) * s - contracts * contractValue(x, S, s);
      expectClose(book, 100_000, 1e-12, 0, `value at ${s}`);
    }
  });
});

describe('proposals', () => {
  it('sizes to whole lots and reports the residual', () => {
    const S = 40_000;
    const [p] = deltaHedge({
      underlying: 'BTC',
      spot: S,
      netDelta: 2.50123,
      instruments: [perp('inverse', 100, S)],
    });
    expect(p!.contracts).toBe(-1_000); // 2.50123 × 40,000 / 100 = 1,000.49 -> 1,000
    expect(p!.side).toBe('short');
    expectClose(p!.residualDelta, 2.50123 - 2.5, 1e-12, 0, 'residual');
    expect(p!.notionalUsd).toBe(100_000);

    const lin = perp('linear', 0.01, S);
    const near = deltaHedge({
      underlying: 'BTC',
      spot: S,
      netDelta: 0.0199,
      instruments: [lin],
    })[0]!;
    const down = deltaHedge({
      underlying: 'BTC',
      spot: S,
      netDelta: 0.0199,
      instruments: [lin],
      rounding: 'toward-zero',
    })[0]!;
    expect(near.contracts).toBe(-2);
    expectClose(near.residualDelta, -0.0001, 1e-9, 0, 'nearest over-hedges');
    expect(down.contracts).toBe(-1);
    expectClose(down.residualDelta, 0.0099, 1e-9, 0, 'toward zero under-hedges');
    const lot = deltaHedge({
      underlying: 'BTC',
      spot: S,
      netDelta: -0.123,
      instruments: [{ ...perp('linear', 1, S), lotSize: 0.001 }],
    })[0]!;
    expectClose(lot.contracts, 0.123, 1e-12, 0, 'fractional lot');
    expect(lot.side).toBe('long');
  });

  it('costs funding with the venue sign (shorts receive positive funding)', () => {
    const S = 40_000;
    const short = deltaHedge({
      underlying: 'BTC',
      spot: S,
      netDelta: 2.5,
      instruments: [perp('inverse', 100, S)],
      leverage: 5,
    })[0]!;
    // 100,000 USD short, 1 bp / 8h: receives 0.1095 × 100,000 a year.
    expectClose(short.costPerYearUsd, -10_950, 1e-12, 0, 'per year');
    expectClose(short.costPerDayUsd, -30, 1e-12, 0, 'per day');
    expectClose(short.costRate, -0.1095, 1e-12, 0, 'rate');
    expectClose(short.marginUsd!, 20_000, 1e-12, 0, 'margin at 5x');
    const long = deltaHedge({
      underlying: 'BTC',
      spot: S,
      netDelta: -2.5,
      instruments: [{ ...perp('linear', 0.001, S), funding: { annualRate: 0.2 } }],
    })[0]!;
    expect(long.contracts).toBe(2_500);
    expectClose(long.costPerYearUsd, 0.2 * 100_000, 1e-12, 0, 'long pays');
  });

  it('costs a dated future by the basis it converges through, linear and inverse', () => {
    const S = 40_000;
    const F = 41_000;
    const linear: HedgeInstrument = {
      id: 'lin-fut',
      kind: 'future',
      settlement: 'linear',
      contractSize: 1,
      lotSize: 0.001,
      price: F,
      expiry: 0.25,
    };
    const inverse: HedgeInstrument = {
      id: 'inv-fut',
      kind: 'future',
      settlement: 'inverse',
      contractSize: 100,
      price: F,
      expiry: 0.25,
    };
    const props = deltaHedge({
      underlying: 'BTC',
      spot: S,
      netDelta: 10,
      instruments: [linear, inverse],
    });
    const lin = props.find((p) => p.id === 'lin-fut')!;
    const inv = props.find((p) => p.id === 'inv-fut')!;
    // Linear: delta per contract F/S = 1.025, so 10 / 1.025 = 9.756 coins short; earns F − S each.
    expectClose(lin.contracts, -9.756, 1e-12, 0, 'linear contracts');
    expectClose(lin.costToExpiryUsd!, -9.756 * 1_000, 1e-12, 0, 'linear carry');
    expectClose(lin.costPerYearUsd, -9.756 * 4_000, 1e-12, 0, 'linear per year');
    // Inverse: delta per contract 100/F, so 10 × 41,000 / 100 = 4,100 contracts short.
    expect(inv.contracts).toBe(-4_100);
    // Value at expiry with spot unchanged: S × coin P&L = S × (−410,000) × (1/F − 1/S); the cost is its negative.
    const valueAtExpiry = S * -410_000 * (1 / F - 1 / S);
    expectClose(inv.costToExpiryUsd!, -valueAtExpiry, 1e-12, 0, 'inverse carry');
    expectClose(inv.costToExpiryUsd!, -10_000, 1e-12, 0, 'inverse carry by hand');
    expect(props.map((p) => p.costPerYearUsd)).toEqual(
      [...props.map((p) => p.costPerYearUsd)].sort((a, b) => a - b),
    );
  });

  it('says what is wrong and where', () => {
    const S = 40_000;
    expect(() => deltaHedge({ underlying: 'BTC', spot: 0, netDelta: 1, instruments: [] })).toThrow(
      /BTC: spot/,
    );
    expect(() =>
      deltaHedge({ underlying: 'BTC', spot: S, netDelta: 1, instruments: [], leverage: 0.5 }),
    ).toThrow(/leverage must be at least 1/);
    expect(() =>
      deltaHedge({
        underlying: 'BTC',
        spot: S,
        netDelta: 1,
        instruments: [{ ...perp('linear', 0, S) }],
      }),
    ).toThrow(/linear-perp: contractSize/);
    expect(() =>
      deltaHedge({
        underlying: 'BTC',
        spot: S,
        netDelta: 1,
        instruments: [
          { id: 'f', kind: 'future', settlement: 'linear', contractSize: 1, price: S, expiry: 0 },
        ],
      }),
    ).toThrow(/f: expiry/);
  });
});
