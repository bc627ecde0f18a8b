import type { RawRow } from '../csv';
import { parseDateTime, type DateTime } from '../dates';
import { abs, divide, parseDecimal } from '../numbers';
import { columnGetter, type DraftTx, type RowSink, type TradeSource } from '../source';
import { quote } from '../types';

// Kraken — Ledgers export (History › Export › Ledgers, CSV):
//   "txid","refid","time","type","subtype","aclass","asset","amount","fee","balance"
// (newer exports add "wallet" and "amountusd"; extra columns are ignored). Times are UTC,
// "2024-02-01 10:00:00" or with fractions "…:00.1234". `amount` is the signed change of the
// asset before `fee`, which is charged on top (balance = previous + amount − fee).
//
// - trade (and spend/receive, Kraken's "Buy Crypto"): a trade is two ledger rows sharing a
//   refid, one negative (spent) and one positive (received). They are paired into one buy or
//   sell: the quote is the leg whose asset ranks first in QUOTE_ORDER (fiat, then stablecoins,
//   then BTC, ETH); price = quote amount / base amount. Rows may be apart in the file; a leg
//   waits for its partner, and one still alone at the end is rejected.
// - deposit, withdrawal, staking, earn/reward: deposit, withdrawal, staking_reward.
// - rows with an empty txid are Kraken's pending/initiated entries (the credited entry follows
//   with a txid): skipped. Internal wallet moves (transfer spottostaking, stakingfromspot…,
//   earn allocation…) are skipped: the balance stays within Kraken.
// Asset codes: XXBT/XBT→BTC, XETH→ETH, XXDG/XDG→DOGE, ZUSD→USD, ZEUR→EUR…; suffixes such as
// .S (staked), .M, .F, .B, .P are kept (ETH2.S, DOT.S: distinct staked instruments).

const COLS = {
  txid: 'txid',
  refid: 'refid',
  time: 'time',
  type: 'type',
  subtype: 'subtype',
  asset: 'asset',
  amount: 'amount',
  fee: 'fee',
} as const;

const ASSETS: Record<string, string> = {
  XXBT: 'BTC',
  XBT: 'BTC',
  XETH: 'ETH',
  XXRP: 'XRP',
  XLTC: 'LTC',
  XXLM: 'XLM',
  XXDG: 'DOGE',
  XDG: 'DOGE',
  XETC: 'ETC',
  XXMR: 'XMR',
  XZEC: 'ZEC',
  XREP: 'REP',
  XMLN: 'MLN',
  ZUSD: 'USD',
  ZEUR: 'EUR',
  ZGBP: 'GBP',
  ZCAD: 'CAD',
  ZJPY: 'JPY',
  ZAUD: 'AUD',
};

export function krakenAsset(code: string): string {
  const c = code.trim().toUpperCase();
  const dot = c.indexOf('.');
  const base = dot < 0 ? c : c.slice(0, dot);
  return (ASSETS[base] ?? base) + (dot < 0 ? '' : c.slice(dot));
}

export const QUOTE_ORDER = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'JPY',
  'AED',
  'USDT',
  'USDC',
  'DAI',
  'PYUSD',
  'BTC',
  'ETH',
];

const INTERNAL = new Set([
  'spottostaking',
  'stakingfromspot',
  'stakingtospot',
  'spotfromstaking',
  'spotfromfutures',
  'spottofutures',
]);

interface Leg {
  line: number;
  when: DateTime;
  txid: string;
  refid: string;
  type: string;
  subtype: string;
  asset: string;
  amount: string;
  fee: string;
}

