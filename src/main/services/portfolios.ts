import type Database from 'better-sqlite3';
import type { PortfolioSummary } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import {
  insertPortfolio,
  listPortfolios,
  updatePortfolio,
  type PortfolioRow,
} from '../store/portfolios';
import type { ServiceContext } from './context';

/** Finds a portfolio by name; the name may be left out while there is only one. */
export function resolvePortfolio(db: Database.Database, name: string | undefined): PortfolioRow {
  const all = listPortfolios(db);
  if (name === undefined) {
    if (all.length === 1) return all[0]!;
    if (all.length === 0)
      throw new KeelError(
        'NOT_FOUND',
        'There is no portfolio yet. Load the demo (keel demo) or import one.',
      );
    throw new KeelError(
      'VALIDATION',
      `There are ${all.length} portfolios; name one with --portfolio: ${all.map((p) => p.name).join(', ')}.`,
      [{ path: 'portfolio', message: 'required when there are several portfolios' }],
    );
  }
  const found =
    all.find((p) => p.name === name) ??
    all.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    throw new KeelError(
      'NOT_FOUND',
      `No portfolio named '${name}'. Portfolios: ${all.map((p) => p.name).join(', ') || 'none'}.`,
      [{ path: 'portfolio', message: 'unknown portfolio' }],
    );
  }
  return found;
}

export function portfolioSummaries(db: Database.Database): PortfolioSummary[] {
  return db
    .prepare(
      `SELECT p.id, p.name, p.base_currency AS baseCurrency,
         (SELECT min(t.date) FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.portfolio_id = p.id) AS firstDate,
         (SELECT max(pr.date) FROM prices pr WHERE pr.instrument_id IN
            (SELECT t.instrument_id FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.portfolio_id = p.id)) AS asOf,
         (SELECT count(DISTINCT t.account_id || ':' || t.instrument_id) FROM transactions t JOIN accounts a ON a.id = t.account_id
            WHERE a.portfolio_id = p.id) AS positions
       FROM portfolios p ORDER BY p.name`,
    )
    .all() as PortfolioSummary[];
}

/** The unit every price is stored in after conversion (see store/prices.ts). */
export const USD = 'USD';

/** Instrument kinds a book can be valued in: a coin, a stablecoin, a staked token, a currency. */
const BASE_KINDS = new Set(['spot', 'stablecoin', 'staked', 'cash']);

export interface BaseCurrency {
  symbol: string;
  /** The instrument whose USD closes convert values; null for USD itself. */
  instrumentId: number | null;
}

/**
 * A base currency: USD, or an instrument of a currency-like kind with a USD price series (its
 * own closes, converted from its quote currency when that is not USD). Anything else is a
 * validation error naming it and what would do. Symbols match case-insensitively.
 */
export function resolveBaseCurrency(db: Database.Database, symbol: string): BaseCurrency {
  const wanted = symbol.trim();
  if (wanted.toUpperCase() === USD) return { symbol: USD, instrumentId: null };
  const rows = db
    .prepare(
      `SELECT i.id, i.symbol, i.kind, EXISTS (SELECT 1 FROM prices p WHERE p.instrument_id = i.id) AS priced
       FROM instruments i WHERE i.symbol = ? COLLATE NOCASE ORDER BY i.symbol = ? DESC`,
    )
    .all(wanted, wanted) as { id: number; symbol: string; kind: string; priced: number }[];
  const found = rows[0];
  const fail = (why: string): never => {
    throw new KeelError('VALIDATION', `Unknown base currency '${wanted}': ${why}`, [
      { path: 'baseCurrency', message: why },
    ]);
  };
  if (!found) return fail('use USD or an instrument with a price series (BTC, ETH, USDT, USDC…).');
  if (!BASE_KINDS.has(found.kind))
    return fail(
      `${found.symbol} is ${/^[aeiou]/.test(found.kind) ? 'an' : 'a'} ${found.kind}; a base currency is USD, a coin, a stablecoin or a currency.`,
    );
  if (!found.priced)
    return fail(`${found.symbol} has no prices: import its daily closes first, or use USD.`);
  return { symbol: found.symbol, instrumentId: found.id };
}

/**
 * Creates a portfolio (no id) or renames one and changes its base currency (id). The base
 * currency is validated (resolveBaseCurrency); a name already taken is a conflict.
 */
export function savePortfolio(
  ctx: ServiceContext,
  input: { id?: number | undefined; name: string; baseCurrency?: string | undefined },
): PortfolioSummary {
  const db = ctx.store.db;
  const name = input.name.trim();
  const id = db.transaction(() => {
    const all = listPortfolios(db);
    const current = input.id === undefined ? undefined : all.find((p) => p.id === input.id);
    if (input.id !== undefined && !current)
      throw new KeelError('NOT_FOUND', `No portfolio with id ${input.id}.`, [
        { path: 'id', message: 'unknown portfolio' },
      ]);
    const clash = all.find((p) => p.id !== input.id && p.name.toLowerCase() === name.toLowerCase());
    if (clash)
      throw new KeelError('CONFLICT', `There is already a portfolio named '${clash.name}'.`, [
        { path: 'name', message: 'name in use' },
      ]);
    const base = resolveBaseCurrency(db, input.baseCurrency ?? current?.baseCurrency ?? USD).symbol;
    if (!current) return insertPortfolio(db, name, base, ctx.now().toISOString());
    updatePortfolio(db, current.id, name, base);
    return current.id;
  })();
  return portfolioSummaries(db).find((p) => p.id === id)!;
}
