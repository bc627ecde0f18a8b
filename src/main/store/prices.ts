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

/** Latest close on or before a day, per instrument. */
export function latestCloses(
  db: Database.Database,
  instrumentIds: readonly number[],
  asOf: string,
): Map<number, { date: string; close: number }> {
  const stmt = db.prepare(
    'SELECT date, close FROM prices WHERE instrument_id = ? AND date <= ? ORDER BY date DESC LIMIT 1',
  );
  const out = new Map<number, { date: string; close: number }>();
  for (const id of instrumentIds) {
    const row = stmt.get(id, asOf) as { date: string; close: number } | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

/** Closes of several instruments between two days, long form. */
export function closesBetween(
  db: Database.Database,
  instrumentIds: readonly number[],
  from: string,
  to: string,
): { instrumentId: number; date: string; close: number }[] {
  if (!instrumentIds.length) return [];
  const marks = instrumentIds.map(() => '?').join(',');
  return db
    .prepare(
      `SELECT instrument_id AS instrumentId, date, close FROM prices WHERE instrument_id IN (${marks}) AND date BETWEEN ? AND ?`,
    )
    .all(...instrumentIds, from, to) as { instrumentId: number; date: string; close: number }[];
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
