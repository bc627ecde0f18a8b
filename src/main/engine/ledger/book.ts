import { type CostMethod } from '../../../shared/ledger';
import { type Dec, divMoney, fmt, ZERO } from './decimal';
import { type Margin, openLots } from './lots';
import { type AmountState, type LedgerState } from './state';

// The book as plain data: every amount an exact decimal string (see decimal.ts for the places).

export interface Lot {
  /** Signed: negative only in a short option or futures position. */
  quantity: string;
  unitCost: string;
  /** Acquisition day (kept through transfers). */
  date: string;
}

export interface Position {
  account: string;
  instrument: string;
  quantity: string;
  /** Total cost of what is held, in the quote (base) currency; negative for a short option. */
  costBasis: string;
  averageCost: string;
  /** Open lots, oldest first. Average cost: the pool as one lot. Cash: none. */
  lots: Lot[];
  /**
   * Only on a margined (futures) position: 'linear' (costBasis = entry notional in the quote,
   * quantity x entry price) or 'inverse' (quantity = USD face value, costBasis = coins, face /
   * entry price). Such a position is worth its unrealised P&L, not its notional.
   */
  margin?: Margin;
  /** Margined only: the currency its P&L settles in (the quote of its trades). */
  settlement?: string;
  /** Margined only: average entry price in the quote per unit (inverse: USD per coin, face / coins). */
  entryPrice?: string;
}

export interface Debt {
  account: string;
  instrument: string;
  quantity: string;
}

export interface AmountLine {
  account: string;
  instrument: string;
  amount: string;
}

export interface Book {
  method: CostMethod;
  asOf: string | null;
  /** Number of transactions applied (those dated on or before asOf). */
  applied: number;
  /** The instruments treated as cash (negative allowed, unit cost 1). */
  cash: string[];
  /** Open positions (quantity not zero), by account then instrument. */
  positions: Position[];
  /** Outstanding debts (not zero), by account then instrument. */
  debts: Debt[];
  /** Realised P&L per (account, instrument) that ever realised anything, by account then instrument. */
  realised: AmountLine[];
  realisedTotal: string;
  /** Income (staking rewards at value on receipt), not part of realised P&L. */
  income: AmountLine[];
  incomeTotal: string;
}

const byAccountInstrument = (
  a: { account: string; instrument: string },
  b: { account: string; instrument: string },
) =>
  a.account < b.account
    ? -1
    : a.account > b.account
      ? 1
      : a.instrument < b.instrument
        ? -1
        : a.instrument > b.instrument
          ? 1
          : 0;

export function snapshot(s: LedgerState, asOf: string | null, applied: number): Book {
  const positions: Position[] = [];
  for (const p of s.positions.values()) {
    if (p.qty === 0n) continue;
    positions.push({
      account: p.account,
      instrument: p.instrument,
      quantity: fmt(p.qty),
      costBasis: fmt(p.basis),
      averageCost: fmt(divMoney(p.basis, p.qty)),
      lots: openLots(p, s.method).map((l) => ({
        quantity: fmt(l.qty),
        unitCost: fmt(divMoney(l.basis, l.qty)),
        date: l.date,
      })),
      ...(p.margin && {
        margin: p.margin,
        settlement: p.settlement,
        entryPrice: fmt(
          p.margin === 'linear' ? divMoney(p.basis, p.qty) : divMoney(p.qty, p.basis),
        ),
      }),
    });
  }
  const lines = (m: Map<string, AmountState>, keepZero: boolean): [AmountLine[], Dec] => {
    let total = ZERO;
    const out: AmountLine[] = [];
    for (const e of m.values()) {
      if (!keepZero && e.amount === 0n) continue;
      total += e.amount;
      out.push({ account: e.account, instrument: e.instrument, amount: fmt(e.amount) });
    }
    return [out.sort(byAccountInstrument), total];
  };
  const [realised, realisedTotal] = lines(s.realised, true);
  const [income, incomeTotal] = lines(s.income, true);
  const [debtLines] = lines(s.debts, false);
  return {
    method: s.method,
    asOf,
    applied,
    cash: [...s.cash].sort(),
    positions: positions.sort(byAccountInstrument),
    debts: debtLines.map((d) => ({
      account: d.account,
      instrument: d.instrument,
      quantity: d.amount,
    })),
    realised,
    realisedTotal: fmt(realisedTotal),
    income,
    incomeTotal: fmt(incomeTotal),
  };
}

/** The position of (account, instrument), or undefined when nothing is held. */
export function findPosition(
  book: Book,
  account: string,
  instrument: string,
): Position | undefined {
  return book.positions.find((p) => p.account === account && p.instrument === instrument);
}

/** Realised P&L of (account, instrument), "0" when nothing was realised. */
export function realisedOf(book: Book, account: string, instrument: string): string {
  return (
    book.realised.find((r) => r.account === account && r.instrument === instrument)?.amount ?? '0'
  );
}
