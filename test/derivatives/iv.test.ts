// Implied volatility: against mpmath roots (gen_options.py, 50 digits), round trips over a wide
// grid (ln(K/F) in [−3, 3], T from 1 hour to 5 years, σ from 5 % to 500 %, calls and puts, in and
// out of the money), bound violations, inverse (coin) quotes and the batched solver.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IV_STATUS_REASONS,
  impliedVolBatch,
  impliedVolBlack76,
  impliedVolBsm,
  impliedVolOf,
} from '../../src/main/engine/derivatives/implied-vol';
import { black76Price, bsmPrice, optionPremium } from '../../src/main/engine/derivatives/pricing';
import { normalCdf } from '../../src/main/engine/stats/distributions';
import { expectClose } from '../risk/_reference';
import { optionsFixture } from './_options';

const fx = optionsFixture();
const HOUR = 1 / 8760;
const EPS = Number.EPSILON;

describe('against mpmath', () => {
  it('recovers the vols mpmath solved for (OTM quotes, 1 hour to 5 years)', () => {
    expect(fx.iv.length).toBeGreaterThan(150);
    for (const [i, q] of fx.iv.entries()) {
      const r = impliedVolBlack76(q.price, q.call ? 'call' : 'put', q.F, q.K, q.T, q.r);
      expect(r.ok, `quote ${i}: ${JSON.stringify(r)}`).toBe(true);
      if (r.ok) expectClose(r.vol, q.vol, 1e-9, 0, `quote ${i} (K=${q.K}, T=${q.T})`);
    }
  });
});

/**
 * How well a quote determines its vol. Two error sources in the price, relative to the time value
 * tv (the OTM price): the quote's own rounding, ε·price/tv, and the evaluation of a deep OTM price,
 * whose two terms (normal tails each good to ~ε·d², the argument's rounding magnified) cancel
 * (by ~s²/|x| deep out of the money, by ~s at the money). A relative price error δ moves σ by δ/(∂ln tv/∂ln s). Test-local closed forms.
 */
function conditioning(
  right: 'call' | 'put',
  F: number,
  K: number,
  T: number,
  sigma: number,
): { volTol: number; priceTol: number } {
  const s = sigma * Math.sqrt(T);
  const x = -Math.abs(Math.log(F / K));
  const d1 = x / s + s / 2;
  const b = Math.exp(x / 2) * normalCdf(d1) - Math.exp(-x / 2) * normalCdf(x / s - s / 2);
  const bp = Math.exp((-0.5 * (x * x)) / (s * s) - (s * s) / 8) / Math.sqrt(2 * Math.PI);
  const intrinsic = right === 'call' ? Math.max(F - K, 0) : Math.max(K - F, 0);
  const tv = b * Math.sqrt(F * K);
  const elasticity = (s * bp) / b;
  const cancellation = (Math.exp(x / 2) * normalCdf(d1)) / b; // first term over the result
  const evalNoise = 8 * EPS * (1 + d1 * d1) * cancellation; // relative to tv
  const quoteNoise = (64 * EPS * (intrinsic + tv)) / tv;
  return {
    volTol: 1e-11 + (quoteNoise + evalNoise) / elasticity,
    priceTol: 64 * EPS * (intrinsic + tv) + 2 * evalNoise * tv, // undiscounted
  };
}

