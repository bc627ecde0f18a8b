import Decimal from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCES } from './tmp';

// An independent reading of the shipped demo files (plain string parsing and a small FIFO book
// in decimal.js, no Keel code), used to compute expected holdings and values. It follows the
// ledger's documented rules for the kinds the demo uses: deposit, borrow (+ a debt), transfer
// (the oldest lots move, keeping their days), option_trade (opening: basis = premium + fee, paid
// in the quote), futures_trade (margined: fee realised and paid; closing realises
// closed x (exit - entry) into the quote), funding (received: units at price, realised; paid:
// the units' basis realised as a loss). Spending a quote realises amount - basis of the units.
interface Tx {
  date: string;
  account: string;
  symbol: string;
  kind: string;
  quantity: string;
  price: string | null;
  quote?: string;
  fee?: string;
  toAccount?: string;
}

const D = Decimal.clone({ precision: 80 });
type Dec = InstanceType<typeof D>;

interface Lot {
  q: Dec;
  cost: Dec;
  date: string;
}
interface Pos {
  account: string;
  symbol: string;
  lots: Lot[];
  margined: boolean;
}

export interface RefRow {
  account: string;
  symbol: string;
  /** Exact decimal text (negative for a debt or a short). */
  quantity: string;
  debt: boolean;
  margined: boolean;
  /** The ledger's cost basis of the position (entry notional for a margined one; 0 for a debt). */
  basis: number;
  close: number;
  /** quantity x close; for a margined position its unrealised P&L, quantity x close - basis. */
  value: number;
}

/** The book after every demo transaction dated on or before `asOf`, FIFO. */
function runBook(txs: readonly Tx[], asOf: string) {
  const positions = new Map<string, Pos>();
  const debts = new Map<string, { account: string; symbol: string; q: Dec }>();
  let realised = new D(0);
  const pos = (account: string, symbol: string) => {
    const k = `${account}|${symbol}`;
    if (!positions.has(k)) positions.set(k, { account, symbol, lots: [], margined: false });
    return positions.get(k)!;
  };
  const qty = (p: Pos) => p.lots.reduce((s, l) => s.plus(l.q), new D(0));
  /** Takes |amount| from the oldest lots; returns the pieces taken. */
  const take = (p: Pos, amount: Dec): Lot[] => {
    const out: Lot[] = [];
    let left = amount;
    while (left.gt(0)) {
      const lot = p.lots[0];
      if (!lot) throw new Error(`demo reference: ${p.account} has too little ${p.symbol}`);
      if (lot.q.abs().lte(left)) {
        out.push(p.lots.shift()!);
        left = left.minus(lot.q.abs());
      } else {
        const part = lot.cost.times(left).div(lot.q.abs());
        const partQ = lot.q.isNeg() ? left.neg() : left;
        out.push({ q: partQ, cost: part, date: lot.date });
        lot.q = lot.q.minus(partQ);
        lot.cost = lot.cost.minus(part);
        left = new D(0);
      }
    }
    return out;
  };
  const basisOf = (lots: Lot[]) => lots.reduce((s, l) => s.plus(l.cost), new D(0));
  const add = (p: Pos, lot: Lot) => {
    let i = p.lots.length;
    while (i > 0 && p.lots[i - 1]!.date > lot.date) i--;
    p.lots.splice(i, 0, lot);
  };
  /** Pays `amount` of the quote (receives it when negative), realising amount - basis. */
  const pay = (account: string, quote: string, amount: Dec, date: string) => {
    if (amount.gt(0))
      realised = realised.plus(amount.minus(basisOf(take(pos(account, quote), amount))));
    else if (amount.lt(0)) add(pos(account, quote), { q: amount.neg(), cost: amount.neg(), date });
  };
  for (const t of txs) {
    if (t.date > asOf) continue;
    const q = new D(t.quantity);
    const price = new D(t.price ?? 0);
    const fee = new D(t.fee ?? 0);
    const p = pos(t.account, t.symbol);
    switch (t.kind) {
      case 'deposit':
        add(p, { q, cost: q.times(price), date: t.date });
        break;
      case 'borrow': {
        add(p, { q, cost: q.times(price), date: t.date });
        const k = `${t.account}|${t.symbol}`;
        const d = debts.get(k) ?? { account: t.account, symbol: t.symbol, q: new D(0) };
        d.q = d.q.plus(q);
        debts.set(k, d);
        break;
      }
      case 'transfer':
        for (const lot of take(p, q)) add(pos(t.toAccount!, t.symbol), lot);
        break;
      case 'option_trade':
        if (qty(p).times(q).lt(0))
          throw new Error('demo reference: closing option trades are not modelled');
        add(p, { q, cost: q.times(price).plus(fee), date: t.date });
        pay(t.account, t.quote!, q.times(price).plus(fee), t.date);
        break;
      case 'futures_trade': {
        p.margined = true;
        const held = qty(p);
        let open = q;
        let pnl = new D(0);
        if (!held.isZero() && held.isNeg() !== q.isNeg()) {
          const closeQty = D.min(q.abs(), held.abs());
          const closing = q.isNeg() ? closeQty.neg() : closeQty;
          pnl = closing
            .neg()
            .times(price)
            .minus(basisOf(take(p, closeQty)));
          open = q.minus(closing);
        }
        if (!open.isZero()) add(p, { q: open, cost: open.times(price), date: t.date });
        realised = realised.plus(pnl).minus(fee);
        pay(t.account, t.quote!, fee.minus(pnl), t.date);
        break;
      }
      case 'funding':
        if (q.gt(0)) {
          add(p, { q, cost: q.times(price), date: t.date });
          realised = realised.plus(q.times(price));
        } else realised = realised.minus(basisOf(take(p, q.neg())));
        break;
      default:
        throw new Error(`demo reference: kind ${t.kind} is not modelled`);
    }
  }
  return { positions: [...positions.values()], debts: [...debts.values()], realised, qty, basisOf };
}

