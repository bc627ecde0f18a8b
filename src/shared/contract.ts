import { z } from 'zod';
import type { RpcResult } from './errors';
import {
  AppInfo,
  DemoLoadResult,
  HoldingsReport,
  InstrumentSummary,
  IsoDate,
  PortfolioSelector,
  PortfolioSummary,
  ProgressEvent,
  SeriesPoint,
  TaskId,
  WeightsHistory,
} from './domain';
import { AccountInput, AccountRow, InstrumentInput, TransactionRow } from './book';
import { PortfolioExport } from './export';
import { LedgerTx } from './ledger';
import { RiskOptions, RiskReport } from './risk';
import { AllocationPolicy, AllocationReport } from './allocation';
import { HedgeParams, HedgeReport } from './hedge';
import { ImpliedVolInput, ImpliedVolResult, OptionQuote, OptionQuoteInput } from './options';

// The one table of every call across the process boundary. Main binds a handler per entry,
// validating input before and output after; the preload and the renderer's client are typed
// from it. Adding a call = one entry here + one handler in src/main/handlers.ts. A call marked
// `task` is long: its optional taskId input names it for progress events and cancellation.

const call = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  doc: string,
  opts: { task?: boolean } = {},
) => ({ input, output, doc, task: opts.task === true }) as const;

const PriceSeriesInput = z
  .array(
    z
      .object({
        symbol: z.string().min(1).max(40),
        dates: z.array(IsoDate),
        closes: z.array(z.number()),
      })
      .strict(),
  )
  .min(1)
  .max(2000);

const StoredPolicy = z.object({
  name: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  policy: AllocationPolicy,
});

