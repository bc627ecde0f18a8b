import type { AllocationPolicy } from '../../../shared/allocation';
import type { PriceSeries } from '../stats/returns';

/** What the allocation orchestrator needs: prices, the policy, and the facts constraints name. */
export interface AllocateInput {
  series: PriceSeries[];
  policy: AllocationPolicy;
  /** symbol -> dimension (assetClass, chain, protocol, venue, role, custom) -> values. */
  tags: Record<string, Record<string, string[]>>;
  /** Current weights by symbol (for turnover, drift and the current portfolio's point). */
  current: Record<string, number> | null;
  /** Average daily traded value (USD) by symbol, for liquidity caps. */
  adv: Record<string, number>;
  /** Portfolio value (USD), turning liquidity caps into weights. */
  portfolioValue: number | null;
  /** Whether to run every other method for the comparison table. */
  compare: boolean;
}
