// Reference tests for src/main/engine/stats/{moments,distributions}.ts.
// Expected values: test/reference/stats.json, written by scripts/reference/gen_stats.py
// (numpy mean/std(ddof=1), scipy.stats.skew / kurtosis with bias=True, scipy.stats.t.fit polished by
// Nelder-Mead on scipy's exact t log-likelihood).
//
// Tolerances
// - moments: 1e-10 relative (closed-form sums; summation order only).
// - fitStudentT: an optimiser, so (as specified) the log-likelihood must be at least the reference's
//   minus 1e-6 |LL| (and not above it by more than that: the reference is the polished maximum, so a
//   higher value would mean a wrong likelihood), nu within 5 % relative, scale within 1e-3 relative,
//   and loc within 1e-3 x scale ABSOLUTE: loc is ~1e-3 here, so a relative test on loc itself would
//   be ill-conditioned (an optimiser's stopping point moves loc by a fraction of its standard error,
//   which is scale/sqrt(n) ~ 5e-4).
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { excessKurtosis, mean, skewness, stdev } from '../../src/main/engine/stats/moments';
import { fitStudentT } from '../../src/main/engine/stats/distributions';
import { at, expectClose, loadFixture } from './_reference';

interface Moments {
  mean: number;
  stdev: number;
  skewness: number;
  excessKurtosis: number;
}
interface TFit {
  nu: number;
  loc: number;
  scale: number;
  logLikelihood: number;
}
interface StatsFixture {
  momentsHand: Moments & { x: number[] };
  momentsT: Moments;
  momentsSkewed: Moments & { x: number[] };
  studentT: { x: number[]; scipyFit: TFit; mle: TFit };
}

const fx = loadFixture<StatsFixture>('stats.json');
const RTOL = 1e-10;

function checkMoments(x: ArrayLike<number>, ref: Moments, label: string): void {
  expectClose(mean(x), ref.mean, RTOL, 1e-18, `${label} mean`);
  expectClose(stdev(x), ref.stdev, RTOL, 0, `${label} stdev`);
  expectClose(skewness(x), ref.skewness, RTOL, 1e-12, `${label} skewness`);
  expectClose(excessKurtosis(x), ref.excessKurtosis, RTOL, 1e-12, `${label} excess kurtosis`);
}

describe('moments', () => {
  it('hand example x = [1, 2, 3, 4, 10]', () => {
    // mean 4; deviations -3,-2,-1,0,6; m2 = 50/5 = 10, m3 = 180/5 = 36, m4 = 1394/5 = 278.8
    // stdev = sqrt(50/4); skew = 36 / 10^1.5 = 1.1384199576606...; excess kurtosis = 278.8/100 - 3 = -0.212
    const x = [1, 2, 3, 4, 10];
    expectClose(mean(x), 4, 1e-15, 0, 'mean');
    expectClose(stdev(x), Math.sqrt(12.5), 1e-15, 0, 'stdev');
    expectClose(skewness(x), 36 / 10 ** 1.5, 1e-14, 0, 'skewness');
    expectClose(excessKurtosis(x), -0.212, 1e-13, 0, 'excess kurtosis');
    checkMoments(x, fx.momentsHand, 'hand');
  });

  it('accepts typed arrays', () => {
    checkMoments(Float64Array.from([1, 2, 3, 4, 10]), fx.momentsHand, 'Float64Array');
  });

  it('matches scipy on a t(5) sample of 2,000', () => {
    checkMoments(fx.studentT.x, fx.momentsT, 't sample');
  });

  it('matches scipy on a right-skewed sample of 300', () => {
    checkMoments(fx.momentsSkewed.x, fx.momentsSkewed, 'skewed sample');
  });
});

/** Student-t log-likelihood written out independently of the engine. */
function tLogLikelihood(x: ArrayLike<number>, nu: number, loc: number, scale: number): number {
  const c =
    gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale);
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const z = (at(x, i) - loc) / scale;
    ll += c - ((nu + 1) / 2) * Math.log1p((z * z) / nu);
  }
  return ll;
}

describe('fitStudentT (maximum likelihood)', () => {
  const { x, mle, scipyFit } = fx.studentT;
  let cached: ReturnType<typeof fitStudentT> | undefined;
  const getFit = (): ReturnType<typeof fitStudentT> => (cached ??= fitStudentT(x));
  const tolLL = 1e-6 * Math.abs(mle.logLikelihood);

  it('reaches the maximum log-likelihood found by scipy', () => {
    const fit = getFit();
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(scipyFit.logLikelihood - tolLL);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(mle.logLikelihood - tolLL);
    expect(fit.logLikelihood).toBeLessThanOrEqual(mle.logLikelihood + tolLL);
  });

  it('reports the log-likelihood of the parameters it returns', () => {
    const fit = getFit();
    expectClose(tLogLikelihood(x, fit.nu, fit.loc, fit.scale), fit.logLikelihood, 1e-10, 0, 'LL');
  });

  it('finds the same parameters', () => {
    const fit = getFit();
    expectClose(fit.nu, mle.nu, 0.05, 0, 'nu');
    expectClose(fit.scale, mle.scale, 1e-3, 0, 'scale');
    expectClose(fit.loc, mle.loc, 0, 1e-3 * mle.scale, 'loc');
  });
});
