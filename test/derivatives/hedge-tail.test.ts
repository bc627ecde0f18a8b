// Tail-hedge overlay (src/main/engine/derivatives/tail-hedge.ts).
// References: test/reference/margin.json (gen_margin.py: every structure of a 2-expiry, 7-strike
// chain against a piecewise-linear exposure, worst loss as the minimum over a 2,000,001-point
// grid plus the strikes, breakevens by brentq between sign changes); a small chain worked by hand
// in the comments; and a fast-check brute force over random chains and exposures (a dense grid plus
// every kink, evaluated by an evaluator written here).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainQuote,
  type HedgeStructure,
  tailHedge,
  type TailHedgeInput,
} from '../../src/main/engine/derivatives/tail-hedge';
import { expectClose } from '../risk/_reference';
import { fixture } from './margin-fixture';

const key = (s: {
  kind: string;
  expiry: number;
  strikes?: number[];
  legs?: { strike: number }[];
}) => `${s.kind}@${s.expiry}:${(s.strikes ?? s.legs!.map((l) => l.strike)).join('/')}`;

describe('against brute force in scipy (margin.json)', () => {
  const f = fixture.tailHedge;
  const res = tailHedge({
    spot: f.spot,
    exposure: f.exposure,
    chain: f.chain,
    units: f.units,
    downside: f.downside,
    upside: f.upside,
    maxLoss: { usd: 1e12 },
    budget: 1e12,
    limit: 1_000,
  });
  it('evaluates every structure once', () => {
    expect(res.counts.evaluated).toBe(f.structures.length);
    expect(res.feasible.length).toBe(f.structures.length);
    expectClose(res.unhedged.worstLoss, f.unhedgedWorstLoss, 1e-12, 1e-9, 'unhedged');
  });
  it('matches cost, worst loss, breakevens and upside of each', () => {
    const byKey = new Map(res.feasible.map((s) => [key(s), s]));
    for (const e of f.structures) {
      const s = byKey.get(key(e));
      expect(s, key(e)).toBeDefined();
      expectClose(s!.cost, e.cost, 1e-12, 1e-9, `${key(e)} cost`);
      expectClose(s!.worstLoss, e.worstLoss, 1e-10, 1e-8, `${key(e)} worst loss`);
      expectClose(s!.upsidePnl, e.upsidePnl, 1e-10, 1e-8, `${key(e)} upside`);
      expect(s!.breakevens.length, `${key(e)} breakevens`).toBe(e.breakevens.length);
      s!.breakevens.forEach((b, i) =>
        expectClose(b, e.breakevens[i]!, 1e-9, 0, `${key(e)} breakeven ${i}`),
      );
    }
  });
});

