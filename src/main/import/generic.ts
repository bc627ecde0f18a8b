import type { TxKind } from '../../shared/ledger';
import type { ColumnRef, RawRow } from './csv';
import { parseDateTime } from './dates';
import type { TradeMapping } from './mapping';
import { splitUnit, type DecimalSetting } from './numbers';
import { decideDecimal } from './prices';
import {
  columnGetter,
  decimalField,
  symbol,
  type BindContext,
  type DraftTx,
  type RowHandler,
  type TradeSource,
} from './source';
import { quote } from './types';

// The generic trades import: a TradeMapping says which column holds what. Rules:
// - quantity must be > 0 except for funding, option and futures trades (signed); with
//   quantitySign 'absolute' the sign is dropped instead of rejecting;
// - price and fee must be >= 0; a price needs a quote (column or fixed); a fee without a fee
//   currency is in the quote;
// - buy and sell need a price; transfer needs toAccount; liquidity kinds need their counter
//   and LP columns.

const defined = <T>(x: T | undefined): x is T => x !== undefined;

const SIGNED: ReadonlySet<TxKind> = new Set([
  'funding',
  'option_trade',
  'futures_trade',
  'inverse_futures_trade',
]);
const NEEDS_PRICE: ReadonlySet<TxKind> = new Set(['buy', 'sell']);

