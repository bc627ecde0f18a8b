import { parseDateTime } from '../dates';
import { parseDeribitInstrument, type DeribitInstrument } from '../instruments';
import { abs, divide, negate, parseDecimal, subtract } from '../numbers';
import { columnGetter, symbol, type DraftTx, type TradeSource } from '../source';
import { quote } from '../types';

// Deribit — Transaction log export (Account › Transaction log › Download CSV), one file per
// currency:
//   ID,UserSeq,Date,Instrument,Type,Side,Amount,Position,Price,Mark Price,Index Price,Cash Flow,
//   Funding,Fee Rate,Fee Paid,Fee Balance,Change,Balance,Equity,Trade ID,Order ID,Info,Note
// Column names changed over the years ("Amount" was "Base Amount" and "Size", "Fee Paid" is
// "Fee Charged" in some exports): the alternatives are accepted. Dates are UTC. Every amount of
// money is in the file's currency (coin-settled for BTC-… and ETH-…; USDC for …_USDC-…). Per
// Deribit's API documentation: Change is the change of the cash balance (for trades: fees and
// option premium; for settlements: futures session P&L and perpetual funding), Cash Flow is the
// option premium or the realised futures session P&L, Funding the perpetual funding in it.
//
// Futures and perpetuals are positions: inverse_futures_trade for the coin-settled ones
// (BTC-PERPETUAL, BTC-27DEC24: Amount is the USD face), futures_trade for the USDC-settled
// (BTC_USDC-PERPETUAL: Amount in coins), with the fee in the settlement coin (a maker rebate,
// a negative fee, is booked apart as funding received). Deribit settles a position's P&L into
// the balance every session; the ledger keeps it in the position and realises it when the
// position closes (or at delivery, an expiry at the delivery price): session P&Ls from entry
// to exit add up to the P&L from entry to exit (for an inverse contract face·(1/entry −
// 1/exit) telescopes), so they are not booked again. Perpetual funding is booked as funding.
// Options are instruments: option_trade (signed quantity, premium per unit in the settlement
// coin), then expiry (worthless) or exercise (cash-settled at delivery: price = |Cash Flow| /
// |Amount|).

const COLS = {
  id: 'ID',
  seq: 'UserSeq',
  date: 'Date',
  instrument: 'Instrument',
  type: 'Type',
  side: 'Side',
  amount: ['Amount', 'Base Amount', 'Size'],
  price: 'Price',
  cashFlow: 'Cash Flow',
  funding: 'Funding',
  fee: ['Fee Paid', 'Fee Charged'],
  change: 'Change',
  info: 'Info',
  currency: 'Currency',
} as const;

export interface DeribitOptions {
  /** The currency of the transaction log (deposits and withdrawals name no instrument). */
  currency?: string | undefined;
}

