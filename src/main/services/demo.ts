import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  DecimalString,
  IsoDate,
  VenueKind,
  type DemoInfo,
  type DemoLoadResult,
} from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import { insertTransactions } from '../store/ledger';
import { getMeta, setMeta } from '../store/meta';
import { upsertInstrument } from '../store/instruments';
import {
  deletePortfolio,
  insertAccount,
  insertPortfolio,
  listPortfolios,
} from '../store/portfolios';
import { upsertPrices } from '../store/prices';
import type { CallContext, ServiceContext } from './context';

const DemoFile = z.object({
  name: z.string(),
  baseCurrency: z.string(),
  asOf: IsoDate,
  source: z.string(),
  instruments: z.array(
    z
      .object({
        symbol: z.string(),
        name: z.string(),
        kind: z.string(),
        assetClass: z.string(),
        chain: z.string().nullable(),
      })
      .passthrough(),
  ),
  accounts: z.array(
    z.object({
      name: z.string(),
      kind: VenueKind,
      custodian: z.string().nullable(),
      chain: z.string().nullable(),
      protocol: z.string().nullable(),
    }),
  ),
  transactions: z.array(
    z.object({
      date: IsoDate,
      account: z.string(),
      symbol: z.string(),
      kind: z.string(),
      quantity: DecimalString,
      price: z.string().nullable(),
    }),
  ),
});
type DemoFile = z.infer<typeof DemoFile>;

interface DemoPrice {
  symbol: string;
  date: string;
  close: number;
  volume: number | null;
}

/** Reads and checks the embedded demo (resources/demo); a broken file names itself and the line. */
export function readDemo(resourcesDir: string): { book: DemoFile; prices: DemoPrice[] } {
  const bookPath = join(resourcesDir, 'demo', 'portfolio.json');
  const pricesPath = join(resourcesDir, 'demo', 'prices.csv');
  const parsed = DemoFile.safeParse(JSON.parse(readFileSync(bookPath, 'utf8')));
  if (!parsed.success)
    throw new KeelError(
      'INTERNAL',
      `The demo file ${bookPath} is damaged: ${parsed.error.issues[0]?.message}`,
    );
  const lines = readFileSync(pricesPath, 'utf8').split('\n');
  if (lines[0] !== 'date,symbol,close,volume')
    throw new KeelError('INTERNAL', `${pricesPath}: unexpected header`);
  const prices: DemoPrice[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const [date, symbol, close, volume] = line.split(',');
    const c = Number(close);
    if (!date || !symbol || !(c > 0))
      throw new KeelError('INTERNAL', `${pricesPath}:${i + 1}: bad row '${line}'`);
    prices.push({ symbol, date, close: c, volume: volume ? Number(volume) : null });
  }
  return { book: parsed.data, prices };
}

export function demoInfo(ctx: ServiceContext): DemoInfo | null {
  const asOf = getMeta(ctx.store.db, 'demo.asOf');
  const source = getMeta(ctx.store.db, 'demo.source');
  return asOf && source ? { asOf, source } : null;
}

/** Loads the demo portfolio in one transaction: all of it or nothing. */
export function loadDemo(
  ctx: ServiceContext,
  input: { reset: boolean },
  call?: CallContext,
): DemoLoadResult {
  const { book, prices } = readDemo(ctx.resourcesDir);
  const db = ctx.store.db;
  call?.progress(0.1, 'demo files read');
  const result = db.transaction((): DemoLoadResult => {
    const existing = listPortfolios(db).find((p) => p.name === book.name);
    if (existing && !input.reset) {
      throw new KeelError(
        'CONFLICT',
        `A portfolio named '${book.name}' exists already. Reset it to reload the demo (keel demo --reset).`,
      );
    }
    if (existing) deletePortfolio(db, existing.id);
    const ids = new Map<string, number>();
    for (const i of book.instruments) {
      const { symbol, name, kind, assetClass, chain, ...attrs } = i;
      ids.set(symbol, upsertInstrument(db, { symbol, name, kind, assetClass, chain, attrs }));
    }
    const nPrices = upsertPrices(
      db,
      prices.map((p) => {
        const instrumentId = ids.get(p.symbol);
        if (instrumentId === undefined)
          throw new KeelError('INTERNAL', `demo prices name an unknown symbol ${p.symbol}`);
        return { instrumentId, date: p.date, close: p.close, volume: p.volume };
      }),
    );
    const portfolioId = insertPortfolio(db, book.name, book.baseCurrency, ctx.now().toISOString());
    const accountIds = new Map(
      book.accounts.map((a) => [a.name, insertAccount(db, portfolioId, a)]),
    );
    const nTx = insertTransactions(
      db,
      book.transactions.map((t) => ({
        accountId: accountIds.get(t.account)!,
        instrumentId: ids.get(t.symbol)!,
        date: t.date,
        kind: t.kind,
        quantity: t.quantity,
        price: t.price,
        note: 'demo opening position',
      })),
    );
    setMeta(db, 'demo.asOf', book.asOf);
    setMeta(db, 'demo.source', book.source);
    return {
      portfolio: book.name,
      instruments: ids.size,
      prices: nPrices,
      transactions: nTx,
      asOf: book.asOf,
    };
  })();
  call?.progress(1, 'demo loaded');
  return result;
}

/** First start with an empty database: load the demo once. A user who later removes it keeps it removed. */
export function ensureDemoOnFirstStart(ctx: ServiceContext): boolean {
  const db = ctx.store.db;
  if (getMeta(db, 'initialized')) return false;
  const empty = listPortfolios(db).length === 0;
  if (empty) loadDemo(ctx, { reset: false });
  setMeta(db, 'initialized', ctx.now().toISOString());
  return empty;
}