describe('round trip price → vol → price over a wide grid', () => {
  it('solves every quote that carries information, in few iterations', () => {
    const F = 30000;
    const r = 0.04;
    let solved = 0;
    let total = 0;
    let iterSum = 0;
    let iterMax = 0;
    for (const T of [HOUR, 6 * HOUR, 1 / 365, 7 / 365, 30 / 365, 0.25, 1, 5])
      for (let j = -12; j <= 12; j++) {
        const lk = j / 4; // ln(K/F) in [−3, 3]
        const K = F * Math.exp(lk);
        for (const sigma of [0.05, 0.1, 0.2, 0.5, 1, 2, 3, 5])
          for (const right of ['call', 'put'] as const) {
            total++;
            const D = Math.exp(-r * T);
            const price = black76Price(right, F, K, T, sigma, r);
            const intrinsic = D * (right === 'call' ? Math.max(F - K, 0) : Math.max(K - F, 0));
            const res = impliedVolBlack76(price, right, F, K, T, r);
            const where = `${right} ln(K/F)=${lk} T=${T} σ=${sigma}: ${JSON.stringify(res)}`;
            // a quote whose time value is lost in the price's rounding has no vol to find
            if ((price - intrinsic) / price < 1e-10 || (price - intrinsic) / F < 1e-290) {
              if (!res.ok) expect(res.reason, where).toBe('no time value');
              continue;
            }
            expect(res.ok, where).toBe(true);
            if (!res.ok) continue;
            solved++;
            iterSum += res.iterations;
            iterMax = Math.max(iterMax, res.iterations);
            const c = conditioning(right, F, K, T, sigma);
            expect(Math.abs(res.vol - sigma) / sigma, where).toBeLessThanOrEqual(c.volTol);
            const back = black76Price(right, F, K, T, res.vol, r);
            expect(Math.abs(back - price), where).toBeLessThanOrEqual(D * c.priceTol);
          }
      }
    // most of the grid is solvable; what is not is far beyond a double's reach (e.g. e^{−10⁶})
    expect(solved).toBeGreaterThan(0.5 * total);
    expect(iterMax).toBeLessThanOrEqual(8);
    expect(iterSum / solved).toBeLessThan(5);
  });

  it('random quotes (fast-check), both models', () => {
    fc.assert(
      fc.property(
        fc.record({
          right: fc.constantFrom('call' as const, 'put' as const),
          S: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
          lk: fc.double({ min: -3, max: 3, noNaN: true }),
          T: fc.double({ min: HOUR, max: 5, noNaN: true }),
          sigma: fc.double({ min: 0.05, max: 5, noNaN: true }),
          r: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
          q: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        }),
        ({ right, S, lk, T, sigma, r, q }) => {
          const K = S * Math.exp(lk);
          const price = bsmPrice(right, S, K, T, sigma, r, q);
          const F = S * Math.exp((r - q) * T);
          const intrinsic =
            Math.exp(-r * T) * (right === 'call' ? Math.max(F - K, 0) : Math.max(K - F, 0));
          const res = impliedVolBsm(price, right, S, K, T, r, q);
          if ((price - intrinsic) / price < 1e-10 || (price - intrinsic) / F < 1e-290) return;
          expect(res.ok, JSON.stringify(res)).toBe(true);
          if (!res.ok) return;
          // F is recomputed from S, so allow its rounding as well
          const tol = conditioning(right, F, K, T, sigma).volTol * 4;
          expect(Math.abs(res.vol - sigma) / sigma).toBeLessThanOrEqual(tol);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('bounds', () => {
  const F = 100;
  const K = 90;
  const T = 0.5;
  const r = 0.05;
  const D = Math.exp(-r * T);
  it('below intrinsic, no time value, above the upper bound', () => {
    const below = impliedVolBlack76(D * 9.9, 'call', F, K, T, r);
    expect(below).toMatchObject({ ok: false, reason: 'below intrinsic' });
    if (!below.ok) expect(below.message).toMatch(/call F=100.* K=90.*below the intrinsic value 10/);
    expect(impliedVolBlack76(-1, 'put', F, K, T, r)).toMatchObject({ reason: 'below intrinsic' });
    expect(impliedVolBlack76(D * 10, 'call', F, K, T, r)).toMatchObject({
      reason: 'no time value',
    });
    expect(impliedVolBlack76(0, 'put', F, K, T, r)).toMatchObject({ reason: 'no time value' });
    expect(impliedVolBlack76(D * F, 'call', F, K, T, r)).toMatchObject({
      reason: 'above upper bound',
    });
    expect(impliedVolBlack76(D * K * 1.01, 'put', F, K, T, r)).toMatchObject({
      reason: 'above upper bound',
    });
    // just inside the bounds still solves (huge and tiny vols)
    const high = impliedVolBlack76(D * F * (1 - 1e-6), 'call', F, K, T, r);
    expect(high.ok && high.vol > 5).toBe(true);
    const low = impliedVolBlack76(D * (10 + 1e-9), 'call', F, K, T, r);
    expect(low.ok && low.vol < 0.05).toBe(true);
  });
  it('bad input throws and names the field', () => {
    expect(() => impliedVolBlack76(NaN, 'call', F, K, T, r)).toThrow(/price/);
    expect(() => impliedVolBlack76(1, 'call', F, K, 0, r)).toThrow(/expiry/);
    expect(() => impliedVolBlack76(1, 'call', F, -K, T, r)).toThrow(/strike/);
    expect(() => impliedVolBsm(1, 'call', F, K, T, r, NaN)).toThrow(/dividend yield/);
  });
});

describe('inverse (coin) quotes', () => {
  it('Black-76 coin premium = USD/F, BSM coin premium = USD/S: the same vol comes back', () => {
    const S = 60000;
    const carry = 0.08;
    const r = 0.03;
    for (const T of [2 * HOUR, 3 / 365, 0.5])
      for (const K of [30000, 55000, 60000, 70000, 120000])
        for (const right of ['call', 'put'] as const)
          for (const model of ['black-76', 'black-scholes'] as const) {
            const sigma = 0.6;
            const style = { right, model, settlement: 'inverse' } as const;
            const coin = optionPremium(style, S, K, T, sigma, r, carry);
            const res = impliedVolOf(coin, style, S, K, T, r, carry);
            const where = `${model} ${right} K=${K} T=${T}`;
            if (!res.ok) {
              expect(res.reason, where).toBe('no time value');
              continue;
            }
            expectClose(res.vol, sigma, 1e-9, 0, where);
            // the same coin price read as USD would be a different (wrong) vol
            const asUsd = impliedVolOf(coin, { ...style, settlement: 'linear' }, S, K, T, r, carry);
            expect(asUsd.ok && Math.abs(asUsd.vol - sigma) < 1e-3).toBe(false);
          }
  });
});

describe('batch', () => {
  it('matches the scalar solver, flags failures with a status and NaN', () => {
    const n = 200;
    const F = Float64Array.from({ length: n }, (_, i) => 1000 + i);
    const K = Float64Array.from({ length: n }, (_, i) => 1000 * Math.exp(((i % 21) - 10) / 10));
    const T = Float64Array.from({ length: n }, (_, i) => HOUR * (1 + i * 20));
    const rate = new Float64Array(n).fill(0.02);
    const isCall = Uint8Array.from({ length: n }, (_, i) => i % 2);
    const price = Float64Array.from({ length: n }, (_, i) =>
      black76Price(isCall[i] ? 'call' : 'put', F[i]!, K[i]!, T[i]!, 0.3 + (i % 7) / 10, 0.02),
    );
    price[5] = -1; // below intrinsic
    price[6] = 1e9; // above the bound
    const out = impliedVolBatch({ price, isCall, forward: F, strike: K, expiry: T, rate });
    for (let i = 0; i < n; i++) {
      const s = impliedVolBlack76(price[i]!, isCall[i] ? 'call' : 'put', F[i]!, K[i]!, T[i]!, 0.02);
      if (s.ok) {
        expect(out.status[i]).toBe(0);
        expect(out.vol[i]).toBe(s.vol);
      } else {
        expect(IV_STATUS_REASONS[out.status[i]!]).toBe(s.reason);
        expect(out.vol[i]).toBeNaN();
      }
    }
    expect(IV_STATUS_REASONS[out.status[5]!]).toBe('below intrinsic');
    expect(IV_STATUS_REASONS[out.status[6]!]).toBe('above upper bound');
    expect(out.failures).toBe(Array.from(out.status).filter((s) => s !== 0).length);
    const bad = {
      price,
      isCall,
      forward: F,
      strike: K,
      expiry: T.map((t, i) => (i === 7 ? -1 : t)),
      rate,
    };
    expect(() => impliedVolBatch(bad)).toThrow(/row 7: .*expiry/);
  });
});
