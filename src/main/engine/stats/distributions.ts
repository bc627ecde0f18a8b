import gammaln from '@stdlib/math-base-special-gammaln';
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalPdfImpl from '@stdlib/stats-base-dists-normal-pdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tPdfImpl from '@stdlib/stats-base-dists-t-pdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
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
  let loc = loc0;
  let s2 = scale0 * scale0;
  for (let it = 0; it < 500; it++) {
    let sw = 0;
    let swx = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - loc;
      const w = (nu + 1) / (nu + (d * d) / s2);
      sw += w;
      swx += w * x[i]!;
    }
    const nextLoc = swx / sw;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - nextLoc;
      ss += ((nu + 1) / (nu + (x[i]! - loc) ** 2 / s2)) * d * d;
    }
    const nextS2 = ss / n;
    const done =
      Math.abs(nextLoc - loc) <= 1e-12 * Math.sqrt(s2) && Math.abs(nextS2 - s2) <= 1e-11 * s2;
    loc = nextLoc;
    s2 = nextS2;
    if (done) break;
  }
  return { loc, scale: Math.sqrt(s2) };
}

/**
 * Location-scale Student t fitted by maximum likelihood: the profile likelihood of ν (location
 * and scale maximised by EM for each ν) is maximised by golden-section search over log(ν - 2),
 * ν in [2.05, 500].
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
  let warm = { loc: m, scale: sd };
  const profile = (u: number) => {
    const nu = 2 + Math.exp(u);
    warm = emLocScale(x, nu, warm.loc, warm.scale);
    return { nu, ...warm, ll: studentTLogLikelihood(x, nu, warm.loc, warm.scale) };
  };
  // golden-section search for the maximum over u = log(ν - 2) in [log 0.05, log 498]
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.05);
  let b = Math.log(498);
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = profile(c);
  let fd = profile(d);
  while (b - a > 1e-5) {
    if (fc.ll >= fd.ll) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = profile(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = profile(d);
    }
  }
  const best = fc.ll >= fd.ll ? fc : fd;
  return { nu: best.nu, loc: best.loc, scale: best.scale, logLikelihood: best.ll };
}
