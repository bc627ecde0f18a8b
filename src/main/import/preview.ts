import { KeelError } from '../../shared/errors';
import { LedgerTx } from '../../shared/ledger';
import {
  openCsv,
  type ColumnRef,
  type CsvOpenOptions,
  type CsvSource,
  type CsvTable,
  type Delimiter,
  type RawRow,
} from './csv';
import { IsoDate } from '../../shared/domain';
import { isValidTimeZone, type DateOptions } from './dates';
import { Fingerprinter } from './fingerprint';
import { mappingSource } from './generic';
import { parseMapping } from './mapping';
import type { DecimalSetting } from './numbers';
import { PresetId, PresetOptions, presetSource } from './presets';
import {
  CHAIN,
  LONG,
  longPrices,
  optionChain,
  widePrices,
  type ChainRow,
  type Handler,
  type PriceRow,
  type RowOut,
} from './prices';
import type { RowSink, TradeSource } from './source';
import { cachedKnown, type KnownInstrument, type ProgressCallback, type Rejection } from './types';

// The import pipeline: file → CSV reader → source rows → canonical rows, plus a report of
// rejected rows. One batch of rows (about 2,000) is in memory at a time. Two ways to consume:
//
// - previewImport(file, opts): a dry run returning the report with the rows (or, with
//   `onRow`, handing each row to the caller as it is made and keeping none: the lead inserts
//   inside an open SQLite transaction from there, synchronously, and commits or rolls back
//   when the promise settles);
// - streamImport(file, opts): an async iterator of row / rejected / skipped events, ending
//   with a summary event.

export type ImportKind = 'trades' | 'prices' | 'chain';

export interface TradeRow {
  /** Line where the source row starts (the first of a group, e.g. a Kraken trade's two rows). */
  line: number;
  /** All source lines, when the transaction comes from several rows. */
  lines?: number[];
  tx: LedgerTx;
}

interface CommonOptions {
  onProgress?: ProgressCallback | undefined;
  /** Override delimiter sniffing. */
  delimiter?: Delimiter | undefined;
  /** Cancels between batches with a KeelError('CANCELLED'). */
  signal?: AbortSignal | undefined;
  /** Name used in messages (default: the file's base name). */
  label?: string | undefined;
  /** Size of a stream source, for progress. */
  totalBytes?: number | undefined;
  /** Rows kept in a preview report (all are counted and passed to onRow). Default: all. */
  keepRows?: number | undefined;
  /** Rejections and skips kept in the report (all are counted). Default 1000. */
  maxRejected?: number | undefined;
  /** The lead's catalogue check; unknown symbols are rejected with the reason. */
  knownInstrument?: KnownInstrument | undefined;
}

export interface TradesImportOptions extends CommonOptions {
  kind: 'trades';
  /** A built-in venue preset… */
  preset?: PresetId | undefined;
  presetOptions?: PresetOptions | undefined;
  /** …or a generic column mapping (TradeMapping JSON, validated here). */
  mapping?: unknown;
  /** Account for rows (overrides a preset's venue name and a mapping's fixed account). */
  account?: string | undefined;
  onRow?: ((row: TradeRow) => void) | undefined;
}

export interface PricesImportOptions extends CommonOptions {
  kind: 'prices';
  /** 'auto' (default): long when the header has asset/symbol and close columns, else wide. */
  format?: 'auto' | 'long' | 'wide' | undefined;
  decimal?: DecimalSetting | undefined;
  dates?: DateOptions | undefined;
  /** Simple unquoted lines skip csv-parse (default true; quoted lines still go through it). */
  fastPath?: boolean | undefined;
  onRow?: ((row: PriceRow) => void) | undefined;
}

export interface ChainImportOptions extends CommonOptions {
  kind: 'chain';
  decimal?: DecimalSetting | undefined;
  dates?: DateOptions | undefined;
  /** Snapshot day when the file has no date column. */
  date?: string | undefined;
  onRow?: ((row: ChainRow) => void) | undefined;
}

export type ImportOptions = TradesImportOptions | PricesImportOptions | ChainImportOptions;

export interface ImportSummary {
  kind: ImportKind;
  /** Preset id, mapping id, or the prices format. */
  source: string;
  file: string;
  delimiter: Delimiter;
  header: string[];
  headerLine: number;
  /** Data records read (header, preamble and blank lines excluded). */
  parsed: number;
  /** Canonical rows produced. */
  accepted: number;
  rejectedCount: number;
  skippedCount: number;
  /** File-level remarks, each once: unused columns, delimiter, decimal mark, preamble… */
  notes: string[];
}

