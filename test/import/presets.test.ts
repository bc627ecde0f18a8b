import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  previewImport,
  streamImport,
  type ImportReport,
  type TradeRow,
} from '../../src/main/import';
import Decimal from 'decimal.js';
import { applyLedger, findPosition } from '../../src/main/engine/ledger';
import type { LedgerTx } from '../../src/shared/ledger';
import { REPO, tempDir } from '../helpers/tmp';

// Each preset reads a fixture in the venue's documented shape. The expected transactions were
// worked out by hand from the fixture rows (see the comments), not copied from output.

const FIX = join(REPO, 'test', 'fixtures', 'import');
const KNOWN = new Set([
  'BTC',
  'ETH',
  'USDT',
  'USDC',
  'USD',
  'EUR',
  'BNB',
  'SOL',
  '1INCH',
  'DOT.S',
  'BTC-PERPETUAL',
  'BTC-27DEC24',
]);
const known = (s: string) => KNOWN.has(s) || /^BTC-\d{1,2}[A-Z]{3}\d{2}-\d+-[CP]$/.test(s);

type Tx = Omit<LedgerTx, 'fingerprint'>;
const txs = (rep: ImportReport<TradeRow>): Tx[] =>
  rep.rows.map((r) => {
    const { fingerprint: _f, ...rest } = r.tx;
    return rest;
  });
const lines = (rep: ImportReport<TradeRow>) => rep.rows.map((r) => r.line);
const hex64 = /^[0-9a-f]{64}$/;

function checkFingerprints(rep: ImportReport<TradeRow>) {
  const fps = rep.rows.map((r) => r.tx.fingerprint);
  for (const f of fps) expect(f).toMatch(hex64);
  expect(new Set(fps).size).toBe(fps.length);
}

