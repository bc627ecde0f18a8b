// Types and loaders for test/reference/margin.json (scripts/reference/gen_margin.py: every level
// there is found by root finding on the definition of the event, not by our closed forms).
import type { MarginTier } from '../../src/main/engine/derivatives/margin';
import type { LendingAccount } from '../../src/main/engine/derivatives/lending';
import type { ChainQuote } from '../../src/main/engine/derivatives/tail-hedge';
import { loadFixture } from '../risk/_reference';

type JsonTier = Omit<MarginTier, 'cap'> & { cap: number | null };

export interface PerpCase {
  position: {
    quantity: number;
    entryPrice: number;
    settlement: 'linear' | 'inverse';
    contractSize?: number;
  };
  mode: 'isolated' | 'cross';
  collateral: number;
  others?: { unrealisedPnl: number; maintenanceMargin: number };
  tiers: 'usdm' | 'coinm';
  closeFeeRate?: number;
  expected: { status: 'price' | 'never' | 'always'; price: number | null };
}

export interface MarginFixture {
  tiers: { usdm: JsonTier[]; coinm: JsonTier[] };
  perps: PerpCase[];
  lending: {
    account: LendingAccount;
    healthFactor: number;
    liquidationPrice: Record<
      string,
      { status: 'price' | 'never' | 'always'; level: number | null }
    >;
  }[];
  peg: ({ account: number; status: 'price' | 'never' | 'always' } & (
    | { underlyingPrice: number; pegRatio: number | null }
    | { pegRatioGiven: number; underlyingPrice: number | null }
  ))[];
  leverage: {
    settlement: 'linear' | 'inverse';
    side: 'long' | 'short';
    price: number;
    stressedMove: number;
    notionalUsd: number;
    feeRate: number;
    tiers: 'usdm' | 'coinm';
    maxLeverage: number | null;
  }[];
  tailHedge: {
    spot: number;
    chain: ChainQuote[];
    exposure: { prices: number[]; pnl: number[] };
    units: number;
    downside: number;
    upside: number;
    unhedgedWorstLoss: number;
    structures: {
      kind: 'put' | 'put-spread' | 'collar';
      expiry: number;
      strikes: number[];
      cost: number;
      worstLoss: number;
      worstLossAt: number;
      breakevens: number[];
      upsidePnl: number;
    }[];
  };
}

export const fixture = loadFixture<MarginFixture>('margin.json');

/** JSON has no Infinity: the open-ended bracket's cap is written as null. */
export function tiersOf(name: 'usdm' | 'coinm'): MarginTier[] {
  return fixture.tiers[name].map((t) => ({ ...t, cap: t.cap ?? Infinity }));
}
