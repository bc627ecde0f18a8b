import { gammaln } from '../stats/distributions';
import digamma from '@stdlib/math-base-special-digamma';
import { bfgs } from '../optim/bfgs';
import { nelderMead } from '../optim/nelder-mead';

export interface GarchTFit {
  omega: number;
  alpha: number;
  beta: number;
  nu: number;
  logLikelihood: number;
  /** Conditional volatility σ_t of each observation. */
  sigma: Float64Array;
  /** One-step-ahead volatility σ_{T} = sqrt(ω + α ε²_{T-1} + β σ²_{T-1}). */
  nextSigma: number;
  converged: boolean;
}

/**
 * Log-likelihood of GARCH(1,1) with standardised (unit-variance) Student-t innovations on
 * demeaned returns, σ²_0 = sample variance (ddof 0). Fills sigma2 when given.
 */
export function garchTLogLikelihood(
  eps: ArrayLike<number>,
  omega: number,
  alpha: number,
  beta: number,
  nu: number,
  var0: number,
  sigma2?: Float64Array,
): number {
  const c = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
  const k = (nu + 1) / 2;
  const nm2 = nu - 2;
  let s2 = var0;
  let prevE2 = 0;
  let sumLog = 0;
  let sumLog1p = 0;
  for (let t = 0; t < eps.length; t++) {
    if (t > 0) s2 = omega + alpha * prevE2 + beta * s2;
    if (sigma2) sigma2[t] = s2;
    const e = eps[t]!;
    prevE2 = e * e;
    sumLog += Math.log(s2);
    sumLog1p += Math.log1p(prevE2 / (nm2 * s2));
  }
  return eps.length * c - 0.5 * sumLog - k * sumLog1p;
}

/**
 * Log-likelihood and its gradient in (ω, α, β, ν), by the recursion
 * ∂σ²_t/∂(ω, α, β) = (1, ε²_{t-1}, σ²_{t-1}) + β ∂σ²_{t-1}/∂(ω, α, β), with ∂σ²_0 = 0.
 */
function garchTLogLikelihoodGrad(
  eps: ArrayLike<number>,
  omega: number,
  alpha: number,
  beta: number,
  nu: number,
  var0: number,
  grad: Float64Array,
): number {
  const n = eps.length;
  const nm2 = nu - 2;
  const k = (nu + 1) / 2;
  const c = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(Math.PI * nm2);
  const dc = 0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 0.5 / nm2;
  let s2 = var0;
  let hw = 0;
  let ha = 0;
  let hb = 0;
  let prevE2 = 0;
  let ll = 0;
  let gw = 0;
  let ga = 0;
  let gb = 0;
  let gn = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      hw = 1 + beta * hw;
      ha = prevE2 + beta * ha;
      hb = s2 + beta * hb;
      s2 = omega + alpha * prevE2 + beta * s2;
    }
    const e = eps[t]!;
    const e2 = e * e;
    const q = e2 / (nm2 * s2);
    ll += -0.5 * Math.log(s2) - k * Math.log1p(q);
    const dls2 = -0.5 / s2 + (k * e2) / (s2 * (nm2 * s2 + e2));
    gw += dls2 * hw;
    ga += dls2 * ha;
    gb += dls2 * hb;
    gn += -0.5 * Math.log1p(q) + (k * q) / (nm2 * (1 + q));
    prevE2 = e2;
  }
  grad[0] = gw;
  grad[1] = ga;
  grad[2] = gb;
  grad[3] = gn + n * dc;
  return ll + n * c;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));
const MAX_PERSISTENCE = 0.999999;

/**
 * GARCH(1,1)-t by maximum likelihood: BFGS with the analytic gradient on an unconstrained
 * reparametrisation that keeps ω > 0, α, β ≥ 0, α + β < 1 and ν > 2; Nelder-Mead takes over
 * from the best point if BFGS stalls.
 */
export function fitGarchT(eps: ArrayLike<number>): GarchTFit {
  const n = eps.length;
  if (n < 50) throw new RangeError(`a GARCH fit needs at least 50 observations, got ${n}`);
  let var0 = 0;
  for (let t = 0; t < n; t++) var0 += eps[t]! ** 2;
  var0 /= n;
  if (!(var0 > 0)) throw new RangeError('a GARCH fit needs returns that vary');
  const unpack = (p: ArrayLike<number>) => {
    const persistence = MAX_PERSISTENCE * logistic(p[1]!);
    const share = logistic(p[2]!);
    return {
      omega: var0 * Math.exp(p[0]!),
      alpha: persistence * share,
      beta: persistence * (1 - share),
      nu: 2.01 + Math.exp(p[3]!),
    };
  };
  const g4 = new Float64Array(4);
  const fg = (p: Float64Array, grad: Float64Array) => {
    const q = unpack(p);
    if (q.nu > 300) return Infinity;
    const ll = garchTLogLikelihoodGrad(eps, q.omega, q.alpha, q.beta, q.nu, var0, g4);
    // chain rule to the unconstrained parameters; we minimise -ll
    const sig1 = logistic(p[1]!);
    const share = logistic(p[2]!);
    const pers = MAX_PERSISTENCE * sig1;
    const dPers = pers * (1 - sig1);
    const dShare = share * (1 - share);
    grad[0] = -g4[0]! * q.omega;
    grad[1] = -(g4[1]! * share + g4[2]! * (1 - share)) * dPers;
    grad[2] = -(g4[1]! - g4[2]!) * pers * dShare;
    grad[3] = -g4[3]! * (q.nu - 2.01);
    return -ll;
  };
  const nll = (p: Float64Array) => fg(p, new Float64Array(4));
  let best: { x: Float64Array; fx: number; converged: boolean } | null = null;
  for (const [a0, b0] of [
    [0.08, 0.9],
    [0.15, 0.6],
  ] as const) {
    if (best?.converged) break;
    const s0 = a0 + b0;
    const start = [
      Math.log(1 - s0),
      logit(s0 / MAX_PERSISTENCE),
      logit(a0 / s0),
      Math.log(6 - 2.01),
    ];
    let r = bfgs(fg, start, { maxIter: 300, gradTol: 1e-6 });
    if (!r.converged) {
      const polished = nelderMead(nll, r.x, { step: 0.05, maxIter: 2000, tolF: 1e-12, tolX: 1e-9 });
      r = { ...polished, iterations: r.iterations + polished.iterations };
    }
    if (!best || r.fx < best.fx) best = r;
  }
  const q = unpack(best!.x);
  const sigma2 = new Float64Array(n);
  const ll = garchTLogLikelihood(eps, q.omega, q.alpha, q.beta, q.nu, var0, sigma2);
  const next = q.omega + q.alpha * eps[n - 1]! ** 2 + q.beta * sigma2[n - 1]!;
  return {
    ...q,
    logLikelihood: ll,
    sigma: sigma2.map(Math.sqrt),
    nextSigma: Math.sqrt(next),
    converged: best!.converged,
  };
}

/** EWMA (RiskMetrics) volatility path: σ²_t = λσ²_{t-1} + (1-λ) r²_{t-1}, σ²_0 = mean of r². */
export function ewmaVolatility(r: ArrayLike<number>, lambda = 0.94): Float64Array {
  const n = r.length;
  const out = new Float64Array(n);
  let v = 0;
  for (let t = 0; t < n; t++) v += r[t]! ** 2;
  v = n ? v / n : 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) v = lambda * v + (1 - lambda) * r[t - 1]! ** 2;
    out[t] = Math.sqrt(v);
  }
  return out;
}