export function krakenLedgers(): TradeSource {
  return {
    id: 'kraken-ledgers',
    name: 'Kraken — Ledgers',
    required: [COLS.txid, COLS.refid, COLS.time, COLS.type, COLS.asset, COLS.amount, COLS.fee],
    optional: [COLS.subtype, 'aclass', 'balance', 'wallet', 'amountusd'],
    bind({ table, account }) {
      const get = columnGetter(table);
      const acct = account ?? 'Kraken';
      const waiting = new Map<string, Leg>();

      const keyOf = (l: Leg) => [
        l.txid,
        l.refid,
        l.when.time ?? l.when.date,
        l.type,
        l.subtype,
        l.asset,
        l.amount,
        l.fee,
      ];

      function pair(a: Leg, b: Leg, sink: RowSink) {
        const [first, second] = a.line < b.line ? [a, b] : [b, a];
        const lines = [first.line, second.line];
        const at = `lines ${first.line} and ${second.line}, refid ${first.refid}`;
        const spent = a.amount.startsWith('-') ? a : b;
        const got = spent === a ? b : a;
        if (!spent.amount.startsWith('-') || got.amount.startsWith('-')) {
          sink.reject(
            first.line,
            `trade legs (${at}) do not have one negative and one positive amount`,
          );
          sink.reject(
            second.line,
            `trade legs (${at}) do not have one negative and one positive amount`,
          );
          return;
        }
        const rank = (s: string) => {
          const i = QUOTE_ORDER.indexOf(s);
          return i < 0 ? Infinity : i;
        };
        if (rank(spent.asset) === Infinity && rank(got.asset) === Infinity) {
          sink.reject(
            first.line,
            `cannot tell base from quote in ${spent.asset}→${got.asset} (${at})`,
          );
          sink.reject(
            second.line,
            `cannot tell base from quote in ${spent.asset}→${got.asset} (${at})`,
          );
          return;
        }
        const buy = rank(spent.asset) < rank(got.asset);
        const baseLeg = buy ? got : spent;
        const quoteLeg = buy ? spent : got;
        const qty = abs(baseLeg.amount);
        const tx: DraftTx = {
          date: first.when.date,
          kind: buy ? 'buy' : 'sell',
          account: acct,
          instrument: baseLeg.asset,
          quantity: qty,
          price: divide(abs(quoteLeg.amount), qty),
          quote: quoteLeg.asset,
        };
        if (first.when.time) tx.time = first.when.time;
        const txs = [tx];
        // The fee is usually charged on the quote leg; a fee on the base leg is its own row.
        const feeLeg = quoteLeg.fee !== '0' ? quoteLeg : baseLeg.fee !== '0' ? baseLeg : undefined;
        if (feeLeg) {
          tx.fee = feeLeg.fee;
          tx.feeCurrency = feeLeg.asset;
        }
        if (quoteLeg.fee !== '0' && baseLeg.fee !== '0') {
          txs.push({
            date: first.when.date,
            ...(first.when.time ? { time: first.when.time } : {}),
            kind: 'fee',
            account: acct,
            instrument: baseLeg.asset,
            quantity: baseLeg.fee,
            note: `fee on trade ${first.refid}`,
          });
        }
        const [k1, k2] = [keyOf(a), keyOf(b)].sort((x, y) =>
          x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : 0,
        );
        sink.emit(first.line, txs, [...k1!, ...k2!], lines);
      }

      return {
        row(row: RawRow, sink) {
          const reject = (reason: string) => sink.reject(row.line, reason);
          const type = get(row, COLS.type).toLowerCase();
          const subtype = get(row, COLS.subtype).toLowerCase();
          const txid = get(row, COLS.txid);
          if (!txid)
            return sink.skip(
              row.line,
              `no txid: a pending Kraken entry (${type}), the credited entry has one`,
            );
          const when = parseDateTime(get(row, COLS.time), { timeZone: 'UTC' });
          if (!when.ok) return reject(`time: ${when.reason}`);
          const code = get(row, COLS.asset);
          const asset = krakenAsset(code);
          if (!asset) return reject('asset is empty');
          if (asset === 'KFEE')
            return sink.skip(row.line, 'Kraken fee credits (KFEE) are not an asset');
          const amountR = parseDecimal(get(row, COLS.amount), { decimal: '.' });
          if (!amountR.ok) return reject(`amount: ${amountR.reason}`);
          const feeText = get(row, COLS.fee);
          const feeR = feeText
            ? parseDecimal(feeText, { decimal: '.' })
            : ({ ok: true, value: '0' } as const);
          if (!feeR.ok) return reject(`fee: ${feeR.reason}`);
          const amount = amountR.value;
          const fee = feeR.value;
          if (fee.startsWith('-')) return reject(`fee ${quote(feeText)} is negative`);
          const leg: Leg = {
            line: row.line,
            when: when.value,
            txid,
            refid: get(row, COLS.refid),
            type,
            subtype,
            asset,
            amount,
            fee,
          };

          const single = (tx: Omit<DraftTx, 'date' | 'account' | 'instrument'>) => {
            const full: DraftTx = {
              date: when.value.date,
              account: acct,
              instrument: asset,
              ...tx,
            };
            if (when.value.time) full.time = when.value.time;
            if (fee !== '0' && full.kind !== 'fee') {
              full.fee = fee;
              full.feeCurrency = asset;
            }
            sink.emit(row.line, [full], keyOf(leg));
          };

          switch (type) {
            case 'trade':
            case 'spend':
            case 'receive': {
              if (amount === '0') {
                if (fee === '0') return sink.skip(row.line, 'trade row with no amount and no fee');
                return single({ kind: 'fee', quantity: fee, note: `fee on trade ${leg.refid}` });
              }
              if (!leg.refid) return reject('trade row without a refid');
              const other = waiting.get(leg.refid);
              if (!other) {
                waiting.set(leg.refid, leg);
                return;
              }
              waiting.delete(leg.refid);
              return pair(other, leg, sink);
            }
            case 'deposit':
              if (amount === '0') return reject('deposit of zero');
              if (amount.startsWith('-'))
                return single({
                  kind: 'withdrawal',
                  quantity: abs(amount),
                  note: 'reversal of a deposit',
                });
              return single({ kind: 'deposit', quantity: amount });
            case 'withdrawal':
              if (amount === '0') return reject('withdrawal of zero');
              if (!amount.startsWith('-'))
                return single({
                  kind: 'deposit',
                  quantity: amount,
                  note: 'reversal of a withdrawal',
                });
              return single({ kind: 'withdrawal', quantity: abs(amount) });
            case 'staking':
              if (amount.startsWith('-') || amount === '0')
                return reject(`staking row with amount ${amount}`);
              return single({ kind: 'staking_reward', quantity: amount });
            case 'earn':
              if (subtype === 'reward') {
                if (amount.startsWith('-') || amount === '0')
                  return reject(`earn reward with amount ${amount}`);
                return single({ kind: 'staking_reward', quantity: amount });
              }
              return sink.skip(row.line, `internal Kraken Earn move (${subtype || 'no subtype'})`);
            case 'transfer':
              if (INTERNAL.has(subtype))
                return sink.skip(row.line, `internal Kraken transfer (${subtype})`);
              if (subtype === '') {
                if (amount === '0') return reject('transfer of zero');
                return amount.startsWith('-')
                  ? single({
                      kind: 'withdrawal',
                      quantity: abs(amount),
                      note: 'Kraken transfer out',
                    })
                  : single({
                      kind: 'deposit',
                      quantity: amount,
                      note: 'Kraken transfer (airdrop or fork)',
                    });
              }
              return reject(`unsupported Kraken transfer subtype ${quote(subtype)}`);
            default:
              return reject(`unsupported Kraken ledger type ${quote(type)}`);
          }
        },
        end(sink) {
          for (const leg of waiting.values())
            sink.reject(
              leg.line,
              `trade leg without its pair (refid ${leg.refid}): the other ledger row is missing`,
            );
          waiting.clear();
        },
      };
    },
  };
}
