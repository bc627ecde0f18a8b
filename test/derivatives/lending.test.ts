// Lending health, liquidation levels, Aave v3 liquidation sizing and peg risk
// (src/main/engine/derivatives/lending.ts).
// References: test/reference/margin.json (gen_margin.py: HF from its definition, every level by
// brentq on HF − 1), hand arithmetic for the Aave v3 rules (close factor 50 % above HF 0.95 and
// 100 % at or below it; seized = repaid × price_debt × (1 + bonus) / price_collateral, capped by
// the balance with the repayment cut to match, LiquidationLogic._calculateAvailableCollateralToLiquidate),
// and round-trip properties (HF = 1 at every computed level).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closeFactor,
  healthFactor,
  healthFactorAtPeg,
  type LendingAccount,
  lendingSummary,
  liquidate,
  liquidationPeg,
  liquidationPriceOf,
  liquidationUnderlyingPrice,
  maxBorrow,
} from '../../src/main/engine/derivatives/lending';
import { expectClose } from '../risk/_reference';
import { fixture } from './margin-fixture';

const ethUsdc: LendingAccount = {
  collateral: [
    {
      asset: 'ETH',
      amount: 10,
      price: 2_000,
      liquidationThreshold: 0.83,
      ltv: 0.805,
      liquidationBonus: 0.05,
    },
  ],
  debt: [{ asset: 'USDC', amount: 12_000, price: 1 }],
};

describe('against margin.json', () => {
  it.each(fixture.lending.map((c, i) => [i, c] as const))(
    'account %i: HF and liquidation prices',
    (_, c) => {
      expectClose(healthFactor(c.account), c.healthFactor, 1e-13, 0, 'HF');
      for (const [asset, e] of Object.entries(c.liquidationPrice)) {
        const r = liquidationPriceOf(c.account, asset);
        expect(r.status, asset).toBe(e.status);
        if (e.level === null) expect(r.level).toBeNull();
        else expectClose(r.level!, e.level, 1e-10, 0, `liquidation price of ${asset}`);
      }
    },
  );

  it('peg ratio at a given underlying price, and underlying price at a given peg', () => {
    const spec = { underlying: 'ETH', staked: 'wstETH', fairRatio: 1.17 };
    for (const p of fixture.peg) {
      const account = fixture.lending[p.account]!.account;
      if ('pegRatio' in p) {
        const r = liquidationPeg(account, spec, p.underlyingPrice);
        expect(r.status).toBe(p.status);
        if (p.pegRatio !== null) {
          expectClose(r.level!, p.pegRatio, 1e-10, 0, 'peg ratio');
          expectClose(r.depeg!, 1 - p.pegRatio / 1.17, 1e-9, 0, 'depeg');
        }
      } else {
        const r = liquidationUnderlyingPrice(account, spec, p.pegRatioGiven);
        expect(r.status).toBe(p.status);
        if (p.underlyingPrice !== null)
          expectClose(r.level!, p.underlyingPrice, 1e-10, 0, 'underlying price');
      }
    }
  });
});

