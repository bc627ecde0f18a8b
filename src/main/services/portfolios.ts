import type Database from 'better-sqlite3';
import type { PortfolioSummary } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import { listPortfolios, type PortfolioRow } from '../store/portfolios';

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
