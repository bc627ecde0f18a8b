import { z } from 'zod';
import { DecimalString, IsoDate } from './domain';

// The ledger's canonical transaction, what every import produces and the position engine
// consumes. Quantities and amounts are exact decimal strings (up to 18 places).

export const TxKind = z.enum([
  'buy', // +quantity of instrument; -quantity·price of quote; cost basis = quantity·price (+ fee when fee is in quote)
  'sell', // -quantity of instrument (lots consumed, P&L realised); +quantity·price of quote
  'transfer', // -quantity from account, +quantity to toAccount; lots and their basis move along
  'deposit', // +quantity into the book at price (basis); no P&L
  'withdrawal', // -quantity out of the book; lots removed at basis, no P&L
  'fee', // -quantity of instrument paid as a fee; the lots' basis is realised as a loss
  'funding', // perpetual funding: signed quantity of the settlement instrument (+ received, - paid); realised P&L
  'staking_reward', // +quantity at price (income; basis = value on receipt)
  'borrow', // +quantity of instrument, and the same debt on the account
  'repay', // -quantity of instrument, reducing the debt
  'liquidity_add', // -quantity of instrument and -counterQuantity of counterInstrument; +lpQuantity of the LP instrument
  'liquidity_remove', // reverse of liquidity_add
  'option_trade', // +/-quantity of an option instrument (signed: + bought, - sold) at price (premium per unit) in quote
  'expiry', // option expires: its remaining quantity goes to zero at price (settlement value per unit, often 0); a future: closed at price (final settlement)
  'exercise', // option exercised: its quantity closes at price (intrinsic value per unit), settled in quote
  // perpetual or dated future, linear (P&L in the quote): signed +/-quantity (+ buy/long, - sell/short)
  // at price per unit in quote; margined: nothing but the fee moves on open; closing lots realises
  // closed quantity x (exit - entry), paid in the quote. An expiry closes it at price (settlement).
  'futures_trade',
  // the same for an inverse (coin-settled) contract: quantity is the USD face value (contracts x
  // USD per contract), price in USD per coin, quote = the settlement coin; P&L in coins =
  // face x (1/entry - 1/exit), booked at its value at the exit price
  'inverse_futures_trade',
]);
export type TxKind = z.infer<typeof TxKind>;

export const LedgerTx = z
  .object({
    /** UTC day, and optionally the UTC instant for ordering within the day. */
    date: IsoDate,
    time: z.string().datetime({ offset: false }).optional(),
    kind: TxKind,
    account: z.string().min(1),
    instrument: z.string().min(1),
    /** Positive, except for funding, option_trade and the futures trades where the sign carries the direction. */
    quantity: DecimalString,
    /** Per unit of instrument, in quote. */
    price: DecimalString.optional(),
    quote: z.string().min(1).optional(),
    fee: DecimalString.optional(),
    feeCurrency: z.string().min(1).optional(),
    toAccount: z.string().min(1).optional(),
    counterInstrument: z.string().min(1).optional(),
    counterQuantity: DecimalString.optional(),
    lpInstrument: z.string().min(1).optional(),
    lpQuantity: DecimalString.optional(),
    note: z.string().optional(),
    /** Stable identity of the source row: re-importing the same row adds nothing. */
    fingerprint: z.string().optional(),
  })
  .strict();
export type LedgerTx = z.infer<typeof LedgerTx>;

export const CostMethod = z.enum(['fifo', 'average']);
export type CostMethod = z.infer<typeof CostMethod>;