describe('by hand', () => {
  it('health factor, borrowing power, liquidation price', () => {
    const s = lendingSummary(ethUsdc);
    expectClose(s.healthFactor, 16_600 / 12_000, 1e-15, 0, 'HF'); // 10 × 2,000 × 0.83 / 12,000
    expectClose(s.borrowLimitUsd, 16_100, 1e-15, 0, 'borrow limit');
    expectClose(s.loanToValue, 0.6, 1e-15, 0, 'LTV');
    const b = maxBorrow(ethUsdc, 2_000);
    expectClose(b.usd, 4_100, 1e-12, 0, 'max borrow USD');
    expectClose(b.units, 2.05, 1e-12, 0, 'max borrow ETH');
    const lp = liquidationPriceOf(ethUsdc, 'ETH');
    expect(lp.direction).toBe('below');
    expectClose(lp.level!, 12_000 / 8.3, 1e-14, 0, 'ETH liquidation price');
    expect(healthFactor({ ...ethUsdc, debt: [] })).toBe(Infinity);
  });

  it('Aave v3 close factor: 0 at HF ≥ 1, 50 % above 0.95, 100 % at or below', () => {
    expect(closeFactor(1)).toBe(0);
    expect(closeFactor(0.99)).toBe(0.5);
    expect(closeFactor(0.9500001)).toBe(0.5);
    expect(closeFactor(0.95)).toBe(1);
    expect(closeFactor(0.5)).toBe(1);
  });

  it('liquidation at HF 0.968 takes half the debt plus a 5 % bonus', () => {
    // ETH at 1,400: HF = 11,620 / 12,000 = 0.9683 > 0.95 -> repay 6,000 USDC, seize 6,000 × 1.05 / 1,400 = 4.5 ETH.
    const r = liquidate(
      ethUsdc,
      { collateralAsset: 'ETH', debtAsset: 'USDC' },
      { protocolFeeShare: 0.1 },
    );
    expect(r.liquidatable).toBe(false); // at 2,000 it is healthy
    const at1400 = { ...ethUsdc, collateral: [{ ...ethUsdc.collateral[0]!, price: 1_400 }] };
    const q = liquidate(
      at1400,
      { collateralAsset: 'ETH', debtAsset: 'USDC' },
      { protocolFeeShare: 0.1 },
    );
    expectClose(q.healthFactorBefore, 11_620 / 12_000, 1e-15, 0, 'HF before');
    expect(q.closeFactor).toBe(0.5);
    expectClose(q.debtRepaid, 6_000, 1e-15, 0, 'repaid');
    expectClose(q.collateralSeized, 4.5, 1e-14, 0, 'seized');
    expectClose(q.protocolFeeUsd, 30, 1e-12, 0, 'protocol fee = 10 % of the 300 bonus');
    expectClose(q.liquidatorBonusUsd, 270, 1e-12, 0, 'liquidator keeps 270');
    expectClose(q.healthFactorAfter, (5.5 * 1_400 * 0.83) / 6_000, 1e-14, 0, 'HF after');
    // debtToCover below the maximum is honoured
    expectClose(
      liquidate(at1400, { collateralAsset: 'ETH', debtAsset: 'USDC', debtToCover: 1_000 })
        .collateralSeized,
      0.75,
      1e-14,
      0,
      'partial',
    );
  });

  it('liquidation at or below HF 0.95 may take all the debt, capped by the collateral', () => {
    const at = (p: number) => ({
      ...ethUsdc,
      collateral: [{ ...ethUsdc.collateral[0]!, price: p }],
    });
    const a = liquidate(at(1_300), { collateralAsset: 'ETH', debtAsset: 'USDC' });
    expect(a.closeFactor).toBe(1);
    expectClose(a.collateralSeized, (12_000 * 1.05) / 1_300, 1e-14, 0, 'seized');
    expect(a.collateralCapped).toBe(false);
    expect(a.healthFactorAfter).toBe(Infinity);
    // At 1,100 the 10 ETH are not enough: all seized, repayment cut to 10 × 1,100 / 1.05.
    const b = liquidate(at(1_100), { collateralAsset: 'ETH', debtAsset: 'USDC' });
    expect(b.collateralCapped).toBe(true);
    expectClose(b.collateralSeized, 10, 1e-15, 0, 'all collateral');
    expectClose(b.debtRepaid, 11_000 / 1.05, 1e-14, 0, 'repaid');
    expect(b.healthFactorAfter).toBe(0);
  });

  it('staked collateral: the depeg that liquidates at today’s price', () => {
    const acct: LendingAccount = {
      collateral: [{ asset: 'wstETH', amount: 5, price: 3_510, liquidationThreshold: 0.81 }],
      debt: [{ asset: 'USDC', amount: 9_000, price: 1 }],
    };
    const spec = { underlying: 'ETH', staked: 'wstETH', fairRatio: 1.17 };
    // 5 × 3,000 × ρ × 0.81 = 9,000  ->  ρ = 0.7407…, a 36.7 % depeg from 1.17.
    const r = liquidationPeg(acct, spec, 3_000);
    expectClose(r.level!, 9_000 / (5 * 3_000 * 0.81), 1e-14, 0, 'ρ*');
    expectClose(r.depeg!, 1 - 9_000 / (5 * 3_000 * 0.81) / 1.17, 1e-14, 0, 'depeg');
    // At peg 1.17 the ETH price that liquidates: 9,000 / (5 × 1.17 × 0.81).
    expectClose(
      liquidationUnderlyingPrice(acct, spec, 1.17).level!,
      9_000 / (5 * 1.17 * 0.81),
      1e-14,
      0,
      'U*',
    );
  });
});

