// SVI smile: recovery of known parameters from exact quotes, a noisy fit that must reach the
// scipy least-squares optimum (gen_options.py), the constraints on random inputs, and the
// butterfly check against Gatheral & Jacquier's (2014) Example 3.1 (Vogt's parameters), whose
// g(k) scipy/numpy evaluates in closed form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkButterfly,
  fitSvi,
  type SviParams,
  sviDensityFactor,
  sviDerivatives,
  sviSlice,
  sviTotalVariance,
} from '../../src/main/engine/derivatives/smile';
import { expectClose } from '../risk/_reference';
import { optionsFixture } from './_options';

const fx = optionsFixture().svi;
const asParams = ([a, b, rho, m, sigma]: number[]): SviParams => ({
  a: a!,
  b: b!,
  rho: rho!,
  m: m!,
  sigma: sigma!,
});
const F = 100;
const strikesOf = (ks: number[]) => ks.map((k) => F * Math.exp(k));

function expectParams(got: SviParams, want: SviParams, tol: number, label: string) {
  for (const key of ['a', 'b', 'rho', 'm', 'sigma'] as const)
    expectClose(got[key], want[key], tol, tol * 0.1, `${label} ${key}`);
}

describe('SVI fit', () => {
  it('recovers the parameters of exact quotes', () => {
    const fit = fitSvi({ forward: F, expiry: fx.T, strikes: strikesOf(fx.k), vols: fx.exactVols });
    expectParams(fit.params, asParams(fx.truth), 1e-5, 'exact');
    expect(fit.rmseVol).toBeLessThan(1e-8);
    expect(fit.butterfly.ok).toBe(true);
    // evaluation at any strike: the generating smile
    const t = asParams(fx.truth);
    for (const K of [55, 80, 100, 130, 170])
      expectClose(fit.volAtStrike(K), Math.sqrt(sviTotalVariance(t, Math.log(K / F)) / fx.T), 1e-6);
  });

  it('reaches the scipy least-squares optimum on noisy quotes (equal weights)', () => {
    const fit = fitSvi({ forward: F, expiry: fx.T, strikes: strikesOf(fx.k), vols: fx.noisyVols });
    const sse = fit.rmseTotalVariance ** 2 * fx.k.length;
    expect(sse).toBeLessThanOrEqual(fx.noisyFit.sse * (1 + 1e-6));
    expectParams(fit.params, asParams(fx.noisyFit.params), 1e-3, 'noisy vs scipy');
    // and stays near the truth the noise was added to
    expectClose(fit.params.rho, fx.truth[2]!, 0.1, 0, 'rho near truth');
    expect(fit.rmseVol).toBeLessThan(0.003 * 0.6);
  });

  it('recovers Vogt parameters (a < 0) and reports their butterfly arbitrage', () => {
    const vogt = asParams(fx.vogt.params);
    const ks = Array.from({ length: 31 }, (_, i) => -1 + i / 15);
    const vols = ks.map((k) => Math.sqrt(sviTotalVariance(vogt, k)));
    const fit = fitSvi({
      forward: F,
      expiry: 1,
      strikes: strikesOf(ks),
      vols,
      checkRange: [-1.5, 1.5],
    });
    expectParams(fit.params, vogt, 1e-5, 'vogt');
    expect(fit.butterfly.ok).toBe(false);
  });

  it('vega weights change the weighting, not the exact solution', () => {
    const fit = fitSvi({
      forward: F,
      expiry: fx.T,
      strikes: strikesOf(fx.k),
      vols: fx.exactVols,
      weights: 'vega',
    });
    expectParams(fit.params, asParams(fx.truth), 1e-5, 'vega');
    const noisy = fitSvi({
      forward: F,
      expiry: fx.T,
      strikes: strikesOf(fx.k),
      vols: fx.noisyVols,
      weights: 'vega',
    });
    expect(noisy.params.b).not.toBe(
      fitSvi({ forward: F, expiry: fx.T, strikes: strikesOf(fx.k), vols: fx.noisyVols }).params.b,
    );
  });

  it('binds the minimum-variance constraint when the data want a negative minimum', () => {
    // total variance falling to ~0 at the money with steep wings: the unconstrained fit would dip below 0
    const ks = Array.from({ length: 21 }, (_, i) => -0.5 + i / 20);
    const vols = ks.map((k) => Math.sqrt(Math.max(0.3 * Math.abs(k) - 0.005, 1e-6) / 0.1));
    const fit = fitSvi({ forward: F, expiry: 0.1, strikes: strikesOf(ks), vols });
    const p = fit.params;
    const minW = p.a + p.b * p.sigma * Math.sqrt(1 - p.rho * p.rho);
    expect(minW).toBeGreaterThanOrEqual(-1e-14);
    expect(minW).toBeLessThan(1e-6);
  });

  it('always returns parameters inside the constraints (random noisy smiles)', () => {
    fc.assert(
      fc.property(
        fc.record({
          a: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
          b: fc.double({ min: 0.01, max: 1, noNaN: true }),
          rho: fc.double({ min: -0.95, max: 0.95, noNaN: true }),
          m: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
          sigma: fc.double({ min: 0.02, max: 0.8, noNaN: true }),
          noise: fc.array(fc.double({ min: -0.02, max: 0.02, noNaN: true }), {
            minLength: 15,
            maxLength: 15,
          }),
        }),
        ({ a, b, rho, m, sigma, noise }) => {
          const minW = a + b * sigma * Math.sqrt(1 - rho * rho);
          fc.pre(minW > 1e-4);
          const p = { a, b, rho, m, sigma };
          const ks = noise.map((_, i) => -0.8 + (1.4 * i) / 14);
          const vols = ks.map((k, i) => Math.sqrt(sviTotalVariance(p, k) / 0.5) * (1 + noise[i]!));
          const fit = fitSvi({ forward: F, expiry: 0.5, strikes: strikesOf(ks), vols });
          const q = fit.params;
          expect(q.b).toBeGreaterThanOrEqual(0);
          expect(Math.abs(q.rho)).toBeLessThan(1);
          expect(q.sigma).toBeGreaterThan(0);
          expect(q.a + q.b * q.sigma * Math.sqrt(1 - q.rho * q.rho)).toBeGreaterThanOrEqual(-1e-14);
          expect(q.b * (1 + Math.abs(q.rho))).toBeLessThanOrEqual(4 + 1e-12);
          // no worse than the generating parameters on its own objective
          let sseTrue = 0;
          for (let i = 0; i < ks.length; i++)
            sseTrue += (sviTotalVariance(p, ks[i]!) - vols[i]! ** 2 * 0.5) ** 2;
          expect(fit.rmseTotalVariance ** 2 * ks.length).toBeLessThanOrEqual(
            sseTrue * (1 + 1e-9) + 1e-20,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a slice from stored parameters reproduces the fit and checks them', () => {
    const fit = fitSvi({ forward: F, expiry: fx.T, strikes: strikesOf(fx.k), vols: fx.noisyVols });
    const slice = sviSlice(fit.params, fx.T);
    for (const k of [-0.7, 0, 0.45]) expect(slice.vol(k)).toBe(fit.vol(k));
    expect(() => sviSlice({ ...fit.params, rho: 1 }, 0.25)).toThrow(/rho/);
    expect(() => sviSlice({ ...fit.params, a: -1 }, 0.25)).toThrow(/minimum total variance/);
    expect(() => sviSlice(fit.params, 0)).toThrow(/expiry/);
  });

  it('rejects bad input with the field named', () => {
    const ok = {
      forward: F,
      expiry: 0.5,
      strikes: [80, 90, 100, 110, 120],
      vols: [0.5, 0.45, 0.4, 0.42, 0.46],
    };
    expect(() => fitSvi({ ...ok, vols: [0.5, 0.45, -0.4, 0.42, 0.46] })).toThrow(
      /vol 2 \(strike 100\)/,
    );
    expect(() => fitSvi({ ...ok, strikes: [80, 90, 100, 110] })).toThrow(/4 strikes but 5 vols/);
    expect(() => fitSvi({ ...ok, strikes: [80, 90], vols: [0.5, 0.4] })).toThrow(
      /at least 5 quotes/,
    );
    expect(() => fitSvi({ ...ok, expiry: 0 })).toThrow(/expiry/);
    expect(() => fitSvi({ ...ok, weights: [1, 1, 1] })).toThrow(/weights/);
  });
});

describe('butterfly arbitrage (Gatheral & Jacquier 2014)', () => {
  it('g(k) matches the closed form evaluated in numpy', () => {
    for (const set of [fx.vogt, fx.clean]) {
      const p = asParams(set.params);
      set.k.forEach((k, i) =>
        expectClose(sviDensityFactor(p, k), set.g[i]!, 1e-10, 1e-12, `g(${k})`),
      );
    }
  });

  it('reports Vogt’s negative-density run and passes the clean set', () => {
    const v = checkButterfly(asParams(fx.vogt.params), -1.5, 1.5, 301);
    expect(v.ok).toBe(false);
    expect(v.violations).toHaveLength(1);
    expectClose(v.violations[0]!.from, fx.vogt.negativeFrom, 0, 1e-9, 'from');
    expectClose(v.violations[0]!.to, fx.vogt.negativeTo, 0, 1e-9, 'to');
    expect(v.minG).toBeLessThan(0);
    expect(checkButterfly(asParams(fx.clean.params), -1.5, 1.5, 301)).toMatchObject({
      ok: true,
      violations: [],
    });
  });

  it('derivatives agree with finite differences', () => {
    const p = asParams(fx.clean.params);
    for (const k of [-1, -0.2, 0.05, 0.4, 1.3]) {
      const h = 1e-5;
      const d = sviDerivatives(p, k);
      expectClose(
        d.w1,
        (sviTotalVariance(p, k + h) - sviTotalVariance(p, k - h)) / (2 * h),
        1e-7,
        1e-10,
      );
      expectClose(
        d.w2,
        (sviTotalVariance(p, k + h) - 2 * sviTotalVariance(p, k) + sviTotalVariance(p, k - h)) /
          (h * h),
        1e-4,
        1e-7,
      );
    }
  });
});
