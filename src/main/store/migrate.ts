import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { storeError } from './errors';
import type { Migration } from './migrations';

export const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex');

export interface MigrateResult {
  schemaVersion: number;
  applied: number[];
  backupPath: string | null;
}

interface AppliedRow {
  id: number;
  name: string;
  checksum: string;
}

/**
 * Brings the schema up to date. Refuses a database written by a newer Keel, and one whose
 * applied migrations no longer match the files. Copies the database aside before changing a
 * schema that already holds data; each migration runs in its own transaction.
 */
export function migrate(
  db: Database.Database,
  dbPath: string,
  known: readonly Migration[],
  backupDir: string,
  now: () => Date = () => new Date(),
): MigrateResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db
    .prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id')
    .all() as AppliedRow[];
  const latestKnown = known.length ? known[known.length - 1]!.id : 0;
  const byId = new Map(known.map((m) => [m.id, m]));

  for (const row of applied) {
    const m = byId.get(row.id);
    if (!m) {
      throw storeError(
        dbPath,
        `This database was written by a newer Keel (schema ${Math.max(...applied.map((r) => r.id))}, this Keel knows up to ${latestKnown})`,
        'Open it with the newer Keel, or point this one at another folder with --data-dir. The file was not changed.',
      );
    }
    if (checksum(m.sql) !== row.checksum || m.name !== row.name) {
      throw storeError(
        dbPath,
        `Migration ${row.id} (${row.name}) applied to this database differs from this Keel's file ${m.name}`,
        'The database was made by a different build of Keel. The file was not changed.',
      );
    }
  }

  const done = new Set(applied.map((r) => r.id));
  const pending = known.filter((m) => !done.has(m.id));
  let backupPath: string | null = null;
  if (pending.length && applied.length) {
    mkdirSync(backupDir, { recursive: true });
    const stamp = now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    backupPath = join(backupDir, `keel-${stamp}-schema${applied[applied.length - 1]!.id}.db`);
    db.prepare('VACUUM INTO ?').run(backupPath);
  }

  const record = db.prepare(
    'INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, checksum(m.sql), now().toISOString());
    })();
  }
  return {
    schemaVersion: Math.max(0, ...applied.map((r) => r.id), ...pending.map((m) => m.id)),
    applied: pending.map((m) => m.id),
    backupPath,
  };
}
