import { basename } from 'node:path';
import Decimal from 'decimal.js';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { KeelError } from '../../shared/errors';
import type { LedgerTx } from '../../shared/ledger';
import { DEFAULT_CASH } from '../engine/ledger';
import {
  previewImport,
  PresetId,
  PRESETS,
  TradeMapping,
  type ImportSummary,
  type Rejection,
} from '../import';
import { insertLedgerTxs } from '../store/ledger-tx';
import type { CallContext, ServiceContext } from './context';
import { writeLedger } from './book';
import { resolvePortfolio } from './portfolios';

export type ImportKindName = 'trades' | 'prices' | 'chain';

export interface ImportInput {
  portfolio?: string | undefined;
  kind: ImportKindName;
  path?: string | undefined;
  content?: string | undefined;
  fileName?: string | undefined;
  preset?: string | undefined;
  mapping?: unknown;
  account?: string | undefined;
  dryRun: boolean;
  allowRejected: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  kind: ImportKindName;
  file: string;
  source: string;
  parsed: number;
  accepted: number;
  inserted: number;
  skipped: number;
  rejected: Rejection[];
  rejectedCount: number;
  ignored: Rejection[];
  notes: string[];
  sample: unknown[];
  importId: number | null;
}

const ALIASES: Record<string, string> = {
  binance: 'binance-spot-trades',
  coinbase: 'coinbase-transactions',
  kraken: 'kraken-ledgers',
  deribit: 'deribit-transaction-log',
};

export function listPresets(ctx: ServiceContext) {
  const builtin = PRESETS.map((p) => ({
    name: p.id,
    kind: 'trades' as const,
    builtin: true,
    description: `${p.name}: ${p.handles.join(', ')}`,
  }));
  const saved = (
    ctx.store.db.prepare('SELECT name, kind FROM import_presets ORDER BY name').all() as {
      name: string;
      kind: ImportKindName;
    }[]
  ).map((p) => ({ ...p, builtin: false, description: 'saved column mapping' }));
  return [...builtin, ...saved];
}

