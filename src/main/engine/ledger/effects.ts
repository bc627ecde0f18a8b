import { type LedgerTx } from '../../../shared/ledger';
import {
  type Ctx,
  fail,
  feeOf,
  gain,
  lose,
  needPrice,
  needText,
  payFee,
  payQuote,
  positiveQty,
  refuseMargined,
  signedQty,
  splitFee,
  tradeQuote,
  unitPrice,
} from './context';
import { fmt, mul } from './decimal';
import { futuresSettle, futuresTrade } from './futures';
import { liquidityAdd, liquidityRemove } from './liquidity';
import { addLot } from './lots';
import { optionSettle, optionTrade } from './options';
import { type LedgerState } from './state';

// The effect of each transaction kind on the book, as documented on TxKind in src/shared/ledger.ts.

export function applyTx(s: LedgerState, tx: LedgerTx, index: number): void {
  const c: Ctx = { s, tx, index };
  switch (tx.kind) {
    case 'buy':
      return buy(c);
    case 'sell':
      return sell(c);
    case 'transfer':
      return transfer(c);
    case 'deposit':
      return withSeparateFee(c, deposit);
    case 'withdrawal':
      return withSeparateFee(c, withdrawal);
    case 'fee':
      return withSeparateFee(c, feeKind);
    case 'funding':
      return withSeparateFee(c, funding);
    case 'staking_reward':
      return withSeparateFee(c, stakingReward);
    case 'borrow':
      return withSeparateFee(c, borrow);
    case 'repay':
      return withSeparateFee(c, repay);
    case 'liquidity_add':
      return withSeparateFee(c, liquidityAdd);
    case 'liquidity_remove':
      return withSeparateFee(c, liquidityRemove);
    case 'option_trade':
      return optionTrade(c);
    case 'futures_trade':
      return futuresTrade(c, 'linear');
    case 'inverse_futures_trade':
      return futuresTrade(c, 'inverse');
    case 'expiry':
    case 'exercise':
      return s.position(tx.account, tx.instrument).margin ? futuresSettle(c) : optionSettle(c);
    default:
      fail(c, `unknown transaction kind "${String((tx as { kind: unknown }).kind)}"`);
  }
}

/** Kinds without a trade: any fee is a separate disposal of its currency, after the effect. */
function withSeparateFee(c: Ctx, effect: (c: Ctx) => void): void {
  effect(c);
  const fee = feeOf(c);
  if (fee) payFee(c, fee);
}

function buy(c: Ctx): void {
  const { tx } = c;
  const q = positiveQty(c);
  const p = needPrice(c, 'a buy needs the price paid per unit');
  const quote = tradeQuote(c);
  const fee = splitFee(c);
  const cost = mul(q, p) + fee.inQuote;
  gain(c, tx.account, tx.instrument, q, cost);
  payQuote(c, quote, cost);
  if (fee.separate) payFee(c, fee.separate);
}

function sell(c: Ctx): void {
  const { tx, s } = c;
  const q = positiveQty(c);
  const p = needPrice(c, 'a sell needs the price received per unit');
  const quote = tradeQuote(c);
  const fee = splitFee(c);
  const taken = lose(c, tx.account, tx.instrument, q, 'sell');
  const net = mul(q, p) - fee.inQuote;
  s.realise(tx.account, tx.instrument, net - taken.basis);
  payQuote(c, quote, -net);
  if (fee.separate) payFee(c, fee.separate);
}

function transfer(c: Ctx): void {
  const { tx, s } = c;
  const q = positiveQty(c);
  const to = needText(c, 'toAccount', 'a transfer needs the account receiving it');
  if (to === tx.account) fail(c, `toAccount is the sending account "${to}" itself`);
  const taken = lose(c, tx.account, tx.instrument, q, 'transfer', true);
  const dest = s.position(to, tx.instrument);
  if (dest.cash) {
    addLot(dest, s.method, q, q, tx.date);
  } else {
    refuseMargined(c, dest);
    if (dest.qty < 0n) fail(c, `account "${to}" holds a short ${tx.instrument} position`);
    // The lots keep their acquisition days (and so their place in the FIFO queue).
    for (const lot of taken.lots) addLot(dest, s.method, lot.qty, lot.basis, lot.date);
  }
  // A fee (by default in the instrument itself) leaves the sending account on top of quantity.
  const fee = feeOf(c);
  if (fee) payFee(c, fee);
}

function deposit(c: Ctx): void {
  const { tx } = c;
  const q = positiveQty(c);
  gain(c, tx.account, tx.instrument, q, mul(q, unitPrice(c)));
}

function withdrawal(c: Ctx): void {
  lose(c, c.tx.account, c.tx.instrument, positiveQty(c), 'withdraw');
}

function feeKind(c: Ctx): void {
  const { tx, s } = c;
  const taken = lose(c, tx.account, tx.instrument, positiveQty(c), 'pay a fee of');
  s.realise(tx.account, tx.instrument, -taken.basis);
}

function funding(c: Ctx): void {
  const { tx, s } = c;
  const q = signedQty(c);
  if (q > 0n) {
    const value = mul(q, unitPrice(c));
    gain(c, tx.account, tx.instrument, q, value);
    s.realise(tx.account, tx.instrument, value);
  } else if (q < 0n) {
    // Paying funding gives up units of the settlement instrument: the loss is their basis
    // (funding expense at price, plus the disposal result of those units at the same price).
    const taken = lose(c, tx.account, tx.instrument, -q, 'pay funding of');
    s.realise(tx.account, tx.instrument, -taken.basis);
  }
}

function stakingReward(c: Ctx): void {
  const { tx, s } = c;
  const q = positiveQty(c);
  const value = mul(q, unitPrice(c));
  gain(c, tx.account, tx.instrument, q, value);
  s.earn(tx.account, tx.instrument, value);
}

function borrow(c: Ctx): void {
  const { tx, s } = c;
  const q = positiveQty(c);
  gain(c, tx.account, tx.instrument, q, mul(q, unitPrice(c)));
  s.debt(tx.account, tx.instrument).amount += q;
}

function repay(c: Ctx): void {
  const { tx, s } = c;
  const q = positiveQty(c);
  const debt = s.debt(tx.account, tx.instrument);
  if (q > debt.amount) {
    fail(
      c,
      `cannot repay ${fmt(q)} ${tx.instrument}: account "${tx.account}" owes only ${fmt(debt.amount)}`,
    );
  }
  lose(c, tx.account, tx.instrument, q, 'repay');
  debt.amount -= q;
}
