import {
  type Ctx,
  fail,
  gain,
  lose,
  needNum,
  needPrice,
  num,
  payFee,
  payQuote,
  signedQty,
  tradeQuote,
} from './context';
import { abs, type Dec, divMoney, fmt, min, mul, ZERO } from './decimal';
import { addLot, type Margin, type PositionState, takeLots } from './lots';

// Perpetual swaps and dated futures: margined positions. Opening moves no premium and no
// notional, only the fee; the lots carry the entry notional (signed like the position), so the
// position is worth its unrealised P&L, never its notional. A trade against the position closes
// lots first (FIFO, or pro rata under average cost) and realises their P&L, paid in the
// settlement currency at once (as exchanges settle it into the margin balance); the rest opens
// the other way.
//
// linear  (futures_trade): quantity in units of the underlying, price in the quote, which is
//   the settlement currency. Lot basis = quantity x entry price (exact).
//   P&L = closed quantity x (exit - entry).
// inverse (inverse_futures_trade): quantity = USD face value (contracts x USD per contract),
//   price in USD per coin, quote = the coin it settles in. Lot basis = face / entry price in
//   coins (rounded half-even at 36 places, the only inexact step).
//   P&L in coins = face x (1/entry - 1/exit). The book has one unit of account (USD), so coins
//   received enter at their value at the exit price (basis and realised P&L = coins x exit), and
//   coins paid realise minus their basis, as funding does.
// Fees in the settlement currency are realised on the contract at once (an expense of the
// trade, so the basis stays the entry notional and the average cost is the entry price); a fee
// in another currency is a separate disposal, as for every other kind.
// An expiry closes the whole position at price (the final settlement price) as a closing trade.

export function futuresTrade(c: Ctx, margin: Margin): void {
  const { tx, s } = c;
  const q = signedQty(c);
  if (q === 0n) fail(c, 'quantity must not be zero (+ buy/long, - sell/short)');
  const price = positivePrice(c, `a ${tx.kind} needs the price per unit`);
  const quote = tradeQuote(c);
  if (margin === 'inverse' && s.cash.has(quote)) {
    fail(c, `an inverse contract settles in its coin; quote ${quote} is cash (use futures_trade)`);
  }
  const pos = s.position(tx.account, tx.instrument);
  claim(c, pos, margin, quote);
  trade(c, pos, q, price, settlementFee(c, quote));
}

export function futuresSettle(c: Ctx): void {
  const { tx, s } = c;
  const pos = s.position(tx.account, tx.instrument);
  if (tx.kind === 'exercise') {
    fail(c, `${tx.instrument} is a futures position: it is not exercised, an expiry closes it`);
  }
  const held = pos.qty;
  if (held === 0n)
    fail(c, `account "${tx.account}" has no open ${tx.instrument} position to expire`);
  const q = abs(needNum(c, 'quantity', 'every transaction has a quantity'));
  if (q !== 0n && q !== abs(held)) {
    fail(
      c,
      `quantity ${tx.quantity} does not match the open position of ${fmt(held)}; expiry closes the whole position (give 0 or its size)`,
    );
  }
  const price = positivePrice(c, 'the expiry of a future needs its final settlement price');
  if (tx.quote !== undefined && tx.quote !== pos.settlement) {
    fail(c, `${tx.instrument} settles in ${pos.settlement}, not in quote ${tx.quote}`);
  }
  trade(c, pos, -held, price, settlementFee(c, pos.settlement));
}

function positivePrice(c: Ctx, why: string): Dec {
  const p = needPrice(c, why);
  if (p === 0n) fail(c, 'price must be greater than zero');
  return p;
}

/** The fee paid in the settlement currency (realised on the contract); any other is paid apart. */
function settlementFee(c: Ctx, settlement: string): Dec {
  const amount = num(c, 'fee');
  if (amount === undefined || amount === 0n) return ZERO;
  if (amount < 0n) fail(c, `fee must not be negative, got ${c.tx.fee}`);
  const currency = c.tx.feeCurrency ?? settlement;
  if (currency === settlement) return amount;
  payFee(c, { amount, currency, inQuote: false });
  return ZERO;
}

/** Makes the position margined on its first futures trade; later trades must agree with it. */
function claim(c: Ctx, pos: PositionState, margin: Margin, quote: string): void {
  const { tx } = c;
  if (pos.cash) fail(c, `${tx.instrument} is cash, not a futures contract`);
  if (pos.margin === null) {
    if (pos.qty !== 0n) {
      fail(
        c,
        `account "${tx.account}" holds ${fmt(pos.qty)} ${tx.instrument} that are not a futures position; a futures contract needs an instrument of its own`,
      );
    }
    pos.margin = margin;
    pos.settlement = quote;
  } else if (pos.margin !== margin) {
    fail(
      c,
      `${tx.instrument} in account "${tx.account}" is a ${pos.margin} contract; a ${tx.kind} cannot trade it`,
    );
  } else if (pos.settlement !== quote) {
    fail(
      c,
      `${tx.instrument} in account "${tx.account}" settles in ${pos.settlement}; quote ${quote} differs`,
    );
  }
}

/** Entry notional of a lot: quantity x price (linear) or coins = face / price (inverse). */
const entryBasis = (margin: Margin, q: Dec, price: Dec): Dec =>
  margin === 'linear' ? mul(q, price) : divMoney(q, price);

/** Applies a signed trade of q at price: closes lots first, opens the rest; settles P&L and fee. */
function trade(c: Ctx, pos: PositionState, q: Dec, price: Dec, fee: Dec): void {
  const { tx, s } = c;
  const margin = pos.margin!;
  let pnl = ZERO;
  let open = q;
  if (pos.qty !== 0n && pos.qty < 0n !== q < 0n) {
    const closeQty = min(abs(q), abs(pos.qty));
    // `closing` has the trade's sign: the closed lots are -closing.
    const closing = q < 0n ? -closeQty : closeQty;
    const taken = takeLots(pos, s.method, closeQty, false);
    pnl =
      margin === 'linear'
        ? mul(-closing, price) - taken.basis
        : taken.basis + divMoney(closing, price);
    open = q - closing;
  }
  if (open !== 0n) addLot(pos, s.method, open, entryBasis(margin, open, price), tx.date);
  const net = pnl - fee;
  if (net === 0n) return;
  if (margin === 'linear') {
    s.realise(tx.account, tx.instrument, net);
    payQuote(c, pos.settlement, -net);
  } else if (net > 0n) {
    const value = mul(net, price);
    gain(c, tx.account, pos.settlement, net, value);
    s.realise(tx.account, tx.instrument, value);
  } else {
    const taken = lose(c, tx.account, pos.settlement, -net, `pay a ${tx.instrument} loss of`);
    s.realise(tx.account, tx.instrument, -taken.basis);
  }
}
