// Reference tests for src/main/engine/vol/garch.ts (GARCH(1,1) with standardised Student-t innovations).
// Expected values: test/reference/garch.json, written by scripts/reference/gen_garch.py
// (the specified likelihood maximised with scipy.optimize.minimize SLSQP + Nelder-Mead polish from
// 6 starts, all of which agree to 1e-12 in LL, on a seeded simulated series: omega 2e-6, alpha 0.1,
// beta 0.85, nu 6, T = 2000).
//
// Conventions pinned here (see the script header): sigma_0^2 = var(eps, ddof 0); the sum of ll_t runs
// over t = 0..T-1 INCLUDING t = 0; `sigma` holds sigma_t (not sigma_t^2) for t = 0..T-1;
// nextSigma = sqrt(omega + alpha eps_{T-1}^2 + beta sigma_{T-1}^2).
//
// Tolerances (as specified; the likelihood is flat near its maximum, so optimisers stop at slightly
// different points): LL >= reference - 1e-4 |LL| and |LL - reference| <= 1e-4 |LL|; alpha and beta within
// 0.02 absolute; nu within 15 % relative. The identity checks on the engine's own output (recursion,
// nextSigma, reported LL == LL of the reported parameters) are exact up to rounding: 1e-10 relative.
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { fitGarchT } from '../../src/main/engine/vol/garch';
import { at, expectClose, loadFixture } from './_reference';

interface Params {
  omega: number;
  alpha: number;
  beta: number;
  nu: number;
}
interface GarchFixture {
  eps: number[];
  trueParams: Params;
  logLikelihoodAtTrueParams: number;
  mle: Params & { logLikelihood: number; sigmaFirst: number[]; nextSigma: number };
  likelihoodProbes: (Params & { logLikelihood: number; sigmaLast: number })[];
}

const fx = loadFixture<GarchFixture>('garch.json');
const eps = fx.eps;
const T = eps.length;

function varianceDdof0(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += at(x, i);
  m /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (at(x, i) - m) ** 2;
  return s / x.length;
}

/** The specified GARCH-t log-likelihood, written out independently of the engine. */
function garchLogLikelihood(p: Params): { ll: number; sigma2: number[] } {
  const { omega, alpha, beta, nu } = p;
  const sigma2: number[] = [varianceDdof0(eps)];
  for (let t = 1; t < T; t++)
    sigma2.push(omega + alpha * at(eps, t - 1) ** 2 + beta * at(sigma2, t - 1));
  const c = gammaln((nu + 1) / 2) - gammaln(nu / 2);
  let ll = 0;
  for (let t = 0; t < T; t++) {
    const s2 = at(sigma2, t);
    ll +=
      c -
      0.5 * Math.log(Math.PI * (nu - 2) * s2) -
      ((nu + 1) / 2) * Math.log1p(at(eps, t) ** 2 / ((nu - 2) * s2));
  }
  return { ll, sigma2 };
}

describe('GARCH-t likelihood used by these tests', () => {
  it('agrees with the Python reference at fixed parameters (guards the test itself)', () => {
    for (const p of fx.likelihoodProbes) {
      const { ll, sigma2 } = garchLogLikelihood(p);
      expectClose(ll, p.logLikelihood, 1e-10, 0, `LL at ${JSON.stringify(p)}`);
      expectClose(Math.sqrt(at(sigma2, T - 1)), p.sigmaLast, 1e-10, 0, 'last sigma');
    }
    expectClose(garchLogLikelihood(fx.mle).ll, fx.mle.logLikelihood, 1e-10, 0, 'LL at the MLE');
  });
});

describe('fitGarchT', () => {
  let cached: ReturnType<typeof fitGarchT> | undefined;
  const getFit = (): ReturnType<typeof fitGarchT> => (cached ??= fitGarchT(eps));
  const tolLL = 1e-4 * Math.abs(fx.mle.logLikelihood);

  it('reaches the reference maximum log-likelihood', () => {
    const fit = getFit();
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(fx.mle.logLikelihood - tolLL);
    expect(Math.abs(fit.logLikelihood - fx.mle.logLikelihood)).toBeLessThanOrEqual(tolLL);
    expect(fit.logLikelihood).toBeGreaterThan(fx.logLikelihoodAtTrueParams);
  });

  it('finds the reference parameters (alpha, beta within 0.02; nu within 15 %)', () => {
    const fit = getFit();
    expectClose(fit.alpha, fx.mle.alpha, 0, 0.02, 'alpha');
    expectClose(fit.beta, fx.mle.beta, 0, 0.02, 'beta');
    expectClose(fit.nu, fx.mle.nu, 0.15, 0, 'nu');
  });

  it('respects the constraints', () => {
    const fit = getFit();
    expect(fit.omega).toBeGreaterThan(0);
    expect(fit.alpha).toBeGreaterThanOrEqual(0);
    expect(fit.beta).toBeGreaterThanOrEqual(0);
    expect(fit.alpha + fit.beta).toBeLessThan(1);
    expect(fit.nu).toBeGreaterThan(2);
  });

  it('reports the log-likelihood of the parameters it returns', () => {
    const fit = getFit();
    expectClose(garchLogLikelihood(fit).ll, fit.logLikelihood, 1e-10, 0, 'LL');
  });

  it('sigma follows the recursion from sigma_0^2 = var(eps, ddof 0)', () => {
    const fit = getFit();
    expect(fit.sigma.length).toBe(T);
    expectClose(at(fit.sigma, 0), Math.sqrt(varianceDdof0(eps)), 1e-12, 0, 'sigma_0');
    expectClose(at(fit.sigma, 0), at(fx.mle.sigmaFirst, 0), 1e-12, 0, 'sigma_0 vs reference');
    const { sigma2 } = garchLogLikelihood(fit);
    for (let t = 0; t < T; t++)
      expectClose(at(fit.sigma, t), Math.sqrt(at(sigma2, t)), 1e-10, 0, `sigma_${t}`);
  });

  it('nextSigma^2 = omega + alpha eps_{T-1}^2 + beta sigma_{T-1}^2', () => {
    const fit = getFit();
    const s = at(fit.sigma, T - 1);
    const expected = Math.sqrt(fit.omega + fit.alpha * at(eps, T - 1) ** 2 + fit.beta * s * s);
    expectClose(fit.nextSigma, expected, 1e-12, 0, 'nextSigma');
  });
});