describe('Binance spot trade history', () => {
  const file = join(FIX, 'binance-spot-trades.csv');
  const t = (day: string, hms: string) => ({
    date: day,
    time: `${day}T${hms}Z`,
    account: 'Binance',
  });

  it('yields the canonical rows', async () => {
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'binance-spot-trades',
      knownInstrument: known,
    });
    expect(rep.parsed).toBe(12);
    expect(txs(rep)).toEqual<Tx[]>([
      // 0.05BTC at 42650.12, fee 0.00005BTC; the same fill twice at the same second
      {
        ...t('2024-01-03', '09:15:02'),
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.05',
        price: '42650.12',
        quote: 'USDT',
        fee: '0.00005',
        feeCurrency: 'BTC',
      },
      {
        ...t('2024-01-03', '09:15:02'),
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.05',
        price: '42650.12',
        quote: 'USDT',
        fee: '0.00005',
        feeCurrency: 'BTC',
      },
      // 2251.40 → 2251.4
      {
        ...t('2024-01-05', '14:02:11'),
        kind: 'buy',
        instrument: 'ETH',
        quantity: '1.2',
        price: '2251.4',
        quote: 'USDT',
        fee: '0.0012',
        feeCurrency: 'ETH',
      },
      // ETHBTC: base ETH (Executed 0.5ETH), quote BTC (Amount 0.026605BTC)
      {
        ...t('2024-01-09', '20:45:37'),
        kind: 'sell',
        instrument: 'ETH',
        quantity: '0.5',
        price: '0.05321',
        quote: 'BTC',
        fee: '0.000026605',
        feeCurrency: 'BTC',
      },
      {
        ...t('2024-01-12', '07:30:00'),
        kind: 'buy',
        instrument: 'BNB',
        quantity: '2',
        price: '305.6',
        quote: 'USDT',
        fee: '0.0015',
        feeCurrency: 'BNB',
      },
      {
        ...t('2024-01-15', '11:11:11'),
        kind: 'buy',
        instrument: 'SOL',
        quantity: '10',
        price: '98.765',
        quote: 'USDT',
        fee: '0.00241',
        feeCurrency: 'BNB',
      },
      // '1000.51INCH' is 1000.5 of 1INCH: the pair 1INCHUSDT tells where the unit starts
      {
        ...t('2024-01-20', '16:20:45'),
        kind: 'buy',
        instrument: '1INCH',
        quantity: '1000.5',
        price: '0.4521',
        quote: 'USDT',
        fee: '0.00112',
        feeCurrency: 'BNB',
      },
      {
        ...t('2024-02-01', '10:00:00'),
        kind: 'sell',
        instrument: 'BTC',
        quantity: '0.02',
        price: '43100',
        quote: 'USDT',
        fee: '0.862',
        feeCurrency: 'USDT',
      },
      // quoted "47,250.00": ',' groups thousands
      {
        ...t('2024-02-10', '08:00:00'),
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.1',
        price: '47250',
        quote: 'USDT',
        fee: '0.0001',
        feeCurrency: 'BTC',
      },
      // fee 0USDT: no fee on the transaction
      {
        ...t('2024-02-20', '18:05:09'),
        kind: 'sell',
        instrument: 'ETH',
        quantity: '0.4',
        price: '2950.5',
        quote: 'USDT',
      },
    ]);
    expect(lines(rep)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 13]);
    expect(rep.rejected).toEqual([
      { line: 11, reason: "unknown instrument 'ADA'" },
      { line: 12, reason: "Price: 'abc' is not a number" },
    ]);
    checkFingerprints(rep);
  });

  it('gives the same fingerprints on re-import and for an overlapping file', async () => {
    const a = await previewImport(file, {
      kind: 'trades',
      preset: 'binance-spot-trades',
      knownInstrument: known,
    });
    const b = await previewImport(file, {
      kind: 'trades',
      preset: 'binance-spot-trades',
      knownInstrument: known,
    });
    expect(b.rows.map((r) => r.tx.fingerprint)).toEqual(a.rows.map((r) => r.tx.fingerprint));

    // A later export: CRLF, re-quoted fields, the first of the twin fills cut off, one new row.
    const src = readFileSync(file, 'utf8').trimEnd().split('\n');
    const overlap = [
      src[0],
      ...src.slice(2, 6).map((l) =>
        l
          .split(',')
          .map((f) => `"${f}"`)
          .join(','),
      ),
      '2024-03-01 00:00:01,BTCUSDT,BUY,61000,0.01BTC,610USDT,0.00001BTC',
    ];
    const dir = tempDir();
    writeFileSync(join(dir, 'later.csv'), overlap.join('\r\n'));
    const c = await previewImport(join(dir, 'later.csv'), {
      kind: 'trades',
      preset: 'binance-spot-trades',
      knownInstrument: known,
    });
    const fa = a.rows.map((r) => r.tx.fingerprint);
    const fc = c.rows.map((r) => r.tx.fingerprint);
    // The remaining twin is the first of its kind in the new file: it matches line 2's row.
    expect(fc.slice(0, 4)).toEqual([fa[0], fa[2], fa[3], fa[4]]);
    expect(fa).not.toContain(fc[4]);
    // The twins themselves differ (occurrence counter).
    expect(fa[0]).not.toBe(fa[1]);
  });

  it('books rows to the account the caller chooses, with different fingerprints', async () => {
    const a = await previewImport(file, {
      kind: 'trades',
      preset: 'binance-spot-trades',
      knownInstrument: known,
    });
    const b = await previewImport(file, {
      kind: 'trades',
      preset: 'binance-spot-trades',
      knownInstrument: known,
      account: 'Binance sub 2',
    });
    expect(b.rows.every((r) => r.tx.account === 'Binance sub 2')).toBe(true);
    expect(b.rows[0]!.tx.fingerprint).not.toBe(a.rows[0]!.tx.fingerprint);
  });
});

