import type Database from 'better-sqlite3';

// The materialised history (migration 004): per portfolio, the daily value in the base
// currency and, per day and instrument, quantity, value and weight. Written whole in one
// transaction, read by date range. Whether it is still fresh is decided by what it was built
// from: the ledger and instruments versions (bumped by triggers), the base currency, the code
// version, and a fingerprint of the closes it read.

export interface HistoryVersions {
  ledger: number;
  instruments: number;
}

/** Counters bumped by triggers in the same transaction as every ledger or instruments write. */
export function dataVersions(db: Database.Database): HistoryVersions {
  const rows = db.prepare('SELECT key, version FROM data_versions').all() as {
    key: string;
    version: number;
  }[];
  const get = (k: string) => rows.find((r) => r.key === k)?.version ?? 0;
  return { ledger: get('ledger'), instruments: get('instruments') };
}

/**
 * Count, last date and sum of the closes of some instruments: any insert, delete or changed
 * close moves it (barring changes that cancel exactly in the sum). One index range per id.
 */
export function priceFingerprint(db: Database.Database, instrumentIds: readonly number[]): string {
  if (!instrumentIds.length) return '0||0';
  const r = db
    .prepare(
      `SELECT count(*) AS n, max(date) AS last, total(close) AS sum FROM prices
       WHERE instrument_id IN (${instrumentIds.map(() => '?').join(',')})`,
    )
    .get(...instrumentIds) as { n: number; last: string | null; sum: number };
  return `${r.n}|${r.last ?? ''}|${r.sum}`;
}

/**
 * Daily closes of the instruments quoted in USD from a day on, as one dense array per
 * instrument (NaN where a day has none), straight from the table: one index range each, the
 * day offset computed by SQLite, no object per row (a rebuild reads tens of thousands).
 * Instruments quoted in another currency are left for closesBetween, which converts them.
 */
export function usdCloseArrays(
  db: Database.Database,
  instrumentIds: readonly number[],
  from: string,
  nDays: number,
): { closes: Map<number, Float64Array>; converted: number[] } {
  const closes = new Map<number, Float64Array>();
  if (!instrumentIds.length) return { closes, converted: [] };
  const usd = new Set(
    (
      db
        .prepare(
          `SELECT id FROM instruments WHERE quote_currency = 'USD' AND id IN (${instrumentIds.map(() => '?').join(',')})`,
        )
        .all(...instrumentIds) as { id: number }[]
    ).map((r) => r.id),
  );
  const range = db
    .prepare(
      `SELECT CAST(julianday(date) - julianday(?) AS INTEGER), close FROM prices
       WHERE instrument_id = ? AND date >= ? ORDER BY date`,
    )
    .raw();
  for (const id of usd) {
    const a = new Float64Array(nDays).fill(NaN);
    for (const [t, close] of range.all(from, id, from) as [number, number][])
      if (t < nDays) a[t] = close;
    closes.set(id, a);
  }
  return { closes, converted: instrumentIds.filter((id) => !usd.has(id)) };
}

export interface HistoryState {
  inputsKey: string;
  priceIds: number[];
  priceFingerprint: string;
  baseCurrency: string;
  warnings: string[];
  builtAt: string;
}

export function historyState(db: Database.Database, portfolioId: number): HistoryState | null {
  const r = db
    .prepare(
      `SELECT inputs_key AS inputsKey, price_ids AS priceIds, price_fingerprint AS priceFingerprint,
         base_currency AS baseCurrency, warnings, built_at AS builtAt
       FROM history_state WHERE portfolio_id = ?`,
    )
    .get(portfolioId) as
    | (Omit<HistoryState, 'priceIds' | 'warnings'> & { priceIds: string; warnings: string })
    | undefined;
  if (!r) return null;
  return {
    ...r,
    priceIds: JSON.parse(r.priceIds) as number[],
    warnings: JSON.parse(r.warnings) as string[],
  };
}

export interface HistoryDay {
  date: string;
  /** Base currency; null on a day left out (see gaps). */
  value: number | null;
  valueUsd: number | null;
  /** 0, or bit 1 (an asset had no usable close) | bit 2 (the base currency had none). */
  gaps: number;
}

export interface HistoryPosition {
  date: string;
  symbol: string;
  quantity: string;
  value: number | null;
  weight: number | null;
}

