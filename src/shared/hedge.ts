import { z } from 'zod';
import { IsoDate } from './domain';

// The derivatives picture of a book (Greeks, scenario grid, payoff, margin and liquidation,
// leverage limits) and its hedge proposals, shared by the engine, the service, the CLI and the
// Hedge view. Greeks here are raw (vega per 1.00 of vol, theta per year, rho per 1.00 of rate)
// next to the desk units the UI shows (dollar delta, dollar gamma per 1 %, vega per vol point,
// theta per day).

const finite = z.number().finite();

/** A hypothetical leg added to the book for a what-if: nothing is written to the ledger. */
export const OverlayLeg = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('perpetual'),
      underlying: z.string().min(1).max(40),
      /** Signed coins (short < 0). */
      quantity: finite.refine((q) => q !== 0, 'quantity must not be zero'),
      label: z.string().max(200).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('option'),
      underlying: z.string().min(1).max(40),
      right: z.enum(['call', 'put']),
      strike: finite.gt(0),
      expiryDate: IsoDate,
      /** Signed contracts of one coin each (long > 0). */
      quantity: finite.refine((q) => q !== 0, 'quantity must not be zero'),
      /**
       * Premium per contract in USD (a price, ≥ 0): paid when quantity > 0, received when
       * quantity < 0; the what-if P&L counts quantity × premium as the cost.
       */
      premium: finite.min(0).optional(),
      /** How the option settles (default linear); the chain's coin options are inverse. */
      settlement: z.enum(['linear', 'inverse']).optional(),
      label: z.string().max(200).optional(),
    })
    .strict(),
]);
export type OverlayLeg = z.infer<typeof OverlayLeg>;

export const HedgeParams = z
  .object({
    /** Relative spot moves of the scenario grid. */
    spotMoves: z.array(z.number().gt(-1).max(10)).min(1).max(101).optional(),
    /** Additive vol shifts (0.1 = +10 vol points). */
    volShifts: z.array(z.number().min(-5).max(5)).min(1).max(21).optional(),
    /** Horizon of the second grid, in days. */
    horizonDays: z.number().int().min(1).max(365).default(7),
    /** Underlying of the payoff chart and the tail hedge; default the largest dollar delta. */
    underlying: z.string().min(1).max(40).optional(),
    /** Tail hedge: protect down to this fall (0.3 = −30 %). */
    downside: z.number().gt(0).lt(1).default(0.3),
    /** Tail hedge: largest acceptable loss over that range, as a fraction of the exposure's value. */
    maxLoss: z.number().gt(0).max(1).default(0.1),
    /** Tail hedge: premium budget as a fraction of the exposure's value. */
    budget: z.number().min(0).max(1).default(0.02),
    /** Leverage limits: days a position must survive the stressed move. */
    stressHorizonDays: z.number().int().min(1).max(90).default(1),
    /** Leverage limits: confidence of the stressed move from the tail model. */
    stressAlpha: z.number().gt(0.5).lt(1).default(0.99),
    /** Leverage for the margin of a delta hedge. */
    hedgeLeverage: z.number().min(1).max(125).default(3),
    /** Isolated-margin figures of perpetuals and futures: the margin posted at this leverage. */
    isolatedLeverage: z.number().min(1).max(125).default(10),
    overlay: z.array(OverlayLeg).max(50).default([]),
  })
  .strict();
export type HedgeParamsInput = z.input<typeof HedgeParams>;
export type HedgeParams = z.output<typeof HedgeParams>;

export const RiskLineOut = z.object({
  value: finite,
  delta: finite,
  gamma: finite,
  vega: finite,
  theta: finite,
  rho: finite,
  dollarDelta: finite,
  dollarGamma1pct: finite,
  vegaPerPoint: finite,
  thetaPerDay: finite,
});
export type RiskLineOut = z.infer<typeof RiskLineOut>;

export const GreeksPosition = RiskLineOut.extend({
  symbol: z.string(),
  account: z.string(),
  kind: z.string(),
  underlying: z.string(),
  quantity: finite,
  bucket: z.string(),
  expiryDate: z.string().nullable(),
  strike: finite.nullable(),
  vol: finite.nullable(),
  coinDelta: finite.nullable(),
});
export type GreeksPosition = z.infer<typeof GreeksPosition>;

export const GreeksSummary = z.object({
  positions: z.array(GreeksPosition),
  byUnderlying: z.array(RiskLineOut.extend({ underlying: z.string(), spot: finite })),
  byExpiry: z.array(RiskLineOut.extend({ underlying: z.string(), bucket: z.string() })),
  total: z.object({
    value: finite,
    dollarDelta: finite,
    dollarGamma1pct: finite,
    vegaPerPoint: finite,
    thetaPerDay: finite,
  }),
});
export type GreeksSummary = z.infer<typeof GreeksSummary>;

export const ScenarioGridOut = z.object({
  spotMoves: z.array(finite),
  volShifts: z.array(finite),
  horizonsDays: z.array(finite),
  /** pnl[h][v][s] in USD against today's value. */
  pnl: z.array(z.array(z.array(finite))),
});
export type ScenarioGridOut = z.infer<typeof ScenarioGridOut>;

export const PayoffOut = z.object({
  underlying: z.string(),
  spot: finite,
  prices: z.array(finite),
  /** Book P&L (USD) if the underlying moved to each price now, and at the first option expiry. */
  today: z.array(finite),
  atExpiry: z.array(finite),
  expiryDate: z.string().nullable(),
});
export type PayoffOut = z.infer<typeof PayoffOut>;