describe('a small chain by hand', () => {
  // 1 coin of spot at 100: P&L = x − 100. Range 50 … 100, upside to 150.
  const chain: ChainQuote[] = [
    {
      expiry: 0.25,
      expiryDate: '2026-03-27',
      strike: 90,
      right: 'put',
      bid: 1.8,
      ask: 2,
      mark: 1.9,
    },
    {
      expiry: 0.25,
      expiryDate: '2026-03-27',
      strike: 70,
      right: 'put',
      bid: 0.4,
      ask: 0.5,
      mark: 0.45,
    },
    {
      expiry: 0.25,
      expiryDate: '2026-03-27',
      strike: 120,
      right: 'call',
      bid: 1.2,
      ask: 1.5,
      mark: 1.35,
    },
  ];
  const input: TailHedgeInput = {
    spot: 100,
    exposure: { prices: [1, 100, 1_000], pnl: [-99, 0, 900] },
    chain,
    downside: 0.5,
    maxLoss: { fraction: 0.15, portfolioValue: 100 },
    budget: 1,
  };
  const res = tailHedge(input);
  const all = new Map([...res.feasible, ...res.infeasible].map((s) => [key(s), s]));
  const get = (k: string): HedgeStructure => {
    const s = all.get(k);
    if (!s) throw new Error(`missing ${k}`);
    return s;
  };

  it('sizes to the exposure delta and reads the cap as a fraction', () => {
    expectClose(res.units, 1, 1e-9, 0, 'units from delta');
    expect(res.maxLossUsd).toBeCloseTo(15, 12);
    expect(res.unhedged.worstLoss).toBe(50);
    expect(res.counts).toEqual({
      evaluated: 5,
      feasible: 1,
      overBudget: 2,
      lossCapNotMet: 3,
      skippedNoQuote: 0,
    });
  });

  it('protective put 90: cost 2, floor −12 below 90, breakeven 102', () => {
    const s = get('put@0.25:90');
    expectClose(s.cost, 2, 1e-15, 0, 'cost');
    expectClose(s.worstLoss, 12, 1e-12, 0, 'worst');
    expectClose(s.protectedLoss!, 12, 1e-12, 0, 'protected');
    expect(s.breakevens).toHaveLength(1);
    expectClose(s.breakevens[0]!, 102, 1e-12, 0, 'breakeven');
    expectClose(s.upsidePnl, 48, 1e-12, 0, 'upside');
    expect(s.reasons).toEqual(['over budget: cost 2.000 USD > budget 1.000 USD']);
    expect(s.expiryDate).toBe('2026-03-27');
  });

  it('put spread 90/70: cost 1.6, held at −11.6 from 90 to 70, −31.6 at 50', () => {
    const s = get('put-spread@0.25:90/70');
    expectClose(s.cost, 1.6, 1e-14, 0, 'cost');
    expectClose(s.protectedLoss!, 11.6, 1e-12, 0, 'protected');
    expectClose(s.worstLoss, 31.6, 1e-12, 0, 'worst');
    expect(s.worstLossAt).toBe(50);
    expectClose(s.breakevens[0]!, 101.6, 1e-12, 0, 'breakeven');
    expect(s.reasons).toHaveLength(2);
  });

  it('collars: 90/120 costs 0.8 and caps the loss at 10.8; 70/120 is a credit of 0.7', () => {
    const a = get('collar@0.25:90/120');
    expectClose(a.cost, 0.8, 1e-14, 0, 'cost');
    expectClose(a.worstLoss, 10.8, 1e-12, 0, 'worst');
    expectClose(a.breakevens[0]!, 100.8, 1e-12, 0, 'breakeven');
    expectClose(a.upsidePnl, 19.2, 1e-12, 0, 'capped upside');
    expect(a.feasible).toBe(true);
    const b = get('collar@0.25:70/120');
    expectClose(b.cost, -0.7, 1e-14, 0, 'credit');
    expectClose(b.worstLoss, 29.3, 1e-12, 0, 'worst');
    expectClose(b.breakevens[0]!, 99.3, 1e-12, 0, 'breakeven');
  });

  it('ranks the feasible and orders the infeasible by how far they miss', () => {
    expect(res.feasible.map(key)).toEqual(['collar@0.25:90/120']);
    expect(res.infeasible.map(key)).toEqual([
      'put@0.25:90',
      'collar@0.25:70/120',
      'put@0.25:70',
      'put-spread@0.25:90/70',
    ]);
    const loose = tailHedge({ ...input, budget: 5, maxLoss: { usd: 100 }, rankBy: 'worst-loss' });
    expect(loose.feasible.map(key)).toEqual([
      'collar@0.25:90/120',
      'put@0.25:90',
      'collar@0.25:70/120',
      'put@0.25:70',
      'put-spread@0.25:90/70',
    ]);
    const cheap = tailHedge({ ...input, budget: 5, maxLoss: { usd: 100 } });
    expect(cheap.feasible.map((s) => s.cost)).toEqual(
      [-0.7, 0.5, 0.8, 1.6, 2].map((c) => expect.closeTo(c, 12)),
    );
  });

  it('gives the same answer for a callback exposure, and honours multiplier and lots', () => {
    const cb = tailHedge({ ...input, exposure: { pnlAt: (x) => 2 * (x - 100) } });
    expectClose(cb.units, 2, 1e-9, 0, 'units');
    const s = [...cb.feasible, ...cb.infeasible].find((x) => key(x) === 'put@0.25:90')!;
    expectClose(s.worstLoss, 24, 1e-9, 0, 'two coins: 2 × 12');
    const lots = tailHedge({ ...input, units: 1.04, multiplier: 0.1, lotSize: 1 });
    expect(lots.contracts).toBe(10); // 10.4 contracts of 0.1 coin -> 10
  });

  it('says what is wrong and where', () => {
    expect(() => tailHedge({ ...input, chain: [{ ...chain[0]!, ask: 1 }] })).toThrow(
      /row 1 \(put 90, expiry 2026-03-27\): ask 1 is below bid 1.8/,
    );
    expect(() => tailHedge({ ...input, downside: 1 })).toThrow(/downside/);
    expect(() => tailHedge({ ...input, exposure: { prices: [60, 200], pnl: [-40, 100] } })).toThrow(
      /samples span 60 … 200 but the range needs 50 … 150/,
    );
    expect(() => tailHedge({ ...input, exposure: { pnlAt: (x) => 100 - x } })).toThrow(
      /no long delta/,
    );
    expect(() => tailHedge({ ...input, budget: -1 })).toThrow(/budget/);
    expect(() => tailHedge({ ...input, exposure: { pnlAt: () => NaN }, units: 1 })).toThrow(
      /not a finite number/,
    );
  });
});

