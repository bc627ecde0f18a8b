import gammaln from '@stdlib/math-base-special-gammaln';
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalPdfImpl from '@stdlib/stats-base-dists-normal-pdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tPdfImpl from '@stdlib/stats-base-dists-t-pdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import { minimizeBounded } from '../optim/brent-bounded';
import { mean, stdev } from './moments';

// Distribution functions come from stdlib (accurate, well tested); fits are ours.

export const normalCdf = (x: number) => normalCdfImpl(x, 0, 1);
export const normalPdf = (x: number) => normalPdfImpl(x, 0, 1);
export const normalQuantile = (p: number) => normalQuantileImpl(p, 0, 1);
/** Student t with ν degrees of freedom, standard (not unit-variance) form. */
export const tCdf = (x: number, nu: number) => tCdfImpl(x, nu);
export const tPdf = (x: number, nu: number) => tPdfImpl(x, nu);
export const tQuantile = (p: number, nu: number) => tQuantileImpl(p, nu);
export { gammaln };

export function studentTLogLikelihood(
  x: ArrayLike<number>,
  nu: number,
  loc: number,
  scale: number,
): number {
  const n = x.length;
  const c =
    gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const z = (x[i]! - loc) / scale;
    s += Math.log1p((z * z) / nu);
  }
  return n * c - ((nu + 1) / 2) * s;
}

/**
 * For fixed ν, the maximum-likelihood location and scale by the EM iteration of Lange, Little
 * & Taylor (1989): weights (ν+1)/(ν + z²), weighted mean and variance. Converges monotonically.
 */
function emLocScale(
  x: ArrayLike<number>,
  nu: number,
  loc0: number,
  scale0: number,
): { loc: number; scale: number } {
  const n = x.length;
  // One pass per iteration: weighted sums of d = x - c about a fixed centre c (the start), so
  // the weighted variance Σw(d - m)² = Σwd² - (Σwd)²/Σw does not cancel catastrophically.
  const c = loc0;
  let m = 0;
  let s2 = scale0 * scale0;
  for (let it = 0; it < 500; it++) {
    let sw = 0;
    let swd = 0;
    let swdd = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - c;
      const e = d - m;
      const w = (nu + 1) / (nu + (e * e) / s2);
      sw += w;
      swd += w * d;
      swdd += w * d * d;
    }
    const nextM = swd / sw;
    const nextS2 = Math.max(0, swdd - swd * nextM) / n;
    const done =
      Math.abs(nextM - m) <= 1e-12 * Math.sqrt(s2) && Math.abs(nextS2 - s2) <= 1e-11 * s2;
    m = nextM;
    s2 = nextS2;
    if (done) break;
  }
  return { loc: c + m, scale: Math.sqrt(s2) };
}

/**
 * Location-scale Student t fitted by maximum likelihood: the profile likelihood of ν (location
 * and scale maximised by EM for each ν) is maximised by Brent's bounded method over
 * log(ν - 2), ν in [2.05, 500].
 */
export function fitStudentT(x: ArrayLike<number>): {
  nu: number;
  loc: number;
  scale: number;
  logLikelihood: number;
} {
  if (x.length < 10)
    throw new RangeError(`a Student-t fit needs at least 10 observations, got ${x.length}`);
  const m = mean(x);
  const sd = stdev(x);
  if (!(sd > 0)) throw new RangeError('a Student-t fit needs returns that vary');
  // each ν starts EM from the fit at the ν evaluated before it: neighbouring fits are close
  let warm = { loc: m, scale: sd };
  const fits = new Map<number, { nu: number; loc: number; scale: number; ll: number }>();
  const best = minimizeBounded(
    (u) => {
      const nu = 2 + Math.exp(u);
      warm = emLocScale(x, nu, warm.loc, warm.scale);
      const ll = studentTLogLikelihood(x, nu, warm.loc, warm.scale);
      fits.set(u, { nu, ...warm, ll });
      return -ll;
    },
    Math.log(0.05),
    Math.log(498),
    1e-5,
  );
  const fit = fits.get(best.x)!;
  // mostly identical values (e.g. a pegged coin's zero returns) collapse the scale to 0
  if (!(fit.scale > 0) || !Number.isFinite(fit.loc) || !Number.isFinite(fit.ll))
    throw new RangeError('a Student-t fit needs returns that vary: most of them are identical');
  return { nu: fit.nu, loc: fit.loc, scale: fit.scale, logLikelihood: fit.ll };
}
