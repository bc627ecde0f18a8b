// Per-expiry volatility smile: raw SVI (Gatheral 2004) in total implied variance
//   w(k) = a + b·(ρ(k − m) + √((k − m)² + σ²)),   k = ln(K/F),   w = σ_BS²·T
// with b ≥ 0, |ρ| < 1, σ > 0 and a + b·σ·√(1 − ρ²) ≥ 0 (the minimum of w is not negative).
//
// Fit: the quasi-explicit method of De Marco & Martini ("Quasi-explicit calibration of Gatheral's
// SVI model", Zeliade white paper, 2009). With y = (k − m)/σ the model is linear,
//   w = a + d·y + c·√(y² + 1),   c = b·σ, d = ρ·b·σ,
// so for fixed (m, σ) the weighted least squares in (a, c, d) is a small convex QP: a is profiled
// out, (c, d) lies in the square |d| ≤ c ≤ 4σ − |d| (Rogers-Tehranchi slope bound |w'| ≤ 4), solved
// exactly (interior or best edge). If the minimum-variance constraint a + √(c² − d²) ≥ 0 is then
// violated, the optimum lies on it: a = −c·√(1 − ρ²), w = c·(ρy + √(y²+1) − √(1−ρ²)), a 1-D
// problem in ρ (scan then golden section, c in closed form). Nelder-Mead runs outside over
// (m, ln σ) from several starts.
//
// Butterfly arbitrage (Gatheral & Jacquier, "Arbitrage-free SVI volatility surfaces", 2014,
// eq. 2.1): the risk-neutral density is non-negative iff
//   g(k) = (1 − k·w'/(2w))² − (w'²/4)·(1/w + 1/4) + w''/2 ≥ 0.
import { nelderMead } from '../optim/nelder-mead';

export interface SviParams {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
}

/** Throws unless the parameters are a valid raw SVI slice. */
export function checkSviParams(p: SviParams, where = 'SVI'): void {
  for (const k of ['a', 'b', 'rho', 'm', 'sigma'] as const)
    if (!Number.isFinite(p[k]))
      throw new RangeError(`${where}: parameter ${k} must be finite, got ${p[k]}`);
  if (p.b < 0) throw new RangeError(`${where}: b must be >= 0, got ${p.b}`);
  if (!(Math.abs(p.rho) < 1)) throw new RangeError(`${where}: |rho| must be < 1, got ${p.rho}`);
  if (!(p.sigma > 0)) throw new RangeError(`${where}: sigma must be > 0, got ${p.sigma}`);
  const minW = p.a + p.b * p.sigma * Math.sqrt(1 - p.rho * p.rho);
  if (minW < -1e-14)
    throw new RangeError(
      `${where}: a + b·sigma·sqrt(1 − rho²) must be >= 0 (minimum total variance), got ${minW}`,
    );
}

/** Total implied variance w(k). */
export function sviTotalVariance(p: SviParams, k: number): number {
  const u = k - p.m;
  return p.a + p.b * (p.rho * u + Math.sqrt(u * u + p.sigma * p.sigma));
}

/**
 * A smile slice from stored parameters (e.g. a fit kept in a run), for buildTermStructure or as
 * a one-expiry surface. Checks the parameters.
 */
export function sviSlice(
  params: SviParams,
  expiry: number,
): { expiry: number; totalVariance: (k: number) => number; vol: (k: number) => number } {
  checkSviParams(params, `SVI slice (expiry ${expiry})`);
  if (!(expiry > 0 && expiry < Infinity))
    throw new RangeError(`SVI slice: expiry must be > 0 years, got ${expiry}`);
  const p = { ...params };
  return {
    expiry,
    totalVariance: (k) => sviTotalVariance(p, k),
    vol: (k) => Math.sqrt(Math.max(sviTotalVariance(p, k), 0) / expiry),
  };
}

/** w, w' and w'' at k. */
export function sviDerivatives(p: SviParams, k: number): { w: number; w1: number; w2: number } {
  const u = k - p.m;
  const r = Math.sqrt(u * u + p.sigma * p.sigma);
  return {
    w: p.a + p.b * (p.rho * u + r),
    w1: p.b * (p.rho + u / r),
    w2: (p.b * p.sigma * p.sigma) / (r * r * r),
  };
}

/** Gatheral's density factor g(k); negative means butterfly arbitrage at k. */
export function sviDensityFactor(p: SviParams, k: number): number {
  const { w, w1, w2 } = sviDerivatives(p, k);
  const t = 1 - (k * w1) / (2 * w);
  return t * t - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
}

