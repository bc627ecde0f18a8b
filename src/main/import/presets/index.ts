import { z } from 'zod';
import type { TradeSource } from '../source';
import { binanceSpotTrades } from './binance';
import { coinbaseTransactions } from './coinbase';
import { deribitTransactionLog } from './deribit';
import { krakenLedgers } from './kraken';

// Built-in presets for venues' documented exports. Each is code (pairing Kraken's ledger rows,
// splitting Binance's unit suffixes…), identified by a stable id that is part of every
// fingerprint it makes: never rename one.

export const PresetId = z.enum([
  'binance-spot-trades',
  'coinbase-transactions',
  'kraken-ledgers',
  'deribit-transaction-log',
]);
export type PresetId = z.infer<typeof PresetId>;

export const PresetOptions = z
  .object({
    /** Deribit: the transaction log's currency (its deposits and withdrawals name none). */
    currency: z.string().trim().min(1).max(20).optional(),
  })
  .strict();
export type PresetOptions = z.infer<typeof PresetOptions>;

export interface PresetInfo {
  id: PresetId;
  venue: string;
  name: string;
  /** The export's header as documented (extra columns are ignored; some have alternatives). */
  header: string[];
  handles: string[];
}

export const PRESETS: readonly PresetInfo[] = [
  {
    id: 'binance-spot-trades',
    venue: 'Binance',
    name: 'Binance — Spot trade history',
    header: ['Date(UTC)', 'Pair', 'Side', 'Price', 'Executed', 'Amount', 'Fee'],
    handles: ['BUY → buy', 'SELL → sell'],
  },
  {
    id: 'coinbase-transactions',
    venue: 'Coinbase',
    name: 'Coinbase — Transaction history',
    header: [
      'Timestamp',
      'Transaction Type',
      'Asset',
      'Quantity Transacted',
      'Spot Price Currency',
      'Spot Price at Transaction',
      'Subtotal',
      'Total (inclusive of fees and/or spread)',
      'Fees and/or Spread',
      'Notes',
    ],
    handles: [
      'Buy, Advanced Trade Buy → buy',
      'Sell, Advanced Trade Sell → sell',
      'Send → withdrawal',
      'Receive → deposit',
      'Convert → sell + buy',
      'Rewards Income, Staking Income, Inflation Reward, Coinbase Earn, Learning Reward → staking_reward',
      'Deposit, Withdrawal (fiat) → deposit, withdrawal',
    ],
  },
  {
    id: 'kraken-ledgers',
    venue: 'Kraken',
    name: 'Kraken — Ledgers',
    header: [
      'txid',
      'refid',
      'time',
      'type',
      'subtype',
      'aclass',
      'asset',
      'amount',
      'fee',
      'balance',
    ],
    handles: [
      'trade, spend/receive pairs (same refid) → buy or sell',
      'deposit → deposit',
      'withdrawal → withdrawal',
      'staking, earn reward → staking_reward',
      'pending rows (no txid) and internal transfers → skipped',
    ],
  },
  {
    id: 'deribit-transaction-log',
    venue: 'Deribit',
    name: 'Deribit — Transaction log',
    header: [
      'ID',
      'UserSeq',
      'Date',
      'Instrument',
      'Type',
      'Side',
      'Amount',
      'Position',
      'Price',
      'Mark Price',
      'Index Price',
      'Cash Flow',
      'Funding',
      'Fee Rate',
      'Fee Paid',
      'Fee Balance',
      'Change',
      'Balance',
      'Equity',
      'Trade ID',
      'Order ID',
      'Info',
      'Note',
    ],
    handles: [
      'option trade → option_trade',
      'option delivery → expiry or exercise',
      'futures/perpetual trade → fee (its trading fee)',
      'perpetual settlement → funding (funding, session P&L)',
      'future settlement/delivery → funding (P&L)',
      'deposit, withdrawal, transfer → deposit, withdrawal',
    ],
  },
];

export function presetSource(id: PresetId, options: PresetOptions = {}): TradeSource {
  switch (id) {
    case 'binance-spot-trades':
      return binanceSpotTrades();
    case 'coinbase-transactions':
      return coinbaseTransactions();
    case 'kraken-ledgers':
      return krakenLedgers();
    case 'deribit-transaction-log':
      return deribitTransactionLog(options);
  }
}
