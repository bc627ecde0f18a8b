import type Database from 'better-sqlite3';

export interface InstrumentInput {
  symbol: string;
  name: string;
  kind: string;
  assetClass: string;
  chain: string | null;
  attrs: Record<string, unknown>;
}

export interface InstrumentRow {
  id: number;
  symbol: string;
  name: string;
  kind: string;
  assetClass: string;
  chain: string | null;
  quoteCurrency: string;
  attrs: string;
  firstDate: string | null;
  lastDate: string | null;
}

/** Inserts or updates by symbol; returns the id. */
export function upsertInstrument(db: Database.Database, i: InstrumentInput): number {
  const row = db
    .prepare(
      `INSERT INTO instruments (symbol, name, kind, asset_class, chain, attrs) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(symbol) DO UPDATE SET name = excluded.name, kind = excluded.kind,
         asset_class = excluded.asset_class, chain = excluded.chain, attrs = excluded.attrs
       RETURNING id`,
    )
    .get(i.symbol, i.name, i.kind, i.assetClass, i.chain, JSON.stringify(i.attrs)) as {
    id: number;
  };
  return row.id;
}

export function listInstruments(db: Database.Database): InstrumentRow[] {
  return db
    .prepare(
      `SELECT i.id, i.symbol, i.name, i.kind, i.asset_class AS assetClass, i.chain, i.quote_currency AS quoteCurrency, i.attrs,
         (SELECT min(date) FROM prices p WHERE p.instrument_id = i.id) AS firstDate,
         (SELECT max(date) FROM prices p WHERE p.instrument_id = i.id) AS lastDate
       FROM instruments i ORDER BY i.symbol`,
    )
    .all() as InstrumentRow[];
}

export function instrumentIdBySymbol(db: Database.Database, symbol: string): number | undefined {
  const row = db.prepare('SELECT id FROM instruments WHERE symbol = ?').get(symbol) as
    { id: number } | undefined;
  return row?.id;
}
