import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCES } from './tmp';

// An independent reading of the shipped demo files (plain string parsing, no Keel code), used
// to compute expected holdings and values.
interface Tx {
  date: string;
  account: string;
  symbol: string;
  quantity: string;
}

export function demoReference() {
  const book = JSON.parse(readFileSync(join(RESOURCES, 'demo', 'portfolio.json'), 'utf8')) as {
    transactions: Tx[];
    asOf: string;
  };
  const closes = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(RESOURCES, 'demo', 'prices.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)) {
    const [date, symbol, close] = line.split(',');
    if (!closes.has(symbol!)) closes.set(symbol!, new Map());
    closes.get(symbol!)!.set(date!, Number(close));
  }
  const closeOn = (symbol: string, date: string) => closes.get(symbol)?.get(date);
  /** Book value at the close of a day where every held asset is quoted. */
  const valueOn = (date: string) =>
    book.transactions
      .filter((t) => t.date <= date)
      .reduce((s, t) => s + Number(t.quantity) * closeOn(t.symbol, date)!, 0);
  return { book, closeOn, valueOn };
}
