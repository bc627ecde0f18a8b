import {
  type Ctx,
  fail,
  needNum,
  needPrice,
  num,
  payFee,
  payQuote,
  refuseMargined,
  signedQty,
  splitFee,
  tradeQuote,
} from './context';
import { abs, fmt, min, mul, ZERO } from './decimal';
import { addLot, takeLots } from './lots';

// Options: the position is signed (+ long, - short) and only option trades may take it below
// zero. Premiums flow through the quote currency; a trade against the position closes lots
// first (realising P&L) and opens the rest the other way. Expiry and exercise close the whole
// remaining position at the settlement value per unit, cash-settled in the quote.

export function optionTrade(c: Ctx): void {
  const { tx, s } = c;
  const q = signedQty(c);
  if (q === 0n) fail(c, 'quantity must not be zero (+ bought, - sold)');
  const price = needPrice(c, 'an option trade needs the premium per unit');
  const quote = tradeQuote(c);
  const fee = splitFee(c);
  const pos = s.position(tx.account, tx.instrument);
  if (pos.cash) fail(c, `${tx.instrument} is cash, not an option`);
  refuseMargined(c, pos);

  if (pos.qty === 0n || pos.qty < 0n === q < 0n) {
    // Opening (or adding): the premium (+ fee) is the basis; negative for a short.
    addLot(pos, s.method, q, mul(q, price) + fee.inQuote, tx.date);
  } else {
    const closeQty = min(abs(q), abs(pos.qty));
    const closing = q < 0n ? -closeQty : closeQty;
    const taken = takeLots(pos, s.method, closeQty, false);
    // Cash in from the closing part is -closing x price; the whole fee goes to the closing part.
    s.realise(tx.account, tx.instrument, mul(-closing, price) - taken.basis - fee.inQuote);
    const rest = q - closing;
    if (rest !== 0n) addLot(pos, s.method, rest, mul(rest, price), tx.date);
  }
  payQuote(c, quote, mul(q, price) + fee.inQuote);
  if (fee.separate) payFee(c, fee.separate);
}

export function optionSettle(c: Ctx): void {
  const { tx, s } = c;
  const verb = tx.kind === 'expiry' ? 'expire' : 'exercise';
  const pos = s.position(tx.account, tx.instrument);
  const held = pos.qty;
  if (held === 0n || pos.cash) {
    fail(c, `account "${tx.account}" has no open ${tx.instrument} position to ${verb}`);
  }
  const q = abs(needNum(c, 'quantity', 'every transaction has a quantity'));
  if (q !== 0n && q !== abs(held)) {
    fail(
      c,
      `quantity ${tx.quantity} does not match the open position of ${fmt(held)}; ${tx.kind} closes the whole remaining position (give 0 or its size)`,
    );
  }
  const price =
    tx.kind === 'expiry'
      ? (num(c, 'price') ?? ZERO)
      : needPrice(c, 'an exercise needs the settlement value per unit (intrinsic value)');
  if (price < 0n) fail(c, `price must not be negative, got ${tx.price}`);
  const fee = splitFee(c);
  const taken = takeLots(pos, s.method, abs(held), false);
  const value = mul(held, price);
  s.realise(tx.account, tx.instrument, value - taken.basis - fee.inQuote);
  const cashIn = value - fee.inQuote;
  if (cashIn !== 0n) payQuote(c, tradeQuote(c), -cashIn);
  if (fee.separate) payFee(c, fee.separate);
}
