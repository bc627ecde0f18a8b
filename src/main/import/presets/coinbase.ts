import { parseDateTime } from '../dates';
import { abs, divide, mulDiv, parseDecimal } from '../numbers';
import { columnGetter, symbol, type DraftTx, type TradeSource } from '../source';
import { fail, ok, quote, type Parsed } from '../types';

// Coinbase — "Transaction history" CSV report (coinbase.com › Reports › Generate report):
//   Timestamp,Transaction Type,Asset,Quantity Transacted,Spot Price Currency,Spot Price at Transaction,
//   Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes
// The report starts with a few preamble lines ("You can use this transaction report…",
// "Transactions", "User,…"); the header is found below them. The 2024 layout adds an ID column,
// renames "Spot Price Currency"/"Spot Price at Transaction" to "Price Currency"/"Price at
// Transaction", writes amounts with currency signs ("$1,234.56") and sells/sends as negative
// quantities; both layouts are read (quantities are taken as absolute values, the type gives the
// direction). Timestamps are UTC ("2024-01-05T14:22:01Z" or "2024-01-05 14:22:01 UTC").

const COLS = {
  id: 'ID',
  time: 'Timestamp',
  type: 'Transaction Type',
  asset: 'Asset',
  qty: 'Quantity Transacted',
  ccy: ['Spot Price Currency', 'Price Currency'],
  spot: ['Spot Price at Transaction', 'Price at Transaction'],
  subtotal: 'Subtotal',
  total: ['Total (inclusive of fees and/or spread)', 'Total (inclusive of fees)', 'Total'],
  fees: ['Fees and/or Spread', 'Fees'],
  notes: 'Notes',
} as const;

type Handling =
  'buy' | 'sell' | 'send' | 'receive' | 'convert' | 'reward' | 'fiat-deposit' | 'fiat-withdrawal';

const TYPES: Record<string, Handling> = {
  buy: 'buy',
  'advanced trade buy': 'buy',
  sell: 'sell',
  'advanced trade sell': 'sell',
  send: 'send',
  receive: 'receive',
  convert: 'convert',
  'rewards income': 'reward',
  'reward income': 'reward',
  'staking income': 'reward',
  'inflation reward': 'reward',
  'coinbase earn': 'reward',
  'learning reward': 'reward',
  deposit: 'fiat-deposit',
  withdrawal: 'fiat-withdrawal',
};

const CONVERTED = /^Converted\s+([\d.,]+)\s+([A-Za-z0-9]+)\s+to\s+([\d.,]+)\s+([A-Za-z0-9]+)\s*$/;
// Advanced Trade notes name the real pair: "Bought 0.02 BTC for 1,000 USDC on BTC-USDC at 50,000 USDC/BTC"
const ADVANCED =
  /\bon\s+([A-Za-z0-9]+)-([A-Za-z0-9]+)\s+at\s+([\d.,]+)\s+([A-Za-z0-9]+)\/([A-Za-z0-9]+)\s*$/;

function num(label: string, text: string): Parsed<string> {
  if (!text) return ok('0');
  const r = parseDecimal(text, { decimal: '.' });
  return r.ok ? ok(r.value) : fail(`${label}: ${r.reason}`);
}

