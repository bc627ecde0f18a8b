import { cpSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { noopCall } from '../src/main/services/context';
import { getHoldings } from '../src/main/services/holdings';
import { loadDemo } from '../src/main/services/demo';
import { valueHistory } from '../src/main/services/history';
import { prices } from '../src/main/services/catalog';
import { KeelError } from '../src/shared/errors';
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
