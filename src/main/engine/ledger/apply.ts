import { type CostMethod, type LedgerTx } from '../../../shared/ledger';
import { type Book, snapshot } from './book';
import { applyTx } from './effects';
import { isDay, processingOrder } from './order';
import { DEFAULT_CASH, LedgerState } from './state';

export interface LedgerOptions {
  method: CostMethod;
  /** Apply only transactions dated on or before this day (YYYY-MM-DD). */
  asOf?: string;
  /** Instruments treated as cash: may go negative, carried at unit cost 1. Default USD, EUR, GBP. */
  cash?: readonly string[];
}

/**
 * The book after every transaction dated on or before asOf, applied in processing order (day,
 * time, input position). Throws a LedgerError naming the transaction that cannot be applied.
 */
export function applyLedger(txs: readonly LedgerTx[], opts: LedgerOptions): Book {
  const { state, applied } = runLedger(txs, opts);
  return snapshot(state, opts.asOf ?? null, applied);
}

/**
 * Applies the transactions to a fresh state. `onDayEnd` is called after the last transaction of
 * each day, with that day and the state, whose `touched` set then holds the positions changed
 * that day (for as-of indexes).
 */
export function runLedger(
  txs: readonly LedgerTx[],
  opts: LedgerOptions,
  onDayEnd?: (day: string, state: LedgerState) => void,
): { state: LedgerState; applied: number } {
  if (opts.method !== 'fifo' && opts.method !== 'average') {
    throw new RangeError(`unknown cost method "${String(opts.method)}" (expected fifo or average)`);
  }
  if (opts.asOf !== undefined && !isDay(opts.asOf)) {
    throw new RangeError(`asOf "${opts.asOf}" is not a real day written YYYY-MM-DD`);
  }
  const order = processingOrder(txs);
  const state = new LedgerState(opts.method, new Set(opts.cash ?? DEFAULT_CASH));
  if (onDayEnd) state.touched = new Set();
  let applied = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const tx = txs[i]!;
    if (opts.asOf !== undefined && tx.date > opts.asOf) break;
    applyTx(state, tx, i);
    applied++;
    const next = txs[order[k + 1] ?? -1];
    if (onDayEnd && (next === undefined || next.date !== tx.date)) {
      onDayEnd(tx.date, state);
      state.touched?.clear();
    }
  }
  return { state, applied };
}