describe('Coinbase transaction history', () => {
  const file = join(FIX, 'coinbase-transactions.csv');
  const t = (day: string, hms: string) => ({
    date: day,
    time: `${day}T${hms}Z`,
    account: 'Coinbase',
  });

  it('finds the header under the preamble and yields the canonical rows', async () => {
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'coinbase-transactions',
      knownInstrument: known,
    });
    expect(rep.headerLine).toBe(5);
    expect(rep.parsed).toBe(13);
    const convert = 'Converted 0.2 ETH to 0.010725 BTC';
    expect(txs(rep)).toEqual<Tx[]>([
      // fiat deposit: price 1.00 USD, fee 0.00 → none
      {
        ...t('2023-10-30', '12:00:00'),
        kind: 'deposit',
        instrument: 'USD',
        quantity: '1000',
        price: '1',
        quote: 'USD',
      },
      {
        ...t('2023-11-02', '14:05:11'),
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.015',
        price: '34512.2',
        quote: 'USD',
        fee: '7.99',
        feeCurrency: 'USD',
      },
      {
        ...t('2023-11-06', '08:41:30'),
        kind: 'deposit',
        instrument: 'ETH',
        quantity: '0.75',
        price: '1900.1',
        quote: 'USD',
        note: 'Received 0.75 ETH from an external account',
      },
      {
        ...t('2023-11-15', '19:12:03'),
        kind: 'sell',
        instrument: 'ETH',
        quantity: '0.5',
        price: '1850',
        quote: 'USD',
        fee: '13.88',
        feeCurrency: 'USD',
      },
      {
        ...t('2023-11-20', '10:00:00'),
        kind: 'withdrawal',
        instrument: 'BTC',
        quantity: '0.005',
        note: 'Sent 0.005 BTC to bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
      },
      // Convert: sell 0.2 ETH at spot 2080 (fee 4.16 here); buy 0.010725 BTC for the subtotal
      // 411.84 → 411.84 / 0.010725 = 38400 USD per BTC. USD legs: +416 − 4.16 − 411.84 = 0.
      {
        ...t('2023-12-01', '09:30:00'),
        kind: 'sell',
        instrument: 'ETH',
        quantity: '0.2',
        price: '2080',
        quote: 'USD',
        fee: '4.16',
        feeCurrency: 'USD',
        note: convert,
      },
      {
        ...t('2023-12-01', '09:30:00'),
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.010725',
        price: '38400',
        quote: 'USD',
        note: convert,
      },
      {
        ...t('2023-12-03', '00:00:00'),
        kind: 'staking_reward',
        instrument: 'USDC',
        quantity: '0.42',
        price: '1',
        quote: 'USD',
        note: 'Rewards Income',
      },
      {
        ...t('2023-12-08', '04:17:45'),
        kind: 'staking_reward',
        instrument: 'ETH',
        quantity: '0.00123456',
        price: '2210.5',
        quote: 'USD',
        note: 'Staking Income',
      },
      {
        ...t('2023-12-12', '13:00:00'),
        kind: 'staking_reward',
        instrument: 'SOL',
        quantity: '0.0035',
        price: '60.12',
        quote: 'USD',
        note: 'Inflation Reward',
      },
      // Advanced Trade on BTC-USDC: the quote is USDC at the note's rate; fee 2.76 USD × 46000/46000
      {
        ...t('2024-01-10', '15:45:00'),
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.01',
        price: '46000',
        quote: 'USDC',
        fee: '2.76',
        feeCurrency: 'USDC',
      },
      { ...t('2024-01-15', '16:00:00'), kind: 'withdrawal', instrument: 'USD', quantity: '250' },
    ]);
    expect(lines(rep)).toEqual([6, 7, 8, 9, 10, 11, 11, 12, 13, 15, 16, 18]);
    expect(rep.rejected).toEqual([
      { line: 14, reason: "unknown instrument 'XLM'" },
      { line: 17, reason: "unsupported Coinbase transaction type 'Vault Withdrawal'" },
    ]);
    checkFingerprints(rep);
    expect(rep.notes.some((n) => n.includes('line 5'))).toBe(true);
  });

  it('reads the 2024 layout (ID column, Price Currency, $ amounts, negative sells)', async () => {
    const dir = tempDir();
    const f = join(dir, 'cb-2024.csv');
    writeFileSync(
      f,
      [
        'Transactions',
        'User,jane,abc',
        'ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes',
        '65a1f0c2e4b0,2024-02-01 10:00:00 UTC,Sell,ETH,-0.5,USD,"$2,300.10","$1,150.05","$1,135.05",$15.00,Sold 0.5 ETH for 1135.05 USD',
      ].join('\n'),
    );
    const rep = await previewImport(f, { kind: 'trades', preset: 'coinbase-transactions' });
    expect(txs(rep)).toEqual([
      {
        date: '2024-02-01',
        time: '2024-02-01T10:00:00Z',
        account: 'Coinbase',
        kind: 'sell',
        instrument: 'ETH',
        quantity: '0.5',
        price: '2300.1',
        quote: 'USD',
        fee: '15',
        feeCurrency: 'USD',
      },
    ]);
  });
});

