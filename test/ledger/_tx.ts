import { type LedgerTx } from '../../src/shared/ledger';
import { type Book, findPosition, realisedOf } from '../../src/main/engine/ledger';

// Short-hands for writing ledgers by hand in tests.

type Fields = Omit<Partial<LedgerTx>, 'kind'>;

export const tx = (kind: LedgerTx['kind'], quantity: string, fields: Fields = {}): LedgerTx => ({
  date: '2024-01-01',
  account: 'A',
  instrument: 'BTC',
  kind,
  quantity,
  ...fields,
});

export const buy = (quantity: string, price: string, f: Fields = {}) =>
  tx('buy', quantity, { price, quote: 'USD', ...f });
export const sell = (quantity: string, price: string, f: Fields = {}) =>
  tx('sell', quantity, { price, quote: 'USD', ...f });

/** Position fields of (account, instrument), or null when flat. */
export function pos(book: Book, instrument = 'BTC', account = 'A') {
  const p = findPosition(book, account, instrument);
  return p
    ? { quantity: p.quantity, costBasis: p.costBasis, averageCost: p.averageCost, lots: p.lots }
    : null;
}

export const quantity = (book: Book, instrument: string, account = 'A') =>
  findPosition(book, account, instrument)?.quantity ?? '0';

export const pnl = (book: Book, instrument = 'BTC', account = 'A') =>
  realisedOf(book, account, instrument);
