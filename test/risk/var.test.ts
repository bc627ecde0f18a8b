// Reference tests for src/main/engine/risk/var.ts. All VaR / ES are positive loss fractions.
// Expected values: test/reference/var.json, written by scripts/reference/gen_var.py
// (scipy.stats.norm / scipy.stats.t closed forms, each cross-checked by scipy.integrate.quad;
// Cornish-Fisher ES in closed form via truncated-normal moments, cross-checked by quad;
// historical VaR/ES by sorting).
//
// Tolerances
// - normal: 1e-9 relative (closed form; only the normal quantile/density implementations differ).
// - Student t: 1e-8 relative (the t quantile comes from an inverse incomplete beta function, a little
//   less accurate than the normal one in some libraries).
// - Cornish-Fisher VaR 1e-9 relative; ES 1e-4 relative as specified (the engine may integrate the
//   CF quantile numerically over u in (0, 1 - alpha)).
// - historical: 1e-12 relative (selection and a mean of at most 50 numbers).
import { describe, expect, it } from 'vitest';
import {
  cornishFisherVarEs,
  historicalVarEs,
  normalVarEs,
  studentTVarEs,
} from '../../src/main/engine/risk/var';
import { at, expectClose, loadFixture } from './_reference';

interface VarFixture {
  normal: {
    mu: number;
    sigma: number;
    alpha: number;
    horizonDays: number;
    var: number;
    es: number;
  }[];
  studentT: {
    nu: number;
    loc: number;
    scale: number;
    alpha: number;
    horizonDays: number;
    var: number;
    es: number;
    esNumericalIntegration: number;
  }[];
  cornishFisher: {
    mu: number;
    sigma: number;
    skew: number;
    exKurt: number;
    alpha: number;
    horizonDays: number;
    var: number;
    es: number;
  }[];
  historicalHand: {
    returns: number[];
    cases: { alpha: number; horizonDays: number; m: number; var: number; es: number }[];
  };
  historical: {
    returns: number[];
    cases: { n: number; alpha: number; horizonDays: number; m: number; var: number; es: number }[];
  };
}

const fx = loadFixture<VarFixture>('var.json');

describe('normalVarEs', () => {
  it('textbook values: N(0,1) at 99 % -> VaR 2.326348, ES 2.665214', () => {
    const r = normalVarEs(0, 1, 0.99);
    expectClose(r.var, 2.326348, 0, 5e-7, 'VaR');
    expectClose(r.es, 2.665214, 0, 5e-7, 'ES');
  });

  it('matches the reference cases (with horizons)', () => {
    for (const c of fx.normal) {
      const r = normalVarEs(c.mu, c.sigma, c.alpha, c.horizonDays);
      const label = `mu ${c.mu} sigma ${c.sigma} alpha ${c.alpha} h ${c.horizonDays}`;
      expectClose(r.var, c.var, 1e-9, 0, `${label} VaR`);
      expectClose(r.es, c.es, 1e-9, 0, `${label} ES`);
    }
  });

  it('horizon h is the 1-day model with mu*h and sigma*sqrt(h); default h = 1', () => {
    const a = normalVarEs(0.0005, 0.03, 0.99, 10);
    const b = normalVarEs(0.005, 0.03 * Math.sqrt(10), 0.99, 1);
    expectClose(a.var, b.var, 1e-14, 0, 'VaR');
    expectClose(a.es, b.es, 1e-14, 0, 'ES');
    expect(normalVarEs(0.0005, 0.03, 0.99)).toEqual(normalVarEs(0.0005, 0.03, 0.99, 1));
  });
});

describe('studentTVarEs', () => {
  it('textbook value: t(5) 1 % quantile is -3.364930 -> VaR 3.364930', () => {
    expectClose(studentTVarEs(5, 0, 1, 0.99).var, 3.36493, 0, 5e-7, 'VaR');
  });

  it('matches the reference cases (closed form == numerical integration of the tail)', () => {
    for (const c of fx.studentT) {
      const r = studentTVarEs(c.nu, c.loc, c.scale, c.alpha, c.horizonDays);
      const label = `nu ${c.nu} loc ${c.loc} scale ${c.scale} alpha ${c.alpha} h ${c.horizonDays}`;
      expectClose(r.var, c.var, 1e-8, 0, `${label} VaR`);
      expectClose(r.es, c.es, 1e-8, 0, `${label} ES`);
      expectClose(r.es, c.esNumericalIntegration, 1e-8, 0, `${label} ES vs quad`);
    }
  });

  it('approaches the normal as nu grows', () => {
    const t = studentTVarEs(1e7, 0.001, 0.02, 0.99);
    const n = normalVarEs(0.001, 0.02, 0.99);
    expectClose(t.var, n.var, 1e-5, 0, 'VaR');
    expectClose(t.es, n.es, 1e-5, 0, 'ES');
  });

  it('default horizon is 1 day', () => {
    expect(studentTVarEs(4, 0.001, 0.02, 0.975)).toEqual(studentTVarEs(4, 0.001, 0.02, 0.975, 1));
  });
});

