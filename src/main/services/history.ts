import type Database from 'better-sqlite3';
import Decimal from 'decimal.js';
import type { SeriesPoint, WeightsHistory } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import { dayNumber, dayRange, isoFromDay } from '../engine/calendar';
import { buildHoldingsIndex, DEFAULT_CASH } from '../engine/ledger';
import {
  MISSING_ASSET_CLOSE,
  MISSING_BASE_CLOSE,
  type HoldingsSeriesInput,
} from '../engine/valuation/holdings-series';
import {
  dataVersions,
  historyDays,
  historyState,
  priceFingerprint,
  replaceHistory,
  usdCloseArrays,
  weightedSymbols,
  weightSums,
  type HistoryDay,
  type HistoryPosition,
  type HistoryState,
} from '../store/history';
import { listInstruments } from '../store/instruments';
import { loadLedger } from '../store/ledger-tx';
import { listPortfolios, type PortfolioRow } from '../store/portfolios';
import { closesBetween, lastPriceDate } from '../store/prices';
import { noopCall, type CallContext, type ServiceContext } from './context';
import { ledgerFailure, STALE_PRICE_DAYS } from './holdings';
import { resolveBaseCurrency, resolvePortfolio } from './portfolios';

// The history of a portfolio (daily value in the base currency; per day and instrument the
// quantity, value and weight) is computed in a worker and stored (store/history.ts). Reads are
// served from the tables while what they were built from is unchanged, else rebuilt first.
//
// Columns of the valuation (see engine/valuation/holdings-series.ts), each owned by the
// instrument whose value it is part of. Margined (futures) positions are worth their
// unrealised P&L, not their notional; their realised P&L is already in the settlement balance:
//   linear:  quantity_t x mark_t in the contract's own column, and -basis_t in a column whose
//            close is 1 (the unit of account);
//   inverse: basis_t (coins) in a column at the settlement coin's close, and -face_t in a
//            column whose close is coin_t / mark_t: (basis - face / mark) x coin.
// basis_t is the entry notional at the end of day t, from the same pass over the ledger.

/** Bumped when the computation changes, so histories stored by an older Keel are rebuilt. */
const HISTORY_CODE_VERSION = 1;
const unitColumn = (instrument: string) => `\u0000unit:${instrument}`;
const coinColumn = (instrument: string) => `\u0000coin:${instrument}`;
const inverseColumn = (instrument: string) => `\u0000inverse:${instrument}`;

const inputsKey = (db: Database.Database, p: PortfolioRow) => {
  const v = dataVersions(db);
  return `v${HISTORY_CODE_VERSION}|ledger:${v.ledger}|instruments:${v.instruments}|base:${p.baseCurrency}`;
};

/** Everything a rebuild needs, read in one snapshot of the database. */
interface Snapshot {
  state: Omit<HistoryState, 'warnings' | 'builtAt'>;
  /** The days of the history; the engine's input starts `pre` days earlier. */
  dates: string[];
  pre: number;
  /** The instruments (groups), and per day and group the net quantity held (exact text). */
  symbols: string[];
  quantities: string[][];
  payload: HoldingsSeriesInput | null;
}