/** A run of grid points where g < 0 (or w ≤ 0). */
export interface ButterflyViolation {
  from: number;
  to: number;
  /** k where g is lowest in the run, and g there. */
  worstK: number;
  worstG: number;
}

export interface ButterflyCheck {
  ok: boolean;
  minG: number;
  violations: ButterflyViolation[];
}

/** g(k) on an even grid of n points over [kMin, kMax]; consecutive negative points form a run. */
export function checkButterfly(p: SviParams, kMin = -3, kMax = 3, n = 601): ButterflyCheck {
  if (!(kMax > kMin) || !(n >= 2))
    throw new RangeError(`checkButterfly: need kMin < kMax and n >= 2`);
  const violations: ButterflyViolation[] = [];
  let minG = Infinity;
  let run: ButterflyViolation | null = null;
  for (let i = 0; i < n; i++) {
    const k = kMin + ((kMax - kMin) * i) / (n - 1);
    const w = sviTotalVariance(p, k);
    const g = w > 0 ? sviDensityFactor(p, k) : -Infinity;
    minG = Math.min(minG, g);
    if (g < 0) {
      if (!run) run = { from: k, to: k, worstK: k, worstG: g };
      run.to = k;
      if (g < run.worstG) {
        run.worstG = g;
        run.worstK = k;
      }
    } else if (run) {
      violations.push(run);
      run = null;
    }
  }
  if (run) violations.push(run);
  return { ok: violations.length === 0, minG, violations };
}

export interface SmileFitInput {
  /** Forward of this expiry (k = ln(K/F)). */
  forward: number;
  /** Years to expiry. */
  expiry: number;
  strikes: ArrayLike<number>;
  /** Implied vols of the quotes (decimals). */
  vols: ArrayLike<number>;
  /**
   * Weights of the total-variance residuals: 'equal' (default), 'vega' (Black vega of each quote,
   * scaled to a maximum of 1, so wings with little price sensitivity count less), or explicit.
   */
  weights?: 'equal' | 'vega' | ArrayLike<number>;
  /** Range of the butterfly check (default: the quotes' k range widened by 1 on each side). */
  checkRange?: [number, number];
}

export interface SmileFit {
  params: SviParams;
  forward: number;
  expiry: number;
  /** Weighted root mean square of the total-variance residuals. */
  rmseTotalVariance: number;
  /** Root mean square of model vol − quote vol over the quotes (unweighted). */
  rmseVol: number;
  /** Largest |model vol − quote vol|. */
  maxVolError: number;
  /** Objective evaluations of the outer search. */
  evaluations: number;
  butterfly: ButterflyCheck;
  totalVariance: (k: number) => number;
  /** Implied vol at log-moneyness k. */
  vol: (k: number) => number;
  /** Implied vol at strike K (uses this slice's forward). */
  volAtStrike: (K: number) => number;
}