const arbAccount = fc
  .record({
    eth: fc.double({ min: 0.1, max: 100, noNaN: true }),
    btc: fc.double({ min: 0, max: 5, noNaN: true }),
    ethPrice: fc.double({ min: 500, max: 5_000, noNaN: true }),
    usdc: fc.double({ min: 100, max: 200_000, noNaN: true }),
    ethDebt: fc.double({ min: 0, max: 30, noNaN: true }),
    lt: fc.double({ min: 0.5, max: 0.93, noNaN: true }),
  })
  .map((a): LendingAccount => ({
    collateral: [
      { asset: 'wstETH', amount: a.eth, price: a.ethPrice * 1.15, liquidationThreshold: a.lt },
      { asset: 'WBTC', amount: a.btc, price: 60_000, liquidationThreshold: 0.78 },
    ],
    debt: [
      { asset: 'USDC', amount: a.usdc, price: 1 },
      { asset: 'ETH', amount: a.ethDebt, price: a.ethPrice },
    ],
  }));

describe('round trips', () => {
  it('HF = 1 at every computed liquidation price, < 1 just beyond it', () => {
    fc.assert(
      fc.property(arbAccount, (acct) => {
        for (const asset of ['wstETH', 'WBTC', 'USDC', 'ETH']) {
          const r = liquidationPriceOf(acct, asset);
          if (r.status !== 'price') continue;
          expectClose(healthFactor(acct, { [asset]: r.level! }), 1, 1e-9, 0, asset);
          const beyond = r.direction === 'below' ? r.level! * (1 - 1e-6) : r.level! * (1 + 1e-6);
          expect(healthFactor(acct, { [asset]: beyond })).toBeLessThan(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('HF = 1 on the peg boundary, from either side of the question', () => {
    const spec = { underlying: 'ETH', staked: 'wstETH' };
    fc.assert(
      fc.property(
        arbAccount,
        fc.double({ min: 200, max: 8_000, noNaN: true }),
        fc.double({ min: 0.5, max: 1.3, noNaN: true }),
        (acct, U, rho) => {
          const a = liquidationPeg(acct, spec, U);
          if (a.status === 'price')
            expectClose(healthFactorAtPeg(acct, spec, U, a.level!), 1, 1e-9, 0, 'ρ*');
          else expect(healthFactorAtPeg(acct, spec, U, rho) >= 1).toBe(a.status === 'never');
          const b = liquidationUnderlyingPrice(acct, spec, rho);
          if (b.status === 'price')
            expectClose(healthFactorAtPeg(acct, spec, b.level!, rho), 1, 1e-9, 0, 'U*');
          else expect(healthFactorAtPeg(acct, spec, U, rho) >= 1).toBe(b.status === 'never');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('bad input', () => {
  it('says what is wrong and where', () => {
    const c = ethUsdc.collateral[0]!;
    expect(() => healthFactor({ ...ethUsdc, collateral: [c, c] })).toThrow(
      /collateral ETH is listed twice/,
    );
    expect(() => healthFactor({ ...ethUsdc, collateral: [{ ...c, amount: -1 }] })).toThrow(
      /collateral ETH: amount/,
    );
    expect(() => healthFactor({ ...ethUsdc, collateral: [{ ...c, price: 0 }] })).toThrow(
      /collateral ETH: price/,
    );
    expect(() => healthFactor({ ...ethUsdc, collateral: [{ ...c, ltv: 0.9 }] })).toThrow(
      /ETH: ltv must be in \[0, 0.83\]/,
    );
    expect(() =>
      healthFactor({ ...ethUsdc, debt: [{ asset: 'USDC', amount: 1, price: -1 }] }),
    ).toThrow(/debt USDC: price/);
    expect(() => liquidationPriceOf(ethUsdc, 'DAI')).toThrow(/DAI is neither/);
    expect(() =>
      liquidate(
        { ...ethUsdc, collateral: [{ ...c, liquidationBonus: undefined }] },
        { collateralAsset: 'ETH', debtAsset: 'USDC' },
      ),
    ).toThrow(/liquidationBonus is needed/);
    expect(() => maxBorrow({ ...ethUsdc, collateral: [{ ...c, ltv: undefined }] }, 1)).toThrow(
      /ltv is needed/,
    );
    expect(() => liquidationPeg(ethUsdc, { underlying: 'ETH', staked: 'stETH' }, 2_000)).toThrow(
      /stETH is not in the account/,
    );
  });
});