describe('Kraken ledgers', () => {
  const file = join(FIX, 'kraken-ledgers.csv');
  const t = (day: string, hms: string) => ({
    date: day,
    time: `${day}T${hms}Z`,
    account: 'Kraken',
  });

  it('pairs trade legs by refid and yields the canonical rows', async () => {
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'kraken-ledgers',
      knownInstrument: known,
    });
    expect(rep.parsed).toBe(17);
    expect(txs(rep)).toEqual<Tx[]>([
      { ...t('2024-01-02', '09:05:31'), kind: 'deposit', instrument: 'USD', quantity: '5000' },
      // ZUSD −2125 (fee 3.4) and XXBT +0.05: buy 0.05 BTC at 2125 / 0.05 = 42500 USD
      {
        ...t('2024-01-03', '14:22:07.3412'),
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.05',
        price: '42500',
        quote: 'USD',
        fee: '3.4',
        feeCurrency: 'USD',
      },
      { ...t('2024-01-04', '11:00:00'), kind: 'deposit', instrument: 'ETH', quantity: '2' },
      {
        ...t('2024-01-05', '16:40:30'),
        kind: 'staking_reward',
        instrument: 'DOT.S',
        quantity: '0.0421',
      },
      // legs on lines 7 and 9 (a staking row between): sell 0.75 ETH at 1687.5 / 0.75 = 2250
      {
        ...t('2024-01-05', '16:40:12'),
        kind: 'sell',
        instrument: 'ETH',
        quantity: '0.75',
        price: '2250',
        quote: 'USD',
        fee: '2.7',
        feeCurrency: 'USD',
      },
      // spend 100 EUR, receive 1.05 SOL: 100 / 1.05 = 95.238095238095238095|238… (18 places)
      {
        ...t('2024-01-08', '08:15:00'),
        kind: 'buy',
        instrument: 'SOL',
        quantity: '1.05',
        price: '95.238095238095238095',
        quote: 'EUR',
        fee: '1.49',
        feeCurrency: 'EUR',
      },
      // ETH → BTC: BTC ranks before ETH as a quote: sell 1 ETH at 0.0531 BTC, fee on the BTC leg
      {
        ...t('2024-01-09', '21:03:44'),
        kind: 'sell',
        instrument: 'ETH',
        quantity: '1',
        price: '0.0531',
        quote: 'BTC',
        fee: '0.0001',
        feeCurrency: 'BTC',
      },
      {
        ...t('2024-01-10', '12:00:00'),
        kind: 'withdrawal',
        instrument: 'BTC',
        quantity: '0.02',
        fee: '0.00015',
        feeCurrency: 'BTC',
      },
      {
        ...t('2024-01-12', '00:00:00'),
        kind: 'staking_reward',
        instrument: 'USDC',
        quantity: '0.35',
      },
    ]);
    expect(rep.rows.map((r) => [r.line, r.lines])).toEqual([
      [3, undefined],
      [4, [4, 5]],
      [6, undefined],
      [8, undefined],
      [7, [7, 9]],
      [10, [10, 11]],
      [12, [12, 13]],
      [14, undefined],
      [16, undefined],
    ]);
    expect(rep.skipped).toEqual([
      { line: 2, reason: 'no txid: a pending Kraken entry (deposit), the credited entry has one' },
      { line: 15, reason: 'internal Kraken transfer (spottostaking)' },
    ]);
    expect(rep.rejected).toEqual([
      { line: 17, reason: "unsupported Kraken ledger type 'margin'" },
      {
        line: 18,
        reason:
          'trade leg without its pair (refid TORPHN-ABCDE-FGHI11): the other ledger row is missing',
      },
    ]);
    checkFingerprints(rep);
  });

  it('rejects both legs of a trade in an unknown asset', async () => {
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'kraken-ledgers',
      knownInstrument: (s) => s !== 'SOL',
    });
    expect(rep.rejected.filter((r) => r.reason.startsWith("unknown instrument 'SOL'"))).toEqual([
      { line: 10, reason: "unknown instrument 'SOL' (trade on lines 10 and 11)" },
      { line: 11, reason: "unknown instrument 'SOL' (trade on lines 10 and 11)" },
    ]);
  });
});

