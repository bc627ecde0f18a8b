import { buildTiers, flatTiers, type MarginTier } from '../engine/derivatives/margin';

// Margin brackets the Hedge view assumes where the ledger cannot know a venue's live table.
// BTC: Binance USDⓈ-M BTCUSDT "Leverage & Margin" brackets (floor USDT, maintenance rate, max
// leverage) as published in 2024-2025; maintenance amounts follow from continuity (buildTiers).
// Other assets, and every coin-margined contract: a flat 1 % maintenance rate and 50x cap, a
// conservative stand-in. Approximate:
// venues revise these tables; the UI says which one was used.
const BTCUSDT: [number, number, number][] = [
  [0, 0.004, 125],
  [50_000, 0.005, 100],
  [250_000, 0.01, 50],
  [1_000_000, 0.025, 20],
  [10_000_000, 0.05, 10],
  [20_000_000, 0.1, 5],
  [50_000_000, 0.125, 4],
  [100_000_000, 0.15, 3],
  [200_000_000, 0.25, 2],
  [300_000_000, 0.5, 1],
];

export function venueTiers(
  underlying: string,
  settlement: 'linear' | 'inverse' = 'linear',
): { tiers: MarginTier[]; source: string } {
  // coin-margined brackets are in coins and differ by venue (Binance COIN-M, Deribit)
  if (settlement === 'inverse')
    return {
      tiers: flatTiers(0.01, 50),
      source: 'flat 1 % maintenance on the coin notional, 50x cap (stand-in)',
    };
  if (underlying === 'BTC')
    return {
      tiers: buildTiers(
        BTCUSDT.map(([floor, maintenanceRate, maxLeverage]) => ({
          floor,
          maintenanceRate,
          maxLeverage,
        })),
      ),
      source: 'Binance BTCUSDT brackets (2024-2025, approximate)',
    };
  return { tiers: flatTiers(0.01, 50), source: 'flat 1 % maintenance, 50x cap (stand-in)' };
}

/** Aave v3 Ethereum risk parameters (2024-2025, approximate) for collateral without its own. */
export const AAVE_DEFAULTS: Record<
  string,
  { ltv: number; liquidationThreshold: number; liquidationBonus: number }
> = {
  USDC: { ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 },
  USDT: { ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 },
  ETH: { ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
  WETH: { ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
  WBTC: { ltv: 0.73, liquidationThreshold: 0.78, liquidationBonus: 0.05 },
};