interface Data {
  k: Float64Array;
  w: Float64Array;
  om: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

interface Inner {
  sse: number;
  a: number;
  c: number;
  d: number;
}

/** Minimises Σω(d·Y + c·Z − V)² (centred sums) over the square |d| ≤ c ≤ 4σ − |d|. */
function squareQp(
  syy: number,
  syz: number,
  szz: number,
  syv: number,
  szv: number,
  sig: number,
): { c: number; d: number } {
  const q = (c: number, d: number) =>
    d * d * syy + 2 * d * c * syz + c * c * szz - 2 * d * syv - 2 * c * szv;
  const det = syy * szz - syz * syz;
  if (det > 1e-14 * (syy * szz + 1e-300)) {
    const d = (syv * szz - szv * syz) / det;
    const c = (szv * syy - syv * syz) / det;
    if (Math.abs(d) <= c && c <= 4 * sig - Math.abs(d)) return { c, d };
  }
  // on the boundary: best point of the four edges between the corners
  const corners: [number, number][] = [
    [0, 0],
    [2 * sig, 2 * sig],
    [4 * sig, 0],
    [2 * sig, -2 * sig],
  ];
  let best = { c: 0, d: 0 };
  let bestQ = Infinity;
  for (let e = 0; e < 4; e++) {
    const [c0, d0] = corners[e]!;
    const [c1, d1] = corners[(e + 1) % 4]!;
    const dc = c1 - c0;
    const dd = d1 - d0;
    // q(c0 + t·dc, d0 + t·dd) = α t² + 2β t + const
    const alpha = dd * dd * syy + 2 * dd * dc * syz + dc * dc * szz;
    const beta = d0 * dd * syy + (d0 * dc + c0 * dd) * syz + c0 * dc * szz - dd * syv - dc * szv;
    const t = alpha > 0 ? Math.min(1, Math.max(0, -beta / alpha)) : beta > 0 ? 0 : 1;
    const c = c0 + t * dc;
    const d = d0 + t * dd;
    const v = q(c, d);
    if (v < bestQ) {
      bestQ = v;
      best = { c, d };
    }
  }
  return best;
}

/** The minimum-variance boundary a = −c√(1−ρ²): best (ρ, c), c ≤ 4σ/(1+|ρ|). */
function onMinVarianceBoundary(D: Data, sig: number): Inner {
  const n = D.k.length;
  const evalRho = (rho: number) => {
    const root = Math.sqrt(1 - rho * rho);
    let sqw = 0;
    let sqq = 0;
    for (let i = 0; i < n; i++) {
      const qi = rho * D.y[i]! + D.z[i]! - root;
      sqw += D.om[i]! * qi * D.w[i]!;
      sqq += D.om[i]! * qi * qi;
    }
    const cmax = (4 * sig) / (1 + Math.abs(rho));
    const c = sqq > 0 ? Math.min(cmax, Math.max(0, sqw / sqq)) : 0;
    let sse = 0;
    for (let i = 0; i < n; i++) {
      const r = c * (rho * D.y[i]! + D.z[i]! - root) - D.w[i]!;
      sse += D.om[i]! * r * r;
    }
    return { sse, a: -c * root, c, d: rho * c };
  };
  const lim = 0.999999;
  let bestRho = 0;
  let best = evalRho(0);
  const steps = 40;
  for (let j = 0; j <= steps; j++) {
    const rho = -lim + (2 * lim * j) / steps;
    const v = evalRho(rho);
    if (v.sse < best.sse) {
      best = v;
      bestRho = rho;
    }
  }
  // golden section on the bracketing scan cell
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = Math.max(-lim, bestRho - (2 * lim) / steps);
  let hi = Math.min(lim, bestRho + (2 * lim) / steps);
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = evalRho(x1);
  let f2 = evalRho(x2);
  for (let it = 0; it < 60 && hi - lo > 1e-12; it++) {
    if (f1.sse <= f2.sse) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = evalRho(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = evalRho(x2);
    }
  }
  for (const v of [f1, f2]) if (v.sse < best.sse) best = v;
  return best;
}

/** Best (a, c, d) for fixed (m, σ), all constraints held. */
function innerFit(D: Data, m: number, sig: number): Inner {
  const n = D.k.length;
  let W = 0;
  let my = 0;
  let mz = 0;
  let mw = 0;
  for (let i = 0; i < n; i++) {
    const y = (D.k[i]! - m) / sig;
    const z = Math.sqrt(y * y + 1);
    D.y[i] = y;
    D.z[i] = z;
    const o = D.om[i]!;
    W += o;
    my += o * y;
    mz += o * z;
    mw += o * D.w[i]!;
  }
  my /= W;
  mz /= W;
  mw /= W;
  let syy = 0;
  let syz = 0;
  let szz = 0;
  let syv = 0;
  let szv = 0;
  for (let i = 0; i < n; i++) {
    const o = D.om[i]!;
    const Y = D.y[i]! - my;
    const Z = D.z[i]! - mz;
    const V = D.w[i]! - mw;
    syy += o * Y * Y;
    syz += o * Y * Z;
    szz += o * Z * Z;
    syv += o * Y * V;
    szv += o * Z * V;
  }
  const { c, d } = squareQp(syy, syz, szz, syv, szv, sig);
  const a = mw - d * my - c * mz;
  if (a + Math.sqrt(Math.max(c * c - d * d, 0)) < 0) return onMinVarianceBoundary(D, sig);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = a + d * D.y[i]! + c * D.z[i]! - D.w[i]!;
    sse += D.om[i]! * r * r;
  }
  return { sse, a, c, d };
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Fits a raw SVI slice to one expiry's implied vols. */
export function fitSvi(input: SmileFitInput): SmileFit {
  const { forward: F, expiry: T } = input;
  if (!(F > 0 && F < Infinity)) throw new RangeError(`fitSvi: forward must be positive, got ${F}`);
  if (!(T > 0 && T < Infinity)) throw new RangeError(`fitSvi: expiry must be > 0 years, got ${T}`);
  const n = input.strikes.length;
  if (input.vols.length !== n)
    throw new RangeError(`fitSvi: ${n} strikes but ${input.vols.length} vols`);
  if (n < 5)
    throw new RangeError(`fitSvi: SVI has 5 parameters and needs at least 5 quotes, got ${n}`);
  const D: Data = {
    k: new Float64Array(n),
    w: new Float64Array(n),
    om: new Float64Array(n),
    y: new Float64Array(n),
    z: new Float64Array(n),
  };
  const wts = input.weights ?? 'equal';
  if (typeof wts !== 'string' && wts.length !== n)
    throw new RangeError(`fitSvi: ${n} quotes but ${wts.length} weights`);
  for (let i = 0; i < n; i++) {
    const K = input.strikes[i]!;
    const v = input.vols[i]!;
    if (!(K > 0 && K < Infinity))
      throw new RangeError(`fitSvi: strike ${i} must be positive, got ${K}`);
    if (!(v > 0 && v < Infinity))
      throw new RangeError(`fitSvi: vol ${i} (strike ${K}) must be positive, got ${v}`);
    const k = Math.log(K / F);
    D.k[i] = k;
    D.w[i] = v * v * T;
    if (wts === 'equal') D.om[i] = 1;
    else if (wts === 'vega') {
      const s = v * Math.sqrt(T);
      const d1 = -k / s + s / 2;
      D.om[i] = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1); // ∝ vega/(F√T)
    } else {
      const o = wts[i]!;
      if (!(o >= 0 && o < Infinity))
        throw new RangeError(`fitSvi: weight ${i} must be >= 0, got ${o}`);
      D.om[i] = o;
    }
  }
  let maxOm = 0;
  for (let i = 0; i < n; i++) maxOm = Math.max(maxOm, D.om[i]!);
  if (!(maxOm > 0)) throw new RangeError('fitSvi: all weights are zero');
  for (let i = 0; i < n; i++) D.om[i]! /= maxOm;

