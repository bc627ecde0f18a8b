import { type LedgerTx } from '../../../shared/ledger';
import { type Dec, DECIMAL_TEXT, fmt, ONE, parseValid, ZERO } from './decimal';
import { LedgerError } from './errors';
import { addLot, type PositionState, type Taken, takeLots } from './lots';
import { type LedgerState } from './state';

// One transaction being applied: reading its fields (with errors that say which field of which
// transaction is wrong) and the moves every kind is made of.

export interface Ctx {
  s: LedgerState;
  tx: LedgerTx;
  index: number;
}

export function fail(c: Ctx, problem: string, instrument = c.tx.instrument): never {
  throw new LedgerError({
    index: c.index,
    date: c.tx.date,
    kind: c.tx.kind,
    account: c.tx.account,
    instrument,
    problem,
  });
}

type DecimalField = 'quantity' | 'price' | 'fee' | 'counterQuantity' | 'lpQuantity';
type TextField = 'quote' | 'toAccount' | 'counterInstrument' | 'lpInstrument';

export function num(c: Ctx, field: DecimalField): Dec | undefined {
  const v = c.tx[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !DECIMAL_TEXT.test(v)) {
    fail(c, `${field} "${String(v)}" is not a decimal number with at most 18 decimal places`);
  }
  return parseValid(v);
}

export function needNum(c: Ctx, field: DecimalField, why: string): Dec {
  return num(c, field) ?? fail(c, `${field} is missing: ${why}`);
}

export function needText(c: Ctx, field: TextField, why: string): string {
  const v = c.tx[field];
  if (typeof v !== 'string' || v === '') fail(c, `${field} is missing: ${why}`);
  return v;
}

/** The quantity, which must be greater than zero. */
export function positiveQty(c: Ctx): Dec {
  return positiveField(c, 'quantity', 'every transaction has a quantity');
}

/** A decimal field that must be present and greater than zero. */
export function positiveField(c: Ctx, field: DecimalField, why: string): Dec {
  const v = needNum(c, field, why);
  if (v <= 0n) fail(c, `${field} must be greater than zero, got ${String(c.tx[field])}`);
  return v;
}

/** The quantity where its sign carries the direction (funding, option trades). */
export function signedQty(c: Ctx): Dec {
  return needNum(c, 'quantity', 'every transaction has a quantity');
}

export function needPrice(c: Ctx, why: string): Dec {
  const p = needNum(c, 'price', why);
  if (p < 0n) fail(c, `price must not be negative, got ${c.tx.price}`);
  return p;
}

/** The quote currency of a trade, which must differ from the instrument. */
export function tradeQuote(c: Ctx): string {
  const quote = needText(c, 'quote', `a ${c.tx.kind} is paid in a quote currency`);
  if (quote === c.tx.instrument) fail(c, `quote ${quote} is the instrument itself`);
  return quote;
}

/**
 * The unit cost of an instrument entering the book without a trade (deposit, reward, borrow,
 * funding received): the price, which may be left out only for a cash instrument (where it must
 * be 1 if given: the book carries no exchange rates) or the transaction's own quote currency.
 */
export function unitPrice(c: Ctx, instrument = c.tx.instrument): Dec {
  if (c.s.cash.has(instrument)) {
    const p = num(c, 'price');
    if (p !== undefined && p !== ONE) {
      fail(c, `${instrument} is cash, carried at unit cost 1; price ${c.tx.price} cannot be used`);
    }
    return ONE;
  }
  if (c.tx.price === undefined && c.tx.quote === instrument) return ONE;
  return needPrice(c, `a ${c.tx.kind} of ${instrument} needs its price (the cost basis per unit)`);
}

export interface Fee {
  amount: Dec;
  currency: string;
  /** Paid in the transaction's quote currency (folded into basis / proceeds where there is a trade). */
  inQuote: boolean;
}

/** The fee, if any: in feeCurrency, else in the quote, else in the instrument itself. */
export function feeOf(c: Ctx): Fee | null {
  const amount = num(c, 'fee');
  if (amount === undefined || amount === 0n) return null;
  if (amount < 0n) fail(c, `fee must not be negative, got ${c.tx.fee}`);
  const currency = c.tx.feeCurrency ?? c.tx.quote ?? c.tx.instrument;
  return { amount, currency, inQuote: currency === c.tx.quote };
}

/** The fee folded into a trade (in its quote), and the separate one otherwise. */
export function splitFee(c: Ctx): { inQuote: Dec; separate: Fee | null } {
  const fee = feeOf(c);
  if (!fee) return { inQuote: ZERO, separate: null };
  return fee.inQuote ? { inQuote: fee.amount, separate: null } : { inQuote: ZERO, separate: fee };
}

/** A margined position can only be changed by futures trades and its expiry. */
export function refuseMargined(c: Ctx, p: PositionState): void {
  if (p.margin !== null) {
    fail(
      c,
      `${p.instrument} in account "${p.account}" is a margined futures position: only futures trades and its expiry change it`,
      p.instrument,
    );
  }
}

// ---- moves ----

/** +qty of instrument into account at the given total basis. */
export function gain(c: Ctx, account: string, instrument: string, qty: Dec, basis: Dec): void {
  const p = c.s.position(account, instrument);
  refuseMargined(c, p);
  if (p.cash) {
    // Cash is carried at unit cost 1: receiving it for a different basis realises the difference.
    if (basis !== qty) c.s.realise(account, instrument, qty - basis);
  } else if (p.qty < 0n) {
    fail(
      c,
      `cannot add to the short ${instrument} position of account "${account}"; only option trades change a short position`,
      instrument,
    );
  }
  addLot(p, c.s.method, qty, basis, c.tx.date);
}

/** -qty of instrument out of account; an error when more than held (cash may go negative). */
export function lose(
  c: Ctx,
  account: string,
  instrument: string,
  qty: Dec,
  verb: string,
  keepLots = false,
): Taken {
  const p = c.s.position(account, instrument);
  refuseMargined(c, p);
  if (!p.cash && p.qty < qty) {
    fail(
      c,
      `cannot ${verb} ${fmt(qty)} ${instrument}: account "${account}" holds only ${fmt(p.qty)}`,
      instrument,
    );
  }
  return takeLots(p, c.s.method, qty, keepLots);
}

/**
 * Moves `amount` of the quote currency out of the account (or in, when negative). The quote is
 * worth 1 per unit by definition, so spending a non-cash quote (a stablecoin) realises
 * amount - basis of the units spent.
 */
export function payQuote(c: Ctx, quote: string, amount: Dec): void {
  const account = c.tx.account;
  if (amount > 0n) {
    const t = lose(c, account, quote, amount, 'pay');
    if (t.basis !== amount) c.s.realise(account, quote, amount - t.basis);
  } else if (amount < 0n) {
    gain(c, account, quote, -amount, -amount);
  }
}

/** A fee paid in a currency other than the trade's quote: a disposal at zero proceeds. */
export function payFee(c: Ctx, fee: Fee): void {
  const t = lose(c, c.tx.account, fee.currency, fee.amount, 'pay a fee of');
  c.s.realise(c.tx.account, fee.currency, -t.basis);
}
