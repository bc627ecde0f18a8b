import type { HoldingsReport } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import { PortfolioExport } from '../../shared/export';
import { LedgerTx } from '../../shared/ledger';
import { DEFAULT_CASH } from '../engine/ledger';
import { loadLedger, insertLedgerTxs } from '../store/ledger-tx';
import { insertPortfolio, listPortfolios } from '../store/portfolios';
import type { ServiceContext } from './context';
import { writeLedger } from './book';
import { resolvePortfolio } from './portfolios';

// Whole-portfolio JSON (lossless round trip) and CSV exports of transactions and holdings.

export function exportPortfolio(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; prices: boolean },
): PortfolioExport {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const transactions = loadLedger(db, p.id).map(({ id: _id, ...tx }) => tx);
  const accounts = db
    .prepare(
      'SELECT name, kind, custodian, chain, protocol, address_label AS addressLabel FROM accounts WHERE portfolio_id = ? ORDER BY name',
    )
    .all(p.id) as PortfolioExport['accounts'];
  const used = [
    ...new Set(
      transactions
        .flatMap((t) => [t.instrument, t.quote, t.feeCurrency, t.counterInstrument, t.lpInstrument])
        .filter((s): s is string => !!s),
    ),
  ];
  const rows = db
    .prepare(
      `SELECT id, symbol, name, kind, asset_class AS assetClass, chain, quote_currency AS quoteCurrency, attrs FROM instruments WHERE symbol IN (${used.map(() => '?').join(',') || "''"}) ORDER BY symbol`,
    )
    .all(...used) as {
    id: number;
    symbol: string;
    name: string;
    kind: string;
    assetClass: string;
    chain: string | null;
    quoteCurrency: string;
    attrs: string;
  }[];
  const tagsOf = db.prepare(
    'SELECT t.dimension, t.name FROM tags t JOIN instrument_tags it ON it.tag_id = t.id WHERE it.instrument_id = ? ORDER BY t.dimension, t.name',
  );
  const instruments = rows.map((r) => ({
    symbol: r.symbol,
    name: r.name,
    kind: r.kind,
    assetClass: r.assetClass,
    chain: r.chain,
    quoteCurrency: r.quoteCurrency,
    attrs: JSON.parse(r.attrs) as Record<string, unknown>,
    tags: tagsOf.all(r.id) as { dimension: string; name: string }[],
  }));
  const prices = input.prices
    ? (db
        .prepare(
          `SELECT i.symbol, p.date, p.close, p.volume FROM prices p JOIN instruments i ON i.id = p.instrument_id WHERE i.symbol IN (${used.map(() => '?').join(',') || "''"}) ORDER BY i.symbol, p.date`,
        )
        .all(...used) as PortfolioExport['prices'])
    : [];
  return {
    format: 'keel-portfolio',
    version: 1,
    portfolio: { name: p.name, baseCurrency: p.baseCurrency },
    accounts,
    instruments,
    transactions,
    prices,
  };
}

/**
 * Reads a portfolio document back: a new portfolio (under `as` when given), its venues, the
 * instruments it uses (created when missing; an existing one with other attributes is left as
 * it is and reported), its transactions and the missing closes. All or nothing.
 */
export function importPortfolio(
  ctx: ServiceContext,
  input: { document: unknown; as?: string | undefined },
): { portfolio: string; transactions: number; prices: number; notes: string[] } {
  const parsed = PortfolioExport.safeParse(input.document);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 20)
      .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new KeelError(
      'VALIDATION',
      `Not a Keel portfolio document: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const doc = parsed.data;
  const name = input.as ?? doc.portfolio.name;
  const db = ctx.store.db;
  if (listPortfolios(db).some((p) => p.name === name)) {
    throw new KeelError(
      'CONFLICT',
      `A portfolio named '${name}' exists already; import it under another name (--as).`,
      [{ path: 'portfolio.name', message: 'taken' }],
    );
  }
  const notes: string[] = [];
  return db.transaction(() => {
    const id = insertPortfolio(db, name, doc.portfolio.baseCurrency, ctx.now().toISOString());
    const acc = db.prepare(
      'INSERT INTO accounts (portfolio_id, name, kind, custodian, chain, protocol, address_label) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const a of doc.accounts)
      acc.run(id, a.name, a.kind, a.custodian, a.chain, a.protocol, a.addressLabel);
    const find = db.prepare(
      'SELECT id, name, kind, asset_class AS assetClass, chain, attrs FROM instruments WHERE symbol = ?',
    );
    const add = db.prepare(
      'INSERT INTO instruments (symbol, name, kind, asset_class, chain, quote_currency, attrs) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    );
    const tag = db.prepare(
      'INSERT INTO tags (dimension, name) VALUES (?, ?) ON CONFLICT(dimension, name) DO UPDATE SET name = excluded.name RETURNING id',
    );
    const link = db.prepare(
      'INSERT OR IGNORE INTO instrument_tags (instrument_id, tag_id) VALUES (?, ?)',
    );
    for (const i of doc.instruments) {
      const existing = find.get(i.symbol) as
        | {
            id: number;
            name: string;
            kind: string;
            assetClass: string;
            chain: string | null;
            attrs: string;
          }
        | undefined;
      let insId: number;
      if (existing) {
        insId = existing.id;
        if (existing.kind !== i.kind || existing.attrs !== JSON.stringify(i.attrs))
          notes.push(
            `${i.symbol} exists already with other attributes; kept the existing definition.`,
          );
      } else
        insId = (
          add.get(
            i.symbol,
            i.name,
            i.kind,
            i.assetClass,
            i.chain,
            i.quoteCurrency,
            JSON.stringify(i.attrs),
          ) as {
            id: number;
          }
        ).id;
      for (const t of i.tags) link.run(insId, (tag.get(t.dimension, t.name) as { id: number }).id);
    }
    writeLedger(db, id, () => insertLedgerTxs(db, id, doc.transactions, null, DEFAULT_CASH));
    const price = db.prepare(
      'INSERT OR IGNORE INTO prices (instrument_id, date, close, volume) SELECT id, ?, ?, ? FROM instruments WHERE symbol = ?',
    );
    let nPrices = 0;
    for (const p of doc.prices) nPrices += price.run(p.date, p.close, p.volume, p.symbol).changes;
    return { portfolio: name, transactions: doc.transactions.length, prices: nPrices, notes };
  })();
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const toCsv = (header: string[], rows: unknown[][]): string =>
  [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** The CSV columns are the canonical transaction's fields, in its schema's order. */
const TX_COLUMNS = Object.keys(LedgerTx.shape);

export function transactionsCsv(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined },
): string {
  const p = resolvePortfolio(ctx.store.db, input.portfolio);
  return toCsv(
    TX_COLUMNS,
    loadLedger(ctx.store.db, p.id).map((t) =>
      TX_COLUMNS.map((c) => (t as Record<string, unknown>)[c]),
    ),
  );
}

export function holdingsCsv(report: HoldingsReport): string {
  return toCsv(
    [
      'asOf',
      'account',
      'venueKind',
      'symbol',
      'name',
      'assetClass',
      'quantity',
      'price',
      'priceDate',
      'value',
      'weight',
      'costBasis',
      'unrealisedPnl',
      'entryPrice',
    ],
    report.rows.map((r) => [
      report.asOf,
      r.account,
      r.venueKind,
      r.symbol,
      r.name,
      r.assetClass,
      r.quantity,
      r.price,
      r.priceDate,
      r.value,
      r.weight,
      r.costBasis,
      r.unrealisedPnl,
      r.entryPrice ?? null,
    ]),
  );
}
