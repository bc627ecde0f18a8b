import init from './001_init.sql?raw';

// The numbered migrations, in order. A file, once released, never changes: its checksum is
// recorded when applied and checked at every open.
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [{ id: 1, name: '001_init', sql: init }];