export const PerpMargin = z.object({
  symbol: z.string(),
  account: z.string(),
  underlying: z.string(),
  /** linear: quantity in coins, margined in USD; inverse: quantity in USD face, in the coin. */
  settlement: z.enum(['linear', 'inverse']),
  quantity: finite,
  entryPrice: finite,
  markPrice: finite,
  notional: finite,
  unrealisedPnl: finite,
  maintenanceMargin: finite,
  collateral: finite,
  liquidationPrice: finite.nullable(),
  liquidationStatus: z.enum(['price', 'never', 'always']),
  /** Isolated margin instead: margin = notional / isolatedLeverage, and its liquidation price. */
  isolatedLeverage: finite,
  isolatedMargin: finite,
  isolatedLiquidationPrice: finite.nullable(),
  distancePct: finite.nullable(),
  distanceSd: finite.nullable(),
  /** Funding P&L a day at the current rate: positive = received (a short when longs pay). */
  fundingPerDay: finite,
  note: z.string(),
});

export const LendingRisk = z.object({
  account: z.string(),
  collateralUsd: finite,
  debtUsd: finite,
  healthFactor: finite.nullable(),
  borrowPowerUsd: finite,
  liquidations: z.array(
    z.object({
      asset: z.string(),
      price: finite.nullable(),
      movePct: finite.nullable(),
      note: z.string(),
    }),
  ),
  /** Staked collateral: the peg ratio (token per underlying coin) that liquidates at today's price. */
  peg: z
    .object({
      asset: z.string(),
      underlying: z.string(),
      currentRatio: finite,
      liquidationRatio: finite.nullable(),
      depegPct: finite.nullable(),
    })
    .nullable(),
});

export const LeverageRow = z.object({
  asset: z.string(),
  spot: finite,
  /** The stressed fall (for longs) and rise (for shorts) over params.stressHorizonDays, fractions. */
  stressedMove: finite,
  stressedRise: finite,
  dailyVol: finite,
  maxLeverageLong: finite,
  maxLeverageShort: finite,
  venueMaxLeverage: finite.nullable(),
});

const Leg = z.object({
  right: z.enum(['call', 'put']),
  strike: finite,
  expiryDate: z.string(),
  quantity: finite,
  price: finite,
});
export const TailStructure = z.object({
  /** 'put', 'put-spread' or 'collar'. */
  kind: z.string(),
  description: z.string(),
  expiryDate: z.string(),
  /** Signed contracts (long > 0) at the premium used: the ask when bought, the bid when sold. */
  legs: z.array(Leg),
  /** Net premium paid, USD (negative: a credit). */
  costUsd: finite,
  /** Largest loss over the downside range after the hedge and its cost (USD, positive = loss). */
  worstLossUsd: finite,
  /** The loss level the hedge holds while its long put is in the money (USD). */
  protectedLossUsd: finite,
  /** Underlying prices where the hedged P&L crosses zero. */
  breakevens: z.array(finite),
  /** Hedged P&L at the top of the range (what a collar gives up), USD. */
  upsidePnlUsd: finite,
  /** Within the premium budget and the loss cap; `reasons` say why not. */
  feasible: z.boolean(),
  reasons: z.array(z.string()),
  /** The legs as what-if overlay legs, ready to apply. */
  overlay: z.array(OverlayLeg),
});
export type TailStructure = z.infer<typeof TailStructure>;

export const DeltaHedgeOut = z.object({
  underlying: z.string(),
  netDelta: finite,
  spot: finite,
  proposals: z.array(
    z.object({
      instrument: z.string(),
      side: z.string(),
      contracts: finite,
      residualDelta: finite,
      notionalUsd: finite,
      /** Funding carry as a COST: positive = paid, negative = earned (unlike perps[].fundingPerDay). */
      costPerDayUsd: finite,
      costPerYearUsd: finite,
      /** Initial margin at params.hedgeLeverage, USD. */
      marginUsd: finite.nullable(),
      overlay: z.array(OverlayLeg),
    }),
  ),
});

export const HedgeReport = z.object({
  asOf: IsoDate,
  /** The settings these figures were computed with (defaults filled in). */
  params: HedgeParams,
  underlyings: z.array(
    z.object({
      underlying: z.string(),
      spot: finite,
      atmVol: finite,
      volSource: z.string(),
      carry: finite,
    }),
  ),
  greeks: GreeksSummary,
  grid: ScenarioGridOut,
  payoff: PayoffOut.nullable(),
  perps: z.array(PerpMargin),
  lending: z.array(LendingRisk),
  leverage: z.array(LeverageRow),
  deltaHedges: z.array(DeltaHedgeOut),
  tailHedge: z
    .object({
      underlying: z.string(),
      units: finite,
      exposureUsd: finite,
      maxLossUsd: finite,
      budgetUsd: finite,
      rangeLow: finite,
      unhedgedWorstLossUsd: finite,
      structures: z.array(TailStructure),
      counts: z.record(z.string(), z.number()),
    })
    .nullable(),
  /** The same book with the overlay legs added (what-if), when any were given. */
  after: z
    .object({ greeks: GreeksSummary, grid: ScenarioGridOut, payoff: PayoffOut.nullable() })
    .nullable(),
  warnings: z.array(z.string()),
});
export type HedgeReport = z.infer<typeof HedgeReport>;
