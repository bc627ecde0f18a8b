import type Database from 'better-sqlite3';

export interface TransactionInput {
  accountId: number;
  instrumentId: number;
  date: string;
  kind: string;
  quantity: string;
  price: string | null;
  note: string | null;
}

export function insertTransactions(
  db: Database.Database,
  rows: Iterable<TransactionInput>,
): number {
  const stmt = db.prepare(
    'INSERT INTO transactions (account_id, instrument_id, date, kind, quantity, price, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let n = 0;
  for (const r of rows) {
    stmt.run(r.accountId, r.instrumentId, r.date, r.kind, r.quantity, r.price, r.note);
    n++;
  }
  return n;
}

export interface LedgerRow {
  accountId: number;
  account: string;
  venueKind: 'exchange' | 'wallet' | 'defi';
  instrumentId: number;
  symbol: string;
  name: string;
  assetClass: string;
  date: string;
  kind: string;
  /** Signed change of quantity held: withdrawals and sells are stored negative. */
  quantity: string;
}

export function portfolioLedger(db: Database.Database, portfolioId: number): LedgerRow[] {
  return db
    .prepare(
      `SELECT a.id AS accountId, a.name AS account, a.kind AS venueKind, i.id AS instrumentId, i.symbol,
         i.name, i.asset_class AS assetClass, t.date, t.kind, t.quantity
       FROM transactions t JOIN accounts a ON a.id = t.account_id JOIN instruments i ON i.id = t.instrument_id
       WHERE a.portfolio_id = ? ORDER BY t.date, t.id`,
    )
    .all(portfolioId) as LedgerRow[];
}
