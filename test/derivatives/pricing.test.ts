// Option prices against textbook examples (Hull 9th ed. Example 15.6; Haug 2nd ed. ch. 1, Black-76),
// an mpmath evaluation at 40-60 digits (scripts/reference/gen_options.py), put-call parity and
// the no-arbitrage bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  black76Price,
  black76PriceBatch,
  bsmPrice,
  optionPremium,
} from '../../src/main/engine/derivatives/pricing';
import { expectClose } from '../risk/_reference';
import { optionsFixture } from './_options';

const fx = optionsFixture();

describe('textbook examples', () => {
  it('Hull Example 15.6: c = 4.76, p = 0.81', () => {
    const h = fx.textbook.hull156;
    const c = bsmPrice('call', h.S, h.K, h.T, h.sigma, h.r);
    const p = bsmPrice('put', h.S, h.K, h.T, h.sigma, h.r);
    expect(Math.abs(c - h.book.call)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(p - h.book.put)).toBeLessThanOrEqual(0.005);
    expectClose(c, h.call, 1e-13, 0, 'call (scipy)');
    expectClose(p, h.put, 1e-13, 0, 'put (scipy)');
  });

  it('Haug Black-76 example: F = K = 19 gives c = p = 1.7011', () => {
    const h = fx.textbook.haugBlack76;
    const c = black76Price('call', h.F, h.K, h.T, h.sigma, h.r);
    const p = black76Price('put', h.F, h.K, h.T, h.sigma, h.r);
    expect(Math.abs(c - h.book.call)).toBeLessThanOrEqual(0.00005);
    expectClose(c, h.call, 1e-13, 0, 'call (scipy)');
    expectClose(p, h.put, 1e-13, 0, 'put (scipy)');
  });
});

describe('against mpmath', () => {
  it('Black-76, BSM and inverse premiums on a random grid', () => {
    for (const [i, g] of fx.grid.entries()) {
      const right = g.call ? 'call' : 'put';
      const tag = `case ${i}`;
      expectClose(
        black76Price(right, g.F, g.K, g.T, g.sigma, g.r),
        g.black76.price,
        1e-11,
        1e-12 * g.F,
        `${tag} b76`,
      );
      expectClose(
        bsmPrice(right, g.S, g.K, g.T, g.sigma, g.r, g.q),
        g.bsm.price,
        1e-11,
        1e-12 * g.S,
        `${tag} bsm`,
      );
      // the inverse Black-76 premium divides by F: price the forward-based style off the same F
      const carryF = Math.log(g.F / g.S) / g.T;
      expectClose(
        optionPremium(
          { right, model: 'black-76', settlement: 'inverse' },
          g.S,
          g.K,
          g.T,
          g.sigma,
          g.r,
          carryF,
        ),
        g.black76Inverse.price,
        1e-10,
        1e-14,
        `${tag} b76 inverse`,
      );
      expectClose(
        optionPremium(
          { right, model: 'black-scholes', settlement: 'inverse' },
          g.S,
          g.K,
          g.T,
          g.sigma,
          g.r,
          g.carry,
        ),
        g.bsmInverse.price,
        1e-10,
        1e-14,
        `${tag} bsm inverse`,
      );
    }
  });

  it('deep out-of-the-money prices keep their relative accuracy', () => {
    for (const [i, t] of fx.tails.entries()) {
      const p = black76Price(t.call ? 'call' : 'put', t.F, t.K, t.T, t.sigma, t.r);
      // prices far below the forward: relative error, as a quote would need
      expectClose(
        p,
        t.price,
        1e-9,
        1e-300,
        `tail ${i} (${t.call ? 'call' : 'put'} K=${t.K}, T=${t.T})`,
      );
    }
  });

  it('batch equals scalar', () => {
    const n = fx.grid.length;
    const b = {
      isCall: Uint8Array.from(fx.grid, (g) => (g.call ? 1 : 0)),
      forward: Float64Array.from(fx.grid, (g) => g.F),
      strike: Float64Array.from(fx.grid, (g) => g.K),
      expiry: Float64Array.from(fx.grid, (g) => g.T),
      vol: Float64Array.from(fx.grid, (g) => g.sigma),
      rate: Float64Array.from(fx.grid, (g) => g.r),
    };
    const out = black76PriceBatch(b);
    for (let i = 0; i < n; i++) {
      const g = fx.grid[i]!;
      expect(out[i]).toBe(black76Price(g.call ? 'call' : 'put', g.F, g.K, g.T, g.sigma, g.r));
    }
  });
});

const market = fc.record({
  S: fc.double({ min: 1, max: 1e5, noNaN: true }),
  lk: fc.double({ min: -2, max: 2, noNaN: true }),
  T: fc.double({ min: 1e-4, max: 5, noNaN: true }),
  sigma: fc.double({ min: 0.01, max: 5, noNaN: true }),
  r: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  b: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
});