export function deribitTransactionLog(opts: DeribitOptions = {}): TradeSource {
  return {
    id: 'deribit-transaction-log',
    name: 'Deribit — Transaction log',
    required: [
      COLS.id,
      COLS.date,
      COLS.instrument,
      COLS.type,
      COLS.side,
      COLS.amount,
      COLS.price,
      COLS.cashFlow,
      COLS.funding,
      COLS.fee,
      COLS.change,
    ],
    optional: [
      COLS.seq,
      COLS.info,
      COLS.currency,
      'Position',
      'Mark Price',
      'Index Price',
      'Fee Rate',
      'Fee Balance',
      'Balance',
      'Equity',
      'Trade ID',
      'Order ID',
      'Note',
      'Username',
    ],
    bind({ table, account }) {
      const get = columnGetter(table);
      const acct = account ?? 'Deribit';
      const fileCurrency = opts.currency ? symbol(opts.currency) : undefined;
      return {
        row(row, sink) {
          const reject = (reason: string) => sink.reject(row.line, reason);
          const when = parseDateTime(get(row, COLS.date), { timeZone: 'UTC' });
          if (!when.ok) return reject(`Date: ${when.reason}`);
          const type = get(row, COLS.type).toLowerCase();
          const side = get(row, COLS.side).toLowerCase();
          const name = get(row, COLS.instrument);
          let inst: DeribitInstrument | undefined;
          if (name) {
            const p = parseDeribitInstrument(name);
            if (!p.ok) return reject(p.reason);
            inst = p.value;
          }
          const rowCurrency = symbol(get(row, COLS.currency));
          const ccy = inst?.settlement ?? fileCurrency ?? rowCurrency;
          if (inst && fileCurrency && inst.settlement !== fileCurrency)
            return reject(
              `${inst.name} settles in ${inst.settlement}, this log is in ${fileCurrency}`,
            );
          if (!ccy)
            return reject(
              `a ${type} row names no currency: set the preset's currency (the log's currency, e.g. BTC)`,
            );

          const n: Record<string, string> = {};
          for (const [k, ref] of [
            ['amount', COLS.amount],
            ['price', COLS.price],
            ['cashFlow', COLS.cashFlow],
            ['funding', COLS.funding],
            ['fee', COLS.fee],
            ['change', COLS.change],
          ] as const) {
            const t = get(row, ref);
            if (!t || t === '-') {
              n[k] = '0';
              continue;
            }
            const r = parseDecimal(t, { decimal: '.' });
            if (!r.ok) return reject(`${refLabel(ref)}: ${r.reason}`);
            n[k] = r.value;
          }
          const { amount, price, cashFlow, funding, fee, change } = n as Record<
            'amount' | 'price' | 'cashFlow' | 'funding' | 'fee' | 'change',
            string
          >;
          const info = get(row, COLS.info);
          const base = {
            date: when.value.date,
            account: acct,
            ...(when.value.time ? { time: when.value.time } : {}),
          };
          const flow = (quantity: string, note: string): DraftTx => ({
            ...base,
            kind: 'funding',
            instrument: ccy,
            quantity,
            note,
          });
          const txs: DraftTx[] = [];
          // a fee paid in the settlement currency goes on the transaction; a negative one (a
          // maker rebate) is money received, booked apart as funding
          const paid = fee !== '0' && !fee.startsWith('-') ? { fee, feeCurrency: ccy } : {};
          const rebate = (what: string) => {
            if (fee.startsWith('-')) txs.push(flow(abs(fee), `maker rebate: ${what}`));
          };

          switch (type) {
            case 'trade': {
              if (!inst) return reject('a trade row names no instrument');
              if (amount === '0') return reject('a trade of zero');
              const buy = side.includes('buy');
              if (!buy && !side.includes('sell'))
                return reject(`Side ${quote(side)} is neither buy nor sell`);
              // an option's premium may be 0; a contract trades at a positive price
              if (inst.type === 'option' ? price.startsWith('-') : !(Number(price) > 0))
                return reject(
                  `Price ${price} is ${inst.type === 'option' ? 'negative' : 'not positive'}`,
                );
              txs.push({
                ...base,
                kind:
                  inst.type === 'option'
                    ? 'option_trade'
                    : inst.linear
                      ? 'futures_trade'
                      : 'inverse_futures_trade',
                instrument: inst.name,
                quantity: buy ? abs(amount) : negate(abs(amount)),
                price,
                quote: ccy,
                ...paid,
              });
              rebate(`${inst.name} ${side} ${abs(amount)} @ ${price}`);
              break;
            }
            case 'settlement': {
              if (!inst) return reject('a settlement row names no instrument');
              if (inst.type === 'option')
                return reject(
                  'unexpected settlement row for an option (options settle at delivery)',
                );
              // the session's P&L stays in the position (see the top); only funding is booked
              if (inst.type === 'perpetual' && funding !== '0')
                txs.push(flow(funding, `funding ${inst.name}`));
              if (!txs.length)
                return sink.skip(
                  row.line,
                  `settlement of ${inst.name}: its session P&L is the position's, realised when it closes`,
                );
              break;
            }
            case 'delivery': {
              if (!inst) return reject('a delivery row names no instrument');
              if (inst.type === 'option') {
                if (amount === '0') return reject('a delivery of zero');
                const qty = abs(amount);
                const tx: DraftTx = {
                  ...base,
                  kind: cashFlow === '0' ? 'expiry' : 'exercise',
                  instrument: inst.name,
                  quantity: qty,
                  price: cashFlow === '0' ? '0' : divide(abs(cashFlow), qty),
                  quote: ccy,
                  ...paid,
                };
                txs.push(tx);
                rebate(`${inst.name} delivery`);
              } else {
                // the future closes at the delivery price, realising its P&L since entry
                if (!(Number(price) > 0)) return reject(`delivery Price ${price} is not positive`);
                const tx: DraftTx = {
                  ...base,
                  kind: 'expiry',
                  instrument: inst.name,
                  quantity: abs(amount),
                  price,
                  quote: ccy,
                  ...paid,
                };
                txs.push(tx);
                rebate(`${inst.name} delivery`);
              }
              break;
            }
            case 'deposit': {
              const q = change !== '0' ? change : amount;
              if (q === '0' || q.startsWith('-')) return reject(`deposit of ${q}`);
              txs.push({
                ...base,
                kind: 'deposit',
                instrument: ccy,
                quantity: q,
                ...(info ? { note: info } : {}),
              });
              break;
            }
            case 'withdrawal': {
              const out = abs(change !== '0' ? change : amount);
              if (out === '0') return reject('withdrawal of zero');
              const feeAbs = abs(fee);
              const qty = feeAbs !== '0' ? subtract(out, feeAbs) : out;
              if (qty === '0' || qty.startsWith('-'))
                return reject(`withdrawal of ${out} does not cover its fee ${feeAbs}`);
              const tx: DraftTx = {
                ...base,
                kind: 'withdrawal',
                instrument: ccy,
                quantity: qty,
                ...(info ? { note: info } : {}),
              };
              if (feeAbs !== '0') {
                tx.fee = feeAbs;
                tx.feeCurrency = ccy;
              }
              txs.push(tx);
              break;
            }
            case 'transfer': {
              if (change === '0') return reject('transfer of zero');
              const note = info ? `transfer: ${info}` : 'transfer';
              txs.push(
                change.startsWith('-')
                  ? { ...base, kind: 'withdrawal', instrument: ccy, quantity: abs(change), note }
                  : { ...base, kind: 'deposit', instrument: ccy, quantity: change, note },
              );
              break;
            }
            default:
              return reject(`unsupported Deribit transaction type ${quote(type)}`);
          }
          sink.emit(row.line, txs, [
            get(row, COLS.id),
            get(row, COLS.seq),
            when.value.time ?? when.value.date,
            inst?.name ?? '',
            type,
            side,
            amount,
            price,
            cashFlow,
            funding,
            fee,
            change,
            ccy,
            // futures rows are booked as positions since this preset's second version: a new
            // key, so a log imported before (as fees and P&L flows) does not hide them
            ...(inst && inst.type !== 'option' ? ['position'] : []),
          ]);
        },
      };
    },
  };
}

const refLabel = (ref: string | readonly string[]) => (typeof ref === 'string' ? ref : ref[0]!);
