import { isRealDay } from '../../../shared/domain';
import { type LedgerTx } from '../../../shared/ledger';
import { LedgerError } from './errors';

// Processing order: by day, then by time within the day (a transaction without a time counts as
// the start of its day), then by position in the input. The sort is stable and the input is
// left as it is.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: unknown): s is string {
  return typeof s === 'string' && DAY.test(s) && isRealDay(s);
}

/** Indices of txs in processing order; an error for a bad date or time. */
export function processingOrder(txs: readonly LedgerTx[]): number[] {
  const n = txs.length;
  const times = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const tx = txs[i]!;
    if (!isDay(tx.date)) {
      throw badOrder(tx, i, `date "${String(tx.date)}" is not a real day written YYYY-MM-DD`);
    }
    if (tx.time === undefined) {
      times[i] = -Infinity;
    } else {
      const t = Date.parse(tx.time);
      if (!Number.isFinite(t)) throw badOrder(tx, i, `time "${tx.time}" is not an ISO instant`);
      if (new Date(t).toISOString().slice(0, 10) !== tx.date) {
        throw badOrder(tx, i, `time ${tx.time} is not on the transaction's UTC day ${tx.date}`);
      }
      times[i] = t;
    }
    if (sorted && i > 0) {
      const prev = txs[i - 1]!;
      if (prev.date > tx.date || (prev.date === tx.date && times[i - 1]! > times[i]!)) {
        sorted = false;
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i);
  if (sorted) return order;
  return order.sort((a, b) => {
    const da = txs[a]!.date;
    const db = txs[b]!.date;
    if (da !== db) return da < db ? -1 : 1;
    const ta = times[a]!;
    const tb = times[b]!;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a - b;
  });
}

function badOrder(tx: LedgerTx, index: number, problem: string): LedgerError {
  return new LedgerError({
    index,
    date: String(tx.date),
    kind: String(tx.kind),
    account: String(tx.account),
    instrument: String(tx.instrument),
    problem,
  });
}