function snapshot(db: Database.Database, p: PortfolioRow): Snapshot {
  const key = inputsKey(db, p);
  const base = resolveBaseCurrency(db, p.baseCurrency);
  const ledger = loadLedger(db, p.id);
  let index;
  try {
    index = buildHoldingsIndex(ledger);
  } catch (err) {
    ledgerFailure(err, ledger);
  }
  const instruments = new Map(listInstruments(db).map((i) => [i.symbol, i.id]));
  const symbols = [
    ...new Set(
      ledger
        .flatMap((t) => [t.instrument, t.quote, t.feeCurrency, t.counterInstrument, t.lpInstrument])
        .filter((s): s is string => !!s),
    ),
  ];
  const ids = symbols.map((s) => instruments.get(s)).filter((x): x is number => x !== undefined);
  // every close the result depends on: the book's instruments, the base, their quote currencies
  const priceIds = [...new Set([...ids, ...(base.instrumentId ? [base.instrumentId] : [])])];
  if (priceIds.length)
    for (const r of db
      .prepare(
        `SELECT q.id FROM instruments i JOIN instruments q ON q.symbol = i.quote_currency
         WHERE i.id IN (${priceIds.map(() => '?').join(',')})`,
      )
      .all(...priceIds) as { id: number }[])
      if (!priceIds.includes(r.id)) priceIds.push(r.id);
  priceIds.sort((a, b) => a - b);
  const state = {
    inputsKey: key,
    priceIds,
    priceFingerprint: priceFingerprint(db, priceIds),
    baseCurrency: base.symbol,
  };
  const last = lastPriceDate(db, ids);
  if (!index.firstDate || !last || last < index.firstDate)
    return { state, dates: [], pre: 0, symbols: [], quantities: [], payload: null };

  // inverse contract -> the coin it settles in; linear contracts
  const inverse = new Map(
    ledger.filter((t) => t.kind === 'inverse_futures_trade').map((t) => [t.instrument, t.quote!]),
  );
  const linear = new Set(ledger.filter((t) => t.kind === 'futures_trade').map((t) => t.instrument));
  const columns: { key: string; owner: string; priced: string | null }[] = [
    ...symbols.map((s) => ({ key: s, owner: s, priced: s })),
    ...[...linear].map((s) => ({ key: unitColumn(s), owner: s, priced: null })),
    ...[...inverse].flatMap(([s, coin]) => [
      { key: coinColumn(s), owner: s, priced: coin },
      { key: inverseColumn(s), owner: s, priced: null },
    ]),
  ];
  const col = new Map(columns.map((c, j) => [c.key, j]));
  const group = new Map(symbols.map((s, g) => [s, g]));
  const dates = dayRange(index.firstDate, last);
  // The engine starts a few days early (nothing held) so that a close from just before the
  // first transaction values it, as "latest close on or before the day" means.
  const pre = STALE_PRICE_DAYS;
  const n = dates.length + pre;
  const m = columns.length;
  const t0 = dayNumber(index.firstDate) - pre;

  // Quantities per column (summed over venues, exactly) after each transaction day, carried forward.
  const q = new Float64Array(n * m);
  const held: string[][] = new Array<string[]>(dates.length).fill(symbols.map(() => '0'));
  const days = [...new Set(ledger.map((t) => t.date))].filter((d) => d <= last);
  for (let k = 0; k < days.length; k++) {
    const from = dayNumber(days[k]!) - t0;
    const to = k + 1 < days.length ? dayNumber(days[k + 1]!) - t0 : n;
    const sums = new Map<string, Decimal>();
    const own = new Map<string, Decimal>();
    const add = (m: Map<string, Decimal>, key: string, x: string | Decimal) =>
      m.set(key, (m.get(key) ?? new Decimal(0)).plus(x));
    for (const h of index.asOf(days[k]!)) {
      add(own, h.instrument, h.quantity);
      if (h.margin === 'linear') {
        add(sums, h.instrument, h.quantity);
        add(sums, unitColumn(h.instrument), new Decimal(h.costBasis!).neg());
      } else if (h.margin === 'inverse') {
        add(sums, coinColumn(h.instrument), h.costBasis!);
        add(sums, inverseColumn(h.instrument), new Decimal(h.quantity).neg());
      } else add(sums, h.instrument, h.quantity);
    }
    for (const [key, x] of sums) {
      const j = col.get(key)!;
      const v = x.toNumber();
      for (let t = from; t < to; t++) q[t * m + j] = v;
    }
    const quantities = symbols.map((s) => own.get(s)?.toFixed() ?? '0');
    for (let t = from; t < to; t++) held[t - pre] = quantities;
  }

  // USD closes per symbol, NaN on days without one; cash is worth 1 in the book, as in holdings
  const closes = new Float64Array(n * m).fill(NaN);
  const symbolOf = new Map([...instruments].map(([s, id]) => [id, s]));
  const read = usdCloseArrays(db, priceIds, isoFromDay(t0), n);
  const usdBySymbol = new Map([...read.closes].map(([id, a]) => [symbolOf.get(id)!, a]));
  const stored = (s: string) => {
    let a = usdBySymbol.get(s);
    if (!a) usdBySymbol.set(s, (a = new Float64Array(n).fill(NaN)));
    return a;
  };
  for (const r of closesBetween(db, read.converted, isoFromDay(t0), last))
    stored(symbolOf.get(r.instrumentId)!)[dayNumber(r.date) - t0] = r.close;
  const ones = new Float64Array(n).fill(1);
  const series = (s: string) => (DEFAULT_CASH.includes(s) ? ones : stored(s));
  columns.forEach((c, j) => {
    const fill = (t: number, v: number) => (closes[t * m + j] = v);
    if (c.priced !== null) {
      const s = series(c.priced);
      for (let t = 0; t < n; t++) fill(t, s[t]!);
    } else if (c.key === unitColumn(c.owner)) for (let t = 0; t < n; t++) fill(t, 1);
    else {
      const [coin, mark] = [series(inverse.get(c.owner)!), series(c.owner)];
      // NaN (no quote that day) when either close is missing: the engine carries the last one
      for (let t = 0; t < n; t++) fill(t, coin[t]! / mark[t]!);
    }
  });
  const payload: HoldingsSeriesInput = {
    nDates: n,
    nColumns: m,
    quantities: q,
    closes,
    groupOf: Int32Array.from(columns, (c) => group.get(c.owner)!),
    nGroups: symbols.length,
    maxStaleDays: STALE_PRICE_DAYS,
    columnNames: columns.map((c) => c.key.replace('\u0000', '')),
    ...(base.instrumentId !== null && { baseCloses: Float64Array.from(stored(base.symbol)) }),
  };
  return { state, dates, pre, symbols, quantities: held, payload };
}

