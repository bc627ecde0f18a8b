import { type Book, type Position } from './book';
import Decimal from 'decimal.js';
import { type Dec, divMoney, fmt, mul, ONE, parseDec, PLACES, ZERO } from './decimal';

// Marks a book to market: value = quantity x price, unrealised P&L = value - cost basis. A
// position without a price is listed in missingPrices and left out of the totals; cash
// instruments are worth 1 unless the prices say otherwise. Prices may be any decimal text
// (exponents allowed); they are read to 36 places.
// A margined (futures) position is worth its unrealised P&L, never its notional: linear,
// quantity x mark - basis; inverse, (basis coins - face / mark) x the price of its settlement
// coin (missing when either price is). Its marketValue and unrealised are that P&L, and it adds
// nothing to totals.costBasis (no capital is paid for it; its costBasis is the entry notional).

export interface PositionValue {
  account: string;
  instrument: string;
  quantity: string;
  costBasis: string;
  price: string | null;
  marketValue: string | null;
  unrealised: string | null;
}

export interface DebtValue {
  account: string;
  instrument: string;
  quantity: string;
  price: string | null;
  value: string | null;
}

export interface Valuation {
  positions: PositionValue[];
  debts: DebtValue[];
  /** Instruments held or owed that have no price (sorted, each once). */
  missingPrices: string[];
  /** Over priced positions and debts only. */
  totals: {
    marketValue: string;
    costBasis: string;
    unrealised: string;
    debtValue: string;
    /** marketValue - debtValue. */
    netValue: string;
  };
}

export function unrealisedPnl(book: Book, prices: ReadonlyMap<string, string>): Valuation {
  const cash = new Set(book.cash);
  const missing = new Set<string>();
  const parsed = new Map<string, Dec | null>();
  const priceOf = (instrument: string): Dec | null => {
    let p = parsed.get(instrument);
    if (p !== undefined) return p;
    const text = prices.get(instrument);
    p = text === undefined ? (cash.has(instrument) ? ONE : null) : parsePrice(instrument, text);
    parsed.set(instrument, p);
    return p;
  };

  let value = ZERO;
  let cost = ZERO;
  const positions = book.positions.map((pos): PositionValue => {
    const price = priceOf(pos.instrument);
    if (price === null) {
      missing.add(pos.instrument);
      return { ...pick(pos), price: null, marketValue: null, unrealised: null };
    }
    if (pos.margin) {
      const pnl = marginedPnl(pos, price, priceOf);
      if (pnl === null) {
        missing.add(pos.settlement!);
        return { ...pick(pos), price: fmt(price), marketValue: null, unrealised: null };
      }
      value += pnl;
      return { ...pick(pos), price: fmt(price), marketValue: fmt(pnl), unrealised: fmt(pnl) };
    }
    const v = mul(parseDec(pos.quantity), price);
    const basis = parseDec(pos.costBasis);
    value += v;
    cost += basis;
    return {
      ...pick(pos),
      price: fmt(price),
      marketValue: fmt(v),
      unrealised: fmt(v - basis),
    };
  });

  let debtValue = ZERO;
  const debts = book.debts.map((d): DebtValue => {
    const price = priceOf(d.instrument);
    if (price === null) {
      missing.add(d.instrument);
      return { ...d, price: null, value: null };
    }
    const v = mul(parseDec(d.quantity), price);
    debtValue += v;
    return { ...d, price: fmt(price), value: fmt(v) };
  });

  return {
    positions,
    debts,
    missingPrices: [...missing].sort(),
    totals: {
      marketValue: fmt(value),
      costBasis: fmt(cost),
      unrealised: fmt(value - cost),
      debtValue: fmt(debtValue),
      netValue: fmt(value - debtValue),
    },
  };
}

/** Unrealised P&L of a margined position at mark, in the unit of account (null: no coin price). */
function marginedPnl(
  pos: Position,
  mark: Dec,
  priceOf: (instrument: string) => Dec | null,
): Dec | null {
  const q = parseDec(pos.quantity);
  const basis = parseDec(pos.costBasis);
  if (pos.margin === 'linear') return mul(q, mark) - basis;
  if (mark === 0n) {
    throw new RangeError(
      `the price of ${pos.instrument} is 0: an inverse contract needs a mark above 0`,
    );
  }
  const coin = priceOf(pos.settlement!);
  return coin === null ? null : mul(basis - divMoney(q, mark), coin);
}

function pick(p: { account: string; instrument: string; quantity: string; costBasis: string }) {
  return {
    account: p.account,
    instrument: p.instrument,
    quantity: p.quantity,
    costBasis: p.costBasis,
  };
}

const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });

/** Any decimal text decimal.js reads (exponents too), rounded half-even to 36 places. */
function parsePrice(instrument: string, text: string): Dec {
  let p: Decimal;
  try {
    p = new Exact(text);
  } catch {
    throw new RangeError(`the price of ${instrument} is not a number: "${text}"`);
  }
  if (!p.isFinite()) throw new RangeError(`the price of ${instrument} is not finite: "${text}"`);
  if (p.isNeg()) throw new RangeError(`the price of ${instrument} is negative: "${text}"`);
  return parseDec(p.toFixed(PLACES));
}