  let kMin = Infinity;
  let kMax = -Infinity;
  let kAtMin = 0;
  let wMin = Infinity;
  for (let i = 0; i < n; i++) {
    kMin = Math.min(kMin, D.k[i]!);
    kMax = Math.max(kMax, D.k[i]!);
    if (D.w[i]! < wMin) {
      wMin = D.w[i]!;
      kAtMin = D.k[i]!;
    }
  }
  const span = Math.max(kMax - kMin, 1e-3);
  // (m, ln σ); m kept within a few spans of the data, σ in [1e-4·span, 10·span] by penalty
  const sigLo = 1e-4 * span;
  const sigHi = 10 * span;
  let evaluations = 0;
  const objective = (x: Float64Array) => {
    evaluations++;
    const m = x[0]!;
    const sig = Math.exp(x[1]!);
    if (!(sig >= sigLo && sig <= sigHi) || Math.abs(m - 0.5 * (kMin + kMax)) > 3 * span)
      return Infinity;
    return innerFit(D, m, sig).sse;
  };
  let best: { x: Float64Array; fx: number } | null = null;
  for (const m0 of [kAtMin, kMin + 0.25 * span, kMax - 0.25 * span])
    for (const s0 of [0.05 * span, 0.3 * span, 1 * span]) {
      const r = nelderMead(objective, [m0, Math.log(s0)], {
        step: [0.1 * span, 0.5],
        maxIter: 400,
        tolF: 1e-14,
        tolX: 1e-10,
      });
      if (!best || r.fx < best.fx) best = r;
    }
  // polish from the best start
  const polished = nelderMead(objective, best!.x, {
    step: [0.01 * span, 0.05],
    maxIter: 600,
    tolF: 1e-16,
    tolX: 1e-12,
  });
  if (polished.fx <= best!.fx) best = polished;

  const m = best!.x[0]!;
  const sig = Math.exp(best!.x[1]!);
  const inner = innerFit(D, m, sig);
  const b = inner.c / sig;
  const rho = inner.c > 0 ? Math.max(-0.999999999, Math.min(0.999999999, inner.d / inner.c)) : 0;
  const params: SviParams = { a: inner.a, b, rho, m, sigma: sig };

  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += D.om[i]!;
  let se = 0;
  let maxErr = 0;
  for (let i = 0; i < n; i++) {
    const mv = Math.sqrt(Math.max(sviTotalVariance(params, D.k[i]!), 0) / T);
    const e = mv - input.vols[i]!;
    se += e * e;
    maxErr = Math.max(maxErr, Math.abs(e));
  }
  const [cLo, cHi] = input.checkRange ?? [kMin - 1, kMax + 1];
  const totalVariance = (k: number) => sviTotalVariance(params, k);
  const vol = (k: number) => Math.sqrt(Math.max(sviTotalVariance(params, k), 0) / T);
  return {
    params,
    forward: F,
    expiry: T,
    rmseTotalVariance: Math.sqrt(inner.sse / wsum),
    rmseVol: Math.sqrt(se / n),
    maxVolError: maxErr,
    evaluations,
    butterfly: checkButterfly(params, cLo, cHi),
    totalVariance,
    vol,
    volAtStrike: (K: number) => vol(Math.log(K / F)),
  };
}
