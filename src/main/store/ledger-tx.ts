import type Database from 'better-sqlite3';
import { KeelError } from '../../shared/errors';
import type { LedgerTx } from '../../shared/ledger';

// The canonical ledger in SQLite: one row per LedgerTx, accounts and instruments by id,
// everything else as exact decimal text. A fingerprint makes an imported row idempotent.

interface TxRow {
  id: number;
  date: string;
  time: string | null;
  kind: string;
  account: string;
  instrument: string;
  quantity: string;
  price: string | null;
  quote: string | null;
  fee: string | null;
  fee_currency: string | null;
  to_account: string | null;
  counter_instrument: string | null;
  counter_quantity: string | null;
  lp_instrument: string | null;
  lp_quantity: string | null;
  note: string | null;
  fingerprint: string | null;
}

const SELECT = `SELECT t.id, t.date, t.time, t.kind, a.name AS account, i.symbol AS instrument, t.quantity, t.price,
    t.quote, t.fee, t.fee_currency, ta.name AS to_account, t.counter_instrument, t.counter_quantity,
    t.lp_instrument, t.lp_quantity, t.note, t.fingerprint
  FROM transactions t JOIN accounts a ON a.id = t.account_id JOIN instruments i ON i.id = t.instrument_id
  LEFT JOIN accounts ta ON ta.id = t.to_account_id`;

function toTx(r: TxRow): LedgerTx & { id: number } {
  const tx: LedgerTx & { id: number } = {
    id: r.id,
    date: r.date,
    kind: r.kind as LedgerTx['kind'],
    account: r.account,
    instrument: r.instrument,
    quantity: r.quantity,
  };
  if (r.time) tx.time = r.time;
  if (r.price !== null) tx.price = r.price;
  if (r.quote !== null) tx.quote = r.quote;
  if (r.fee !== null) tx.fee = r.fee;
  if (r.fee_currency !== null) tx.feeCurrency = r.fee_currency;
  if (r.to_account !== null) tx.toAccount = r.to_account;
  if (r.counter_instrument !== null) tx.counterInstrument = r.counter_instrument;
  if (r.counter_quantity !== null) tx.counterQuantity = r.counter_quantity;
  if (r.lp_instrument !== null) tx.lpInstrument = r.lp_instrument;
  if (r.lp_quantity !== null) tx.lpQuantity = r.lp_quantity;
  if (r.note !== null) tx.note = r.note;
  if (r.fingerprint !== null) tx.fingerprint = r.fingerprint;
  return tx;
}

/** The whole ledger of a portfolio in date order (ids keep input order within a day). */
export function loadLedger(
  db: Database.Database,
  portfolioId: number,
): (LedgerTx & { id: number })[] {
  return (
    db
      .prepare(`${SELECT} WHERE a.portfolio_id = ? ORDER BY t.date, t.time, t.id`)
      .all(portfolioId) as TxRow[]
  ).map(toTx);
}

export function getTransaction(
  db: Database.Database,
  portfolioId: number,
  id: number,
): (LedgerTx & { id: number }) | undefined {
  const row = db.prepare(`${SELECT} WHERE a.portfolio_id = ? AND t.id = ?`).get(portfolioId, id) as
    TxRow | undefined;
  return row ? toTx(row) : undefined;
}

export interface Resolver {
  accountId(name: string): number;
  instrumentId(symbol: string): number;
}

/**
 * Looks up accounts and instruments by name; unknown ones are errors naming them, except cash
 * currencies (given by the caller), which are created on first use.
 */
export function resolver(
  db: Database.Database,
  portfolioId: number,
  cash: readonly string[] = [],
): Resolver {
  const acc = db.prepare('SELECT id FROM accounts WHERE portfolio_id = ? AND name = ?');
  const ins = db.prepare('SELECT id FROM instruments WHERE symbol = ?');
  const addCash = db.prepare(
    "INSERT INTO instruments (symbol, name, kind, asset_class) VALUES (?, ?, 'cash', 'cash') RETURNING id",
  );
  return {
    accountId(name) {
      const r = acc.get(portfolioId, name) as { id: number } | undefined;
      if (!r)
        throw new KeelError('NOT_FOUND', `No account named '${name}' in this portfolio.`, [
          { path: 'account', message: 'unknown account' },
        ]);
      return r.id;
    },
    instrumentId(symbol) {
      const r = (ins.get(symbol) ??
        (cash.includes(symbol) ? addCash.get(symbol, `${symbol} cash`) : undefined)) as
        { id: number } | undefined;
      if (!r)
        throw new KeelError(
          'NOT_FOUND',
          `Unknown instrument '${symbol}'. Add it first (Data > Instruments).`,
          [{ path: 'instrument', message: 'unknown instrument' }],
        );
      return r.id;
    },
  };
}

/**
 * Inserts ledger rows; a row whose fingerprint is already in its account is skipped, not
 * duplicated. The caller owns the transaction (all or nothing).
 */
export function insertLedgerTxs(
  db: Database.Database,
  portfolioId: number,
  rows: Iterable<LedgerTx>,
  importId: number | null = null,
  cash: readonly string[] = [],
): { inserted: number; skipped: number; ids: number[] } {
  const r = resolver(db, portfolioId, cash);
  const stmt = db.prepare(
    `INSERT INTO transactions (account_id, instrument_id, date, time, kind, quantity, price, quote, fee, fee_currency,
       to_account_id, counter_instrument, counter_quantity, lp_instrument, lp_quantity, note, fingerprint, import_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, fingerprint) WHERE fingerprint IS NOT NULL DO NOTHING`,
  );
  let inserted = 0;
  let skipped = 0;
  const ids: number[] = [];
  for (const tx of rows) {
    const res = stmt.run(
      r.accountId(tx.account),
      r.instrumentId(tx.instrument),
      tx.date,
      tx.time ?? null,
      tx.kind,
      tx.quantity,
      tx.price ?? null,
      tx.quote ?? null,
      tx.fee ?? null,
      tx.feeCurrency ?? null,
      tx.toAccount ? r.accountId(tx.toAccount) : null,
      tx.counterInstrument ?? null,
      tx.counterQuantity ?? null,
      tx.lpInstrument ?? null,
      tx.lpQuantity ?? null,
      tx.note ?? null,
      tx.fingerprint ?? null,
      importId,
    );
    if (res.changes) {
      inserted++;
      ids.push(Number(res.lastInsertRowid));
    } else skipped++;
  }
  return { inserted, skipped, ids };
}

export function deleteTransaction(db: Database.Database, portfolioId: number, id: number): boolean {
  return (
    db
      .prepare(
        'DELETE FROM transactions WHERE id = ? AND account_id IN (SELECT id FROM accounts WHERE portfolio_id = ?)',
      )
      .run(id, portfolioId).changes > 0
  );
}