describe('Deribit transaction log', () => {
  const file = join(FIX, 'deribit-transaction-log.csv');
  const t = (day: string, hms: string) => ({
    date: day,
    time: `${day}T${hms}Z`,
    account: 'Deribit',
  });
  const C100 = 'BTC-27DEC24-100000-C';
  const P80 = 'BTC-27DEC24-80000-P';
  const C90 = 'BTC-27DEC24-90000-C';

  it('yields option and futures trades, expiries, exercises, funding and transfers', async () => {
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'deribit-transaction-log',
      presetOptions: { currency: 'BTC' },
      knownInstrument: known,
    });
    expect(rep.parsed).toBe(19);
    expect(txs(rep)).toEqual<Tx[]>([
      {
        ...t('2024-11-01', '10:00:00'),
        kind: 'deposit',
        instrument: 'BTC',
        quantity: '1.5',
        note: 'bc1q7cyrfmck2ffu2ud3rn5l5a8yv6f0chkp0zpemf',
      },
      {
        ...t('2024-11-04', '13:21:09'),
        kind: 'option_trade',
        instrument: C100,
        quantity: '0.5',
        price: '0.0215',
        quote: 'BTC',
        fee: '0.00015',
        feeCurrency: 'BTC',
      },
      // open sell: the quantity carries the sign
      {
        ...t('2024-11-04', '13:25:40'),
        kind: 'option_trade',
        instrument: P80,
        quantity: '-1',
        price: '0.0185',
        quote: 'BTC',
        fee: '0.0003',
        feeCurrency: 'BTC',
      },
      // BTC-PERPETUAL is inverse: Amount 20,000 is the USD face; the fee is in BTC
      {
        ...t('2024-11-05', '09:00:01'),
        kind: 'inverse_futures_trade',
        instrument: 'BTC-PERPETUAL',
        quantity: '20000',
        price: '68000',
        quote: 'BTC',
        fee: '0.00014706',
        feeCurrency: 'BTC',
      },
      // settlements: the funding only (0.00002, then −0.00003); the session P&L (change less
      // funding) stays in the position, realised by the closing trades below
      {
        ...t('2024-11-05', '16:00:00'),
        kind: 'funding',
        instrument: 'BTC',
        quantity: '0.00002',
        note: 'funding BTC-PERPETUAL',
      },
      {
        ...t('2024-11-06', '00:00:00'),
        kind: 'funding',
        instrument: 'BTC',
        quantity: '-0.00003',
        note: 'funding BTC-PERPETUAL',
      },
      // close sell 10,000 @ 69,000 with fee −0.0000036: the trade, and the maker rebate received
      {
        ...t('2024-11-06', '10:12:45'),
        kind: 'inverse_futures_trade',
        instrument: 'BTC-PERPETUAL',
        quantity: '-10000',
        price: '69000',
        quote: 'BTC',
      },
      {
        ...t('2024-11-06', '10:12:45'),
        kind: 'funding',
        instrument: 'BTC',
        quantity: '0.0000036',
        note: 'maker rebate: BTC-PERPETUAL close sell 10000 @ 69000',
      },
      {
        ...t('2024-11-06', '10:13:02'),
        kind: 'inverse_futures_trade',
        instrument: 'BTC-PERPETUAL',
        quantity: '-10000',
        price: '69010',
        quote: 'BTC',
      },
      {
        ...t('2024-11-07', '12:00:00'),
        kind: 'inverse_futures_trade',
        instrument: 'BTC-27DEC24',
        quantity: '5000',
        price: '70000',
        quote: 'BTC',
        fee: '0.0000357',
        feeCurrency: 'BTC',
      },
      {
        ...t('2024-11-12', '15:30:00'),
        kind: 'option_trade',
        instrument: C90,
        quantity: '0.3',
        price: '0.041',
        quote: 'BTC',
        fee: '0.00009',
        feeCurrency: 'BTC',
      },
      {
        ...t('2024-12-27', '08:00:00'),
        kind: 'expiry',
        instrument: C100,
        quantity: '0.5',
        price: '0',
        quote: 'BTC',
      },
      {
        ...t('2024-12-27', '08:00:00'),
        kind: 'expiry',
        instrument: P80,
        quantity: '1',
        price: '0',
        quote: 'BTC',
      },
      // cash flow 0.01435571 for 0.3: 0.0478523666…6|66… per unit, 18 places half-even
      {
        ...t('2024-12-27', '08:00:00'),
        kind: 'exercise',
        instrument: C90,
        quantity: '0.3',
        price: '0.047852366666666667',
        quote: 'BTC',
        fee: '0.000045',
        feeCurrency: 'BTC',
      },
      // delivery: the future closes at the delivery price 94,523.77
      {
        ...t('2024-12-27', '08:00:00'),
        kind: 'expiry',
        instrument: 'BTC-27DEC24',
        quantity: '5000',
        price: '94523.77',
        quote: 'BTC',
      },
      // change −0.5003 includes the fee 0.0003
      {
        ...t('2025-01-03', '11:45:00'),
        kind: 'withdrawal',
        instrument: 'BTC',
        quantity: '0.5',
        fee: '0.0003',
        feeCurrency: 'BTC',
        note: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      },
      {
        ...t('2025-01-04', '09:00:00'),
        kind: 'withdrawal',
        instrument: 'BTC',
        quantity: '0.1',
        note: 'transfer: to subaccount keel_sub',
      },
    ]);
    expect(lines(rep)).toEqual([2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 12, 14, 15, 16, 17, 18, 19]);
    expect(rep.skipped).toEqual([
      {
        line: 11,
        reason:
          "settlement of BTC-27DEC24: its session P&L is the position's, realised when it closes",
      },
    ]);
    expect(rep.rejected).toEqual([
      { line: 13, reason: 'ETH-27DEC24-4000-C settles in ETH, this log is in BTC' },
      { line: 20, reason: "unsupported Deribit transaction type 'swap'" },
    ]);
    checkFingerprints(rep);
  });

  it('the rows apply to the ledger: the BTC balance holds the futures P&L from entry to exit', async () => {
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'deribit-transaction-log',
      presetOptions: { currency: 'BTC' },
      knownInstrument: known,
    });
    // (coins deposited or received as funding are valued at the day's close at commit: any
    // price will do for quantities)
    const book = applyLedger(
      rep.rows.map((r) =>
        (r.tx.kind === 'deposit' || r.tx.kind === 'funding') && !r.tx.price
          ? { ...r.tx, price: '70000' }
          : r.tx,
      ),
      { method: 'fifo' },
    );
    // Inverse P&L in coins = face x (1/entry - 1/exit), worked here in decimal.js:
    const D = (x: string | number) => new Decimal(x);
    const inv = (face: number, entry: string, exit: string) =>
      D(face).times(D(1).div(entry).minus(D(1).div(exit)));
    const perp = inv(10_000, '68000', '69000').plus(inv(10_000, '68000', '69010'));
    const future = inv(5_000, '70000', '94523.77');
    const btc = D('1.5')
      .minus('0.01075')
      .minus('0.00015') // C100 bought, fee
      .plus('0.0185')
      .minus('0.0003') // P80 sold, fee
      .minus('0.00014706')
      .plus('0.00002')
      .minus('0.00003')
      .plus('0.0000036') // perp fee, funding, rebate
      .plus(perp)
      .minus('0.0000357') // future's fee
      .minus('0.0123')
      .minus('0.00009') // C90 bought, fee
      .plus(D('0.3').times('0.047852366666666667'))
      .minus('0.000045') // C90 exercised, fee
      .plus(future)
      .minus('0.5003')
      .minus('0.1'); // withdrawal with its fee, transfer out
    const held = findPosition(book, 'Deribit', 'BTC')!;
    expect(D(held.quantity).minus(btc).abs().toNumber()).toBeLessThan(1e-15);
    // the contracts are flat
    expect(Number(findPosition(book, 'Deribit', 'BTC-PERPETUAL')?.quantity ?? 0)).toBe(0);
    expect(Number(findPosition(book, 'Deribit', 'BTC-27DEC24')?.quantity ?? 0)).toBe(0);
  });

  it('rejects deposits when the log currency is unknown', async () => {
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'deribit-transaction-log',
      knownInstrument: known,
    });
    expect(rep.rejected.find((r) => r.line === 2)?.reason).toMatch(
      /names no currency: set the preset's currency/,
    );
  });
});

