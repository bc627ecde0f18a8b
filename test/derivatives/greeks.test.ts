// Greeks against Hull's worked examples (9th ed., ch. 19 'The Greek Letters': S=49, K=50, r=0.05, σ=0.2, T=20/52),
// against mpmath.diff of the price at 40 digits (gen_options.py: every Greek, both models,
// linear and inverse), and against finite differences of our own prices on random inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  black76Greeks,
  black76GreeksBatch,
  bsmGreeks,
  type Greeks,
} from '../../src/main/engine/derivatives/greeks';
import { inverseOptionGreeks } from '../../src/main/engine/derivatives/inverse';
import { black76Price, bsmPrice, optionPremium } from '../../src/main/engine/derivatives/pricing';
import { expectClose } from '../risk/_reference';
import { type GreekSet, optionsFixture } from './_options';

const fx = optionsFixture();
const KEYS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const;

/** Each Greek to rtol, with an absolute floor scaled to the size of that Greek family. */
function expectGreeks(got: Greeks, want: GreekSet, scale: number, label: string, rtol = 1e-9) {
  const floors: Record<(typeof KEYS)[number], number> = {
    price: 1e-12 * scale,
    delta: 1e-11,
    gamma: 1e-11 / scale,
    vega: 1e-11 * scale,
    theta: 1e-11 * scale,
    rho: 1e-11 * scale,
  };
  for (const k of KEYS) expectClose(got[k], want[k], rtol, floors[k], `${label} ${k}`);
}

describe('Hull, ch. 19 Greek letters (S=49, K=50, r=5 %, σ=20 %, T=20 weeks)', () => {
  const h = fx.textbook.hullGreeks;
  const g = bsmGreeks('call', h.S, h.K, h.T, h.sigma, h.r);
  it('matches the printed figures to their precision', () => {
    expect(Math.abs(g.delta - h.book.delta)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(g.gamma - h.book.gamma)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(g.vega - h.book.vega)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(g.theta - h.book.theta)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(g.rho - h.book.rho)).toBeLessThanOrEqual(0.005);
  });
  it('matches the scipy closed forms to 1e-12', () => {
    for (const k of ['delta', 'gamma', 'vega', 'theta', 'rho'] as const)
      expectClose(g[k], h[k], 1e-12, 0, k);
  });
});

describe('against mpmath.diff on a random grid', () => {
  it('Black-76 (against F) and BSM (against S, q fixed)', () => {
    for (const [i, c] of fx.grid.entries()) {
      const right = c.call ? 'call' : 'put';
      expectGreeks(
        black76Greeks(right, c.F, c.K, c.T, c.sigma, c.r),
        c.black76,
        c.F,
        `case ${i} b76`,
      );
      const b = bsmGreeks(right, c.S, c.K, c.T, c.sigma, c.r, c.q);
      expectGreeks(b, c.bsm, c.S, `case ${i} bsm`);
      expectClose(b.psi, c.bsm.psi!, 1e-9, 1e-11 * c.S, `case ${i} bsm psi`);
    }
  });

  it('inverse (coin premium V/F for Black-76, V/S for BSM)', () => {
    for (const [i, c] of fx.grid.entries()) {
      const right = c.call ? 'call' : 'put';
      const carryF = Math.log(c.F / c.S) / c.T;
      const g76 = inverseOptionGreeks(right, 'black-76', c.S, c.K, c.T, c.sigma, c.r, carryF);
      // premium is O(1) coins: floors in coin units, derivatives against F scale as 1/F, 1/F²
      const w = c.black76Inverse;
      expectClose(g76.price, w.price, 1e-9, 1e-14, `case ${i} price`);
      expectClose(g76.delta, w.delta, 1e-8, 1e-14 / c.F, `case ${i} delta`);
      expectClose(g76.gamma, w.gamma, 1e-7, 1e-14 / (c.F * c.F), `case ${i} gamma`);
      expectClose(g76.vega, w.vega, 1e-9, 1e-14, `case ${i} vega`);
      expectClose(g76.theta, w.theta, 1e-9, 1e-14, `case ${i} theta`);
      expectClose(g76.rho, w.rho, 1e-9, 1e-14, `case ${i} rho`);
      // Deribit's coin delta: F·∂V_c/∂F
      expectClose(g76.coinDelta, c.F * w.delta, 1e-8, 1e-12, `case ${i} coin delta`);
      const gs = inverseOptionGreeks(right, 'black-scholes', c.S, c.K, c.T, c.sigma, c.r, c.carry);
      const v = c.bsmInverse;
      expectClose(gs.price, v.price, 1e-9, 1e-14, `case ${i} bsm price`);
      expectClose(gs.delta, v.delta, 1e-8, 1e-14 / c.S, `case ${i} bsm delta`);
      expectClose(gs.gamma, v.gamma, 1e-7, 1e-14 / (c.S * c.S), `case ${i} bsm gamma`);
      expectClose(gs.vega, v.vega, 1e-9, 1e-14, `case ${i} bsm vega`);
      expectClose(gs.theta, v.theta, 1e-9, 1e-14, `case ${i} bsm theta`);
      expectClose(gs.rho, v.rho, 1e-9, 1e-14, `case ${i} bsm rho`);
    }
  });

  it('batch equals scalar', () => {
    const b = {
      isCall: Uint8Array.from(fx.grid, (g) => (g.call ? 1 : 0)),
      forward: Float64Array.from(fx.grid, (g) => g.F),
      strike: Float64Array.from(fx.grid, (g) => g.K),
      expiry: Float64Array.from(fx.grid, (g) => g.T),
      vol: Float64Array.from(fx.grid, (g) => g.sigma),
      rate: Float64Array.from(fx.grid, (g) => g.r),
    };
    const out = black76GreeksBatch(b);
    fx.grid.forEach((g, i) => {
      const s = black76Greeks(g.call ? 'call' : 'put', g.F, g.K, g.T, g.sigma, g.r);
      for (const k of KEYS) expect(out[k][i]).toBe(s[k]);
    });
  });
});