export interface HistoryData {
  state: HistoryState;
  days: HistoryDay[];
  positions: Iterable<HistoryPosition>;
}

/**
 * Replaces the stored history of a portfolio, all or nothing: a failure part-way (a bad row,
 * a full disk) rolls back to the previous complete history.
 */
export function replaceHistory(db: Database.Database, portfolioId: number, h: HistoryData): void {
  const day = db.prepare(
    'INSERT INTO history_value (portfolio_id, date, value, value_usd, gaps) VALUES (?, ?, ?, ?, ?)',
  );
  const pos = db.prepare(
    'INSERT INTO history_positions (portfolio_id, date, symbol, quantity, value, weight) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    db.prepare('DELETE FROM history_value WHERE portfolio_id = ?').run(portfolioId);
    db.prepare('DELETE FROM history_positions WHERE portfolio_id = ?').run(portfolioId);
    for (const d of h.days) day.run(portfolioId, d.date, d.value, d.valueUsd, d.gaps);
    for (const p of h.positions)
      pos.run(portfolioId, p.date, p.symbol, p.quantity, p.value, p.weight);
    db.prepare(
      `INSERT INTO history_state (portfolio_id, inputs_key, price_ids, price_fingerprint, base_currency, warnings, built_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (portfolio_id) DO UPDATE SET inputs_key = excluded.inputs_key, price_ids = excluded.price_ids,
         price_fingerprint = excluded.price_fingerprint, base_currency = excluded.base_currency,
         warnings = excluded.warnings, built_at = excluded.built_at`,
    ).run(
      portfolioId,
      h.state.inputsKey,
      JSON.stringify(h.state.priceIds),
      h.state.priceFingerprint,
      h.state.baseCurrency,
      JSON.stringify(h.state.warnings),
      h.state.builtAt,
    );
  })();
}

/** Stored days between two dates (inclusive), in date order. */
export function historyDays(
  db: Database.Database,
  portfolioId: number,
  from = '0000-01-01',
  to = '9999-12-31',
): HistoryDay[] {
  return db
    .prepare(
      `SELECT date, value, value_usd AS valueUsd, gaps FROM history_value
       WHERE portfolio_id = ? AND date BETWEEN ? AND ? ORDER BY date`,
    )
    .all(portfolioId, from, to) as HistoryDay[];
}

/** Stored positions between two dates (inclusive), by date then symbol. */
export function historyPositions(
  db: Database.Database,
  portfolioId: number,
  from = '0000-01-01',
  to = '9999-12-31',
): HistoryPosition[] {
  return db
    .prepare(
      `SELECT date, symbol, quantity, value, weight FROM history_positions
       WHERE portfolio_id = ? AND date BETWEEN ? AND ? ORDER BY date, symbol`,
    )
    .all(portfolioId, from, to) as HistoryPosition[];
}

/**
 * The instruments with a weight between two dates (inclusive), each with its value on `last`
 * (0 when not held that day). Aggregated by SQLite: a range holds tens of thousands of rows.
 */
export function weightedSymbols(
  db: Database.Database,
  portfolioId: number,
  from: string,
  to: string,
  last: string,
): { symbol: string; last: number }[] {
  return db
    .prepare(
      `SELECT symbol, total(CASE WHEN date = ? THEN value END) AS last FROM history_positions
       WHERE portfolio_id = ? AND date BETWEEN ? AND ? AND weight IS NOT NULL GROUP BY symbol`,
    )
    .all(last, portfolioId, from, to) as { symbol: string; last: number }[];
}

/**
 * Weights per day between two dates: one row per day and instrument of `symbols`, and one per
 * day (symbol '') summing every other instrument. Rows as [date, symbol, weight].
 */
export function weightSums(
  db: Database.Database,
  portfolioId: number,
  from: string,
  to: string,
  symbols: readonly string[],
): [string, string, number][] {
  return db
    .prepare(
      `SELECT date, CASE WHEN symbol IN (${symbols.map(() => '?').join(',')}) THEN symbol ELSE '' END AS s,
         total(weight) FROM history_positions
       WHERE portfolio_id = ? AND date BETWEEN ? AND ? AND weight IS NOT NULL GROUP BY date, s`,
    )
    .raw()
    .all(...symbols, portfolioId, from, to) as [string, string, number][];
}
