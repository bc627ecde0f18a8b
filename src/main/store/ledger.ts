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
