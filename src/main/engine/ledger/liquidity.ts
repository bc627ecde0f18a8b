import { type Ctx, fail, gain, lose, needText, num, positiveField, positiveQty } from './context';
import { type Dec, mul, mulDiv, roundDiv } from './decimal';

// Liquidity pools. Adding gives up the instrument (and the counter instrument, if any) for LP
// tokens whose basis is the basis of what went in. Removing gives up LP tokens and splits their
// basis over what comes back, pro rata to value: with a price, the instrument leg is worth
// quantity x price counted in units of the counter instrument (the pool's own price); without
// one, both legs are taken to be worth the same (a constant-product pool holds them 50/50).

interface Leg {
  instrument: string;
  qty: Dec;
}

function legs(c: Ctx): { q: Dec; lp: Leg; counter: Leg | null } {
  const { tx } = c;
  const q = positiveQty(c);
  const lp = {
    instrument: needText(c, 'lpInstrument', `a ${tx.kind} needs the LP instrument`),
    qty: positiveField(c, 'lpQuantity', `a ${tx.kind} needs the LP quantity`),
  };
  let counter: Leg | null = null;
  if (tx.counterInstrument !== undefined || tx.counterQuantity !== undefined) {
    counter = {
      instrument: needText(c, 'counterInstrument', 'counterQuantity is given without it'),
      qty: positiveField(c, 'counterQuantity', 'counterInstrument is given without it'),
    };
  }
  const names = [tx.instrument, lp.instrument, ...(counter ? [counter.instrument] : [])];
  if (new Set(names).size !== names.length) {
    fail(c, `instrument, counterInstrument and lpInstrument must differ (${names.join(', ')})`);
  }
  return { q, lp, counter };
}

export function liquidityAdd(c: Ctx): void {
  const { tx } = c;
  const { q, lp, counter } = legs(c);
  let basis = lose(c, tx.account, tx.instrument, q, 'add to a pool').basis;
  if (counter) {
    basis += lose(c, tx.account, counter.instrument, counter.qty, 'add to a pool').basis;
  }
  gain(c, tx.account, lp.instrument, lp.qty, basis);
}

export function liquidityRemove(c: Ctx): void {
  const { tx } = c;
  const { q, lp, counter } = legs(c);
  const basis = lose(c, tx.account, lp.instrument, lp.qty, 'remove from a pool').basis;
  if (!counter) {
    gain(c, tx.account, tx.instrument, q, basis);
    return;
  }
  const price = num(c, 'price');
  if (price !== undefined && price < 0n) fail(c, `price must not be negative, got ${tx.price}`);
  let first: Dec;
  if (price === undefined) {
    first = roundDiv(basis, 2n);
  } else {
    const v1 = mul(q, price);
    first = mulDiv(basis, v1, v1 + counter.qty);
  }
  gain(c, tx.account, tx.instrument, q, first);
  gain(c, tx.account, counter.instrument, counter.qty, basis - first);
}