export const contract = {
  'app.info': call(
    z.object({}).strict(),
    AppInfo,
    'Version, mode, where the data lives, demo source',
  ),
  'portfolios.list': call(z.object({}).strict(), z.array(PortfolioSummary), 'All portfolios'),
  'portfolios.save': call(
    z
      .object({
        /** Left out: create a portfolio. */
        id: z.number().int().optional(),
        name: z.string().trim().min(1).max(200),
        /** USD, or an instrument with a price series (BTC, ETH, USDT…); kept when left out. */
        baseCurrency: z.string().trim().min(1).max(40).optional(),
      })
      .strict(),
    PortfolioSummary,
    'Create a portfolio, or rename one and change its base currency (validated)',
  ),
  'holdings.get': call(
    z
      .object({
        portfolio: PortfolioSelector,
        asOf: IsoDate.optional(),
        costMethod: z.enum(['fifo', 'average']).default('fifo'),
      })
      .strict(),
    HoldingsReport,
    'Positions per venue valued at the latest close on or before asOf',
  ),
  'history.value': call(
    z.object({ portfolio: PortfolioSelector, taskId: TaskId.optional() }).strict(),
    z.object({
      baseCurrency: z.string(),
      points: z.array(SeriesPoint),
      warnings: z.array(z.string()),
    }),
    'Daily portfolio value from the first transaction to the last price',
    { task: true },
  ),
  'history.weights': call(
    z
      .object({
        portfolio: PortfolioSelector,
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        top: z.number().int().min(1).max(50).default(8),
        taskId: TaskId.optional(),
      })
      .strict(),
    WeightsHistory,
    'Weights of the instruments through time: the top N by latest value, the rest as Other',
    { task: true },
  ),
  'instruments.list': call(z.object({}).strict(), z.array(InstrumentSummary), 'Known instruments'),
  'prices.series': call(
    z
      .object({
        symbol: z.string().min(1).max(40),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
      })
      .strict(),
    z.object({ symbol: z.string(), points: z.array(SeriesPoint) }),
    'Daily closes of one instrument',
  ),
  'demo.load': call(
    z.object({ reset: z.boolean().default(false), taskId: TaskId.optional() }).strict(),
    DemoLoadResult,
    'Load the embedded demo portfolio (reset: replace an existing one)',
    { task: true },
  ),
  'risk.portfolio': call(
    z
      .object({
        portfolio: PortfolioSelector,
        asOf: IsoDate.optional(),
        lookbackDays: z.number().int().min(60).max(3650).default(730),
        options: RiskOptions.default(RiskOptions.parse({})),
        taskId: TaskId.optional(),
      })
      .strict(),
    RiskReport.extend({
      runId: z.number().int(),
      portfolio: z.string(),
      baseCurrency: z.string(),
      asOf: IsoDate,
      value: z.number().finite(),
    }),
    'Risk of a stored portfolio: VaR/ES by six methods, contributions, tails, correlation, liquidity',
    { task: true },
  ),
  'risk.series': call(
    z
      .object({
        series: PriceSeriesInput,
        weights: z.record(z.string(), z.number()),
        options: RiskOptions.default(RiskOptions.parse({})),
        benchmark: z.string().optional(),
        taskId: TaskId.optional(),
      })
      .strict(),
    RiskReport.extend({ runId: z.number().int() }),
    'Risk of given daily closes and weights (keel risk --prices --weights)',
    { task: true },
  ),
  'allocation.run': call(
    z
      .object({
        portfolio: PortfolioSelector,
        asOf: IsoDate.optional(),
        policy: AllocationPolicy.default(AllocationPolicy.parse({})),
        /** Also run every other method for the comparison table (default true). */
        compare: z.boolean().default(true),
        taskId: TaskId.optional(),
      })
      .strict(),
    AllocationReport.extend({
      runId: z.number().int(),
      portfolio: z.string(),
      asOf: IsoDate,
      value: z.number().finite(),
    }),
    'Optimal weights for a stored portfolio under a policy; stored as a run',
    { task: true },
  ),
  'allocation.series': call(
    z
      .object({
        series: PriceSeriesInput,
        policy: AllocationPolicy.default(AllocationPolicy.parse({})),
        /** Instrument tags for group constraints (symbol -> dimension -> value). */
        tags: z.record(z.string(), z.record(z.string(), z.string())).default({}),
        current: z.record(z.string(), z.number().finite()).optional(),
        compare: z.boolean().default(false),
        taskId: TaskId.optional(),
      })
      .strict(),
    AllocationReport.extend({ runId: z.number().int() }),
    'Optimal weights from given daily closes (keel optimize --prices)',
    { task: true },
  ),
  'allocation.policies': call(
    z.object({ portfolio: PortfolioSelector }).strict(),
    z.array(StoredPolicy),
    'The latest version of each saved allocation policy',
  ),
  'allocation.savePolicy': call(
    z
      .object({
        portfolio: PortfolioSelector,
        name: z.string().trim().min(1).max(80),
        policy: AllocationPolicy,
      })
      .strict(),
    z.object({ name: z.string(), version: z.number().int(), created: z.boolean() }),
    'Save an allocation policy (a new version when it changed)',
  ),
  'allocation.deletePolicy': call(
    z.object({ portfolio: PortfolioSelector, name: z.string().min(1).max(80) }).strict(),
    z.object({ deleted: z.number().int() }),
    'Delete a saved policy and all its versions',
  ),
  'allocation.runs': call(
    z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    z.array(
      z.object({
        id: z.number().int(),
        method: z.string(),
        createdAt: z.string(),
        engineVersion: z.string(),
      }),
    ),
    'Past optimisation runs, newest first',
  ),
  'allocation.getRun': call(
    z.object({ id: z.number().int().min(1) }).strict(),
    z.object({
      id: z.number().int(),
      createdAt: z.string(),
      inputs: z.unknown(),
      report: AllocationReport,
    }),
    'One stored optimisation run: its inputs and its report',
  ),
  'hedge.report': call(
    z
      .object({
        portfolio: PortfolioSelector,
        asOf: IsoDate.optional(),
        params: HedgeParams.default(HedgeParams.parse({})),
        taskId: TaskId.optional(),
      })
      .strict(),
    HedgeReport.extend({ portfolio: z.string(), runId: z.number().int() }),
    'Greeks, scenario grid, payoff, margin and liquidation, leverage limits and hedge proposals of a stored portfolio; overlay legs give a what-if',
    { task: true },
  ),
  'options.quote': call(
    OptionQuoteInput,
    OptionQuote,
    'Price and raw Greeks of one European option (Black-Scholes or Black-76, linear or inverse)',
  ),
  'options.impliedVol': call(
    ImpliedVolInput,
    ImpliedVolResult,
    'Implied volatility of one option premium, or why there is none',
  ),
  'accounts.list': call(
    z.object({ portfolio: PortfolioSelector }).strict(),
    z.array(AccountRow),
    'Venues of a portfolio',
  ),
  'accounts.save': call(
    z
      .object({
        portfolio: PortfolioSelector,
        id: z.number().int().optional(),
        account: AccountInput,
      })
      .strict(),
    AccountRow,
    'Add a venue, or edit one by id',
  ),
  'accounts.delete': call(
    z.object({ portfolio: PortfolioSelector, id: z.number().int() }).strict(),
    z.object({ deleted: z.boolean() }),
    'Delete a venue without transactions',
  ),
  'instruments.save': call(
    z.object({ instrument: InstrumentInput }).strict(),
    z.object({ symbol: z.string() }),
    'Add or edit an instrument, its attributes and tags',
  ),
  'transactions.list': call(
    z
      .object({
        portfolio: PortfolioSelector,
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        account: z.string().optional(),
        limit: z.number().int().min(1).max(100_000).default(1000),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    z.object({ total: z.number().int(), rows: z.array(TransactionRow) }),
    'Ledger transactions in date order',
  ),
  'transactions.add': call(
    z.object({ portfolio: PortfolioSelector, tx: LedgerTx }).strict(),
    TransactionRow,
    'Add a transaction (the whole ledger is re-checked)',
  ),
  'transactions.update': call(
    z.object({ portfolio: PortfolioSelector, id: z.number().int(), tx: LedgerTx }).strict(),
    TransactionRow,
    'Replace a transaction (the whole ledger is re-checked)',
  ),
  'transactions.delete': call(
    z.object({ portfolio: PortfolioSelector, id: z.number().int() }).strict(),
    z.object({ deleted: z.boolean() }),
    'Delete a transaction',
  ),
  'export.json': call(
    z.object({ portfolio: PortfolioSelector, prices: z.boolean().default(true) }).strict(),
    PortfolioExport,
    'The whole portfolio as one JSON document (lossless)',
  ),
  'import.json': call(
    z.object({ document: z.unknown(), as: z.string().min(1).max(200).optional() }).strict(),
    z.object({
      portfolio: z.string(),
      transactions: z.number().int(),
      prices: z.number().int(),
      notes: z.array(z.string()),
    }),
    'Read a portfolio document back (all or nothing)',
  ),
  'export.csv': call(
    z
      .object({
        portfolio: PortfolioSelector,
        what: z.enum(['transactions', 'holdings']),
        asOf: IsoDate.optional(),
      })
      .strict(),
    z.object({ fileName: z.string(), csv: z.string() }),
    'Transactions or holdings as CSV',
  ),
  'import.presets': call(
    z.object({}).strict(),
    z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['trades', 'prices', 'chain']),
        builtin: z.boolean(),
        description: z.string(),
      }),
    ),
    'Built-in venue presets and saved column mappings',
  ),
  'import.savePreset': call(
    z.object({ name: z.string().min(1).max(80), mapping: z.unknown() }).strict(),
    z.object({ name: z.string() }),
    'Save a column mapping as a named preset',
  ),
  'import.run': call(
    z
      .object({
        portfolio: PortfolioSelector,
        kind: z.enum(['trades', 'prices', 'chain']),
        path: z.string().min(1).max(4096).optional(),
        content: z.string().max(60_000_000).optional(),
        fileName: z.string().max(400).optional(),
        preset: z.string().max(80).optional(),
        mapping: z.unknown().optional(),
        account: z.string().max(120).optional(),
        dryRun: z.boolean().default(true),
        allowRejected: z.boolean().default(false),
        taskId: TaskId.optional(),
      })
      .strict(),
    z.object({
      dryRun: z.boolean(),
      kind: z.enum(['trades', 'prices', 'chain']),
      file: z.string(),
      source: z.string(),
      parsed: z.number().int(),
      accepted: z.number().int(),
      inserted: z.number().int(),
      skipped: z.number().int(),
      rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
      rejectedCount: z.number().int(),
      ignored: z.array(z.object({ line: z.number().int(), reason: z.string() })),
      notes: z.array(z.string()),
      sample: z.array(z.unknown()),
      importId: z.number().int().nullable(),
    }),
    'Import a trades, prices or option-chain file: a dry run (default) or an all-or-nothing commit',
    { task: true },
  ),
  'tasks.cancel': call(
    z.object({ taskId: TaskId }).strict(),
    z.object({ cancelled: z.boolean() }),
    'Cancel a running long call',
  ),
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export const callNames = Object.keys(contract) as CallName[];
export const isCallName = (s: unknown): s is CallName =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(contract, s);

/** What a caller passes (defaults may be left out). */
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
/** What a handler receives (after parsing: defaults filled in). */
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

/** Events pushed from main to the renderer. */
export const events = {
  progress: ProgressEvent,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** The only API the preload exposes (window.keel). */
export interface KeelBridge {
  invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<RpcResult<CallOutput<N>>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
}
