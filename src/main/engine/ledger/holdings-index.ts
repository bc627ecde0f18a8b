import { type LedgerTx } from '../../../shared/ledger';
import { runLedger } from './apply';
import { fmt } from './decimal';
import { type Margin, type PositionState } from './lots';
import { type AmountState } from './state';

// Holdings as of any day, from one pass over the ledger: the quantity of each (account,
// instrument) is recorded at the end of every day it changed, so an as-of query is one binary
// search per position. Quantities do not depend on the cost method. Margined (futures) positions
// also record their basis (entry notional, average cost), which their value needs: see
// unrealised.ts. Debts are listed too, after the positions, as negative quantities.

export interface Holding {
  account: string;
  instrument: string;
  quantity: string;
  /** Only on a debt (quantity = minus the amount owed). */
  debt?: true;
  /** Only on a margined position (see Position): how it settles, in what, and its basis. */
  margin?: Margin;
  settlement?: string;
  costBasis?: string;
}

export interface HoldingsIndex {
  /** First and last day with a transaction (null for an empty ledger). */
  firstDate: string | null;
  lastDate: string | null;
  /** Non-zero holdings, then debts, at the end of `day` (YYYY-MM-DD), by account then instrument. */
  asOf(day: string): Holding[];
}

interface Series {
  account: string;
  instrument: string;
  days: string[];
  quantities: string[];
  /** Margined positions only (from their first futures trade; '0' before it). */
  margin: Margin | null;
  settlement: string;
  bases: string[] | null;
}

export function buildHoldingsIndex(
  txs: readonly LedgerTx[],
  opts: { cash?: readonly string[] } = {},
): HoldingsIndex {
  const series = new Map<PositionState, Series>();
  const debtSeries = new Map<AmountState, Series>();
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  runLedger(txs, { method: 'average', ...opts }, (day, state) => {
    firstDate ??= day;
    lastDate = day;
    for (const p of state.touched ?? []) {
      let s = series.get(p);
      if (!s) {
        s = newSeries(p.account, p.instrument);
        series.set(p, s);
      }
      if (p.margin && !s.bases) {
        s.margin = p.margin;
        s.settlement = p.settlement;
        s.bases = s.days.map(() => '0');
      }
      s.days.push(day);
      s.quantities.push(fmt(p.qty));
      s.bases?.push(fmt(p.basis));
    }
    // Few debts in any book: compare each with its last record rather than track changes.
    for (const d of state.debts.values()) {
      let s = debtSeries.get(d);
      const owed = fmt(-d.amount);
      if (s?.quantities[s.quantities.length - 1] === owed) continue;
      if (!s) {
        s = newSeries(d.account, d.instrument);
        debtSeries.set(d, s);
      }
      s.days.push(day);
      s.quantities.push(owed);
    }
  });
  const byName = (a: Series, b: Series) =>
    a.account < b.account
      ? -1
      : a.account > b.account
        ? 1
        : a.instrument < b.instrument
          ? -1
          : a.instrument > b.instrument
            ? 1
            : 0;
  const all = [...series.values()].sort(byName);
  const debts = [...debtSeries.values()].sort(byName);
  return {
    firstDate,
    lastDate,
    asOf(day: string): Holding[] {
      const out: Holding[] = [];
      for (const s of all) {
        const i = lastAtOrBefore(s.days, day);
        if (i < 0) continue;
        const q = s.quantities[i]!;
        if (q === '0') continue;
        const h: Holding = { account: s.account, instrument: s.instrument, quantity: q };
        if (s.bases) {
          h.margin = s.margin!;
          h.settlement = s.settlement;
          h.costBasis = s.bases[i]!;
        }
        out.push(h);
      }
      for (const s of debts) {
        const i = lastAtOrBefore(s.days, day);
        const q = i < 0 ? '0' : s.quantities[i]!;
        if (q !== '0') {
          out.push({ account: s.account, instrument: s.instrument, quantity: q, debt: true });
        }
      }
      return out;
    },
  };
}

const newSeries = (account: string, instrument: string): Series => ({
  account,
  instrument,
  days: [],
  quantities: [],
  margin: null,
  settlement: '',
  bases: null,
});

function lastAtOrBefore(days: readonly string[], day: string): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
