import type Database from 'better-sqlite3';

export interface PriceInput {
  instrumentId: number;
  date: string;
  close: number;
  volume: number | null;
}

/** Insert or replace closes; the caller owns the transaction. */
export function upsertPrices(db: Database.Database, rows: Iterable<PriceInput>): number {
  const stmt = db.prepare(
    'INSERT OR REPLACE INTO prices (instrument_id, date, close, volume) VALUES (?, ?, ?, ?)',
  );
  let n = 0;
  for (const r of rows) {
    stmt.run(r.instrumentId, r.date, r.close, r.volume);
    n++;
  }
  return n;
}

export function priceSeries(
  db: Database.Database,
  instrumentId: number,
  from = '0000-01-01',
  to = '9999-12-31',
): { date: string; close: number }[] {
  return db
    .prepare(
      'SELECT date, close FROM prices WHERE instrument_id = ? AND date BETWEEN ? AND ? ORDER BY date',
    )
    .all(instrumentId, from, to) as { date: string; close: number }[];
}

/**
 * Closes are stored in each instrument's quote currency (instruments.quote_currency, USD unless
 * said otherwise). Valuation wants USD: a close quoted in another currency (BTC, EUR, USDT…) is
 * multiplied by that currency's own USD close of the same day, or the latest within 3 days
 * before it; without one the close is left out (a missing price, never a wrong one).
 */
const CONVERSION_STALE_DAYS = 3;

function quotes(db: Database.Database, instrumentIds: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  if (!instrumentIds.length) return out;
  const rows = db
    .prepare(
      `SELECT i.id, q.id AS quoteId FROM instruments i JOIN instruments q ON q.symbol = i.quote_currency
       WHERE i.quote_currency <> 'USD' AND i.id IN (${instrumentIds.map(() => '?').join(',')})`,
    )
    .all(...instrumentIds) as { id: number; quoteId: number }[];
  for (const r of rows) out.set(r.id, r.quoteId);
  return out;
}

function unconvertible(db: Database.Database, instrumentIds: readonly number[]): Set<number> {
  if (!instrumentIds.length) return new Set();
  const rows = db
    .prepare(
      `SELECT i.id FROM instruments i WHERE i.quote_currency <> 'USD' AND i.id IN (${instrumentIds.map(() => '?').join(',')})
         AND NOT EXISTS (SELECT 1 FROM instruments q WHERE q.symbol = i.quote_currency)`,
    )
    .all(...instrumentIds) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

const dayNum = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** The latest USD close of a symbol on or before a day (converted as latestCloses does), or null. */
export function closeOnOrBefore(
  db: Database.Database,
  symbol: string,
  date: string,
): number | null {
  const row = db.prepare('SELECT id FROM instruments WHERE symbol = ?').get(symbol) as
    { id: number } | undefined;
  if (!row) return null;
  return latestCloses(db, [row.id], date).get(row.id)?.close ?? null;
}

/** Latest USD close on or before a day, per instrument (converted from its quote currency). */
export function latestCloses(
  db: Database.Database,
  instrumentIds: readonly number[],
  asOf: string,
): Map<number, { date: string; close: number }> {
  const stmt = db.prepare(
    'SELECT date, close FROM prices WHERE instrument_id = ? AND date <= ? ORDER BY date DESC LIMIT 1',
  );
  const q = quotes(db, instrumentIds);
  const bad = unconvertible(db, instrumentIds);
  const out = new Map<number, { date: string; close: number }>();
  for (const id of instrumentIds) {
    if (bad.has(id)) continue;
    const row = stmt.get(id, asOf) as { date: string; close: number } | undefined;
    if (!row) continue;
    const quoteId = q.get(id);
    if (quoteId === undefined) {
      out.set(id, row);
      continue;
    }
    const fx = stmt.get(quoteId, row.date) as { date: string; close: number } | undefined;
    if (!fx || dayNum(row.date) - dayNum(fx.date) > CONVERSION_STALE_DAYS) continue;
    out.set(id, { date: fx.date < row.date ? fx.date : row.date, close: row.close * fx.close });
  }
  return out;
}

/** USD closes of several instruments between two days, long form (converted as latestCloses does). */
export function closesBetween(
  db: Database.Database,
  instrumentIds: readonly number[],
  from: string,
  to: string,
): { instrumentId: number; date: string; close: number }[] {
  if (!instrumentIds.length) return [];
  const q = quotes(db, instrumentIds);
  const bad = unconvertible(db, instrumentIds);
  const marks = instrumentIds.map(() => '?').join(',');
  const rows = db
    .prepare(
      `SELECT instrument_id AS instrumentId, date, close FROM prices WHERE instrument_id IN (${marks}) AND date BETWEEN ? AND ? ORDER BY date`,
    )
    .all(...instrumentIds, from, to) as { instrumentId: number; date: string; close: number }[];
  if (!q.size && !bad.size) return rows;
  // the quote currencies' closes, from a few days earlier so the first days can convert
  const fxIds = [...new Set(q.values())];
  const fxFrom = new Date((dayNum(from) - CONVERSION_STALE_DAYS) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const fx = new Map<number, { date: string; close: number }[]>();
  for (const r of db
    .prepare(
      `SELECT instrument_id AS id, date, close FROM prices WHERE instrument_id IN (${fxIds.map(() => '?').join(',') || "''"}) AND date BETWEEN ? AND ? ORDER BY date`,
    )
    .all(...fxIds, fxFrom, to) as { id: number; date: string; close: number }[]) {
    if (!fx.has(r.id)) fx.set(r.id, []);
    fx.get(r.id)!.push({ date: r.date, close: r.close });
  }
  const cursor = new Map<number, number>();
  const out: { instrumentId: number; date: string; close: number }[] = [];
  for (const r of rows) {
    if (bad.has(r.instrumentId)) continue;
    const quoteId = q.get(r.instrumentId);
    if (quoteId === undefined) {
      out.push(r);
      continue;
    }
    const series = fx.get(quoteId) ?? [];
    let k = cursor.get(r.instrumentId) ?? -1;
    while (k + 1 < series.length && series[k + 1]!.date <= r.date) k++;
    cursor.set(r.instrumentId, k);
    const f = series[k];
    if (!f || dayNum(r.date) - dayNum(f.date) > CONVERSION_STALE_DAYS) continue;
    out.push({ instrumentId: r.instrumentId, date: r.date, close: r.close * f.close });
  }
  return out;
}

export function lastPriceDate(
  db: Database.Database,
  instrumentIds: readonly number[],
): string | null {
  if (!instrumentIds.length) return null;
  const marks = instrumentIds.map(() => '?').join(',');
  const row = db
    .prepare(`SELECT max(date) AS d FROM prices WHERE instrument_id IN (${marks})`)
    .get(...instrumentIds) as { d: string | null };
  return row.d;
}
