import { type CostMethod } from '../../../shared/ledger';
import { type Dec, ZERO } from './decimal';
import { PositionState } from './lots';

// The mutable book while transactions are applied: positions, debts, realised P&L and income,
// each keyed by (account, instrument).

/** Instruments treated as cash by default: they may go negative and are carried at unit cost 1. */
export const DEFAULT_CASH: readonly string[] = ['USD', 'EUR', 'GBP'];

export interface AmountState {
  account: string;
  instrument: string;
  amount: Dec;
}

const key = (account: string, instrument: string) => `${account}\u0000${instrument}`;

export class LedgerState {
  readonly positions = new Map<string, PositionState>();
  readonly debts = new Map<string, AmountState>();
  readonly realised = new Map<string, AmountState>();
  readonly income = new Map<string, AmountState>();
  /** When set, every position changed is added (for as-of indexes). */
  touched: Set<PositionState> | null = null;

  constructor(
    readonly method: CostMethod,
    readonly cash: ReadonlySet<string>,
  ) {}

  position(account: string, instrument: string): PositionState {
    const k = key(account, instrument);
    let p = this.positions.get(k);
    if (!p) {
      p = new PositionState(account, instrument, this.cash.has(instrument));
      this.positions.set(k, p);
    }
    this.touched?.add(p);
    return p;
  }

  debt(account: string, instrument: string): AmountState {
    return entry(this.debts, account, instrument);
  }

  realise(account: string, instrument: string, amount: Dec): void {
    const e = entry(this.realised, account, instrument);
    e.amount += amount;
  }

  earn(account: string, instrument: string, amount: Dec): void {
    const e = entry(this.income, account, instrument);
    e.amount += amount;
  }
}

function entry(map: Map<string, AmountState>, account: string, instrument: string): AmountState {
  const k = key(account, instrument);
  let e = map.get(k);
  if (!e) {
    e = { account, instrument, amount: ZERO };
    map.set(k, e);
  }
  return e;
}