// Central differences of our own prices; step h relative to the variable, error O(h²).
const central = (f: (x: number) => number, x: number, h: number) => (f(x + h) - f(x - h)) / (2 * h);
const second = (f: (x: number) => number, x: number, h: number) =>
  (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);

const inputs = fc.record({
  call: fc.boolean(),
  S: fc.double({ min: 10, max: 1e5, noNaN: true }),
  lk: fc.double({ min: -1, max: 1, noNaN: true }),
  T: fc.double({ min: 0.003, max: 4, noNaN: true }),
  sigma: fc.double({ min: 0.05, max: 2.5, noNaN: true }),
  r: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
  b: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
});

/** |fd − exact| <= rtol·|exact| + atol, with atol scaled to the price level. */
function near(fd: number, exact: number, rtol: number, atol: number, label: string) {
  expectClose(exact, fd, rtol, atol, label);
}

describe('finite differences of the prices (fast-check)', () => {
  it('every Black-76 and BSM Greek', () => {
    fc.assert(
      fc.property(inputs, ({ call, S, lk, T, sigma, r, b }) => {
        const right = call ? 'call' : 'put';
        const K = S * Math.exp(lk);
        const F = S * Math.exp(b * T);
        const q = r - b;
        const s = sigma * Math.sqrt(T);
        const g = black76Greeks(right, F, K, T, sigma, r);
        const a = 1e-7 * F; // price-level absolute floor
        const hF = 1e-4 * F * s;
        near(
          central((x) => black76Price(right, x, K, T, sigma, r), F, hF),
          g.delta,
          1e-5,
          1e-7,
          'b76 delta',
        );
        near(
          second((x) => black76Price(right, x, K, T, sigma, r), F, 10 * hF),
          g.gamma,
          1e-3,
          1e-7 / F / s,
          'b76 gamma',
        );
        near(
          central((x) => black76Price(right, F, K, T, x, r), sigma, 1e-5 * sigma),
          g.vega,
          1e-5,
          a,
          'b76 vega',
        );
        near(
          -central((x) => black76Price(right, F, K, x, sigma, r), T, 1e-5 * T),
          g.theta,
          1e-4,
          a / T,
          'b76 theta',
        );
        near(
          central((x) => black76Price(right, F, K, T, sigma, x), r, 1e-5),
          g.rho,
          1e-5,
          a,
          'b76 rho',
        );

        const m = bsmGreeks(right, S, K, T, sigma, r, q);
        const hS = 1e-4 * S * s;
        near(
          central((x) => bsmPrice(right, x, K, T, sigma, r, q), S, hS),
          m.delta,
          1e-5,
          1e-7,
          'bsm delta',
        );
        near(
          second((x) => bsmPrice(right, x, K, T, sigma, r, q), S, 10 * hS),
          m.gamma,
          1e-3,
          1e-7 / S / s,
          'bsm gamma',
        );
        near(
          central((x) => bsmPrice(right, S, K, T, x, r, q), sigma, 1e-5 * sigma),
          m.vega,
          1e-5,
          a,
          'bsm vega',
        );
        near(
          -central((x) => bsmPrice(right, S, K, x, sigma, r, q), T, 1e-5 * T),
          m.theta,
          1e-4,
          a / T,
          'bsm theta',
        );
        near(
          central((x) => bsmPrice(right, S, K, T, sigma, x, q), r, 1e-5),
          m.rho,
          1e-5,
          a,
          'bsm rho',
        );
        near(
          central((x) => bsmPrice(right, S, K, T, sigma, r, x), q, 1e-5),
          m.psi,
          1e-5,
          a,
          'bsm psi',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('inverse Greeks and the coin delta Δ_coin = U·∂V_c/∂U = Δ_usd − V_c', () => {
    fc.assert(
      fc.property(inputs, ({ call, S, lk, T, sigma, r, b }) => {
        const right = call ? 'call' : 'put';
        const K = S * Math.exp(lk);
        const s = sigma * Math.sqrt(T);
        for (const model of ['black-76', 'black-scholes'] as const) {
          const style = { right, model, settlement: 'inverse' } as const;
          const g = inverseOptionGreeks(right, model, S, K, T, sigma, r, b);
          const F = S * Math.exp(b * T);
          const U = model === 'black-76' ? F : S;
          // coin premium as a function of U, the other market inputs fixed: for Black-76 the
          // forward moves with spot (b fixed) so U = F·(x/S)·... is reached through spot = x/e^{bT}
          const coin = (u: number) =>
            model === 'black-76'
              ? optionPremium(style, u * Math.exp(-b * T), K, T, sigma, r, b)
              : optionPremium(style, u, K, T, sigma, r, b);
          const h = 1e-4 * U * s;
          near(central(coin, U, h), g.delta, 1e-5, 1e-9 / U, `${model} delta`);
          near(second(coin, U, 10 * h), g.gamma, 1e-3, 1e-7 / U / U / s, `${model} gamma`);
          near(U * central(coin, U, h), g.coinDelta, 1e-5, 1e-9, `${model} coin delta`);
          const usd =
            model === 'black-76'
              ? black76Greeks(right, F, K, T, sigma, r)
              : bsmGreeks(right, S, K, T, sigma, r, r - b);
          expectClose(g.coinDelta, usd.delta - usd.price / U, 1e-12, 1e-14, `${model} Δ_usd − V_c`);
          near(
            central((x) => optionPremium(style, S, K, T, x, r, b), sigma, 1e-5 * sigma),
            g.vega,
            1e-5,
            1e-9,
            `${model} vega`,
          );
          // theta holds U fixed: for Black-76 the forward, for BSM the spot (and q)
          const thetaFd =
            model === 'black-76'
              ? -central((x) => black76Price(right, F, K, x, sigma, r) / F, T, 1e-5 * T)
              : -central((x) => bsmPrice(right, S, K, x, sigma, r, r - b) / S, T, 1e-5 * T);
          near(thetaFd, g.theta, 1e-4, 1e-9 / T, `${model} theta`);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('degenerate inputs', () => {
  it('at expiry: intrinsic, step delta, zero gamma and vega', () => {
    const g = black76Greeks('call', 110, 100, 0, 0.5, 0.05);
    expect(g).toEqual({ price: 10, delta: 1, gamma: 0, vega: 0, theta: 0.5, rho: -0 });
    expect(black76Greeks('put', 110, 100, 0, 0.5, 0.05).delta).toBe(-0);
    expect(black76Greeks('call', 100, 100, 0, 0.5, 0).delta).toBe(0.5);
  });
  it('bad input throws', () => {
    expect(() => bsmGreeks('call', 100, 100, 1, -0.2, 0)).toThrow(/volatility/);
    expect(() => inverseOptionGreeks('call', 'black-76', 100, 100, 1, 0.2, 0, NaN)).toThrow(
      /carry/,
    );
  });
});
