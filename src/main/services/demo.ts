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
import { type LedgerTx, TxKind } from '../../shared/ledger';
import { applyLedger, LedgerError } from '../engine/ledger';
import { parseDeribitInstrument } from '../import/instruments';
import { insertLedgerTxs, loadLedger } from '../store/ledger-tx';
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
import { prebuildHistory } from './history';

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
      kind: TxKind,
      quantity: DecimalString,
      price: DecimalString.nullable(),
      quote: z.string().optional(),
      fee: DecimalString.optional(),
      feeCurrency: z.string().optional(),
      toAccount: z.string().optional(),
      note: z.string().optional(),
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

/** A row of the demo's option chain (option_quotes), as the chain import writes it. */
interface DemoQuote {
  instrument: string;
  date: string;
  underlying: string;
  expiry: string;
  strike: number;
  right: 'call' | 'put';
  underlyingPrice: number;
  markPrice: number;
  markIv: number;
  bid: number | null;
  ask: number | null;
  openInterest: number;
}

const CHAIN_HEADER = 'instrument,underlying_price,mark_price,mark_iv,bid,ask,open_interest,date';

/** The option chain file (Deribit's columns, the format `keel import --kind chain` reads). */
function readChain(path: string): DemoQuote[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[0] !== CHAIN_HEADER) throw new KeelError('INTERNAL', `${path}: unexpected header`);
  const out: DemoQuote[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const bad = (why: string) => new KeelError('INTERNAL', `${path}:${i + 1}: ${why} in '${line}'`);
    const [name, up, mark, iv, bid, ask, oi, date] = line.split(',');
    const p = parseDeribitInstrument(name ?? '');
    if (!p.ok || p.value.type !== 'option') throw bad('not a Deribit option name');
    if (!IsoDate.safeParse(date).success) throw bad('bad date');
    const num = (t: string | undefined, label: string, optional = false) => {
      if (optional && !t) return null;
      const v = Number(t);
      if (!t || !Number.isFinite(v) || v < 0) throw bad(`bad ${label}`);
      return v;
    };
    const q: DemoQuote = {
      instrument: p.value.name,
      date: date!,
      underlying: p.value.underlying,
      expiry: p.value.expiry!,
      strike: Number(p.value.strike),
      right: p.value.right!,
      underlyingPrice: num(up, 'underlying_price')!,
      markPrice: num(mark, 'mark_price')!,
      markIv: num(iv, 'mark_iv')!,
      bid: num(bid, 'bid', true),
      ask: num(ask, 'ask', true),
      openInterest: num(oi, 'open_interest')!,
    };
    if (q.bid !== null && q.ask !== null && q.bid > q.ask) throw bad('bid above ask');
    out.push(q);
  }
  return out;
}

/** Reads and checks the embedded demo (resources/demo); a broken file names itself and the line. */
export function readDemo(resourcesDir: string): {
  book: DemoFile;
  prices: DemoPrice[];
  chain: DemoQuote[];
} {
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
  return {
    book: parsed.data,
    prices,
    chain: readChain(join(resourcesDir, 'demo', 'option-chain.csv')),
  };
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
  const { book, prices, chain } = readDemo(ctx.resourcesDir);
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
    const txs = book.transactions.map((t): LedgerTx => {
      if (!accountIds.has(t.account) || !ids.has(t.symbol))
        throw new KeelError(
          'INTERNAL',
          `demo transactions name an unknown account or symbol (${t.account}, ${t.symbol})`,
        );
      const { symbol, price, note, ...rest } = t;
      return {
        ...rest,
        instrument: symbol,
        ...(price === null ? {} : { price }),
        note: note ?? 'demo opening position',
      };
    });
    const nTx = insertLedgerTxs(db, portfolioId, txs).inserted;
    // the whole book must apply (futures, options, borrow, transfers): a broken demo loads nothing
    try {
      applyLedger(loadLedger(db, portfolioId), { method: 'fifo' });
    } catch (err) {
      if (err instanceof LedgerError)
        throw new KeelError('INTERNAL', `The demo ledger does not apply: ${err.message}`);
      throw err;
    }
    // the option chain of the as-of day, as a chain import writes it (a reset rewrites it)
    const quote = db.prepare(
      `INSERT OR REPLACE INTO option_quotes (instrument, date, underlying, expiry, strike, right, underlying_price, mark_price, mark_iv, bid, ask, open_interest)
       VALUES (@instrument, @date, @underlying, @expiry, @strike, @right, @underlyingPrice, @markPrice, @markIv, @bid, @ask, @openInterest)`,
    );
    for (const q of chain) quote.run(q);
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
  if (empty) prebuildHistory(ctx);
  return empty;
}