describe('streaming', () => {
  it('streamImport yields the same rows as previewImport, then a summary', async () => {
    const file = join(FIX, 'kraken-ledgers.csv');
    const rep = await previewImport(file, {
      kind: 'trades',
      preset: 'kraken-ledgers',
      knownInstrument: known,
    });
    const rows: TradeRow[] = [];
    let rejected = 0;
    let end: unknown;
    for await (const ev of streamImport(file, {
      kind: 'trades',
      preset: 'kraken-ledgers',
      knownInstrument: known,
    })) {
      if (ev.type === 'row') rows.push(ev.row);
      else if (ev.type === 'rejected') rejected++;
      else if (ev.type === 'end') end = ev.summary;
    }
    expect(rows).toEqual(rep.rows);
    expect(rejected).toBe(rep.rejectedCount);
    expect(end).toMatchObject({ parsed: 17, accepted: 9, rejectedCount: 2, skippedCount: 2 });
  });

  it('onRow hands rows over without keeping them', async () => {
    const seen: TradeRow[] = [];
    const rep = await previewImport(join(FIX, 'binance-spot-trades.csv'), {
      kind: 'trades',
      preset: 'binance-spot-trades',
      knownInstrument: known,
      onRow: (r) => seen.push(r),
    });
    expect(rep.rows).toEqual([]);
    expect(seen).toHaveLength(10);
    expect(rep.accepted).toBe(10);
  });
});
