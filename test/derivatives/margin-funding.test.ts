// Funding accrual and futures basis (src/main/engine/derivatives/funding.ts), against hand
// arithmetic and closed forms.
import { describe, expect, it } from 'vitest';
import {
  accruedFunding,
  annualFundingRate,
  fundingPeriodsPerYear,
  fundingRatePerInterval,
  fundingYield,
  futureBasis,
} from '../../src/main/engine/derivatives/funding';
import { expectClose } from '../risk/_reference';

describe('funding', () => {
  it('annualises per-interval rates (365 days)', () => {
    expect(fundingPeriodsPerYear(8)).toBe(1_095);
    expect(fundingPeriodsPerYear(1)).toBe(8_760);
    expectClose(annualFundingRate(0.0001, 8), 0.1095, 1e-14, 0, '1 bp / 8h');
    expectClose(annualFundingRate(0.0001, 1, 360), 0.864, 1e-14, 0, 'hourly, 360-day year');
    expectClose(fundingRatePerInterval(0.1095, 8), 0.0001, 1e-14, 0, 'inverse');
  });

  it('accrues payments with the venue sign (longs pay positive funding)', () => {
    // Long 10,000 USD: pays 1, receives 2, pays 3.
    const long = accruedFunding([0.0001, -0.0002, 0.0003], 10_000);
    expectClose(long.pnl, -2, 1e-12, 0, 'long pnl');
    expectClose(long.paid, 4, 1e-12, 0, 'paid');
    expectClose(long.received, 2, 1e-12, 0, 'received');
    expect(long.periods).toBe(3);
    expectClose(accruedFunding([0.0001, -0.0002, 0.0003], -10_000).pnl, 2, 1e-12, 0, 'short pnl');
    // Notional per interval (marks move): −(1000·0.001 + 2000·0.002) = −5.
    expectClose(accruedFunding([0.001, 0.002], [1_000, 2_000]).pnl, -5, 1e-12, 0, 'per interval');
    expect(() => accruedFunding([0.001, 0.002], [1_000])).toThrow(/1 values for 2 funding rates/);
    expect(() => accruedFunding([0.001, NaN], 1)).toThrow(/funding rate 1/);
  });

  it('gives simple and compounded yields of a constant series in closed form', () => {
    const r = 0.0002;
    const y = fundingYield(new Float64Array(90).fill(r), 8);
    expectClose(y.meanRate, r, 1e-14, 0, 'mean');
    expectClose(y.annualSimple, r * 1_095, 1e-12, 0, 'simple');
    expectClose(y.annualCompounded, (1 + r) ** 1_095 - 1, 1e-11, 0, 'compounded');
    expect(() => fundingYield([], 8)).toThrow(/empty/);
  });
});

describe('futures basis', () => {
  it('quotes the basis simple, compounded and continuous (by hand)', () => {
    // F = 105, S = 100, a quarter of a 365-day year.
    const b = futureBasis(105, 100, 91.25);
    expectClose(b.basis, 5, 1e-14, 0, 'basis');
    expectClose(b.basisRate, 0.05, 1e-14, 0, 'rate');
    expectClose(b.annualSimple, 0.2, 1e-14, 0, 'simple');
    expectClose(b.annualCompounded, 1.05 ** 4 - 1, 1e-13, 0, 'compounded');
    expectClose(b.annualContinuous, 4 * Math.log(1.05), 1e-13, 0, 'continuous');
    expect(futureBasis(95, 100, 30).annualSimple).toBeLessThan(0); // backwardation
    expect(() => futureBasis(100, 0, 30)).toThrow(/spot price/);
    expect(() => futureBasis(100, 100, 0)).toThrow(/daysToExpiry/);
  });
});
