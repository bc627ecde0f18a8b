import type Database from 'better-sqlite3';

export interface RunInput {
  kind: string;
  method: string;
  engineVersion: string;
  createdAt: string;
  inputs: unknown;
  outputs: unknown;
}

/** Every computed result a user acts on is kept with its inputs, so it can be reproduced. */
export function insertRun(db: Database.Database, r: RunInput): number {
  return Number(
    db
      .prepare(
        'INSERT INTO runs (kind, method, engine_version, created_at, inputs, outputs) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        r.kind,
        r.method,
        r.engineVersion,
        r.createdAt,
        JSON.stringify(r.inputs),
        JSON.stringify(r.outputs),
      ).lastInsertRowid,
  );
}

export interface RunSummary {
  id: number;
  kind: string;
  method: string;
  engineVersion: string;
  createdAt: string;
}

export function listRuns(db: Database.Database, kind: string, limit = 50): RunSummary[] {
  return db
    .prepare(
      'SELECT id, kind, method, engine_version AS engineVersion, created_at AS createdAt FROM runs WHERE kind = ? ORDER BY id DESC LIMIT ?',
    )
    .all(kind, limit) as RunSummary[];
}

export function getRun(
  db: Database.Database,
  id: number,
): (RunSummary & { inputs: string; outputs: string }) | undefined {
  return db
    .prepare(
      'SELECT id, kind, method, engine_version AS engineVersion, created_at AS createdAt, inputs, outputs FROM runs WHERE id = ?',
    )
    .get(id) as (RunSummary & { inputs: string; outputs: string }) | undefined;
}