export function savePreset(
  ctx: ServiceContext,
  input: { name: string; mapping: unknown },
): { name: string } {
  const parsed = TradeMapping.safeParse(input.mapping);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: `mapping.${i.path.map(String).join('.')}`,
      message: i.message,
    }));
    throw new KeelError(
      'VALIDATION',
      `The mapping is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  if (PresetId.safeParse(input.name).success || ALIASES[input.name])
    throw new KeelError('CONFLICT', `'${input.name}' is a built-in preset name.`);
  ctx.store.db
    .prepare(
      'INSERT INTO import_presets (name, kind, mapping, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET mapping = excluded.mapping',
    )
    .run(input.name, 'trades', JSON.stringify(parsed.data), ctx.now().toISOString());
  return { name: input.name };
}

let stageCounter = 0;

/** A commit refused because rows were rejected: says how many, the first, and what to do. */
function rejectedRows(
  label: string,
  summary: { rejectedCount: number; rejected: Rejection[] },
): KeelError {
  const first = summary.rejected[0];
  return new KeelError(
    'VALIDATION',
    `${summary.rejectedCount} row(s) of ${label} were rejected (first: line ${first?.line}: ${first?.reason}). Nothing was imported; fix them, or import the valid rows anyway (--allow-rejected, or the tick box in the import wizard).`,
    summary.rejected.slice(0, 50).map((r) => ({ path: `line ${r.line}`, message: r.reason })),
  );
}

/**
 * Dry run or commit of a trades, prices or option-chain file. Rows are parsed as a stream and
 * staged in a TEMP table of this connection (not in the database file), so memory stays flat
 * and a killed process leaves nothing behind; the commit is then one transaction that inserts
 * the staged rows (an already-imported row, same fingerprint, is skipped), re-checks the whole
 * ledger, and records the import.
 */
export async function runImport(
  ctx: ServiceContext,
  input: ImportInput,
  call: CallContext,
): Promise<ImportResult> {
  const db = ctx.store.db;
  if (!input.path === !input.content)
    throw new KeelError('VALIDATION', 'Give a file path or the file content, one of them.', [
      { path: 'path', message: 'path or content' },
    ]);
  const p = input.kind === 'trades' ? resolvePortfolio(db, input.portfolio) : null;
  const label = input.fileName ?? (input.path ? basename(input.path) : 'upload.csv');
  const source = input.path ?? Readable.from([input.content!]);
  const known = new Set(
    (db.prepare('SELECT symbol FROM instruments').all() as { symbol: string }[]).map(
      (r) => r.symbol,
    ),
  );
  for (const c of DEFAULT_CASH) known.add(c);
  const knownInstrument = (s: string) => known.has(s);

  let preset: PresetId | undefined;
  let mapping: unknown = input.mapping;
  if (input.kind === 'trades') {
    if (input.preset) {
      const id = ALIASES[input.preset.toLowerCase()] ?? input.preset;
      if (PresetId.safeParse(id).success) preset = id as PresetId;
      else {
        const saved = db
          .prepare('SELECT mapping FROM import_presets WHERE name = ?')
          .get(input.preset) as { mapping: string } | undefined;
        if (!saved)
          throw new KeelError(
            'NOT_FOUND',
            `No preset '${input.preset}'. Built in: ${Object.keys(ALIASES).join(', ')}; saved: ${
              listPresets(ctx)
                .filter((x) => !x.builtin)
                .map((x) => x.name)
                .join(', ') || 'none'
            }.`,
          );
        mapping = JSON.parse(saved.mapping);
      }
    } else if (mapping === undefined)
      throw new KeelError('VALIDATION', 'A trades import needs a preset or a column mapping.', [
        { path: 'preset', message: 'required' },
      ]);
  }

  if (input.kind === 'prices' && !input.dryRun) return importPrices(ctx, input, call, label, known);

  const stage = `import_stage_${++stageCounter}`;
  // prices are staged in typed columns (the bulk case: millions of rows); trades and chains as JSON
  const typed = input.kind === 'prices';
  db.exec(
    typed
      ? `CREATE TEMP TABLE ${stage} (seq INTEGER PRIMARY KEY, date TEXT, symbol TEXT, close REAL, volume REAL)`
      : `CREATE TEMP TABLE ${stage} (seq INTEGER PRIMARY KEY, row TEXT NOT NULL)`,
  );
  try {
    const put = db.prepare(
      typed
        ? `INSERT INTO ${stage} (date, symbol, close, volume) VALUES (?, ?, ?, ?)`
        : `INSERT INTO ${stage} (row) VALUES (?)`,
    );
    const sample: unknown[] = [];
    let batch: unknown[] = [];
    const flush = db.transaction((rows: unknown[]) => {
      if (typed)
        for (const r of rows as { date: string; symbol: string; close: number; volume?: number }[])
          put.run(r.date, r.symbol, r.close, r.volume ?? null);
      else for (const r of rows) put.run(JSON.stringify(r));
    });
    const onRow = (row: unknown) => {
      if (sample.length < 100) sample.push(row);
      if (!input.dryRun) {
        batch.push(row);
        if (batch.length >= 10_000) {
          flush(batch);
          batch = [];
        }
      }
    };
    const common = {
      label,
      keepRows: 0,
      maxRejected: 1000,
      knownInstrument,
      signal: call.signal,
      onProgress: (pr: { fraction?: number | null; bytes?: number }) =>
        call.progress(Math.min(0.9, 0.9 * (pr.fraction ?? 0)), `read ${label}`),
    };
    let report;
    if (input.kind === 'trades') {
      report = await previewImport(source, {
        ...common,
        kind: 'trades',
        ...(preset ? { preset } : { mapping }),
        ...(input.account ? { account: input.account } : {}),
        onRow: (r: { tx: LedgerTx }) => onRow(r.tx),
      } as never);
    } else if (input.kind === 'prices') {
      report = await previewImport(source, { ...common, kind: 'prices', onRow } as never);
    } else {
      report = await previewImport(source, { ...common, kind: 'chain', onRow } as never);
    }
    if (batch.length) flush(batch);
    const summary = report as ImportSummary & { rejected: Rejection[]; skipped: Rejection[] };
    const result: ImportResult = {
      dryRun: input.dryRun,
      kind: input.kind,
      file: label,
      source: summary.source,
      parsed: summary.parsed,
      accepted: summary.accepted,
      inserted: 0,
      skipped: 0,
      rejected: summary.rejected,
      rejectedCount: summary.rejectedCount,
      ignored: summary.skipped,
      notes: summary.notes,
      sample,
      importId: null,
    };
    if (input.kind === 'trades' && summary.source === 'deribit-transaction-log' && p)
      warnOldDeribitFutures(ctx, p.id, result.notes);
    if (input.dryRun) return result;
    if (summary.rejectedCount && !input.allowRejected) {
      throw rejectedRows(label, summary);
    }
    call.progress(0.92, 'writing');
    const staged = (db.prepare(`SELECT count(*) AS n FROM ${stage}`).get() as { n: number }).n;
    const started = ctx.now().toISOString();
    const commit = () => {
      const importId = Number(
        db
          .prepare(
            'INSERT INTO imports (kind, source, preset, portfolio_id, started_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(input.kind, label, summary.source, p?.id ?? null, started).lastInsertRowid,
      );
      let inserted = 0;
      let skipped = 0;
      if (input.kind === 'trades') {
        const txs = (
          db.prepare(`SELECT row FROM ${stage} ORDER BY seq`).all() as { row: string }[]
        ).map((r) => JSON.parse(r.row) as LedgerTx);
        ensureAccounts(ctx, p!.id, txs, result.notes);
        fillMissingPrices(ctx, txs, result.notes);
        ({ inserted, skipped } = insertLedgerTxs(db, p!.id, txs, importId, DEFAULT_CASH));
      } else if (input.kind === 'prices') {
        // one statement from the staging table: fast, and a close already stored is kept
        inserted = db
          .prepare(
            `INSERT INTO prices (instrument_id, date, close, volume)
             SELECT i.id, s.date, s.close, s.volume FROM ${stage} s JOIN instruments i ON i.symbol = s.symbol ORDER BY s.seq
             ON CONFLICT DO NOTHING`,
          )
          .run().changes;
        skipped = staged - inserted;
      } else {
        const day = ctx.now().toISOString().slice(0, 10);
        inserted = db
          .prepare(
            `INSERT INTO option_quotes (instrument, date, underlying, expiry, strike, right, underlying_price, mark_price, mark_iv, bid, ask, open_interest)
             SELECT json_extract(row, '$.instrument'), coalesce(json_extract(row, '$.date'), ?), json_extract(row, '$.underlying'),
               json_extract(row, '$.expiry'), CAST(json_extract(row, '$.strike') AS REAL), json_extract(row, '$.right'),
               json_extract(row, '$.underlyingPrice'), json_extract(row, '$.markPrice'), json_extract(row, '$.markIv'),
               json_extract(row, '$.bid'), json_extract(row, '$.ask'), json_extract(row, '$.openInterest')
             FROM ${stage} ORDER BY seq
             ON CONFLICT DO NOTHING`,
          )
          .run(day).changes;
        skipped = staged - inserted;
      }
      db.prepare('UPDATE imports SET inserted = ?, skipped = ?, rejected = ? WHERE id = ?').run(
        inserted,
        skipped,
        summary.rejectedCount,
        importId,
      );
      return { inserted, skipped, importId };
    };
    const done =
      input.kind === 'trades' ? writeLedger(db, p!.id, commit) : db.transaction(commit)();
    call.progress(1, 'imported');
    return { ...result, ...done };
  } finally {
    db.exec(`DROP TABLE IF EXISTS temp.${stage}`);
  }
}

/**
 * Exchange exports give no price for coins arriving from outside (deposits, rewards, borrows):
 * their cost basis is then the close of that day (or the latest before it), said in a note.
 */
/**
 * Before this version the Deribit preset booked futures as their fee and session P&L flows;
 * it now books positions. Importing a log again over such rows would count both: say so.
 */
function warnOldDeribitFutures(ctx: ServiceContext, portfolioId: number, notes: string[]): void {
  const n = (
    ctx.store.db
      .prepare(
        `SELECT count(*) AS n FROM transactions t JOIN accounts a ON a.id = t.account_id
         WHERE a.portfolio_id = ? AND (t.note LIKE 'trade fee: %' OR t.note LIKE 'session P&L %' OR t.note LIKE 'delivery P&L %')`,
      )
      .get(portfolioId) as { n: number }
  ).n;
  if (n)
    notes.push(
      `This book holds ${n} Deribit futures rows from an earlier import that booked futures as fees and session P&L ('trade fee: …', 'session P&L …', 'delivery P&L …'). This import books the positions themselves: delete those rows (Data > Transactions) or their fees and P&L count twice.`,
    );
}

function fillMissingPrices(ctx: ServiceContext, txs: LedgerTx[], notes: string[]): void {
  const close = ctx.store.db.prepare(
    'SELECT p.close FROM prices p JOIN instruments i ON i.id = p.instrument_id WHERE i.symbol = ? AND p.date <= ? ORDER BY p.date DESC LIMIT 1',
  );
  let filled = 0;
  for (const t of txs) {
    if (
      t.price !== undefined ||
      !['deposit', 'staking_reward', 'borrow'].includes(t.kind) ||
      DEFAULT_CASH.includes(t.instrument)
    )
      continue;
    const row = close.get(t.instrument, t.date) as { close: number } | undefined;
    if (!row) continue;
    t.price = new Decimal(row.close).toDecimalPlaces(18).toFixed();
    filled++;
  }
  if (filled)
    notes.push(
      `${filled} deposit(s) or reward(s) had no price: their cost basis is the close of their day.`,
    );
}

/**
 * Prices, the bulk case (millions of rows): a second connection holds one write transaction for
 * the whole stream and inserts each row as it is parsed; readers on the main connection go on
 * (WAL). Any rejected row (unless allowed), an error, a cancel or a kill rolls it all back.
 */
async function importPrices(
  ctx: ServiceContext,
  input: ImportInput,
  call: CallContext,
  label: string,
  known: Set<string>,
): Promise<ImportResult> {
  const w = ctx.store.connect();
  const ids = new Map(
    (w.prepare('SELECT symbol, id FROM instruments').all() as { symbol: string; id: number }[]).map(
      (r) => [r.symbol, r.id],
    ),
  );
  const ins = w.prepare(
    'INSERT INTO prices (instrument_id, date, close, volume) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  let inserted = 0;
  let skipped = 0;
  const insert = (symbol: string, date: string, close: number, volume: number | null) => {
    if (ins.run(ids.get(symbol), date, close, volume).changes) inserted++;
    else skipped++;
  };
  w.exec('BEGIN IMMEDIATE');
  try {
    const { report, sample } = ctx.importWorkerFile
      ? await parseInWorker(ctx.importWorkerFile, input, label, known, call, insert)
      : await parseInline(input, label, known, call, insert);
    const summary = report as ImportSummary & { rejected: Rejection[]; skipped: Rejection[] };
    if (summary.rejectedCount && !input.allowRejected) {
      throw rejectedRows(label, summary);
    }
    const importId = Number(
      w
        .prepare(
          'INSERT INTO imports (kind, source, preset, portfolio_id, started_at, inserted, skipped, rejected) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)',
        )
        .run(
          'prices',
          label,
          summary.source,
          ctx.now().toISOString(),
          inserted,
          skipped,
          summary.rejectedCount,
        ).lastInsertRowid,
    );
    w.exec('COMMIT');
    call.progress(1, 'imported');
    return {
      dryRun: false,
      kind: 'prices',
      file: label,
      source: summary.source,
      parsed: summary.parsed,
      accepted: summary.accepted,
      inserted,
      skipped,
      rejected: summary.rejected,
      rejectedCount: summary.rejectedCount,
      ignored: summary.skipped,
      notes: summary.notes,
      sample,
      importId,
    };
  } catch (err) {
    if (w.inTransaction) w.exec('ROLLBACK');
    throw err;
  } finally {
    w.close();
  }
}

type Insert = (symbol: string, date: string, close: number, volume: number | null) => void;
type Parsed = {
  report: ImportSummary & { rejected: Rejection[]; skipped: Rejection[] };
  sample: unknown[];
};

/** Parses on this thread (tests, and where no worker file is built). */
async function parseInline(
  input: ImportInput,
  label: string,
  known: Set<string>,
  call: CallContext,
  insert: Insert,
): Promise<Parsed> {
  const sample: unknown[] = [];
  const report = await previewImport(input.path ?? Readable.from([input.content!]), {
    kind: 'prices',
    label,
    keepRows: 0,
    maxRejected: 1000,
    knownInstrument: (s: string) => known.has(s),
    signal: call.signal,
    onProgress: (pr: { fraction?: number | null }) =>
      call.progress(Math.min(0.95, pr.fraction ?? 0), `importing ${label}`),
    onRow: (r: { date: string; symbol: string; close: number; volume?: number }) => {
      if (sample.length < 100) sample.push(r);
      insert(r.symbol, r.date, r.close, r.volume ?? null);
    },
  } as never);
  return { report: report as Parsed['report'], sample };
}

/** Parses in a worker thread while this thread inserts the batches it posts: the two overlap. */
function parseInWorker(
  file: string,
  input: ImportInput,
  label: string,
  known: Set<string>,
  call: CallContext,
  insert: Insert,
): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: { path: input.path, content: input.content, label, known: [...known] },
    });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      f();
    };
    call.signal.addEventListener(
      'abort',
      () =>
        finish(() =>
          reject(new KeelError('CANCELLED', 'The import was cancelled; nothing was written.')),
        ),
      { once: true },
    );
    worker.on('message', (m: { type: string; [k: string]: unknown }) => {
      if (settled) return;
      if (m.type === 'rows') {
        const symbols = m.symbols as string[];
        const dates = m.dates as string[];
        const closes = m.closes as Float64Array;
        const volumes = m.volumes as Float64Array;
        try {
          for (let k = 0; k < symbols.length; k++)
            insert(
              symbols[k]!,
              dates[k]!,
              closes[k]!,
              Number.isNaN(volumes[k]!) ? null : volumes[k]!,
            );
        } catch (err) {
          finish(() => reject(err));
        }
      } else if (m.type === 'progress')
        call.progress(Math.min(0.95, m.fraction as number), `importing ${label}`);
      else if (m.type === 'done')
        finish(() =>
          resolve({ report: m.report as Parsed['report'], sample: m.sample as unknown[] }),
        );
      else if (m.type === 'error') {
        const e = m.error as {
          code: string;
          message: string;
          issues?: { path: string; message: string }[];
        };
        finish(() =>
          reject(
            new KeelError(
              e.code === 'VALIDATION' || e.code === 'CANCELLED' ? e.code : 'VALIDATION',
              e.message,
              e.issues,
            ),
          ),
        );
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) =>
      finish(() => reject(new KeelError('INTERNAL', `The import worker stopped (code ${code}).`))),
    );
  });
}

/** Venues named by imported rows are created (as exchanges) when missing, and said so. */
function ensureAccounts(
  ctx: ServiceContext,
  portfolioId: number,
  txs: LedgerTx[],
  notes: string[],
): void {
  const db = ctx.store.db;
  const have = new Set(
    (
      db.prepare('SELECT name FROM accounts WHERE portfolio_id = ?').all(portfolioId) as {
        name: string;
      }[]
    ).map((r) => r.name),
  );
  const add = db.prepare(
    "INSERT INTO accounts (portfolio_id, name, kind, custodian) VALUES (?, ?, 'exchange', ?)",
  );
  for (const name of new Set(
    txs.flatMap((t) => [t.account, t.toAccount]).filter((s): s is string => !!s),
  )) {
    if (have.has(name)) continue;
    add.run(portfolioId, name, name);
    have.add(name);
    notes.push(`Created the venue '${name}' (exchange); edit it under Data > Accounts.`);
  }
}
