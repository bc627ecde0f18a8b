import type Database from 'better-sqlite3';

export interface StoredPolicy {
  name: string;
  version: number;
  createdAt: string;
  policy: unknown;
}

const latest = `SELECT name, version, created_at AS createdAt, policy FROM allocation_policies p
  WHERE portfolio_id = ? AND version = (SELECT max(version) FROM allocation_policies q
    WHERE q.portfolio_id = p.portfolio_id AND q.name = p.name)`;

/** The latest version of each of a portfolio's policies, by name. */
export function listPolicies(db: Database.Database, portfolioId: number): StoredPolicy[] {
  return (
    db.prepare(`${latest} ORDER BY name`).all(portfolioId) as (StoredPolicy & { policy: string })[]
  ).map((r) => ({ ...r, policy: JSON.parse(r.policy) as unknown }));
}

export function getPolicy(
  db: Database.Database,
  portfolioId: number,
  name: string,
  version?: number,
): StoredPolicy | undefined {
  const row = (
    version === undefined
      ? db.prepare(`${latest} AND name = ?`).get(portfolioId, name)
      : db
          .prepare(
            'SELECT name, version, created_at AS createdAt, policy FROM allocation_policies WHERE portfolio_id = ? AND name = ? AND version = ?',
          )
          .get(portfolioId, name, version)
  ) as (StoredPolicy & { policy: string }) | undefined;
  return row && { ...row, policy: JSON.parse(row.policy) as unknown };
}

/**
 * Saves a policy: a new version when it differs from the latest one, none when identical (so
 * saving twice does not multiply versions). Runs in one transaction.
 */
export function savePolicy(
  db: Database.Database,
  portfolioId: number,
  name: string,
  policy: unknown,
  createdAt: string,
): { version: number; created: boolean } {
  return db.transaction(() => {
    const text = JSON.stringify(policy);
    const prev = db
      .prepare(
        'SELECT version, policy FROM allocation_policies WHERE portfolio_id = ? AND name = ? ORDER BY version DESC LIMIT 1',
      )
      .get(portfolioId, name) as { version: number; policy: string } | undefined;
    if (prev && prev.policy === text) return { version: prev.version, created: false };
    const version = (prev?.version ?? 0) + 1;
    db.prepare(
      'INSERT INTO allocation_policies (portfolio_id, name, version, created_at, policy) VALUES (?, ?, ?, ?, ?)',
    ).run(portfolioId, name, version, createdAt, text);
    return { version, created: true };
  })();
}

export function deletePolicy(db: Database.Database, portfolioId: number, name: string): number {
  return db
    .prepare('DELETE FROM allocation_policies WHERE portfolio_id = ? AND name = ?')
    .run(portfolioId, name).changes;
}
