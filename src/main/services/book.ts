import type Database from 'better-sqlite3';
import type { AccountRow, InstrumentParsed, TransactionRow } from '../../shared/book';
import { KeelError } from '../../shared/errors';
import type { LedgerTx } from '../../shared/ledger';
import { applyLedger, DEFAULT_CASH } from '../engine/ledger';
import { deleteTransaction, getTransaction, insertLedgerTxs, loadLedger } from '../store/ledger-tx';
import type { ServiceContext } from './context';
import { ledgerFailure } from './holdings';
import { resolvePortfolio } from './portfolios';

/** Runs a write, then re-applies the whole ledger: an inconsistent book rolls everything back. */
export function writeLedger<T>(db: Database.Database, portfolioId: number, write: () => T): T {
  return db.transaction(() => {
    const out = write();
    const ledger = loadLedger(db, portfolioId);
    try {
      applyLedger(ledger, { method: 'fifo' });
    } catch (err) {
      ledgerFailure(err, ledger);
    }
    return out;
  })();
}

export function listAccounts(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined },
): AccountRow[] {
  const p = resolvePortfolio(ctx.store.db, input.portfolio);
  return ctx.store.db
    .prepare(
      `SELECT a.id, a.name, a.kind, a.custodian, a.chain, a.protocol, a.address_label AS addressLabel,
         (SELECT count(*) FROM transactions t WHERE t.account_id = a.id) AS transactions
       FROM accounts a WHERE a.portfolio_id = ? ORDER BY a.name`,
    )
    .all(p.id) as AccountRow[];
}

export function saveAccount(
  ctx: ServiceContext,
  input: {
    portfolio?: string | undefined;
    id?: number | undefined;
    account: {
      name: string;
      kind: string;
      custodian: string | null;
      chain: string | null;
      protocol: string | null;
      addressLabel: string | null;
    };
  },
): AccountRow {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const a = input.account;
  try {
    if (input.id === undefined) {
      db.prepare(
        'INSERT INTO accounts (portfolio_id, name, kind, custodian, chain, protocol, address_label) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(p.id, a.name, a.kind, a.custodian, a.chain, a.protocol, a.addressLabel);
    } else {
      const changed = db
        .prepare(
          'UPDATE accounts SET name = ?, kind = ?, custodian = ?, chain = ?, protocol = ?, address_label = ? WHERE id = ? AND portfolio_id = ?',
        )
        .run(
          a.name,
          a.kind,
          a.custodian,
          a.chain,
          a.protocol,
          a.addressLabel,
          input.id,
          p.id,
        ).changes;
      if (!changed) throw new KeelError('NOT_FOUND', `No account ${input.id} in ${p.name}.`);
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw new KeelError('CONFLICT', `An account named '${a.name}' exists already in ${p.name}.`, [
        { path: 'account.name', message: 'taken' },
      ]);
    throw err;
  }
  return listAccounts(ctx, { portfolio: p.name }).find((x) => x.name === a.name)!;
}

export function removeAccount(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; id: number },
): { deleted: boolean } {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const used = db
    .prepare('SELECT count(*) AS n FROM transactions WHERE account_id = ? OR to_account_id = ?')
    .get(input.id, input.id) as { n: number };
  if (used.n)
    throw new KeelError(
      'CONFLICT',
      `The account has ${used.n} transaction(s); delete or move them first.`,
    );
  return {
    deleted:
      db.prepare('DELETE FROM accounts WHERE id = ? AND portfolio_id = ?').run(input.id, p.id)
        .changes > 0,
  };
}

export function saveInstrument(
  ctx: ServiceContext,
  input: { instrument: InstrumentParsed },
): { symbol: string } {
  const db = ctx.store.db;
  const i = input.instrument;
  db.transaction(() => {
    const { id } = db
      .prepare(
        `INSERT INTO instruments (symbol, name, kind, asset_class, chain, quote_currency, attrs) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(symbol) DO UPDATE SET name = excluded.name, kind = excluded.kind, asset_class = excluded.asset_class,
           chain = excluded.chain, quote_currency = excluded.quote_currency, attrs = excluded.attrs RETURNING id`,
      )
      .get(
        i.symbol,
        i.name,
        i.kind,
        i.assetClass,
        i.chain,
        i.quoteCurrency,
        JSON.stringify(i.attrs),
      ) as {
      id: number;
    };
    db.prepare('DELETE FROM instrument_tags WHERE instrument_id = ?').run(id);
    const tag = db.prepare(
      'INSERT INTO tags (dimension, name) VALUES (?, ?) ON CONFLICT(dimension, name) DO UPDATE SET name = excluded.name RETURNING id',
    );
    const link = db.prepare(
      'INSERT OR IGNORE INTO instrument_tags (instrument_id, tag_id) VALUES (?, ?)',
    );
    for (const t of i.tags) link.run(id, (tag.get(t.dimension, t.name) as { id: number }).id);
  })();
  return { symbol: i.symbol };
}

export function listTransactions(
  ctx: ServiceContext,
  input: {
    portfolio?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    account?: string | undefined;
    limit: number;
    offset: number;
  },
): { total: number; rows: TransactionRow[] } {
  const p = resolvePortfolio(ctx.store.db, input.portfolio);
  const all = loadLedger(ctx.store.db, p.id).filter(
    (t) =>
      (!input.from || t.date >= input.from) &&
      (!input.to || t.date <= input.to) &&
      (!input.account || t.account === input.account || t.toAccount === input.account),
  );
  return { total: all.length, rows: all.slice(input.offset, input.offset + input.limit) };
}

export function addTransaction(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; tx: LedgerTx },
): TransactionRow {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const id = writeLedger(
    db,
    p.id,
    () => insertLedgerTxs(db, p.id, [input.tx], null, DEFAULT_CASH).ids[0],
  );
  if (id === undefined)
    throw new KeelError(
      'CONFLICT',
      'The same transaction (fingerprint) is already in this account.',
    );
  return getTransaction(db, p.id, id)!;
}

export function updateTransaction(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; id: number; tx: LedgerTx },
): TransactionRow {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  writeLedger(db, p.id, () => {
    if (!deleteTransaction(db, p.id, input.id))
      throw new KeelError('NOT_FOUND', `No transaction ${input.id} in ${p.name}.`);
    const newId = insertLedgerTxs(db, p.id, [input.tx], null, DEFAULT_CASH).ids[0];
    if (newId === undefined)
      throw new KeelError(
        'CONFLICT',
        'The same transaction (fingerprint) is already in this account.',
      );
    // the edited row keeps its id (and so its place among same-day rows)
    db.prepare('UPDATE transactions SET id = ? WHERE id = ?').run(input.id, newId);
  });
  return getTransaction(db, p.id, input.id)!;
}

export function removeTransaction(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; id: number },
): { deleted: boolean } {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  return { deleted: writeLedger(db, p.id, () => deleteTransaction(db, p.id, input.id)) };
}
