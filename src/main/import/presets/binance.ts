import { parseDateTime } from '../dates';
import { splitUnit } from '../numbers';
import {
  columnGetter,
  decimalField,
  positive,
  symbol,
  type DraftTx,
  type TradeSource,
} from '../source';
import { quote } from '../types';

// Binance — Spot "Trade History" export (Orders › Spot Order › Trade History › Export):
//   Date(UTC),Pair,Side,Price,Executed,Amount,Fee
//   2024-03-04 09:15:02,BTCUSDT,BUY,62000.00,0.05BTC,3100.00USDT,0.00005BTC
// Date is UTC. Executed carries the base asset, Amount the quote asset and Fee the fee asset as
// suffixes; the pair is the two concatenated (BTCUSDT), split where Executed and Amount say.
// Numbers use '.' as the decimal mark and may group thousands with ',' ("1,234.5USDT").

const COLS = {
  date: ['Date(UTC)', 'Date (UTC)', 'Date'],
  pair: 'Pair',
  side: 'Side',
  price: 'Price',
  executed: 'Executed',
  amount: 'Amount',
  fee: 'Fee',
} as const;

/** Quote assets preferred when a pair splits more than one way. */
const QUOTES = [
  'USDT',
  'FDUSD',
  'USDC',
  'BUSD',
  'TUSD',
  'DAI',
  'BTC',
  'ETH',
  'BNB',
  'EUR',
  'GBP',
  'TRY',
  'BRL',
  'AUD',
  'USD',
];

export function binanceSpotTrades(): TradeSource {
  return {
    id: 'binance-spot-trades',
    name: 'Binance — Spot trade history',
    required: Object.values(COLS),
    optional: [],
    bind({ table, account }) {
      const get = columnGetter(table);
      const acct = account ?? 'Binance';
      return {
        row(row, sink) {
          const reject = (reason: string) => sink.reject(row.line, reason);
          const when = parseDateTime(get(row, COLS.date), { timeZone: 'UTC' });
          if (!when.ok) return reject(`Date(UTC): ${when.reason}`);
          const pair = symbol(get(row, COLS.pair));
          const side = get(row, COLS.side).toUpperCase();
          if (side !== 'BUY' && side !== 'SELL')
            return reject(`Side ${quote(side)} is neither BUY nor SELL`);
          const executed = get(row, COLS.executed);
          const amount = get(row, COLS.amount);

          // Split the pair where Executed ends with the base and Amount with the quote.
          const splits: [string, string][] = [];
          for (let i = 1; i < pair.length; i++) {
            const b = pair.slice(0, i);
            const q = pair.slice(i);
            const e = splitUnit(executed, [b]);
            const a = splitUnit(amount, [q]);
            if (e?.unit === b && a?.unit === q) splits.push([b, q]);
          }
          if (!splits.length)
            return reject(
              `Pair ${pair} does not match the units of Executed ${quote(executed)} and Amount ${quote(amount)}`,
            );
          const [base, quoteAsset] =
            splits.length === 1
              ? splits[0]!
              : (splits.find(([, q]) => QUOTES.includes(q)) ?? splits[0]!);

          const qty = decimalField('Executed', splitUnit(executed, [base])!.amount, '.');
          if (!qty.ok) return reject(qty.reason);
          const qp = positive('Executed', qty.value, executed);
          if (!qp.ok) return reject(qp.reason);
          const total = decimalField('Amount', splitUnit(amount, [quoteAsset])!.amount, '.');
          if (!total.ok) return reject(total.reason);
          const price = decimalField('Price', get(row, COLS.price), '.');
          if (!price.ok) return reject(price.reason);
          const pp = positive('Price', price.value, get(row, COLS.price));
          if (!pp.ok) return reject(pp.reason);

          const feeText = get(row, COLS.fee);
          let fee = '0';
          let feeUnit = '';
          if (feeText) {
            const f = splitUnit(feeText, [base, quoteAsset]);
            if (!f) return reject(`Fee ${quote(feeText)} has no asset suffix (like 0.0005BNB)`);
            const fv = decimalField('Fee', f.amount, '.');
            if (!fv.ok) return reject(fv.reason);
            if (fv.value.startsWith('-')) return reject(`Fee ${quote(feeText)} is negative`);
            fee = fv.value;
            feeUnit = f.unit;
          }

          const tx: DraftTx = {
            date: when.value.date,
            kind: side === 'BUY' ? 'buy' : 'sell',
            account: acct,
            instrument: base,
            quantity: qty.value,
            price: price.value,
            quote: quoteAsset,
          };
          if (when.value.time) tx.time = when.value.time;
          if (fee !== '0') {
            tx.fee = fee;
            tx.feeCurrency = feeUnit;
          }
          sink.emit(
            row.line,
            [tx],
            [
              when.value.time ?? when.value.date,
              pair,
              side,
              price.value,
              qty.value,
              base,
              total.value,
              quoteAsset,
              fee,
              feeUnit,
            ],
          );
        },
      };
    },
  };
}
