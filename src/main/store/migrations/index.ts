import init from './001_init.sql?raw';
import ledger from './002_ledger.sql?raw';
import allocation from './003_allocation.sql?raw';
import history from './004_history.sql?raw';

// The numbered migrations, in order. A file, once released, never changes: its checksum is
// recorded when applied and checked at every open.
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { id: 1, name: '001_init', sql: init },
  { id: 2, name: '002_ledger', sql: ledger },
  { id: 3, name: '003_allocation', sql: allocation },
  { id: 4, name: '004_history', sql: history },
];
