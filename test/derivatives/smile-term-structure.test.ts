// Term structure: interpolation linear in total variance (checked against the formula on
// hand-made slices), flat-vol extrapolation, ATM figures, and the calendar check on slices whose
// crossing points are known in closed form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sviTotalVariance } from '../../src/main/engine/derivatives/smile';
import {
  atmTermStructure,
  buildTermStructure,
  checkCalendarArbitrage,
} from '../../src/main/engine/derivatives/term-structure';
import { expectClose } from '../risk/_reference';

const short = { a: 0.002, b: 0.05, rho: -0.3, m: 0, sigma: 0.1 };
const long = { a: 0.02, b: 0.12, rho: -0.4, m: 0.02, sigma: 0.2 };
const slices = [
  { expiry: 0.5, totalVariance: (k: number) => sviTotalVariance(long, k) },
  { expiry: 7 / 365, totalVariance: (k: number) => sviTotalVariance(short, k) },
];

describe('term structure', () => {
  const ts = buildTermStructure(slices);
  it('sorts expiries and gives the ATM vol of each', () => {
    expect(Array.from(ts.expiries)).toEqual([7 / 365, 0.5]);
    expectClose(ts.atmTotalVariance[0]!, sviTotalVariance(short, 0), 1e-15);
    expectClose(ts.atmVol[1]!, Math.sqrt(sviTotalVariance(long, 0) / 0.5), 1e-15);
  });
  it('interpolates total variance linearly in time at fixed k', () => {
    for (const k of [-0.5, 0, 0.3]) {
      const T = 0.2;
      const u = (T - 7 / 365) / (0.5 - 7 / 365);
      const w = (1 - u) * sviTotalVariance(short, k) + u * sviTotalVariance(long, k);
      expectClose(ts.totalVariance(k, T), w, 1e-14);
      expectClose(ts.vol(k, T), Math.sqrt(w / T), 1e-14);
    }
  });
  it('holds the first and last implied vols outside the quoted expiries', () => {
    expectClose(ts.vol(0.1, 1 / 365), Math.sqrt(sviTotalVariance(short, 0.1) / (7 / 365)), 1e-14);
    expectClose(ts.vol(0.1, 0), Math.sqrt(sviTotalVariance(short, 0.1) / (7 / 365)), 1e-14);
    expectClose(ts.vol(-0.2, 2), Math.sqrt(sviTotalVariance(long, -0.2) / 0.5), 1e-14);
  });
  it('ATM-only term structure', () => {
    const atm = atmTermStructure([1 / 52, 1 / 12, 0.25], [0.8, 0.7, 0.65]);
    expectClose(atm.vol(0.4, 1 / 12), 0.7, 1e-14); // flat smile
    const T = 0.15;
    const u = (T - 1 / 12) / (0.25 - 1 / 12);
    expectClose(
      atm.vol(0, T),
      Math.sqrt((((1 - u) * 0.49) / 12 + u * 0.65 ** 2 * 0.25) / T),
      1e-14,
    );
  });
  it('rejects bad input', () => {
    expect(() => buildTermStructure([])).toThrow(/no expiries/);
    expect(() => buildTermStructure([slices[0]!, { ...slices[0]! }])).toThrow(/given twice/);
    expect(() => atmTermStructure([0.1, 0.2], [0.5, -1])).toThrow(/vol 1 \(expiry 0.2\)/);
    expect(() => ts.totalVariance(0, -1)).toThrow(/expiry/);
  });
});

describe('calendar arbitrage', () => {
  it('reports where a later expiry has less total variance (known crossing points)', () => {
    // w_later(k) = 0.03 + 0.2k² < 0.05 = w_earlier exactly for |k| < √0.1
    const check = checkCalendarArbitrage(
      [
        { expiry: 0.1, totalVariance: () => 0.05 },
        { expiry: 0.2, totalVariance: (k) => 0.03 + 0.2 * k * k },
      ],
      -1,
      1,
      201,
    );
    expect(check.ok).toBe(false);
    expect(check.violations).toHaveLength(1);
    const v = check.violations[0]!;
    expect([v.earlier, v.later]).toEqual([0.1, 0.2]);
    const edge = Math.sqrt(0.1);
    // the run covers the grid points inside (−√0.1, √0.1) (grid step 0.01)
    expect(v.from).toBeGreaterThan(-edge);
    expect(v.from - 0.01).toBeLessThan(-edge);
    expect(v.to).toBeLessThan(edge);
    expect(v.to + 0.01).toBeGreaterThan(edge);
    expectClose(v.worstK, 0, 0, 1e-12);
    expectClose(v.worstShortfall, 0.02, 1e-12);
  });
  it('passes ordered slices; linear interpolation keeps them ordered (fast-check)', () => {
    expect(checkCalendarArbitrage(slices).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.double({ min: 7 / 365, max: 0.49, noNaN: true }),
        fc.double({ min: 0.001, max: 0.02, noNaN: true }),
        (T, dT) => {
          const ts = buildTermStructure(slices);
          for (const k of [-1, -0.3, 0, 0.4, 1.2])
            expect(ts.totalVariance(k, T + dT)).toBeGreaterThanOrEqual(ts.totalVariance(k, T));
        },
      ),
    );
  });
});
