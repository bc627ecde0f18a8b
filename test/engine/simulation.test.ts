import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/main/engine/linalg/matrix';
import { monteCarloTCopula } from '../../src/main/engine/risk/monte-carlo';
import { studentTVarEs, normalVarEs } from '../../src/main/engine/risk/var';
import {
  chiSquareGenerator,
  gammaGenerator,
  normalGenerator,
  uniformGenerator,
} from '../../src/main/engine/stats/random';
import { normalCdf } from '../../src/main/engine/stats/distributions';

describe('seeded generators', () => {
  it('uniforms are reproducible from the seed and fill (0,1) evenly', () => {
    const a = uniformGenerator(99);
    const b = uniformGenerator(99);
    const c = uniformGenerator(100);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    const u = uniformGenerator(1);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(u() * 10)]++;
    // chi-square goodness of fit, 9 dof: 99.9 % critical value 27.88
    const chi = bins.reduce((s, n) => s + (n - 10_000) ** 2 / 10_000, 0);
    expect(chi).toBeLessThan(27.88);
  });

  it('normals pass a Kolmogorov-Smirnov test against Φ (critical 1.63/√n at 1 %)', () => {
    const g = normalGenerator(7);
    const n = 20_000;
    const xs = Float64Array.from({ length: n }, () => g()).sort();
    let d = 0;
    for (let i = 0; i < n; i++)
      d = Math.max(
        d,
        Math.abs(normalCdf(xs[i]!) - (i + 1) / n),
        Math.abs(normalCdf(xs[i]!) - i / n),
      );
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('gamma and chi-square draws have the right mean and variance (shape k: mean k, var k)', () => {
    for (const shape of [0.7, 2.5, 9]) {
      const g = gammaGenerator(shape, 3);
      const n = 200_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const x = g();
        s += x;
        s2 += x * x;
      }
      const mean = s / n;
      const v = s2 / n - mean * mean;
      expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
      expect(Math.abs(v / shape - 1)).toBeLessThan(0.03);
    }
    const c = chiSquareGenerator(5, 11);
    let s = 0;
    for (let i = 0; i < 100_000; i++) s += c();
    expect(s / 100_000).toBeCloseTo(5, 1);
  });
});

describe('Monte Carlo with a Student-t copula', () => {
  const base = { paths: 200_000, seed: 5, alpha: 0.99 };

  it('one asset: VaR and ES converge to the Student-t closed form', () => {
    const m = { nu: 4, loc: 0.001, scale: 0.02 };
    const mc = monteCarloTCopula({
      ...base,
      corr: fromRows([[1]]),
      marginals: [m],
      weights: [1],
      copulaNu: 6,
    });
    const exact = studentTVarEs(4, 0.001, 0.02, 0.99);
    expect(Math.abs(mc.var / exact.var - 1)).toBeLessThan(0.02);
    expect(Math.abs(mc.es / exact.es - 1)).toBeLessThan(0.03);
  });

  it('perfectly correlated identical assets behave as one (comonotonic)', () => {
    const m = { nu: 5, loc: 0, scale: 0.03 };
    const mc = monteCarloTCopula({
      ...base,
      corr: fromRows([
        [1, 1],
        [1, 1],
      ]),
      marginals: [m, m],
      weights: [0.5, 0.5],
      copulaNu: 5,
    });
    const exact = studentTVarEs(5, 0, 0.03, 0.99);
    expect(Math.abs(mc.var / exact.var - 1)).toBeLessThan(0.02);
  });

  it('near-normal marginals with a near-Gaussian copula give the normal VaR of the portfolio', () => {
    // ν = 300 marginals and copula: r ~ N(0, Σ) with σ = 2 %, ρ = 0.5; portfolio σ = 0.02·sqrt(0.5² + 0.5² + 2·0.25·0.5)
    const m = { nu: 300, loc: 0, scale: 0.02 };
    const mc = monteCarloTCopula({
      ...base,
      corr: fromRows([
        [1, 0.5],
        [0.5, 1],
      ]),
      marginals: [m, m],
      weights: [0.5, 0.5],
      copulaNu: 300,
    });
    const sigma = 0.02 * Math.sqrt(0.25 + 0.25 + 0.25);
    const exact = normalVarEs(0, sigma * Math.sqrt(300 / 298), 0.99);
    expect(Math.abs(mc.var / exact.var - 1)).toBeLessThan(0.02);
  });

  it('is reproducible from its seed', () => {
    const input = {
      ...base,
      paths: 10_000,
      corr: fromRows([
        [1, 0.3],
        [0.3, 1],
      ]),
      marginals: [
        { nu: 4, loc: 0, scale: 0.02 },
        { nu: 6, loc: 0, scale: 0.05 },
      ],
      weights: [0.7, 0.3],
      copulaNu: 5,
    };
    expect(monteCarloTCopula(input).var).toBe(monteCarloTCopula(input).var);
    expect(monteCarloTCopula({ ...input, seed: 6 }).var).not.toBe(monteCarloTCopula(input).var);
  });
});