// ---- brute force over random chains and piecewise-linear exposures

const arbCase = fc
  .record({
    strikes: fc.uniqueArray(fc.integer({ min: 30, max: 160 }), { minLength: 2, maxLength: 6 }),
    quotes: fc.array(
      fc.record({
        mid: fc.double({ min: 0.05, max: 30, noNaN: true }),
        spread: fc.double({ min: 0, max: 0.2, noNaN: true }),
      }),
      { minLength: 12, maxLength: 12 },
    ),
    knots: fc.uniqueArray(fc.integer({ min: 41, max: 179 }), { minLength: 0, maxLength: 4 }),
    slopes: fc.array(fc.double({ min: -3, max: 15, noNaN: true }), { minLength: 5, maxLength: 5 }),
    downside: fc.double({ min: 0.2, max: 0.6, noNaN: true }),
  })
  .map((a) => {
    const chain: ChainQuote[] = [];
    a.strikes.forEach((K, i) => {
      for (const [j, right] of (['put', 'call'] as const).entries()) {
        const q = a.quotes[(2 * i + j) % 12]!;
        chain.push({
          expiry: 0.1,
          strike: K,
          right,
          bid: q.mid * (1 - q.spread),
          ask: q.mid * (1 + q.spread),
          mark: q.mid,
        });
      }
    });
    // Exposure: value 0 at spot 100, slopes changing at the knots, sampled from 10 to 300.
    const xs = [10, ...a.knots.sort((x, y) => x - y), 300].filter(
      (x, i, arr) => i === 0 || x !== arr[i - 1],
    );
    const slopeAt = (x: number) => a.slopes[xs.filter((k) => k < x).length % 5]!;
    const exposure = (x: number) => {
      // integrate the slope from 100 to x along the knots
      const lo = Math.min(x, 100);
      const hi = Math.max(x, 100);
      const pts = [lo, ...xs.filter((k) => k > lo && k < hi), hi];
      let v = 0;
      for (let i = 0; i + 1 < pts.length; i++)
        v += slopeAt((pts[i]! + pts[i + 1]!) / 2) * (pts[i + 1]! - pts[i]!);
      return x >= 100 ? v : -v;
    };
    return { chain, xs, exposure, downside: a.downside };
  });

describe('brute force', () => {
  it('worst loss and breakevens agree with a dense grid plus every kink', () => {
    fc.assert(
      fc.property(arbCase, ({ chain, xs, exposure, downside }) => {
        const units = 3;
        const res = tailHedge({
          spot: 100,
          exposure: { prices: xs, pnl: xs.map(exposure) },
          chain,
          units,
          downside,
          maxLoss: { usd: 1e9 },
          budget: 1e9,
          limit: 10_000,
        });
        const low = 100 * (1 - downside);
        const dense = Array.from({ length: 2_001 }, (_, i) => low + ((100 - low) * i) / 2_000);
        const kinks = [...chain.map((q) => q.strike), ...xs].filter((k) => k >= low && k <= 100);
        for (const s of res.feasible) {
          const hedged = (x: number) =>
            exposure(x) -
            s.cost +
            s.legs.reduce(
              (acc, l) =>
                acc +
                (l.position === 'long' ? units : -units) *
                  (l.right === 'put' ? Math.max(l.strike - x, 0) : Math.max(x - l.strike, 0)),
              0,
            );
          const worst = -Math.min(...[...dense, ...kinks].map(hedged));
          expectClose(s.worstLoss, worst, 1e-9, 1e-9, key(s));
          for (const b of s.breakevens)
            expect(Math.abs(hedged(b))).toBeLessThan(1e-8 * (1 + Math.abs(exposure(b))));
          let changes = 0;
          for (let i = 0; i + 1 < dense.length; i++)
            if (hedged(dense[i]!) * hedged(dense[i + 1]!) < 0) changes++;
          expect(s.breakevens.filter((b) => b <= 100).length).toBeGreaterThanOrEqual(changes);
        }
      }),
      { numRuns: 40 },
    );
  });
});
