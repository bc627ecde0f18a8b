import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KeelError } from '../src/shared/errors';
import { openStore } from '../src/main/store/db';
import { migrations } from '../src/main/store/migrations';
import { tempDir } from './helpers/tmp';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectStoreError(fn: () => unknown, ...fragments: string[]): KeelError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KeelError);
    const e = err as KeelError;
    expect(e.code).toBe('STORE');
    for (const f of fragments) expect(e.message).toContain(f);
    return e;
  }
  throw new Error('expected a store error');
}

describe('openStore', () => {
  it('creates the file with WAL, foreign keys and every migration recorded with its checksum', () => {
    const path = join(tempDir(), 'nested', 'keel.db');
    const store = openStore(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const rows = store.db
      .prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id')
      .all();
    expect(rows).toEqual(
      migrations.map((m) => ({
        id: m.id,
        name: m.name,
        checksum: createHash('sha256').update(m.sql).digest('hex'),
      })),
    );
    expect(store.schemaVersion).toBe(migrations[migrations.length - 1]!.id);
    expect(store.migration.backupPath).toBeNull(); // nothing to back up in a new file
    store.close();
  });

  it('enforces foreign keys', () => {
    const store = openStore(join(tempDir(), 'keel.db'));
    expect(() =>
      store.db
        .prepare("INSERT INTO accounts (portfolio_id, name, kind) VALUES (999, 'x', 'exchange')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('reopening an up-to-date database applies nothing and takes no backup', () => {
    const path = join(tempDir(), 'keel.db');
    openStore(path).close();
    const again = openStore(path);
    expect(again.migration.applied).toEqual([]);
    expect(again.migration.backupPath).toBeNull();
    again.close();
  });

  it('copies the database aside before migrating one that holds data, and the copy holds that data', () => {
    const dir = tempDir();
    const path = join(dir, 'keel.db');
    const v1 = openStore(path, { migrations: migrations.slice(0, 1) });
    v1.db.prepare("INSERT INTO portfolios (name, created_at) VALUES ('Book', '2025-01-01')").run();
    v1.close();
    const next = [
      ...migrations,
      { id: 900, name: '900_add_notes', sql: 'ALTER TABLE portfolios ADD COLUMN notes TEXT;' },
    ];
    const v2 = openStore(path, { migrations: next });
    expect(v2.schemaVersion).toBe(900);
    expect(v2.migration.applied).toEqual([...migrations.slice(1).map((m) => m.id), 900]);
    const backup = v2.migration.backupPath!;
    expect(backup.startsWith(join(dir, 'backups'))).toBe(true);
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare('SELECT name FROM portfolios').all()).toEqual([{ name: 'Book' }]);
    expect(copy.prepare('SELECT max(id) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
    copy.close();
    v2.close();
  });

  it('a failing migration leaves the schema as it was (its transaction rolls back)', () => {
    const path = join(tempDir(), 'keel.db');
    openStore(path).close();
    const broken = [
      ...migrations,
      {
        id: 901,
        name: '901_broken',
        sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
      },
    ];
    expect(() => openStore(path, { migrations: broken })).toThrow();
    const db = new Database(path);
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get(),
    ).toEqual({ n: 0 });
    expect(db.prepare('SELECT max(id) AS v FROM schema_migrations').get()).toEqual({
      v: migrations[migrations.length - 1]!.id,
    });
    db.close();
  });

  it('refuses a database written by a newer Keel and leaves the file unchanged', () => {
    const path = join(tempDir(), 'keel.db');
    openStore(path).close();
    const db = new Database(path);
    db.prepare(
      "INSERT INTO schema_migrations VALUES (999, '999_future', 'abc', '2030-01-01')",
    ).run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(path);
    expectStoreError(() => openStore(path), 'newer Keel', 'schema 999', path);
    expect(sha(path)).toBe(before);
  });

  it('refuses a database whose applied migration differs from the file', () => {
    const path = join(tempDir(), 'keel.db');
    openStore(path).close();
    const db = new Database(path);
    db.prepare("UPDATE schema_migrations SET checksum = 'tampered' WHERE id = 1").run();
    db.close();
    expectStoreError(() => openStore(path), 'Migration 1', 'differs');
  });

  it('names a corrupt file and never replaces or deletes it', () => {
    const path = join(tempDir(), 'keel.db');
    const junk = Buffer.alloc(8192);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 251;
    writeFileSync(path, junk);
    expectStoreError(() => openStore(path), path, 'not a usable Keel database', 'left untouched');
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it('names a path that is not a file', () => {
    const path = join(tempDir(), 'keel.db');
    mkdirSync(path);
    expectStoreError(() => openStore(path), path, 'not a regular file');
    expect(existsSync(path)).toBe(true);
  });
});