/** Lists a few days and says how many more. */
const someDays = (days: string[]) =>
  days.length <= 3 ? days.join(', ') : `${days.slice(0, 3).join(', ')} and ${days.length - 3} more`;

/** Computes the history in the worker and stores it in one transaction. */
async function rebuild(ctx: ServiceContext, p: PortfolioRow, call: CallContext): Promise<void> {
  const db = ctx.store.db;
  const snap = db.transaction(() => snapshot(db, p))();
  const warnings: string[] = [];
  let days: HistoryDay[] = [];
  const positions: HistoryPosition[] = [];
  if (snap.payload) {
    const res = await ctx.runner.run('valuation.holdingsSeries', snap.payload, {
      onProgress: (f, msg) => call.progress(f, msg),
      signal: call.signal,
    });
    const G = snap.symbols.length;
    const noAsset: string[] = [];
    const noBase: string[] = [];
    const num = (x: number) => (Number.isNaN(x) ? null : x);
    days = snap.dates.map((date, i) => {
      const t = i + snap.pre;
      const gaps = res.incomplete[t]!;
      if (gaps & MISSING_ASSET_CLOSE) noAsset.push(date);
      else if (gaps & MISSING_BASE_CLOSE) noBase.push(date);
      const quantities = snap.quantities[i]!;
      for (let g = 0; g < G; g++)
        if (quantities[g] !== '0')
          positions.push({
            date,
            symbol: snap.symbols[g]!,
            quantity: quantities[g]!,
            value: num(res.values[t * G + g]!),
            weight: num(res.weights[t * G + g]!),
          });
      return {
        date,
        value: gaps ? null : res.totals[t]!,
        valueUsd: gaps & MISSING_ASSET_CLOSE ? null : res.totalsUsd[t]!,
        gaps,
      };
    });
    if (noAsset.length)
      warnings.push(
        `${noAsset.length} day(s) left out: a held asset had no close within ${STALE_PRICE_DAYS} days (${someDays(noAsset)}).`,
      );
    if (noBase.length)
      warnings.push(
        `${noBase.length} day(s) left out: no ${snap.state.baseCurrency} close on or within ${STALE_PRICE_DAYS} days before ${someDays(noBase)}, so the value cannot be given in ${snap.state.baseCurrency}.`,
      );
  }
  replaceHistory(db, p.id, {
    state: { ...snap.state, warnings, builtAt: ctx.now().toISOString() },
    days,
    positions,
  });
}

/** Whether the stored history was built from the ledger, instruments and closes as they are. */
export function historyIsFresh(db: Database.Database, p: PortfolioRow): boolean {
  const s = historyState(db, p.id);
  return (
    !!s &&
    s.inputsKey === inputsKey(db, p) &&
    s.priceFingerprint === priceFingerprint(db, s.priceIds)
  );
}

