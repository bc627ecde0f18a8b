import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { KeelError } from '../../shared/errors';
import { describeSqliteError, storeError } from './errors';
import { migrate, type MigrateResult } from './migrate';
import { migrations as knownMigrations, type Migration } from './migrations';

export interface Store {
  db: Database.Database;
  path: string;
  schemaVersion: number;
  migration: MigrateResult;
  /** Another connection to the same file (for a long write that must not hold the main one). */
  connect(): Database.Database;
  close(): void;
}

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for this runtime's ABI (Electron passes its own). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
}

export const DB_FILE = 'keel.db';

/**
 * Opens (creating if needed) the database file, sets WAL and foreign keys, and migrates.
 * A file that is not a readable SQLite database gets an error naming it; it is never replaced
 * or deleted.
 */
export function openStore(dbPath: string, opts: OpenOptions = {}): Store {
  mkdirSync(dirname(dbPath), { recursive: true });
  if (existsSync(dbPath) && !statSync(dbPath).isFile()) {
    throw storeError(
      dbPath,
      'The database path is not a regular file',
      'Move it away or choose another --data-dir.',
    );
  }
  let db: Database.Database;
  try {
    db = new Database(dbPath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (err) {
    throw storeError(
      dbPath,
      `Cannot open the database (${describeSqliteError(err)})`,
      'Check that the file is readable; it was left as it is.',
    );
  }
  try {
    // The first statement reads the header: a corrupt or foreign file fails here.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    const migration = migrate(
      db,
      dbPath,
      opts.migrations ?? knownMigrations,
      join(dirname(dbPath), 'backups'),
    );
    return {
      db,
      path: dbPath,
      schemaVersion: migration.schemaVersion,
      migration,
      connect: () => {
        const c = new Database(
          dbPath,
          opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {},
        );
        c.pragma('foreign_keys = ON');
        c.pragma('busy_timeout = 5000');
        c.pragma('synchronous = NORMAL');
        return c;
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    if (err instanceof KeelError) throw err;
    throw storeError(
      dbPath,
      `This file is not a usable Keel database (${describeSqliteError(err)})`,
      'It was left untouched: move it away to start afresh, or restore a copy from the backups folder beside it.',
    );
  }
}
