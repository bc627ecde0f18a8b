import { z } from 'zod';

// Domain schemas shared by main, preload and renderer. Types are inferred from the schemas so
// that one definition serves validation and typing.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Arithmetic check of a YYYY-MM-DD string (cheap: every output series is validated). */
export const isRealDay = (s: string): boolean => {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
};

/** A UTC calendar day, YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isRealDay, 'not a real calendar day');
export type IsoDate = z.infer<typeof IsoDate>;

/** An exact decimal quantity as text (up to 18 decimal places); never a binary float. */
export const DecimalString = z
  .string()
  .regex(/^-?\d+(\.\d{1,18})?$/, 'expected a decimal number with at most 18 decimal places');
export type DecimalString = z.infer<typeof DecimalString>;

export const VenueKind = z.enum(['exchange', 'wallet', 'defi']);
export type VenueKind = z.infer<typeof VenueKind>;

export const InstrumentKind = z.enum([
  'spot',
  'stablecoin',
  'staked',
  'lp',
  'lending-supply',
  'lending-borrow',
  'perpetual',
  'future',
  'option',
  'cash',
]);
export type InstrumentKind = z.infer<typeof InstrumentKind>;

export const PortfolioSelector = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('portfolio name; may be left out while there is only one portfolio');

export const PortfolioSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  baseCurrency: z.string(),
  firstDate: IsoDate.nullable(),
  asOf: IsoDate.nullable(),
  positions: z.number().int(),
});
export type PortfolioSummary = z.infer<typeof PortfolioSummary>;

export const HoldingRow = z.object({
  account: z.string(),
  venueKind: VenueKind,
  symbol: z.string(),
  name: z.string(),
  assetClass: z.string(),
  quantity: DecimalString,
  price: z.number().finite().nullable(),
  priceDate: IsoDate.nullable(),
  value: z.number().finite().nullable(),
  weight: z.number().finite().nullable(),
  /** Cost basis of the position (FIFO or average cost), in the base currency. */
  costBasis: z.number().finite(),
  unrealisedPnl: z.number().finite().nullable(),
  /**
   * Margined positions (perpetuals, futures) only: the average entry price, in the base
   * currency per coin. Linear: entry notional / quantity; inverse: face / entry coins (the
   * harmonic mean of the lots' prices, as their P&L needs).
   */
  entryPrice: z.number().finite().positive().optional(),
  /** Margined positions only: how the ledger books them (futures_trade or inverse_futures_trade). */
  margin: z.enum(['linear', 'inverse']).optional(),
});
export type HoldingRow = z.infer<typeof HoldingRow>;

/** How values were converted from USD into a base currency: divided by its close of a day. */
export const BaseConversion = z.object({
  currency: z.string(),
  usdClose: z.number().positive().finite(),
  date: IsoDate,
});
export type BaseConversion = z.infer<typeof BaseConversion>;

export const HoldingsReport = z.object({
  portfolio: z.object({ id: z.number().int(), name: z.string(), baseCurrency: z.string() }),
  asOf: IsoDate,
  rows: z.array(HoldingRow),
  total: z.number().finite(),
  costMethod: z.enum(['fifo', 'average']),
  realisedPnl: z.number().finite(),
  income: z.number().finite(),
  warnings: z.array(z.string()),
  /** The currency of every price, value and P&L above (the base currency; USD when absent). */
  currency: z.string().optional(),
  /** The close that converted them from USD; null for a USD base. */
  conversion: BaseConversion.nullable().optional(),
});
export type HoldingsReport = z.infer<typeof HoldingsReport>;

export const SeriesPoint = z.object({ date: IsoDate, value: z.number().finite() });
export type SeriesPoint = z.infer<typeof SeriesPoint>;

/**
 * Weights of the instruments through time (from the stored history): the top instruments by
 * their value on the last day, the rest summed as "Other". One entry per date in each series.
 */
export const WeightsHistory = z.object({
  baseCurrency: z.string(),
  /** Days the book was valued and worth more than nothing. */
  dates: z.array(IsoDate),
  series: z.array(
    z.object({
      symbol: z.string(),
      /** True on the series that sums every instrument outside the top ones. */
      other: z.boolean().optional(),
      /** Value on the last date, in the base currency. */
      lastValue: z.number().finite(),
      weights: z.array(z.number().finite()),
    }),
  ),
  warnings: z.array(z.string()),
});
export type WeightsHistory = z.infer<typeof WeightsHistory>;

export const InstrumentSummary = z.object({
  symbol: z.string(),
  name: z.string(),
  kind: InstrumentKind,
  assetClass: z.string(),
  chain: z.string().nullable(),
  firstDate: IsoDate.nullable(),
  lastDate: IsoDate.nullable(),
  modelled: z.boolean(),
  quoteCurrency: z.string(),
  /** The kind's attributes (strike, expiry, underlying, peg…) and the tags, as saved. */
  attrs: z.record(z.string(), z.unknown()),
  tags: z.array(z.object({ dimension: z.string(), name: z.string() })),
});
export type InstrumentSummary = z.infer<typeof InstrumentSummary>;

export const DemoInfo = z.object({ asOf: IsoDate, source: z.string() });
export type DemoInfo = z.infer<typeof DemoInfo>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser', 'cli']),
  dataDir: z.string(),
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  demo: DemoInfo.nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const DemoLoadResult = z.object({
  portfolio: z.string(),
  instruments: z.number().int(),
  prices: z.number().int(),
  transactions: z.number().int(),
  asOf: IsoDate,
});
export type DemoLoadResult = z.infer<typeof DemoLoadResult>;

/** A client-made id for a long call, so it can report progress and be cancelled. */
export const TaskId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');

export const ProgressEvent = z.object({
  taskId: TaskId,
  fraction: z.number().min(0).max(1),
  message: z.string(),
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;