export function mappingSource(m: TradeMapping): TradeSource {
  const c = m.columns;
  const roles = Object.keys(c) as (keyof typeof c)[];
  const refs = roles.map((r) => c[r]).filter(defined);
  const required: ColumnRef[] = [
    c.date,
    c.quantity,
    ...(c.kind ? [c.kind] : []),
    ...(c.instrument ? [c.instrument] : []),
  ];
  const optional = refs.filter((r) => !required.includes(r));
  const kindMap = new Map(Object.entries(m.kindMap).map(([k, v]) => [k.trim().toLowerCase(), v]));

  return {
    id: m.id,
    name: m.name,
    required,
    optional,
    delimiter: m.delimiter,
    bind(ctx: BindContext): RowHandler {
      const get = columnGetter(ctx.table);
      const numeric = [c.quantity, c.price, c.fee, c.counterQuantity, c.lpQuantity].filter(defined);
      const sample: string[] = [];
      for (const row of ctx.sample) for (const r of numeric) sample.push(get(row, r));
      const decimal: DecimalSetting = decideDecimal(m.numbers.decimal, sample, ctx.table);
      const fixedAccount = ctx.account ?? m.fixed.account;

      return {
        row(row: RawRow, sink) {
          const reject = (reason: string) => sink.reject(row.line, reason);
          const dateText = c.time
            ? `${get(row, c.date)} ${get(row, c.time)}`.trim()
            : get(row, c.date);
          const when = parseDateTime(dateText, m.dates);
          if (!when.ok) return reject(`date: ${when.reason}`);

          let kind: TxKind | undefined = m.fixed.kind;
          let kindLabel = '';
          if (c.kind) {
            kindLabel = get(row, c.kind);
            kind = kindMap.get(kindLabel.toLowerCase());
            if (!kind)
              return reject(
                `kind ${quote(kindLabel)} is not in the mapping (it maps: ${[...kindMap.keys()].map((k) => `'${k}'`).join(', ')})`,
              );
          }
          if (!kind) return reject('no kind');

          let instrument = c.instrument ? symbol(get(row, c.instrument)) : '';
          let qtyText = get(row, c.quantity);
          if (m.unitSuffix) {
            const u = splitUnit(qtyText, instrument ? [instrument] : []);
            if (!u)
              return reject(`quantity ${quote(qtyText)} has no unit (expected like '0.5 BTC')`);
            if (instrument && u.unit !== instrument)
              return reject(`quantity is in ${u.unit}, the instrument is ${instrument}`);
            instrument = u.unit;
            qtyText = u.amount;
          }
          if (!instrument) return reject('instrument is empty');
          const q = decimalField('quantity', qtyText, decimal);
          if (!q.ok) return reject(q.reason);
          let quantity = q.value;
          if (quantity === '0') return reject('quantity is zero');
          if (quantity.startsWith('-') && !SIGNED.has(kind)) {
            if (m.quantitySign === 'absolute') quantity = quantity.slice(1);
            else
              return reject(
                `quantity ${quote(qtyText)} is negative; for a ${kind} the quantity is positive and the kind carries the direction`,
              );
          }

          const tx: DraftTx = { date: when.value.date, kind, account: '', instrument, quantity };
          if (when.value.time) tx.time = when.value.time;

          const account = c.account ? get(row, c.account) : '';
          tx.account = account || fixedAccount || '';
          if (!tx.account)
            return reject(
              'no account (the mapping has no account column value and no fixed account)',
            );

          const key: string[] = [when.value.time ?? when.value.date, kind, instrument, quantity];

          if (c.price) {
            const p = get(row, c.price);
            if (p) {
              const r = decimalField('price', p, decimal);
              if (!r.ok) return reject(r.reason);
              if (r.value.startsWith('-')) return reject(`price ${quote(p)} is negative`);
              tx.price = r.value;
            }
          }
          if (NEEDS_PRICE.has(kind) && tx.price === undefined)
            return reject(`a ${kind} needs a price`);
          const quoteSym = (c.quote ? symbol(get(row, c.quote)) : '') || m.fixed.quote;
          if (tx.price !== undefined) {
            if (!quoteSym)
              return reject(
                'price without a quote currency (map a quote column or set fixed.quote)',
              );
            tx.quote = quoteSym;
          }
          if (c.fee) {
            let f = get(row, c.fee);
            let feeUnit = '';
            if (f && m.unitSuffix) {
              const u = splitUnit(f, [instrument, quoteSym ?? '']);
              if (u) {
                f = u.amount;
                feeUnit = u.unit;
              }
            }
            if (f) {
              const r = decimalField('fee', f, decimal);
              if (!r.ok) return reject(r.reason);
              if (r.value.startsWith('-')) return reject(`fee ${quote(f)} is negative`);
              if (r.value !== '0') {
                tx.fee = r.value;
                const fc =
                  feeUnit ||
                  (c.feeCurrency ? symbol(get(row, c.feeCurrency)) : '') ||
                  m.fixed.feeCurrency ||
                  quoteSym;
                if (!fc) return reject('fee without a fee currency');
                tx.feeCurrency = fc;
              }
            }
          }
          if (c.toAccount) {
            const t = get(row, c.toAccount);
            if (t) tx.toAccount = t;
          }
          if (kind === 'transfer' && !tx.toAccount)
            return reject('a transfer needs a destination account (toAccount)');
          if (kind === 'liquidity_add' || kind === 'liquidity_remove') {
            const ci = c.counterInstrument ? symbol(get(row, c.counterInstrument)) : '';
            const cq = c.counterQuantity ? get(row, c.counterQuantity) : '';
            const li = c.lpInstrument ? symbol(get(row, c.lpInstrument)) : '';
            const lq = c.lpQuantity ? get(row, c.lpQuantity) : '';
            if (!ci || !cq || !li || !lq)
              return reject(
                `a ${kind} needs counterInstrument, counterQuantity, lpInstrument and lpQuantity`,
              );
            const rc = decimalField('counterQuantity', cq, decimal);
            if (!rc.ok) return reject(rc.reason);
            const rl = decimalField('lpQuantity', lq, decimal);
            if (!rl.ok) return reject(rl.reason);
            if (rc.value.startsWith('-') || rc.value === '0')
              return reject('counterQuantity must be positive');
            if (rl.value.startsWith('-') || rl.value === '0')
              return reject('lpQuantity must be positive');
            Object.assign(tx, {
              counterInstrument: ci,
              counterQuantity: rc.value,
              lpInstrument: li,
              lpQuantity: rl.value,
            });
          }
          if (c.note) {
            const n = get(row, c.note);
            if (n) tx.note = n;
          }
          key.push(
            tx.price ?? '',
            tx.quote ?? '',
            tx.fee ?? '',
            tx.feeCurrency ?? '',
            tx.toAccount ?? '',
            tx.counterInstrument ?? '',
            tx.counterQuantity ?? '',
            tx.lpInstrument ?? '',
            tx.lpQuantity ?? '',
            tx.note ?? '',
            kindLabel,
          );
          sink.emit(row.line, [tx], key);
        },
      };
    },
  };
}