export interface ImportReport<T> extends ImportSummary {
  rows: T[];
  /** True when keepRows cut the rows list (accepted counts them all). */
  rowsTruncated: boolean;
  rejected: Rejection[];
  /** Rows recognised and deliberately not imported (Kraken pending entries…), with why. */
  skipped: Rejection[];
}

export type ImportEvent<T> =
  | { type: 'row'; row: T }
  | { type: 'rejected'; line: number; reason: string }
  | { type: 'skipped'; line: number; reason: string }
  | { type: 'end'; summary: ImportSummary };

type RowOf<O> = O extends TradesImportOptions
  ? TradeRow
  : O extends PricesImportOptions
    ? PriceRow
    : ChainRow;

interface CoreSink<T> {
  row(r: T): void;
  reject(line: number, reason: string): void;
  skip(line: number, reason: string): void;
}

interface Plan<T> {
  source: string;
  open: CsvOpenOptions;
  handler(table: CsvTable, sample: readonly RawRow[], sink: CoreSink<T>): Handler<T>;
}

function tradesPlan(o: TradesImportOptions): Plan<TradeRow> {
  if ((o.preset === undefined) === (o.mapping === undefined))
    throw new KeelError(
      'VALIDATION',
      'A trades import needs either a preset or a column mapping (not both).',
    );
  if (o.account !== undefined && !o.account.trim())
    throw new KeelError('VALIDATION', 'The account to import into is empty.');
  let src: TradeSource;
  if (o.preset !== undefined) {
    const id = PresetId.safeParse(o.preset);
    if (!id.success)
      throw new KeelError(
        'VALIDATION',
        `Unknown preset '${String(o.preset)}'; known: ${PresetId.options.join(', ')}.`,
      );
    const po = PresetOptions.safeParse(o.presetOptions ?? {});
    if (!po.success)
      throw new KeelError(
        'VALIDATION',
        `Preset options: ${po.error.issues.map((i) => i.message).join('; ')}`,
      );
    src = presetSource(id.data, po.data);
  } else {
    const m = parseMapping(o.mapping);
    if (!m.columns.account && !m.fixed.account && !o.account)
      throw new KeelError(
        'VALIDATION',
        'The mapping has no account column and no fixed account: choose the account to import into.',
      );
    src = mappingSource(m);
  }
  return {
    source: src.id,
    open: {
      required: src.required,
      optional: src.optional,
      delimiter: o.delimiter ?? src.delimiter,
      headerSearchLines: src.headerSearchLines,
    },
    handler(table, sample, sink) {
      const fp = new Fingerprinter(src.id);
      const known = cachedKnown(o.knownInstrument);
      const rows = src.bind({ table, sample, account: o.account });
      const rs: RowSink = {
        emit(line, txs, key, lines) {
          if (!txs.length) return;
          // Fingerprints first: numbering of identical rows must not depend on the checks.
          const fps = fp.next(txs[0]!.account, key, txs.length);
          const at = lines && lines.length > 1 ? lines : [line];
          const bad = (reason: string) => {
            const why = at.length > 1 ? `${reason} (trade on lines ${at.join(' and ')})` : reason;
            for (const l of at) sink.reject(l, why);
          };
          const out: TradeRow[] = [];
          for (let i = 0; i < txs.length; i++) {
            const tx = txs[i]!;
            for (const s of [
              tx.instrument,
              tx.quote,
              tx.feeCurrency,
              tx.counterInstrument,
              tx.lpInstrument,
            ]) {
              if (s !== undefined && !known(s)) return bad(`unknown instrument '${s}'`);
            }
            const r = LedgerTx.safeParse({ ...tx, fingerprint: fps[i] });
            if (!r.success)
              return bad(
                `not a valid transaction: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
              );
            out.push(at.length > 1 ? { line, lines: [...at], tx: r.data } : { line, tx: r.data });
          }
          for (const row of out) sink.row(row);
        },
        reject: (line, reason) => sink.reject(line, reason),
        skip: (line, reason) => sink.skip(line, reason),
        note: (n) => {
          if (!table.notes.includes(n)) table.notes.push(n);
        },
      };
      return {
        row: (r) => rows.row(r, rs),
        end: () => rows.end?.(rs),
      };
    },
  };
}

function pricesPlan(o: PricesImportOptions): Plan<PriceRow> {
  const format = o.format ?? 'auto';
  const required: ColumnRef[] =
    format === 'long' ? [LONG.date, LONG.symbol, LONG.close] : [LONG.date];
  const optional: ColumnRef[] =
    format === 'long'
      ? [LONG.volume]
      : format === 'auto'
        ? [LONG.symbol, LONG.close, LONG.volume]
        : [];
  let chosen = format;
  return {
    get source() {
      return `prices-${chosen}`;
    },
    open: {
      required,
      optional,
      delimiter: o.delimiter,
      fastPath: o.fastPath ?? true,
      unusedNote: format === 'long',
    },
    handler(table, sample, sink) {
      const has = (ref: ColumnRef) => (table.columns.get(ref) ?? -1) >= 0;
      const out: RowOut<PriceRow> = {
        row: (r) => sink.row(r),
        reject: (l, why) => sink.reject(l, why),
      };
      const opts = { decimal: o.decimal, dates: o.dates, knownInstrument: o.knownInstrument };
      if (format === 'long' || (format === 'auto' && has(LONG.symbol) && has(LONG.close))) {
        chosen = 'long';
        if (format === 'auto') {
          const used = new Set(
            [LONG.date, LONG.symbol, LONG.close, LONG.volume].map((r) => table.columns.get(r)),
          );
          const extra = table.header.filter((h, i) => h && !used.has(i));
          if (extra.length)
            table.notes.push(
              `Ignored columns not used by this import: ${extra.map((h) => `'${h}'`).join(', ')}.`,
            );
        }
        return longPrices(table, sample, opts);
      }
      chosen = 'wide';
      return widePrices(table, sample, opts, out);
    },
  };
}

function chainPlan(o: ChainImportOptions): Plan<ChainRow> {
  const required = [
    CHAIN.instrument,
    CHAIN.underlyingPrice,
    CHAIN.markPrice,
    CHAIN.markIv,
    CHAIN.bid,
    CHAIN.ask,
    CHAIN.openInterest,
  ];
  return {
    source: 'option-chain',
    open: { required, optional: [CHAIN.date], delimiter: o.delimiter },
    handler: (table, sample) =>
      optionChain(table, sample, {
        decimal: o.decimal,
        dates: o.dates,
        date: o.date,
        knownInstrument: o.knownInstrument,
      }),
  };
}

function planFor(o: ImportOptions): Plan<TradeRow> | Plan<PriceRow> | Plan<ChainRow> {
  if (o.kind !== 'trades') {
    const zone = o.dates?.timeZone;
    if (zone !== undefined && !isValidTimeZone(zone))
      throw new KeelError(
        'VALIDATION',
        `Unknown time zone '${zone}' (use UTC, an IANA name like Europe/Berlin, or +02:00).`,
      );
    if (o.kind === 'chain' && o.date !== undefined && !IsoDate.safeParse(o.date).success)
      throw new KeelError(
        'VALIDATION',
        `The snapshot date '${o.date}' is not a day as YYYY-MM-DD.`,
      );
  }
  switch (o.kind) {
    case 'trades':
      return tradesPlan(o);
    case 'prices':
      return pricesPlan(o);
    case 'chain':
      return chainPlan(o);
    default:
      throw new KeelError(
        'VALIDATION',
        `Unknown import kind '${String((o as { kind: unknown }).kind)}'.`,
      );
  }
}

/** Runs the import; yields after each batch (the sink has seen that batch), returns the summary. */
async function* core<T>(
  file: CsvSource,
  o: ImportOptions,
  plan: Plan<T>,
  sink: CoreSink<T>,
): AsyncGenerator<void, ImportSummary> {
  let accepted = 0;
  let rejectedCount = 0;
  let skippedCount = 0;
  const counting: CoreSink<T> = {
    row(r) {
      accepted++;
      sink.row(r);
    },
    reject(line, reason) {
      rejectedCount++;
      sink.reject(line, reason);
    },
    skip(line, reason) {
      skippedCount++;
      sink.skip(line, reason);
    },
  };
  const table = await openCsv(file, {
    ...plan.open,
    onProgress: o.onProgress,
    totalBytes: o.totalBytes,
    label: o.label,
    onReject: (r) => counting.reject(r.line, r.reason),
  });
  const batches = table.batches();
  const out: RowOut<T> = {
    row: (r) => counting.row(r),
    reject: (l, why) => counting.reject(l, why),
  };
  const cancelled = () => {
    if (o.signal?.aborted) throw new KeelError('CANCELLED', `Import of ${table.label} cancelled.`);
  };
  try {
    const first = await batches.next();
    const sample = first.done ? [] : first.value;
    const handler = plan.handler(table, sample, counting);
    const feed = (batch: readonly RawRow[]) => {
      for (let i = 0; i < batch.length; i++) handler.row(batch[i]!, out);
    };
    if (!first.done) {
      feed(sample);
      yield;
      for (;;) {
        cancelled();
        const n = await batches.next();
        if (n.done) break;
        feed(n.value);
        yield;
      }
    }
    handler.end?.(out);
    if (table.records === 0) table.notes.push('The file has a header but no data rows.');
    return {
      kind: o.kind,
      source: plan.source,
      file: table.label,
      delimiter: table.delimiter,
      header: table.header,
      headerLine: table.headerLine,
      parsed: table.records,
      accepted,
      rejectedCount,
      skippedCount,
      notes: table.notes,
    };
  } finally {
    await batches.return(undefined);
    table.close();
  }
}

/**
 * Dry run of an import: reads the whole file and returns the canonical rows with the rejected
 * rows and why. With `onRow`, rows are handed over one by one as they are made and not kept
 * (stream them into an open transaction; nothing is held in memory).
 */
export async function previewImport(
  file: CsvSource,
  opts: TradesImportOptions,
): Promise<ImportReport<TradeRow>>;
export async function previewImport(
  file: CsvSource,
  opts: PricesImportOptions,
): Promise<ImportReport<PriceRow>>;
export async function previewImport(
  file: CsvSource,
  opts: ChainImportOptions,
): Promise<ImportReport<ChainRow>>;
export async function previewImport(
  file: CsvSource,
  opts: ImportOptions,
): Promise<ImportReport<RowOf<ImportOptions>>>;
export async function previewImport(
  file: CsvSource,
  opts: ImportOptions,
): Promise<ImportReport<unknown>> {
  const plan = planFor(opts) as Plan<unknown>;
  const keep = opts.onRow ? 0 : (opts.keepRows ?? Infinity);
  const maxRejected = opts.maxRejected ?? 1000;
  const onRow = opts.onRow as ((r: unknown) => void) | undefined;
  const rows: unknown[] = [];
  const rejected: Rejection[] = [];
  const skipped: Rejection[] = [];
  let truncated = false;
  const gen = core(file, opts, plan, {
    row(r) {
      onRow?.(r);
      if (rows.length < keep) rows.push(r);
      else if (!onRow) truncated = true;
    },
    reject(line, reason) {
      if (rejected.length < maxRejected) rejected.push({ line, reason });
    },
    skip(line, reason) {
      if (skipped.length < maxRejected) skipped.push({ line, reason });
    },
  });
  for (;;) {
    const n = await gen.next();
    if (n.done) {
      rejected.sort((a, b) => a.line - b.line);
      skipped.sort((a, b) => a.line - b.line);
      return { ...n.value, rows, rowsTruncated: truncated, rejected, skipped };
    }
  }
}

/**
 * The import as an async iterator of events (row, rejected, skipped), ending with
 * { type: 'end', summary }. Only the current batch is held.
 */
export function streamImport(
  file: CsvSource,
  opts: TradesImportOptions,
): AsyncGenerator<ImportEvent<TradeRow>>;
export function streamImport(
  file: CsvSource,
  opts: PricesImportOptions,
): AsyncGenerator<ImportEvent<PriceRow>>;
export function streamImport(
  file: CsvSource,
  opts: ChainImportOptions,
): AsyncGenerator<ImportEvent<ChainRow>>;
export async function* streamImport(
  file: CsvSource,
  opts: ImportOptions,
): AsyncGenerator<ImportEvent<unknown>> {
  const plan = planFor(opts) as Plan<unknown>;
  let pending: ImportEvent<unknown>[] = [];
  const gen = core(file, opts, plan, {
    row: (row) => pending.push({ type: 'row', row }),
    reject: (line, reason) => pending.push({ type: 'rejected', line, reason }),
    skip: (line, reason) => pending.push({ type: 'skipped', line, reason }),
  });
  try {
    for (;;) {
      const n = await gen.next();
      const batch = pending;
      pending = [];
      yield* batch;
      if (n.done) {
        yield { type: 'end', summary: n.value };
        return;
      }
    }
  } finally {
    await gen.return(undefined as never);
  }
}
