import { type CostMethod } from '../../../shared/ledger';
import { abs, type Dec, mulDiv, ZERO } from './decimal';

// The holdings of one (account, instrument) and the two ways of tracking their cost.
//   FIFO: a queue of lots, oldest first; disposals consume from the head.
//   average: one pool (quantity, total basis); a disposal takes basis x quantity / pool quantity.
// Lots and pools are signed: a short option position holds negative quantities with negative
// basis (premium received). Cash instruments keep no lots: their basis is their quantity.
// A margined (futures) position's lots hold its entry notional: quantity x entry price in the
// quote (linear), or coins = face value / entry price (inverse); see futures.ts.

/** How a futures position settles: P&L in the quote (linear) or in the coin (inverse). */
export type Margin = 'linear' | 'inverse';

export interface LotState {
  /** Signed quantity (negative only in a short option or futures position). */
  qty: Dec;
  /** Total cost of the lot, signed like qty. */
  basis: Dec;
  /** Acquisition day. */
  date: string;
}

export class PositionState {
  qty: Dec = ZERO;
  basis: Dec = ZERO;
  /** FIFO queue; lots before `head` are consumed. */
  lots: LotState[] = [];
  head = 0;
  /** Average method: acquisition day of the oldest lot pooled since the pool was last empty. */
  poolDate = '';
  /** Set by the first futures trade: the position is margined from then on (null: not). */
  margin: Margin | null = null;
  /** Margined positions: the currency their P&L settles in (the quote of their trades). */
  settlement = '';

  constructor(
    readonly account: string,
    readonly instrument: string,
    readonly cash: boolean,
  ) {}
}

export interface Taken {
  /** Basis of what was taken, signed like the position. */
  basis: Dec;
  /** The pieces taken, oldest first (only when asked for: transfers keep them). */
  lots: LotState[];
}

/** Adds a lot. Its quantity must have the position's sign (or the position be flat). */
export function addLot(
  p: PositionState,
  method: CostMethod,
  qty: Dec,
  basis: Dec,
  date: string,
): void {
  p.qty += qty;
  if (p.cash) {
    p.basis = p.qty;
    return;
  }
  p.basis += basis;
  if (method === 'average') {
    if (p.poolDate === '' || date < p.poolDate) p.poolDate = date;
    return;
  }
  const lot = { qty, basis, date };
  const { lots } = p;
  if (lots.length === p.head || lots[lots.length - 1]!.date <= date) {
    lots.push(lot);
    return;
  }
  // An older lot arriving (a transfer): keep the queue in acquisition order.
  let i = lots.length;
  while (i > p.head && lots[i - 1]!.date > date) i--;
  lots.splice(i, 0, lot);
}

/**
 * Takes `amount` (positive, at most |quantity| unless the position is cash, which may go
 * negative) out of the position: the oldest lots under FIFO, a pro-rata share of the pool under
 * average cost.
 */
export function takeLots(
  p: PositionState,
  method: CostMethod,
  amount: Dec,
  keepLots: boolean,
): Taken {
  if (p.cash) {
    p.qty -= amount;
    p.basis = p.qty;
    return { basis: amount, lots: [] };
  }
  const negative = p.qty < 0n;
  if (amount === abs(p.qty)) return takeAll(p, method, keepLots);
  const signed = negative ? -amount : amount;

  if (method === 'average') {
    const part = mulDiv(p.basis, amount, abs(p.qty));
    p.qty -= signed;
    p.basis -= part;
    return { basis: part, lots: keepLots ? [{ qty: signed, basis: part, date: p.poolDate }] : [] };
  }

  const taken: LotState[] = [];
  let basis = ZERO;
  let left = amount;
  const { lots } = p;
  while (left !== 0n) {
    const lot = lots[p.head]!;
    const lotQty = abs(lot.qty);
    if (lotQty <= left) {
      if (keepLots) taken.push(lot);
      basis += lot.basis;
      left -= lotQty;
      p.head++;
    } else {
      const part = mulDiv(lot.basis, left, lotQty);
      const partQty = negative ? -left : left;
      if (keepLots) taken.push({ qty: partQty, basis: part, date: lot.date });
      lot.qty -= partQty;
      lot.basis -= part;
      basis += part;
      left = ZERO;
    }
  }
  p.qty -= signed;
  p.basis -= basis;
  if (p.head > 64 && p.head * 2 > lots.length) {
    lots.splice(0, p.head);
    p.head = 0;
  }
  return { basis, lots: taken };
}

function takeAll(p: PositionState, method: CostMethod, keepLots: boolean): Taken {
  let lots: LotState[] = [];
  if (keepLots) {
    lots =
      method === 'average'
        ? [{ qty: p.qty, basis: p.basis, date: p.poolDate }]
        : p.lots.slice(p.head);
  }
  const taken = { basis: p.basis, lots };
  p.qty = ZERO;
  p.basis = ZERO;
  p.lots = [];
  p.head = 0;
  p.poolDate = '';
  return taken;
}

/** The open lots, oldest first (the pool as one lot under average cost; none for cash). */
export function openLots(p: PositionState, method: CostMethod): LotState[] {
  if (p.cash || p.qty === 0n) return [];
  if (method === 'average') return [{ qty: p.qty, basis: p.basis, date: p.poolDate }];
  return p.lots.slice(p.head);
}
