import { describe, expect, it } from 'vitest';
import { bfgs } from '../../src/main/engine/optim/bfgs';
import { nelderMead } from '../../src/main/engine/optim/nelder-mead';
import { fitGarchT, garchTLogLikelihood, ewmaVolatility } from '../../src/main/engine/vol/garch';
import { cornishFisherIsMonotone, cornishFisherVarEs } from '../../src/main/engine/risk/var';
import { fitStudentT } from '../../src/main/engine/stats/distributions';

describe('optimisers on textbook problems', () => {
  it('BFGS finds the Rosenbrock minimum (1, 1)', () => {
    const r = bfgs(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      [-1.2, 1],
      { maxIter: 500, gradTol: 1e-9 },
    );
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });
  it('Nelder-Mead finds the minimum of a shifted quadratic', () => {
    const r = nelderMead((x) => (x[0]! - 3) ** 2 + 2 * (x[1]! + 1) ** 2 + 1, [0, 0], {
      step: 1,
      tolF: 1e-14,
      tolX: 1e-10,
      maxIter: 2000,
    });
    expect(r.x[0]).toBeCloseTo(3, 5);
    expect(r.x[1]).toBeCloseTo(-1, 5);
    expect(r.fx).toBeCloseTo(1, 10);
  });
});

function garchSeries(n: number) {
  let seed = 2024;
  const u = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const g = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const eps = new Float64Array(n);
  let s2 = 1e-4;
  for (let t = 0; t < n; t++) {
    eps[t] = Math.sqrt(s2) * g() * Math.sqrt(5 / 5);
    s2 = 5e-6 + 0.1 * eps[t]! ** 2 + 0.85 * s2;
  }
  return eps;
}

describe('GARCH(1,1)-t', () => {
  it('the fitted point is a maximum: central finite differences of the likelihood vanish there', () => {
    const eps = garchSeries(1500);
    const f = fitGarchT(eps);
    let v0 = 0;
    for (const e of eps) v0 += e * e;
    v0 /= eps.length;
    const ll = (o: number, a: number, b: number, nu: number) =>
      garchTLogLikelihood(eps, o, a, b, nu, v0);
    expect(ll(f.omega, f.alpha, f.beta, f.nu)).toBeCloseTo(f.logLikelihood, 8);
    const rel = 1e-5;
    const dirs: [number, number, number, number][] = [
      [f.omega * rel, 0, 0, 0],
      [0, f.alpha * rel, 0, 0],
      [0, 0, f.beta * rel, 0],
      [0, 0, 0, f.nu * rel],
    ];
    for (const [dw, da, db, dn] of dirs) {
      const up = ll(f.omega + dw, f.alpha + da, f.beta + db, f.nu + dn);
      const down = ll(f.omega - dw, f.alpha - da, f.beta - db, f.nu - dn);
      const h = dw + da + db + dn;
      const slope = (up - down) / (2 * h);
      // the scaled gradient h·∂ll is ~0 at an interior optimum
      expect(Math.abs(slope * h)).toBeLessThan(1e-6);
    }
  });

  it('conditional volatility follows the recursion, and the EWMA path its own', () => {
    const eps = garchSeries(300);
    const f = fitGarchT(eps);
    for (const t of [1, 50, 299]) {
      expect(f.sigma[t]! ** 2).toBeCloseTo(
        f.omega + f.alpha * eps[t - 1]! ** 2 + f.beta * f.sigma[t - 1]! ** 2,
        14,
      );
    }
    const r = [0.01, -0.02, 0.03];
    const e = ewmaVolatility(r, 0.9);
    const v0 = (0.0001 + 0.0004 + 0.0009) / 3;
    expect(e[0]).toBeCloseTo(Math.sqrt(v0), 15);
    expect(e[1]).toBeCloseTo(Math.sqrt(0.9 * v0 + 0.1 * 0.0001), 15);
    expect(e[2]).toBeCloseTo(Math.sqrt(0.9 * (0.9 * v0 + 0.1 * 0.0001) + 0.1 * 0.0004), 15);
  });
});

describe('Cornish-Fisher outside its domain of validity', () => {
  it('inside the domain the rearranged and closed forms agree', () => {
    expect(cornishFisherIsMonotone(-0.3, 1)).toBe(true);
    const exact = cornishFisherVarEs(0, 0.02, -0.3, 1, 0.99);
    expect(exact.monotone).toBe(true);
  });
  it('with crypto-like kurtosis the expansion is not monotone; rearranged ES still exceeds VaR', () => {
    expect(cornishFisherIsMonotone(-1, 15)).toBe(false);
    const r = cornishFisherVarEs(0, 0.03, -1, 15, 0.99);
    expect(r.monotone).toBe(false);
    expect(r.es).toBeGreaterThan(r.var);
    expect(r.var).toBeGreaterThan(0);
  });
});

describe('fitStudentT on mostly identical returns', () => {
  it('says so instead of returning a collapsed scale (NaN location)', () => {
    // 90 % zeros, as a pegged coin's daily returns: EM drives the scale to 0
    const x = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 0.01 * ((i % 7) - 3) : 0));
    expect(() => fitStudentT(x)).toThrow(/most of them are identical/);
  });
});