export function demoReference() {
  const book = JSON.parse(readFileSync(join(RESOURCES, 'demo', 'portfolio.json'), 'utf8')) as {
    transactions: Tx[];
    asOf: string;
    instruments: ({ symbol: string; kind: string } & Record<string, unknown>)[];
  };
  const closes = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(RESOURCES, 'demo', 'prices.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)) {
    const [date, symbol, close] = line.split(',');
    if (!closes.has(symbol!)) closes.set(symbol!, new Map());
    closes.get(symbol!)!.set(date!, Number(close));
  }
  const closeOn = (symbol: string, date: string) => closes.get(symbol)?.get(date);

  /** Holdings at the close of a day where every held asset is quoted (positions, then debts). */
  const rowsOn = (date: string): RefRow[] => {
    const b = runBook(book.transactions, date);
    const rows: RefRow[] = [];
    for (const p of b.positions) {
      const q = b.qty(p);
      if (q.isZero()) continue;
      const close = closeOn(p.symbol, date)!;
      const basis = b.basisOf(p.lots).toNumber();
      const notional = q.toNumber() * close;
      rows.push({
        account: p.account,
        symbol: p.symbol,
        quantity: q.toFixed(),
        debt: false,
        margined: p.margined,
        basis,
        close,
        value: p.margined ? notional - basis : notional,
      });
    }
    for (const d of b.debts) {
      if (d.q.isZero()) continue;
      const close = closeOn(d.symbol, date)!;
      rows.push({
        account: d.account,
        symbol: d.symbol,
        quantity: d.q.neg().toFixed(),
        debt: true,
        margined: false,
        basis: 0,
        close,
        value: -d.q.toNumber() * close,
      });
    }
    return rows;
  };
  /** Book value at the close of a day: positions (margined ones at unrealised P&L) less debts. */
  const valueOn = (date: string) => rowsOn(date).reduce((s, r) => s + r.value, 0);
  /** Realised P&L of everything dated on or before the day. */
  const realisedOn = (date: string) => runBook(book.transactions, date).realised.toNumber();
  return { book, closeOn, rowsOn, valueOn, realisedOn };
}
