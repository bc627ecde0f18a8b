// The ledger position engine: applyLedger (positions, lots, debts, realised P&L, income),
// unrealisedPnl (mark to market) and buildHoldingsIndex (quantities as of any day). Pure.
//
// Rules where src/shared/ledger.ts leaves room:
// - Order: day, then time (a transaction without a time is the start of its day), then input
//   position. A time must fall on the transaction's UTC day. LedgerError.index is the input index.
// - Arithmetic: exact fixed point at 36 places (decimal.ts). Quantities and prices have at most
//   18 places, so products are exact; a cash balance built from products may show up to 36.
//   Divisions (partial-lot shares, average cost, unit costs, liquidity splits) round half-even
//   at 36 places, and their complement is taken by subtraction, so no basis is lost or created.
// - One unit of account: prices are per unit in the book's base currency, and the quote of a
//   trade is worth 1 per unit. Cash instruments (USD, EUR, GBP by default; opts.cash) may go
//   negative, keep no lots and are carried at unit cost 1 (a price other than 1 on a cash
//   deposit is an error: the book has no exchange rates). A non-cash quote (USDT) is a real
//   position: spending it consumes its lots and realises amount - basis; it cannot go negative.
// - Fees: currency = feeCurrency ?? quote ?? instrument. On buy/sell/option trades/expiry/exercise
//   a fee in the quote goes into the basis (buy, opening option) or out of the proceeds (sell,
//   closing); every other fee is a separate disposal of its currency at zero proceeds (realised
//   loss = basis), applied after the transaction's own effect. A transfer fee is on top of
//   the quantity moved.
// - Prices required: buy, sell, option_trade, exercise; deposit, staking_reward, borrow and
//   received funding need one unless the instrument is cash or the transaction's own quote
//   (then 1). Expiry defaults to 0 (worthless). Paid funding realises minus the basis of the
//   units given up (= expense at price + disposal result at price), so it needs no price.
// - Zero quantities are errors except funding (no-op), expiry/exercise (0 = the whole position).
// - Transfers move the oldest lots, which keep their acquisition days and are queued by day in
//   the receiving account; under average cost the moved quantity carries the average cost.
// - Average cost: lots show the pool as one lot dated from the oldest acquisition since the pool
//   was last empty. Selling the whole pool takes its whole basis (no rounding residue).
// - Repay consumes lots FIFO (average: pro rata) with no P&L; repaying beyond the debt is an error.
// - Liquidity: counterInstrument/counterQuantity are optional (single-sided) but go together;
//   LP basis = basis of what went in. On remove, the LP basis splits pro rata to value, with
//   price read as the price of one unit of instrument in units of counterInstrument; without
//   a price the two legs count as equal in value (50/50, as in a constant-product pool).
// - Options: shorts only through option_trade (other kinds cannot add to or take from a short
//   position). A trade through zero closes first, then opens the rest; the whole fee goes to
//   the closing part. Expiry/exercise close the whole remaining position (quantity must be 0 or
//   its size), cash-settled in the quote at price per unit; physical delivery of the underlying
//   is a separate buy/sell. The quote may be omitted when nothing is settled.
// - Futures and perpetuals (futures.ts): futures_trade (linear) and inverse_futures_trade make an
//   (account, instrument) a margined position for good: only futures trades of the same kind and
//   settlement currency, and an expiry (at the final settlement price, required), change it
//   afterwards; no other kind may touch it, and it cannot start on a non-empty ordinary position.
//   Opening moves only the fee; closing realises P&L straight into the settlement currency;
//   fees in it are realised at once. Valued at unrealised P&L, never at notional.
// - Output: positions with quantity 0 and debts of 0 are left out; every (account, instrument)
//   that realised anything stays in `realised`, even at 0. Staking income is in `income`.
export { applyLedger, type LedgerOptions } from './apply';
export {
  type AmountLine,
  type Book,
  type Debt,
  findPosition,
  type Lot,
  type Position,
  realisedOf,
} from './book';
export { LedgerError } from './errors';
export { buildHoldingsIndex, type Holding, type HoldingsIndex } from './holdings-index';
export { type Margin } from './lots';
export { DEFAULT_CASH } from './state';
export { type DebtValue, type PositionValue, unrealisedPnl, type Valuation } from './unrealised';
