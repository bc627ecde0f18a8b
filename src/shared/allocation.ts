import { z } from 'zod';
import { CovMethod } from './risk';

// Allocation policies (what to optimise, under which constraints) and the optimiser's report,
// shared by the engine's orchestrator, the services, the CLI and the Allocate view.

export const AllocationMethod = z.enum([
  'min-volatility',
  'max-sharpe',
  'efficient-risk',
  'efficient-return',
  'max-utility',
  'risk-parity',
  'hrp',
  'herc',
  'min-cvar',
  'max-diversification',
  'equal-weight',
  'inverse-volatility',
]);
export type AllocationMethod = z.infer<typeof AllocationMethod>;

export const ReturnsModel = z.enum([
  'mean',
  'compounded',
  'ema',
  'capm',
  'equilibrium',
  'black-litterman',
]);
export type ReturnsModel = z.infer<typeof ReturnsModel>;

/** Group dimensions a desk constrains: tags of instruments, or the venue holding them. */
export const GroupDimension = z.enum([
  'assetClass',
  'chain',
  'protocol',
  'venue',
  'role',
  'custom',
]);
export type GroupDimension = z.infer<typeof GroupDimension>;

const frac = z.number().finite().min(-10).max(10);

export const GroupBound = z
  .object({
    dimension: GroupDimension,
    /** The tag value (e.g. "DeFi", "Ethereum", "Binance"), or the custom group's name. */
    name: z.string().min(1).max(80),
    /** Members of a custom group (symbols); other dimensions take members from the data. */
    members: z.array(z.string().min(1).max(40)).max(2000).optional(),
    min: frac.optional(),
    max: frac.optional(),
  })
  .strict();
export type GroupBound = z.infer<typeof GroupBound>;

export const View = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('absolute'),
      asset: z.string().min(1).max(40),
      /** Expected annual return of the asset. */
      return: z.number().finite().min(-5).max(50),
      /** Idzorek confidence, 0..1 (exclusive of 0). */
      confidence: z.number().gt(0).max(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('relative'),
      long: z.string().min(1).max(40),
      short: z.string().min(1).max(40),
      /** long outperforms short by this much a year. */
      return: z.number().finite().min(-5).max(50),
      confidence: z.number().gt(0).max(1),
    })
    .strict(),
]);
export type View = z.infer<typeof View>;

export const AllocationConstraintsInput = z
  .object({
    /**
     * Default per-asset bounds (fractions of portfolio value). Without a minimum: 0 long-only,
     * −maxWeight long-short.
     */
    minWeight: frac.optional(),
    maxWeight: frac.default(1),
    perAsset: z
      .record(
        z.string().min(1).max(40),
        z.object({ min: frac.optional(), max: frac.optional() }).strict(),
      )
      .default({}),
    longOnly: z.boolean().default(true),
    /** Long-short: sum of |weights| at most this. */
    grossLeverage: z.number().min(1).max(10).default(1.5),
    groups: z.array(GroupBound).max(200).default([]),
    /** Stablecoins and cash together at least this fraction. */
    stableFloor: z.number().min(0).max(1).optional(),
    /** Liquidity cap: a position no larger than this many days of average daily volume. */
    liquidityDays: z.number().gt(0).max(365).optional(),
    /** Turnover limit from current holdings: sum |target - current| at most this. */
    maxTurnover: z.number().gt(0).max(4).optional(),
    maxAssets: z.number().int().min(1).max(2000).optional(),
    minPosition: z.number().gt(0).max(1).optional(),
    l2: z.number().min(0).max(100).default(0),
  })
  .strict();
export type AllocationConstraintsInput = z.input<typeof AllocationConstraintsInput>;
export type AllocationConstraintsSpec = z.output<typeof AllocationConstraintsInput>;

export const AllocationPolicy = z
  .object({
    /** Symbols to allocate across; empty = the portfolio's current priced holdings. */
    universe: z.array(z.string().min(1).max(40)).max(2000).default([]),
    method: AllocationMethod.default('max-sharpe'),
    returns: ReturnsModel.default('compounded'),
    cov: CovMethod.default('ledoit-wolf-cc'),
    lookbackDays: z.number().int().min(60).max(3650).default(730),
    periodsPerYear: z.number().int().min(1).max(366).default(365),
    riskFree: z.number().min(-1).max(1).default(0),
    emaSpan: z.number().int().min(2).max(5000).default(500),
    targetVolatility: z.number().gt(0).max(10).optional(),
    targetReturn: z.number().min(-5).max(50).optional(),
    riskAversion: z.number().gt(0).max(1000).default(1),
    /** CVaR confidence. */
    alpha: z.number().gt(0.5).lt(1).default(0.95),
    /** Risk budgets for risk parity (symbol -> share; missing = equal). */
    riskBudgets: z.record(z.string(), z.number().gt(0)).optional(),
    views: z.array(View).max(100).default([]),
    /** How many frontier points to draw. */
    frontierPoints: z.number().int().min(2).max(200).default(30),
    constraints: AllocationConstraintsInput.default(AllocationConstraintsInput.parse({})),
  })
  .strict();
export type AllocationPolicyInput = z.input<typeof AllocationPolicy>;
export type AllocationPolicy = z.output<typeof AllocationPolicy>;

const finite = z.number().finite();

/** One method's proposal with the figures the comparison table shows. */
export const AllocationProposal = z.object({
  method: AllocationMethod,
  ok: z.boolean(),
  weights: z.record(z.string(), finite),
  expectedReturn: finite,
  volatility: finite,
  sharpe: finite,
  /** Historical CVaR of daily returns at the policy's alpha (a positive loss fraction). */
  cvar: finite,
  maxDrawdown: finite,
  /** 1 / sum w^2 */
  effectiveAssets: finite,
  /** Share of portfolio variance per asset (sums to 1). */
  riskContributions: z.record(z.string(), finite),
  notes: z.array(z.string()),
});
export type AllocationProposal = z.infer<typeof AllocationProposal>;

export const AllocationReport = z.object({
  method: AllocationMethod,
  symbols: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  observations: z.number().int(),
  expectedReturns: z.record(z.string(), finite),
  volatilities: z.record(z.string(), finite),
  /** The USD value current weights and trades are fractions of; null for price-only runs (older runs lack it). */
  universeValue: finite.nullable().optional(),
  /** Current weights of the universe (zero where not held); absent for price-only runs. */
  current: z.record(z.string(), finite).nullable(),
  currentStats: AllocationProposal.nullable(),
  proposal: AllocationProposal,
  /** Set when the constraints cannot all hold: the smallest conflicting set found. */
  infeasible: z.object({ conflicting: z.array(z.string()), message: z.string() }).nullable(),
  frontier: z.array(z.object({ expectedReturn: finite, volatility: finite, sharpe: finite })),
  comparison: z.array(AllocationProposal),
  warnings: z.array(z.string()),
});
export type AllocationReport = z.infer<typeof AllocationReport>;
