import type Database from 'better-sqlite3';

export interface PortfolioRow {
  id: number;
  name: string;
  baseCurrency: string;
}

export function listPortfolios(db: Database.Database): PortfolioRow[] {
  return db
    .prepare('SELECT id, name, base_currency AS baseCurrency FROM portfolios ORDER BY name')
    .all() as PortfolioRow[];
}

export function insertPortfolio(
  db: Database.Database,
  name: string,
  baseCurrency: string,
  createdAt: string,
): number {
  return Number(
    db
      .prepare('INSERT INTO portfolios (name, base_currency, created_at) VALUES (?, ?, ?)')
      .run(name, baseCurrency, createdAt).lastInsertRowid,
  );
}

export function deletePortfolio(db: Database.Database, id: number): void {
  db.prepare('DELETE FROM portfolios WHERE id = ?').run(id);
}

export interface AccountInput {
  name: string;
  kind: 'exchange' | 'wallet' | 'defi';
  custodian: string | null;
  chain: string | null;
  protocol: string | null;
}

export function insertAccount(db: Database.Database, portfolioId: number, a: AccountInput): number {
  return Number(
    db
      .prepare(
        'INSERT INTO accounts (portfolio_id, name, kind, custodian, chain, protocol) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(portfolioId, a.name, a.kind, a.custodian, a.chain, a.protocol).lastInsertRowid,
  );
}

export function updatePortfolio(
  db: Database.Database,
  id: number,
  name: string,
  baseCurrency: string,
): void {
  db.prepare('UPDATE portfolios SET name = ?, base_currency = ? WHERE id = ?').run(
    name,
    baseCurrency,
    id,
  );
}
