// Perpetual funding and futures basis.
//
// Sign convention (every venue's): a POSITIVE funding rate means longs pay shorts. A funding
// payment each interval is rate × the position's notional at that interval's mark.
// Annualisation uses 365 days (crypto trades every day; overridable).

function checkInterval(hours: number): void {
  if (!(hours > 0 && Number.isFinite(hours)))
    throw new RangeError(`fundingIntervalHours must be positive, got ${hours}`);
}

function checkDaysPerYear(d: number): void {
  if (!(d > 0 && Number.isFinite(d)))
    throw new RangeError(`daysPerYear must be positive, got ${d}`);
}

/** Funding intervals in a year (8-hour funding: 1,095; hourly: 8,760). */
export function fundingPeriodsPerYear(intervalHours: number, daysPerYear = 365): number {
  checkInterval(intervalHours);
  checkDaysPerYear(daysPerYear);
  return (daysPerYear * 24) / intervalHours;
}

/** Simple annual rate from a per-interval rate: rate × periods a year. */
export function annualFundingRate(
  ratePerInterval: number,
  intervalHours: number,
  daysPerYear = 365,
): number {
  if (!Number.isFinite(ratePerInterval))
    throw new RangeError(`funding rate must be finite, got ${ratePerInterval}`);
  return ratePerInterval * fundingPeriodsPerYear(intervalHours, daysPerYear);
}

/** Per-interval rate from a simple annual rate (inverse of annualFundingRate). */
export function fundingRatePerInterval(
  annualRate: number,
  intervalHours: number,
  daysPerYear = 365,
): number {
  if (!Number.isFinite(annualRate))
    throw new RangeError(`annual funding rate must be finite, got ${annualRate}`);
  return annualRate / fundingPeriodsPerYear(intervalHours, daysPerYear);
}

export interface AccruedFunding {
  /** Funding received minus paid by the holder, in the notional's currency. */
  pnl: number;
  /** Total paid (≥ 0) and received (≥ 0) separately. */
  paid: number;
  received: number;
  periods: number;
}

/**
 * Funding accrued by a position over a series of per-interval rates. `notional` is SIGNED
 * (long > 0), one value for the whole period or one per interval (notional at each funding
 * time's mark); the result is in the same currency (USD, or coins for a coin-margined contract).
 * Each interval the holder receives −notional·rate.
 */
export function accruedFunding(
  rates: ArrayLike<number>,
  notional: number | ArrayLike<number>,
): AccruedFunding {
  const n = rates.length;
  if (typeof notional !== 'number' && notional.length !== n)
    throw new RangeError(`notional has ${notional.length} values for ${n} funding rates`);
  let paid = 0;
  let received = 0;
  for (let i = 0; i < n; i++) {
    const r = rates[i]!;
    const q = typeof notional === 'number' ? notional : notional[i]!;
    if (!Number.isFinite(r))
      throw new RangeError(`funding rate ${i} is not a finite number (${r})`);
    if (!Number.isFinite(q)) throw new RangeError(`notional ${i} is not a finite number (${q})`);
    const flow = -q * r;
    if (flow >= 0) received += flow;
    else paid -= flow;
  }
  return { pnl: received - paid, paid, received, periods: n };
}

export interface FundingYield {
  /** Mean per-interval rate of the series. */
  meanRate: number;
  /** meanRate × periods a year (what a short earns a year on constant notional, without compounding). */
  annualSimple: number;
  /** Geometric: Π(1 + r_i)^(periodsPerYear / n) − 1 (reinvested each interval). */
  annualCompounded: number;
}

/** Annualised funding yield of a realised rate series (positive: longs paid shorts). */
export function fundingYield(
  rates: ArrayLike<number>,
  intervalHours: number,
  daysPerYear = 365,
): FundingYield {
  const n = rates.length;
  if (n === 0) throw new RangeError('fundingYield: the rate series is empty');
  const ppy = fundingPeriodsPerYear(intervalHours, daysPerYear);
  let sum = 0;
  let logSum = 0;
  for (let i = 0; i < n; i++) {
    const r = rates[i]!;
    if (!(r > -1 && Number.isFinite(r)))
      throw new RangeError(`funding rate ${i} must be finite and above −1, got ${r}`);
    sum += r;
    logSum += Math.log1p(r);
  }
  const meanRate = sum / n;
  return {
    meanRate,
    annualSimple: meanRate * ppy,
    annualCompounded: Math.expm1((logSum * ppy) / n),
  };
}

export interface FutureBasis {
  /** F − S in USD. */
  basis: number;
  /** (F − S) / S. */
  basisRate: number;
  /** (F − S)/S × daysPerYear / days: the usual desk quote. */
  annualSimple: number;
  /** (F/S)^(daysPerYear/days) − 1. */
  annualCompounded: number;
  /** ln(F/S) × daysPerYear / days: the continuous carry b with F = S·e^{bT}. */
  annualContinuous: number;
}

/** Basis of a dated future at `futurePrice` against `spot`, `daysToExpiry` calendar days out. */
export function futureBasis(
  futurePrice: number,
  spot: number,
  daysToExpiry: number,
  daysPerYear = 365,
): FutureBasis {
  if (!(futurePrice > 0 && Number.isFinite(futurePrice)))
    throw new RangeError(`future price must be positive, got ${futurePrice}`);
  if (!(spot > 0 && Number.isFinite(spot)))
    throw new RangeError(`spot price must be positive, got ${spot}`);
  if (!(daysToExpiry > 0 && Number.isFinite(daysToExpiry)))
    throw new RangeError(`daysToExpiry must be positive, got ${daysToExpiry}`);
  checkDaysPerYear(daysPerYear);
  const t = daysPerYear / daysToExpiry;
  const basisRate = (futurePrice - spot) / spot;
  const logRatio = Math.log(futurePrice / spot);
  return {
    basis: futurePrice - spot,
    basisRate,
    annualSimple: basisRate * t,
    annualCompounded: Math.expm1(logRatio * t),
    annualContinuous: logRatio * t,
  };
}
