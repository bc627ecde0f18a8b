import { cpSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { noopCall } from '../src/main/services/context';
import { getHoldings } from '../src/main/services/holdings';
import { loadDemo } from '../src/main/services/demo';
import { valueHistory } from '../src/main/services/history';
import { prices } from '../src/main/services/catalog';
import { upsertInstrument } from '../src/main/store/instruments';
import { insertLedgerTxs } from '../src/main/store/ledger-tx';
import { insertAccount, insertPortfolio } from '../src/main/store/portfolios';
import { upsertPrices } from '../src/main/store/prices';
import { KeelError } from '../src/shared/errors';
import type { LedgerTx } from '../src/shared/ledger';
import { demoReference } from './helpers/demo-reference';
import { RESOURCES, tempDir } from './helpers/tmp';

const start = (dataDir = tempDir(), resourcesDir = RESOURCES) =>
  boot({ dataDir, mode: 'cli', resourcesDir });

describe('the embedded demo portfolio', () => {
  const ref = demoReference();

  it('loads on first start: 10-20 assets with BTC, ETH, SOL, a stablecoin and a liquid-staking token over several venues', async () => {
    const app = start();
    const r = getHoldings(app.ctx, {});
    const symbols = new Set(r.rows.map((x) => x.symbol));
    expect(symbols.size).toBeGreaterThanOrEqual(10);
    expect(symbols.size).toBeLessThanOrEqual(20);
    for (const s of ['BTC', 'ETH', 'SOL', 'USDC', 'WSTETH']) expect(symbols).toContain(s);
    expect(new Set(r.rows.map((x) => x.venueKind))).toEqual(
      new Set(['exchange', 'wallet', 'defi']),
    );
    expect(r.asOf).toBe('2025-02-11');
    await app.close();
  });

  it('values every position at the as-of close read straight from the CSV, and weights sum to 1', async () => {
    const app = start();
    const r = getHoldings(app.ctx, {});
    expect(r.rows).toHaveLength(ref.book.transactions.length); // one deposit per (venue, asset) in the demo
    for (const row of r.rows) {
      const tx = ref.book.transactions.find(
        (t) => t.account === row.account && t.symbol === row.symbol,
      )!;
      expect(row.quantity).toBe(tx.quantity);
      expect(row.price).toBe(ref.closeOn(row.symbol, '2025-02-11'));
      expect(row.value).toBeCloseTo(
        Number(tx.quantity) * ref.closeOn(row.symbol, '2025-02-11')!,
        6,
      );
    }
    expect(r.total).toBeCloseTo(ref.valueOn('2025-02-11'), 4);
    expect(r.rows.reduce((s, x) => s + x.weight!, 0)).toBeCloseTo(1, 12);
    expect(r.warnings).toEqual([]);
    await app.close();
  });

  it('carries each deposit\'s cost basis (quantity x close on the deposit day) and its unrealised P&L', async () => {
    const app = start();
    const r = getHoldings(app.ctx, {});
    for (const row of r.rows) {
      const tx = ref.book.transactions.find((t) => t.account === row.account && t.symbol === row.symbol)!;
      const basis = Number(tx.quantity) * ref.closeOn(row.symbol, tx.date)!;
      expect(row.costBasis).toBeCloseTo(basis, 4);
      expect(row.unrealisedPnl).toBeCloseTo(row.value! - basis, 4);
    }
    expect(r.realisedPnl).toBe(0);
    expect(r.costMethod).toBe('fifo');
    await app.close();
  });

  it('holdings as of an earlier day include only what was held then', async () => {
    const app = start();
    const r = getHoldings(app.ctx, { asOf: '2021-06-01' });
    expect(r.rows.map((x) => x.symbol).sort()).toEqual(
      ref.book.transactions
        .filter((t) => t.date <= '2021-06-01')
        .map((t) => t.symbol)
        .sort(),
    );
    expect(r.total).toBeCloseTo(ref.valueOn('2021-06-01'), 4);
    expect(getHoldings(app.ctx, { asOf: '2020-01-01' }).rows).toEqual([]);
    await app.close();
  });

  it('the value history starts at the first deposit and matches the CSV on sampled days', async () => {
    const app = start();
    const h = await valueHistory(app.ctx, {}, noopCall);
    expect(h.points[0]!.date).toBe('2021-06-01');
    expect(h.points[h.points.length - 1]!.date).toBe('2025-02-11');
    expect(h.warnings).toEqual([]);
    for (const day of ['2021-06-01', '2022-06-18', '2022-11-09', '2023-03-11', '2025-02-11']) {
      const p = h.points.find((x) => x.date === day)!;
      expect(p.value).toBeCloseTo(ref.valueOn(day), 4);
    }
    // every calendar day is there: crypto trades daily
    const days = (Date.parse('2025-02-11') - Date.parse('2021-06-01')) / 86_400_000 + 1;
    expect(h.points).toHaveLength(days);
    await app.close();
  });

  it('models the stETH discount break of June 2022 (about 6 % below ETH after the staking accrual)', async () => {
    const app = start();
    const w = prices(app.ctx, { symbol: 'WSTETH', from: '2022-06-18', to: '2022-06-18' }).points[0]!
      .value;
    const e = prices(app.ctx, { symbol: 'ETH', from: '2022-06-18', to: '2022-06-18' }).points[0]!
      .value;
    const accrual = Math.pow(
      1.04,
      (Date.parse('2022-06-18') - Date.parse('2020-12-19')) / 86_400_000 / 365,
    );
    expect(1 - w / (e * accrual)).toBeGreaterThan(0.05);
    expect(1 - w / (e * accrual)).toBeLessThan(0.07);
    await app.close();
  });

  it('is loaded once: a second start does not reload it, and a removed demo stays removed', async () => {
    const dir = tempDir();
    let app = start(dir);
    app.ctx.store.db.prepare("DELETE FROM portfolios WHERE name = 'Demo'").run();
    await app.close();
    app = start(dir);
    expect(app.ctx.store.db.prepare('SELECT count(*) AS n FROM portfolios').get()).toEqual({
      n: 0,
    });
    expect(loadDemo(app.ctx, { reset: false }).portfolio).toBe('Demo');
    await app.close();
  });

  it('refuses to load twice without reset, and reset replaces it without duplicating prices', async () => {
    const app = start();
    expect(() => loadDemo(app.ctx, { reset: false })).toThrow(KeelError);
    const n = (app.ctx.store.db.prepare('SELECT count(*) AS n FROM prices').get() as { n: number })
      .n;
    const r = loadDemo(app.ctx, { reset: true });
    expect(r.transactions).toBe(ref.book.transactions.length);
    expect(app.ctx.store.db.prepare('SELECT count(*) AS n FROM prices').get()).toEqual({ n });
    expect(app.ctx.store.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({
      n: ref.book.transactions.length,
    });
    await app.close();
  });

  it('a damaged demo file loads nothing at all (one transaction)', async () => {
    const res = tempDir();
    cpSync(RESOURCES, res, { recursive: true });
    appendFileSync(join(res, 'demo', 'prices.csv'), '2025-02-12,BTC,-5,0\n');
    expect(() => start(tempDir(), res)).toThrow(/bad row/);
    const book = JSON.parse(JSON.stringify(ref.book));
    book.transactions.push({
      date: '2024-01-01',
      account: 'Binance',
      symbol: 'NOPE',
      kind: 'deposit',
      quantity: '1',
      price: null,
    });
    cpSync(RESOURCES, res, { recursive: true });
    writeFileSync(join(res, 'demo', 'portfolio.json'), JSON.stringify(book));
    const dir = tempDir();
    const app = boot({ dataDir: dir, mode: 'cli', resourcesDir: res, seedDemo: false });
    expect(() => loadDemo(app.ctx, { reset: false })).toThrow();
    const db = app.ctx.store.db;
    for (const t of ['portfolios', 'accounts', 'instruments', 'prices', 'transactions']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    await app.close();
  });
});

describe('portfolio selection', () => {
  it('names the portfolios when one must be chosen, and reports an unknown one', async () => {
    const app = start();
    app.ctx.store.db
      .prepare("INSERT INTO portfolios (name, created_at) VALUES ('Second', '2025-01-01')")
      .run();
    expect(() => getHoldings(app.ctx, {})).toThrow(/2 portfolios.*Demo, Second/);
    expect(() => getHoldings(app.ctx, { portfolio: 'Nope' })).toThrow(
      /No portfolio named 'Nope'.*Demo, Second/,
    );
    expect(getHoldings(app.ctx, { portfolio: 'demo' }).portfolio.name).toBe('Demo');
    await app.close();
  });
});

describe('margined positions (perpetuals, futures) in holdings and the value history', () => {
  const days = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05'];
  /** A fresh database with one portfolio, its instruments, closes (by symbol, per day) and ledger. */
  function book(
    instruments: { symbol: string; kind: string }[],
    closes: Record<string, number[]>,
    txs: LedgerTx[],
  ) {
    const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES, seedDemo: false });
    const db = app.ctx.store.db;
    const ids = new Map(
      instruments.map((i) => [
        i.symbol,
        upsertInstrument(db, { ...i, name: i.symbol, assetClass: 'x', chain: null, attrs: {} }),
      ]),
    );
    upsertPrices(
      db,
      Object.entries(closes).flatMap(([s, cs]) =>
        cs.map((close, t) => ({ instrumentId: ids.get(s)!, date: days[t]!, close, volume: null })),
      ),
    );
    const pid = insertPortfolio(db, 'P', 'USD', '2025-01-01T00:00:00Z');
    for (const name of new Set(txs.map((t) => t.account)))
      insertAccount(db, pid, { name, kind: 'exchange', custodian: null, chain: null, protocol: null });
    insertLedgerTxs(db, pid, txs, null, ['USD']);
    return app;
  }
  const base = { quote: 'USDT', account: 'Binance', instrument: 'BTCUSDT-PERP' } as const;

  it('linear: worth quantity x mark - entry notional; realised P&L is in the settlement balance', async () => {
    // 1,000 USDT; day 1 short 2 @ 100 (fee 1 USDT); day 3 buy 1 back @ 90 (+10 realised);
    // day 4 short 1 more @ 120: lots -1 @ 100, -1 @ 120 (basis -220). Marks 100, 110, 90, 120, 130.
    // day 1: 999 + (-200 + 200) = 999   day 2: 999 + (-220 + 200) = 979
    // day 3: 1,009 + (-90 + 100) = 1,019   day 4: 1,009 + (-240 + 220) = 989   day 5: 1,009 - 40 = 969
    // (check: 1,000 - Σ q·p + Q·mark - fee = 1,000 + 230 - 260 - 1 = 969)
    const app = book(
      [
        { symbol: 'USDT', kind: 'stablecoin' },
        { symbol: 'BTCUSDT-PERP', kind: 'perpetual' },
      ],
      { USDT: [1, 1, 1, 1, 1], 'BTCUSDT-PERP': [100, 110, 90, 120, 130] },
      [
        { date: days[0]!, kind: 'deposit', account: 'Binance', instrument: 'USDT', quantity: '1000', price: '1' },
        { ...base, date: days[0]!, kind: 'futures_trade', quantity: '-2', price: '100', fee: '1' },
        { ...base, date: days[2]!, kind: 'futures_trade', quantity: '1', price: '90' },
        { ...base, date: days[3]!, kind: 'futures_trade', quantity: '-1', price: '120' },
      ],
    );
    const h = getHoldings(app.ctx, {});
    expect(h.asOf).toBe(days[4]);
    const perp = h.rows.find((r) => r.symbol === 'BTCUSDT-PERP')!;
    expect(perp).toMatchObject({ quantity: '-2', price: 130, value: -40, costBasis: 0, unrealisedPnl: -40 });
    expect(h.rows.find((r) => r.symbol === 'USDT')).toMatchObject({ quantity: '1009', value: 1009 });
    expect(h.total).toBeCloseTo(969, 9);
    // weights over values: the perp's notional (260) counts nowhere
    expect(perp.weight).toBeCloseTo(-40 / 969, 12);
    expect(h.realisedPnl).toBeCloseTo(9, 9); // -1 fee + 10
    expect(h.warnings).toEqual([]);
    expect(getHoldings(app.ctx, { asOf: days[2] }).total).toBeCloseTo(1019, 9);

    const hist = await valueHistory(app.ctx, {}, noopCall);
    expect(hist.points.map((p) => p.date)).toEqual(days);
    const want = [999, 979, 1019, 989, 969];
    hist.points.forEach((p, t) => expect(p.value).toBeCloseTo(want[t]!, 9));
    await app.close();
  });

  it('inverse: (entry coins - face / mark) x the coin close; coins received join the coin balance', async () => {
    // 1 BTC; day 1 long 10,000 USD face @ 40,000 (0.25 BTC of entry); day 3 closed @ 50,000:
    // +10,000 (1/40,000 - 1/50,000) = 0.05 BTC. Marks 40,000, 50,000, 50,000, -, -;
    // BTC closes 40,000, 49,000, 50,000, 52,000, 48,000.
    // day 1: 40,000 + 0 = 40,000   day 2: 49,000 + (0.25 - 0.2) x 49,000 = 51,450
    // day 3 onwards: 1.05 BTC: 52,500, 54,600, 50,400
    const inv = { account: 'Deribit', instrument: 'BTC-PERPETUAL', quote: 'BTC' } as const;
    const app = book(
      [
        { symbol: 'BTC', kind: 'spot' },
        { symbol: 'BTC-PERPETUAL', kind: 'perpetual' },
      ],
      { BTC: [40_000, 49_000, 50_000, 52_000, 48_000], 'BTC-PERPETUAL': [40_000, 50_000, 50_000] },
      [
        { date: days[0]!, kind: 'deposit', account: 'Deribit', instrument: 'BTC', quantity: '1', price: '40000' },
        { ...inv, date: days[0]!, kind: 'inverse_futures_trade', quantity: '10000', price: '40000' },
        { ...inv, date: days[2]!, kind: 'inverse_futures_trade', quantity: '-10000', price: '50000' },
      ],
    );
    const open = getHoldings(app.ctx, { asOf: days[1] });
    expect(open.rows.find((r) => r.symbol === 'BTC-PERPETUAL')).toMatchObject({
      quantity: '10000',
      price: 50_000,
      costBasis: 0,
    });
    expect(open.rows.find((r) => r.symbol === 'BTC-PERPETUAL')!.value).toBeCloseTo(2450, 9);
    expect(open.total).toBeCloseTo(51_450, 9);
    const hist = await valueHistory(app.ctx, {}, noopCall);
    const want = [40_000, 51_450, 52_500, 54_600, 50_400];
    expect(hist.points.map((p) => p.date)).toEqual(days);
    hist.points.forEach((p, t) => expect(p.value).toBeCloseTo(want[t]!, 8));
    await app.close();
  });

  it('a debt is a row of its own with a negative value, and the history subtracts it', async () => {
    // 1 ETH supplied day 1; 1,000 USDC borrowed day 2 (USDC closes 1, 1, 0.99, 1, 1;
    // ETH 2,000, 2,100, 2,200, 2,300, 2,400); 400 repaid day 4.
    // day 1: 2,000   day 2: 2,100 + 1,000 - 1,000 = 2,100   day 3: 2,200 + 990 - 990 = 2,200
    // day 4: 2,300 + 600 - 600 = 2,300   day 5: 2,400
    const aave = { account: 'Aave', instrument: 'USDC' } as const;
    const app = book(
      [
        { symbol: 'ETH', kind: 'spot' },
        { symbol: 'USDC', kind: 'stablecoin' },
      ],
      { ETH: [2000, 2100, 2200, 2300, 2400], USDC: [1, 1, 0.99, 1, 1] },
      [
        { date: days[0]!, kind: 'deposit', account: 'Aave', instrument: 'ETH', quantity: '1', price: '2000' },
        { ...aave, date: days[1]!, kind: 'borrow', quantity: '1000', price: '1' },
        { ...aave, date: days[3]!, kind: 'repay', quantity: '400' },
      ],
    );
    const h = getHoldings(app.ctx, { asOf: days[2] });
    expect(h.rows.filter((r) => r.symbol === 'USDC')).toEqual([
      expect.objectContaining({ quantity: '1000', value: 990 }),
      expect.objectContaining({ quantity: '-1000', value: -990, name: 'USDC (borrowed)', costBasis: 0 }),
    ]);
    expect(h.total).toBeCloseTo(2200, 9);
    expect(h.rows.reduce((s, r) => s + r.weight!, 0)).toBeCloseTo(1, 12);
    const hist = await valueHistory(app.ctx, {}, noopCall);
    const want = [2000, 2100, 2200, 2300, 2400];
    hist.points.forEach((p, t) => expect(p.value).toBeCloseTo(want[t]!, 9));
    await app.close();
  });

  it('a perpetual booked as an ordinary holding is flagged', async () => {
    const app = book(
      [{ symbol: 'BTCUSDT-PERP', kind: 'perpetual' }],
      { 'BTCUSDT-PERP': [100, 100, 100, 100, 100] },
      [{ date: days[0]!, kind: 'deposit', account: 'Binance', instrument: 'BTCUSDT-PERP', quantity: '1', price: '100' }],
    );
    expect(getHoldings(app.ctx, {}).warnings).toEqual([
      'BTCUSDT-PERP is a perpetual but was booked as an ordinary holding: it is valued at its notional. Book it with futures trades.',
    ]);
    await app.close();
  });
});
