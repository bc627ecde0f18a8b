// Volatility term structure from per-expiry smiles: total implied variance w(k, T) interpolated
// linearly in T at fixed log-moneyness k = ln(K/F(T)) between quoted expiries; before the first
// expiry w grows linearly from 0 (the first slice's implied vol held), after the last the last
// slice's implied vol is held (w ∝ T). Linear interpolation of a non-decreasing w keeps it
// non-decreasing, so no calendar arbitrage is introduced between slices that have none.
//
// Calendar arbitrage (Gatheral & Jacquier 2014, Lemma 2.1 with zero rates/carry in forward
// moneyness): at every fixed k, total variance must not decrease with expiry.
import type { VolSurface } from './positions';

/** One expiry's smile: anything giving total variance at log-moneyness (e.g. a SmileFit). */
export interface SmileSlice {
  expiry: number;
  totalVariance: (k: number) => number;
}

export interface TermStructure {
  /** Sorted expiries (years). */
  expiries: Float64Array;
  /** At-the-money-forward (k = 0) implied vol and total variance per expiry. */
  atmVol: Float64Array;
  atmTotalVariance: Float64Array;
  totalVariance: (k: number, T: number) => number;
  /** Implied vol at (k, T); also usable as a market VolSurface. */
  vol: VolSurface;
}

function sortedSlices(slices: readonly SmileSlice[]): SmileSlice[] {
  if (slices.length === 0) throw new RangeError('term structure: no expiries given');
  const s = [...slices].sort((a, b) => a.expiry - b.expiry);
  s.forEach((x, i) => {
    if (!(x.expiry > 0 && x.expiry < Infinity))
      throw new RangeError(`term structure: expiry must be > 0 years, got ${x.expiry}`);
    if (i > 0 && x.expiry === s[i - 1]!.expiry)
      throw new RangeError(`term structure: expiry ${x.expiry} is given twice`);
  });
  return s;
}

/** Builds the interpolated surface from smile slices (any order). */
export function buildTermStructure(slices: readonly SmileSlice[]): TermStructure {
  const s = sortedSlices(slices);
  const n = s.length;
  const expiries = Float64Array.from(s, (x) => x.expiry);
  const atmTotalVariance = Float64Array.from(s, (x) => x.totalVariance(0));
  const atmVol = atmTotalVariance.map((w, i) => Math.sqrt(Math.max(w, 0) / expiries[i]!));
  const totalVariance = (k: number, T: number): number => {
    if (!(T >= 0)) throw new RangeError(`term structure: expiry must be >= 0, got ${T}`);
    if (T <= expiries[0]!) return (s[0]!.totalVariance(k) * T) / expiries[0]!;
    if (T >= expiries[n - 1]!) return (s[n - 1]!.totalVariance(k) * T) / expiries[n - 1]!;
    let hi = 1;
    while (expiries[hi]! < T) hi++;
    const t0 = expiries[hi - 1]!;
    const t1 = expiries[hi]!;
    const u = (T - t0) / (t1 - t0);
    return (1 - u) * s[hi - 1]!.totalVariance(k) + u * s[hi]!.totalVariance(k);
  };
  const vol = (k: number, T: number): number => {
    if (T === 0) return Math.sqrt(Math.max(s[0]!.totalVariance(k), 0) / expiries[0]!);
    return Math.sqrt(Math.max(totalVariance(k, T), 0) / T);
  };
  return { expiries, atmVol, atmTotalVariance, totalVariance, vol };
}

/** Term structure of at-the-money vols alone (flat smile per expiry). */
export function atmTermStructure(
  expiries: ArrayLike<number>,
  atmVols: ArrayLike<number>,
): TermStructure {
  if (expiries.length !== atmVols.length)
    throw new RangeError(`term structure: ${expiries.length} expiries but ${atmVols.length} vols`);
  const slices: SmileSlice[] = [];
  for (let i = 0; i < expiries.length; i++) {
    const T = expiries[i]!;
    const v = atmVols[i]!;
    if (!(v > 0 && v < Infinity))
      throw new RangeError(`term structure: vol ${i} (expiry ${T}) must be positive, got ${v}`);
    const w = v * v * T;
    slices.push({ expiry: T, totalVariance: () => w });
  }
  return buildTermStructure(slices);
}

/** A run of k where a later expiry has less total variance than the one before it. */
export interface CalendarViolation {
  earlier: number;
  later: number;
  from: number;
  to: number;
  /** k of the largest shortfall, and the shortfall w_earlier − w_later there (> 0). */
  worstK: number;
  worstShortfall: number;
}

export interface CalendarCheck {
  ok: boolean;
  violations: CalendarViolation[];
}

/** Checks w(k, T_{i+1}) ≥ w(k, T_i) on n grid points of [kMin, kMax] for adjacent expiries. */
export function checkCalendarArbitrage(
  slices: readonly SmileSlice[],
  kMin = -2,
  kMax = 2,
  n = 401,
): CalendarCheck {
  if (!(kMax > kMin) || !(n >= 2))
    throw new RangeError('checkCalendarArbitrage: need kMin < kMax and n >= 2');
  const s = sortedSlices(slices);
  const violations: CalendarViolation[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    let run: CalendarViolation | null = null;
    for (let j = 0; j < n; j++) {
      const k = kMin + ((kMax - kMin) * j) / (n - 1);
      const w0 = s[i]!.totalVariance(k);
      const w1 = s[i + 1]!.totalVariance(k);
      // a shortfall within rounding of equal variances is not arbitrage
      const gap = w0 - w1;
      if (gap > 1e-12 * Math.max(Math.abs(w0), Math.abs(w1), 1e-300)) {
        if (!run)
          run = {
            earlier: s[i]!.expiry,
            later: s[i + 1]!.expiry,
            from: k,
            to: k,
            worstK: k,
            worstShortfall: gap,
          };
        run.to = k;
        if (gap > run.worstShortfall) {
          run.worstShortfall = gap;
          run.worstK = k;
        }
      } else if (run) {
        violations.push(run);
        run = null;
      }
    }
    if (run) violations.push(run);
  }
  return { ok: violations.length === 0, violations };
}