describe('identities and bounds', () => {
  it('put-call parity, linear and inverse, both models', () => {
    fc.assert(
      fc.property(market, ({ S, lk, T, sigma, r, b }) => {
        const K = S * Math.exp(lk);
        const F = S * Math.exp(b * T);
        const D = Math.exp(-r * T);
        const tol = 1e-11 * (F + K);
        // Black-76: C − P = D(F − K)
        const c76 = black76Price('call', F, K, T, sigma, r);
        const p76 = black76Price('put', F, K, T, sigma, r);
        expect(Math.abs(c76 - p76 - D * (F - K))).toBeLessThanOrEqual(tol);
        // BSM: C − P = S e^{−qT} − K e^{−rT}
        const q = r - b;
        const cS = bsmPrice('call', S, K, T, sigma, r, q);
        const pS = bsmPrice('put', S, K, T, sigma, r, q);
        expect(Math.abs(cS - pS - (S * Math.exp(-q * T) - K * D))).toBeLessThanOrEqual(tol);
        // inverse: (C − P)/F = D(1 − K/F) (Black-76), (C − P)/S = e^{−qT} − K D / S (BSM)
        const style = (right: 'call' | 'put', model: 'black-76' | 'black-scholes') =>
          optionPremium({ right, model, settlement: 'inverse' }, S, K, T, sigma, r, b);
        const invTol = 1e-11 * (1 + K / Math.min(S, F));
        expect(
          Math.abs(style('call', 'black-76') - style('put', 'black-76') - D * (1 - K / F)),
        ).toBeLessThanOrEqual(invTol);
        expect(
          Math.abs(
            style('call', 'black-scholes') -
              style('put', 'black-scholes') -
              (Math.exp(-q * T) - (K * D) / S),
          ),
        ).toBeLessThanOrEqual(invTol);
      }),
    );
  });

  it('no-arbitrage bounds: discounted intrinsic <= price <= discounted F (call) / K (put); monotone', () => {
    fc.assert(
      fc.property(market, ({ S, lk, T, sigma, r }) => {
        const F = S;
        const K = S * Math.exp(lk);
        const D = Math.exp(-r * T);
        const slack = 1e-12 * (F + K);
        const c = black76Price('call', F, K, T, sigma, r);
        const p = black76Price('put', F, K, T, sigma, r);
        expect(c).toBeGreaterThanOrEqual(D * Math.max(F - K, 0) - slack);
        expect(c).toBeLessThanOrEqual(D * F + slack);
        expect(p).toBeGreaterThanOrEqual(D * Math.max(K - F, 0) - slack);
        expect(p).toBeLessThanOrEqual(D * K + slack);
        // more volatility never lowers the price; a higher strike never raises a call
        expect(black76Price('call', F, K, T, sigma * 1.1, r)).toBeGreaterThanOrEqual(c - slack);
        expect(black76Price('call', F, K * 1.01, T, sigma, r)).toBeLessThanOrEqual(c + slack);
      }),
    );
  });

  it('at expiry or zero vol the price is the discounted intrinsic value', () => {
    expect(black76Price('call', 110, 100, 0, 0.5, 0.05)).toBe(10);
    expect(black76Price('put', 110, 100, 0, 0.5, 0.05)).toBe(0);
    expectClose(black76Price('put', 90, 100, 1, 0, 0.05), 10 * Math.exp(-0.05), 1e-15);
  });
});

describe('bad input', () => {
  it('throws a RangeError naming the field', () => {
    expect(() => black76Price('call', -1, 100, 1, 0.5, 0)).toThrow(/underlying price/);
    expect(() => black76Price('call', 100, 0, 1, 0.5, 0)).toThrow(/strike/);
    expect(() => black76Price('call', 100, 100, -1, 0.5, 0)).toThrow(/expiry/);
    expect(() => bsmPrice('call', 100, 100, 1, NaN, 0)).toThrow(/volatility/);
    expect(() => bsmPrice('call', 100, 100, 1, 0.5, Infinity)).toThrow(/rate/);
    expect(() => bsmPrice('put', 100, 100, 1, 0.5, 0, NaN)).toThrow(/dividend yield/);
    const bad = {
      isCall: Uint8Array.of(1, 1),
      forward: Float64Array.of(100, 100),
      strike: Float64Array.of(100, -5),
      expiry: Float64Array.of(1, 1),
      vol: Float64Array.of(0.5, 0.5),
      rate: Float64Array.of(0, 0),
    };
    expect(() => black76PriceBatch(bad)).toThrow(/row 1: strike/);
    expect(() => black76PriceBatch({ ...bad, vol: Float64Array.of(0.5) })).toThrow(/column vol/);
  });
});