// Rebuilds in flight per database and portfolio: concurrent reads (the value and the weights
// charts of one view) share one rebuild.
const inflight = new WeakMap<Database.Database, Map<number, Promise<void>>>();

/** Rebuilds the stored history when stale; returns once it is fresh (or was rebuilt). */
export async function ensureHistory(
  ctx: ServiceContext,
  p: PortfolioRow,
  call: CallContext,
): Promise<void> {
  const db = ctx.store.db;
  if (historyIsFresh(db, p)) return;
  let jobs = inflight.get(db);
  if (!jobs) inflight.set(db, (jobs = new Map()));
  const running = jobs.get(p.id);
  if (running) {
    try {
      return await running;
    } catch (err) {
      // the caller who started it cancelled: this caller did not, so it tries on its own
      if (!(err instanceof KeelError && err.code === 'CANCELLED') || call.signal.aborted) throw err;
      return ensureHistory(ctx, p, call);
    }
  }
  const job = rebuild(ctx, p, call).finally(() => jobs.delete(p.id));
  jobs.set(p.id, job);
  return job;
}

/** Daily book value in the base currency from the first transaction to the last close. */
export async function valueHistory(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined },
  call: CallContext,
): Promise<{ baseCurrency: string; points: SeriesPoint[]; warnings: string[] }> {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  await ensureHistory(ctx, p, call);
  const state = historyState(db, p.id)!;
  const points: SeriesPoint[] = [];
  for (const d of historyDays(db, p.id))
    if (d.value !== null) points.push({ date: d.date, value: d.value });
  return { baseCurrency: state.baseCurrency, points, warnings: state.warnings };
}

/**
 * Weights through time from the stored history: the `top` instruments by value on the last day
 * of the range, the rest summed as "Other"; only days the book was valued and worth more than
 * nothing (weights are value / the day's value, so they sum to 1 each day).
 */
export async function weightsHistory(
  ctx: ServiceContext,
  input: {
    portfolio?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    top?: number | undefined;
  },
  call: CallContext,
): Promise<WeightsHistory> {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  if (input.from && input.to && input.from > input.to)
    throw new KeelError(
      'VALIDATION',
      `The range starts (${input.from}) after it ends (${input.to}).`,
      [{ path: 'from', message: 'after to' }],
    );
  const top = input.top ?? 8;
  await ensureHistory(ctx, p, call);
  const state = historyState(db, p.id)!;
  const dates = historyDays(db, p.id, input.from, input.to)
    .filter((d) => d.value !== null && d.value > 0)
    .map((d) => d.date);
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (!first || !last)
    return { baseCurrency: state.baseCurrency, dates, series: [], warnings: state.warnings };
  const ranked = weightedSymbols(db, p.id, first, last, last).sort(
    (a, b) => b.last - a.last || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  );
  const kept = ranked.slice(0, top);
  const rest = ranked.slice(top);
  const index = new Map(dates.map((d, i) => [d, i]));
  const weights = new Map(
    [...kept.map((s) => s.symbol), ''].map((s) => [s, new Float64Array(dates.length)]),
  );
  for (const [date, symbol, w] of weightSums(
    db,
    p.id,
    first,
    last,
    kept.map((s) => s.symbol),
  ))
    weights.get(symbol)![index.get(date)!] = w;
  const series: WeightsHistory['series'] = kept.map((s) => ({
    symbol: s.symbol,
    lastValue: s.last,
    weights: Array.from(weights.get(s.symbol)!),
  }));
  if (rest.length)
    series.push({
      symbol: 'Other',
      other: true,
      lastValue: rest.reduce((sum, s) => sum + s.last, 0),
      weights: Array.from(weights.get('')!),
    });
  return { baseCurrency: state.baseCurrency, dates, series, warnings: state.warnings };
}

/**
 * Builds the stored history of every portfolio in the background (desktop and browser modes,
 * right after the demo is first loaded), so the first view reads it instead of building it.
 * A failure is left for the next read, which rebuilds.
 */
export function prebuildHistory(ctx: ServiceContext): void {
  if (ctx.mode === 'cli') return;
  for (const p of listPortfolios(ctx.store.db))
    void ensureHistory(ctx, p, noopCall).catch(() => undefined);
}