describe('cornishFisherVarEs', () => {
  it('matches the reference cases (VaR 1e-9, ES 1e-4 relative)', () => {
    for (const c of fx.cornishFisher) {
      const r = cornishFisherVarEs(c.mu, c.sigma, c.skew, c.exKurt, c.alpha, c.horizonDays);
      const label = `S ${c.skew} K ${c.exKurt} alpha ${c.alpha} h ${c.horizonDays}`;
      expectClose(r.var, c.var, 1e-9, 0, `${label} VaR`);
      expectClose(r.es, c.es, 1e-4, 0, `${label} ES`);
    }
  });

  it('reduces to the normal when skew = excess kurtosis = 0', () => {
    const cf = cornishFisherVarEs(0.0005, 0.03, 0, 0, 0.99, 5);
    const n = normalVarEs(0.0005, 0.03, 0.99, 5);
    expectClose(cf.var, n.var, 1e-12, 0, 'VaR');
    expectClose(cf.es, n.es, 1e-4, 0, 'ES');
  });

  it('negative skew and fat tails raise the 99 % VaR above the normal one', () => {
    const cf = cornishFisherVarEs(0, 0.02, -0.5, 3, 0.99);
    expect(cf.var).toBeGreaterThan(normalVarEs(0, 0.02, 0.99).var);
    expect(cf.es).toBeGreaterThan(cf.var);
  });
});

describe('historicalVarEs (m = ceil((1 - alpha) n - 1e-9) tail scenarios)', () => {
  it('hand example: r_t = (t - 50)/1000, t = 1..100, shuffled', () => {
    // losses (50 - t)/1000: largest 0.049, 0.048, 0.047, 0.046, 0.045, ...
    // 95 %: m = 5 -> VaR 0.045, ES 0.047; 99 %: m = 1 -> 0.049, 0.049; 97.5 %: m = 3 -> 0.047, 0.048
    const r = fx.historicalHand.returns;
    const h95 = historicalVarEs(r, 0.95);
    expectClose(h95.var, 0.045, 1e-12, 0, 'VaR 95');
    expectClose(h95.es, 0.047, 1e-12, 0, 'ES 95');
    const h99 = historicalVarEs(r, 0.99);
    expectClose(h99.var, 0.049, 1e-12, 0, 'VaR 99');
    expectClose(h99.es, 0.049, 1e-12, 0, 'ES 99');
    const h975 = historicalVarEs(r, 0.975);
    expectClose(h975.var, 0.047, 1e-12, 0, 'VaR 97.5');
    expectClose(h975.es, 0.048, 1e-12, 0, 'ES 97.5');
    for (const c of fx.historicalHand.cases) {
      const got = historicalVarEs(r, c.alpha, c.horizonDays);
      expectClose(got.var, c.var, 1e-12, 0, `alpha ${c.alpha} h ${c.horizonDays} VaR`);
      expectClose(got.es, c.es, 1e-12, 0, `alpha ${c.alpha} h ${c.horizonDays} ES`);
    }
  });

  it('(1 - 0.95) * 100 = 5.000000000000004 still gives m = 5, not 6', () => {
    const r = fx.historicalHand.returns;
    expectClose(historicalVarEs(r, 0.95).var, 0.045, 1e-12, 0, 'VaR 95');
  });

  it('n = 1000, 99 %: VaR = 10th largest loss, ES = mean of the 10 largest', () => {
    const r = fx.historical.returns.slice(0, 1000);
    const losses = r.map((v) => -v).sort((a, b) => b - a);
    const top = losses.slice(0, 10);
    const got = historicalVarEs(r, 0.99);
    expectClose(got.var, at(top, 9), 1e-15, 0, 'VaR');
    expectClose(got.es, top.reduce((s, v) => s + v, 0) / 10, 1e-12, 0, 'ES');
  });

  it('matches the reference cases (n = 1000 and 250, several alphas, horizon 10)', () => {
    for (const c of fx.historical.cases) {
      const got = historicalVarEs(fx.historical.returns.slice(0, c.n), c.alpha, c.horizonDays);
      const label = `n ${c.n} alpha ${c.alpha} h ${c.horizonDays} (m ${c.m})`;
      expectClose(got.var, c.var, 1e-12, 0, `${label} VaR`);
      expectClose(got.es, c.es, 1e-12, 0, `${label} ES`);
    }
  });

  it('accepts a Float64Array and does not reorder it', () => {
    const r = Float64Array.from(fx.historical.returns);
    const copy = Float64Array.from(r);
    const got = historicalVarEs(r, 0.99);
    expect([...r]).toEqual([...copy]);
    const ref = fx.historical.cases.find(
      (c) => c.n === 1000 && c.alpha === 0.99 && c.horizonDays === 1,
    );
    expect(ref).toBeDefined();
    expectClose(got.var, ref!.var, 1e-12, 0, 'VaR');
  });
});