export function coinbaseTransactions(): TradeSource {
  const required = [
    COLS.time,
    COLS.type,
    COLS.asset,
    COLS.qty,
    COLS.ccy,
    COLS.spot,
    COLS.subtotal,
    COLS.total,
    COLS.fees,
    COLS.notes,
  ];
  return {
    id: 'coinbase-transactions',
    name: 'Coinbase — Transaction history',
    required,
    optional: [COLS.id],
    headerSearchLines: 30,
    bind({ table, account }) {
      const get = columnGetter(table);
      const acct = account ?? 'Coinbase';
      return {
        row(row, sink) {
          const reject = (reason: string) => sink.reject(row.line, reason);
          const typeText = get(row, COLS.type);
          const handling = TYPES[typeText.toLowerCase()];
          if (!handling) return reject(`unsupported Coinbase transaction type ${quote(typeText)}`);
          const when = parseDateTime(get(row, COLS.time), { timeZone: 'UTC' });
          if (!when.ok) return reject(`Timestamp: ${when.reason}`);
          const asset = symbol(get(row, COLS.asset));
          if (!asset) return reject('Asset is empty');
          const ccy = symbol(get(row, COLS.ccy));
          const values: Record<string, string> = {};
          for (const [k, ref] of [
            ['qty', COLS.qty],
            ['spot', COLS.spot],
            ['subtotal', COLS.subtotal],
            ['total', COLS.total],
            ['fees', COLS.fees],
          ] as const) {
            const r = num(table.header[table.columns.get(ref)!]!, get(row, ref));
            if (!r.ok) return reject(r.reason);
            values[k] = abs(r.value);
          }
          const qty = values.qty!;
          const spot = values.spot!;
          const fees = values.fees!;
          if (qty === '0') return reject('Quantity Transacted is zero');
          const notes = get(row, COLS.notes);

          const base: DraftTx = {
            date: when.value.date,
            kind: 'buy',
            account: acct,
            instrument: asset,
            quantity: qty,
          };
          if (when.value.time) base.time = when.value.time;
          const withFee = (tx: DraftTx): DraftTx => {
            if (fees !== '0') {
              tx.fee = fees;
              tx.feeCurrency = ccy;
            }
            return tx;
          };
          const priced = (tx: DraftTx, price: string): DraftTx => {
            if (price === '0') return tx;
            if (!ccy) return tx;
            return { ...tx, price, quote: ccy };
          };
          const txs: DraftTx[] = [];
          switch (handling) {
            case 'buy':
            case 'sell': {
              if (spot === '0') return reject(`a ${typeText} needs the price at transaction`);
              if (!ccy) return reject('price currency is empty');
              let tx: DraftTx = withFee({ ...base, kind: handling, price: spot, quote: ccy });
              const adv = ADVANCED.exec(notes);
              if (adv && symbol(adv[2]!) !== ccy) {
                const rate = parseDecimal(adv[3]!, { decimal: '.' });
                if (!rate.ok) return reject(`Notes: rate ${rate.reason}`);
                if (symbol(adv[1]!) !== asset)
                  return reject(`Notes name the pair ${adv[1]}-${adv[2]}, the asset is ${asset}`);
                if (rate.value === '0' || rate.value.startsWith('-'))
                  return reject('Notes: the rate must be positive');
                const pairQuote = symbol(adv[2]!);
                tx = { ...tx, price: rate.value, quote: pairQuote };
                // The report gives the fee's value in the price currency; convert it into the
                // pair's quote at the trade's own rate (quote per price-currency = rate / spot).
                if (tx.fee !== undefined) {
                  tx.fee = mulDiv(tx.fee, rate.value, spot);
                  tx.feeCurrency = pairQuote;
                }
              }
              txs.push(tx);
              break;
            }
            case 'send':
              txs.push({ ...base, kind: 'withdrawal', ...(notes ? { note: notes } : {}) });
              break;
            case 'receive':
              txs.push(
                priced({ ...base, kind: 'deposit', ...(notes ? { note: notes } : {}) }, spot),
              );
              break;
            case 'reward':
              txs.push(priced({ ...base, kind: 'staking_reward', note: typeText }, spot));
              break;
            case 'fiat-deposit':
              txs.push(withFee(priced({ ...base, kind: 'deposit' }, spot)));
              break;
            case 'fiat-withdrawal':
              txs.push(withFee({ ...base, kind: 'withdrawal' }));
              break;
            case 'convert': {
              const m = CONVERTED.exec(notes);
              if (!m)
                return reject(
                  `a Convert needs a note like 'Converted 1.5 ETH to 0.1 BTC', got ${quote(notes)}`,
                );
              const fromQty = parseDecimal(m[1]!, { decimal: '.' });
              const toQty = parseDecimal(m[3]!, { decimal: '.' });
              if (!fromQty.ok || !toQty.ok)
                return reject(`Notes: cannot read the amounts in ${quote(notes)}`);
              if (symbol(m[2]!) !== asset || fromQty.value !== qty)
                return reject(
                  `Notes say ${m[1]} ${m[2]} was converted, the row says ${qty} ${asset}`,
                );
              if (toQty.value === '0' || toQty.value.startsWith('-'))
                return reject('converted-to quantity must be positive');
              if (spot === '0' || !ccy) return reject('a Convert needs the price at transaction');
              const subtotal = values.subtotal!;
              if (subtotal === '0') return reject('a Convert needs a Subtotal (value received)');
              // Sell the source asset at spot (the fee/spread is charged on this leg), buy the
              // target for the subtotal. With Total = quantity × spot and Subtotal = Total − fees
              // (how Coinbase reports a Convert) the quote-currency legs net to zero.
              txs.push(withFee({ ...base, kind: 'sell', price: spot, quote: ccy, note: notes }));
              txs.push({
                ...base,
                kind: 'buy',
                instrument: symbol(m[4]!),
                quantity: toQty.value,
                price: divide(subtotal, toQty.value),
                quote: ccy,
                note: notes,
              });
              break;
            }
          }
          sink.emit(row.line, txs, [
            get(row, COLS.id),
            when.value.time ?? when.value.date,
            typeText.toLowerCase(),
            asset,
            qty,
            ccy,
            spot,
            values.subtotal!,
            values.total!,
            fees,
            notes,
          ]);
        },
      };
    },
  };
}
