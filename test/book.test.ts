import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { RESOURCES, tempDir } from './helpers/tmp';

const start = () => boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES });

describe('editing the book', () => {
  it('a sale realises FIFO P&L worked by hand, and holdings follow', async () => {
    const app = start();
    const d = app.dispatch;
    // Binance holds 3.2 BTC deposited 2022-01-03 at that day's close C. Sell 1.2 @ 50,000 on 2024-03-01 with a 10 USDT fee.
    const before = await callOrThrow(d, 'holdings.get', {});
    const btc = before.rows.find((r) => r.account === 'Binance' && r.symbol === 'BTC')!;
    const unitCost = btc.costBasis / 3.2;
    await callOrThrow(d, 'transactions.add', {
      tx: {
        date: '2024-03-01',
        kind: 'sell',
        account: 'Binance',
        instrument: 'BTC',
        quantity: '1.2',
        price: '50000',
        quote: 'USDT',
        fee: '10',
        feeCurrency: 'USDT',
      },
    });
    const after = await callOrThrow(d, 'holdings.get', {});
    const btcAfter = after.rows.find((r) => r.account === 'Binance' && r.symbol === 'BTC')!;
    expect(btcAfter.quantity).toBe('2');
    expect(btcAfter.costBasis).toBeCloseTo(2 * unitCost, 6);
    // realised = 1.2 × 50,000 − 10 − 1.2 × unit cost, on top of what the demo realised already
    expect(after.realisedPnl - before.realisedPnl).toBeCloseTo(60_000 - 10 - 1.2 * unitCost, 6);
    const usdt = (r: typeof before) =>
      r.rows.find((x) => x.account === 'Binance' && x.symbol === 'USDT')!.quantity;
    expect(new Decimal(usdt(after)).minus(usdt(before)).toFixed()).toBe('59990'); // + 60,000 − 10
    await app.close();
  });

  it('a futures trade closing the demo perpetual short realises 1.5 x (entry - exit) into USDT', async () => {
    const app = start();
    const d = app.dispatch;
    const before = await callOrThrow(d, 'holdings.get', {});
    // the demo shorted 1.5 BTCUSDT-PERP on Binance; its entry price is in the ledger
    const open = (await callOrThrow(d, 'transactions.list', {})).rows.find(
      (t) => t.instrument === 'BTCUSDT-PERP',
    )!;
    expect(open).toMatchObject({ kind: 'futures_trade', quantity: '-1.5', quote: 'USDT' });
    await callOrThrow(d, 'transactions.add', {
      tx: {
        date: '2025-02-11',
        kind: 'futures_trade',
        account: 'Binance',
        instrument: 'BTCUSDT-PERP',
        quantity: '1.5',
        price: '90000',
        quote: 'USDT',
        fee: '67.5',
      },
    });
    const after = await callOrThrow(d, 'holdings.get', {});
    expect(after.rows.find((r) => r.symbol === 'BTCUSDT-PERP')).toBeUndefined();
    // realised: 1.5 x (entry - 90,000) - 67.5 fee, paid into the USDT balance
    const pnl = new Decimal(open.price!).minus(90000).times(1.5).minus(67.5);
    const usdt = (r: typeof before) =>
      r.rows.find((x) => x.account === 'Binance' && x.symbol === 'USDT')!.quantity;
    expect(new Decimal(usdt(after)).minus(usdt(before)).toFixed()).toBe(pnl.toFixed());
    expect(after.realisedPnl - before.realisedPnl).toBeCloseTo(pnl.toNumber(), 6);
    // an ordinary kind cannot touch the margined position
    const r = await d('transactions.add', {
      tx: {
        date: '2025-02-11',
        kind: 'sell',
        account: 'Binance',
        instrument: 'BTCUSDT-PERP',
        quantity: '1',
        price: '90000',
        quote: 'USDT',
      },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/margined futures position/) },
    });
    await app.close();
  });

  it('refuses a transaction that would oversell, naming it, and stores nothing', async () => {
    const app = start();
    const n = (await callOrThrow(app.dispatch, 'transactions.list', {})).total;
    const r = await app.dispatch('transactions.add', {
      tx: {
        date: '2024-03-01',
        kind: 'sell',
        account: 'Kraken',
        instrument: 'LTC',
        quantity: '401',
        price: '70',
        quote: 'USD',
      },
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.stringMatching(/sell.*2024-03-01.*Kraken.*LTC/s),
      },
    });
    expect((await callOrThrow(app.dispatch, 'transactions.list', {})).total).toBe(n);
    await app.close();
  });

  it('an edit keeps the id; a delete that would break a later sale is refused', async () => {
    const app = start();
    const d = app.dispatch;
    const buy = await callOrThrow(d, 'transactions.add', {
      tx: {
        date: '2024-01-01',
        kind: 'buy',
        account: 'Kraken',
        instrument: 'ETH',
        quantity: '2',
        price: '2000',
        quote: 'USD',
      },
    });
    await callOrThrow(d, 'transactions.add', {
      tx: {
        date: '2024-02-01',
        kind: 'sell',
        account: 'Kraken',
        instrument: 'ETH',
        quantity: '1.5',
        price: '2500',
        quote: 'USD',
      },
    });
    const { id: _id, ...tx } = buy;
    const edited = await callOrThrow(d, 'transactions.update', {
      id: buy.id,
      tx: { ...tx, quantity: '3' },
    });
    expect(edited).toMatchObject({ id: buy.id, quantity: '3' });
    expect(await d('transactions.delete', { id: buy.id })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/ETH/) },
    });
    const eth = (await callOrThrow(d, 'holdings.get', {})).rows.find(
      (r) => r.account === 'Kraken' && r.symbol === 'ETH',
    )!;
    expect(eth.quantity).toBe('1.5');
    await app.close();
  });

  it('transfers move quantity and basis between venues without P&L', async () => {
    const app = start();
    const d = app.dispatch;
    const before = await callOrThrow(d, 'holdings.get', {});
    const led = before.rows.find((r) => r.account === 'Ledger cold storage' && r.symbol === 'ETH')!;
    await callOrThrow(d, 'transactions.add', {
      tx: {
        date: '2024-05-01',
        kind: 'transfer',
        account: 'Ledger cold storage',
        toAccount: 'Binance',
        instrument: 'ETH',
        quantity: '15',
      },
    });
    const after = await callOrThrow(d, 'holdings.get', {});
    const eth = after.rows.filter((r) => r.symbol === 'ETH');
    expect(eth.reduce((s, r) => s + Number(r.quantity), 0)).toBe(100); // 60 + 40, conserved
    expect(eth.reduce((s, r) => s + r.costBasis, 0)).toBeCloseTo(
      before.rows.filter((r) => r.symbol === 'ETH').reduce((s, r) => s + r.costBasis, 0),
      6,
    );
    expect(
      after.rows.find((r) => r.account === 'Ledger cold storage' && r.symbol === 'ETH')!.costBasis,
    ).toBeCloseTo(led.costBasis * (45 / 60), 6);
    expect(after.realisedPnl).toBe(before.realisedPnl);
    await app.close();
  });

  it('venues: add, rename, refuse duplicates and deleting one with transactions', async () => {
    const app = start();
    const d = app.dispatch;
    const a = await callOrThrow(d, 'accounts.save', {
      account: { name: 'OKX', kind: 'exchange', custodian: 'OKX' },
    });
    expect(a).toMatchObject({ name: 'OKX', kind: 'exchange', transactions: 0 });
    expect(
      await d('accounts.save', { account: { name: 'Kraken', kind: 'exchange' } }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const renamed = await callOrThrow(d, 'accounts.save', {
      id: a.id,
      account: { name: 'OKX main', kind: 'exchange', addressLabel: 'sub-1' },
    });
    expect(renamed).toMatchObject({ id: a.id, name: 'OKX main', addressLabel: 'sub-1' });
    const kraken = (await callOrThrow(d, 'accounts.list', {})).find((x) => x.name === 'Kraken')!;
    expect(await d('accounts.delete', { id: kraken.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await callOrThrow(d, 'accounts.delete', { id: a.id })).toEqual({ deleted: true });
    await app.close();
  });

  it('instruments: kind attributes are required and checked; tags are stored', async () => {
    const app = start();
    const d = app.dispatch;
    const bad = await d('instruments.save', {
      instrument: {
        symbol: 'BTC-27DEC24-100000-C',
        name: 'BTC call',
        kind: 'option',
        assetClass: 'derivative',
        attrs: { underlying: 'BTC' },
      },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!bad.ok && bad.error.issues!.map((i) => i.path)).toEqual(
      expect.arrayContaining(['instrument.attrs.expiry', 'instrument.attrs.strike']),
    );
    const ok = await callOrThrow(d, 'instruments.save', {
      instrument: {
        symbol: 'BTC-27DEC24-100000-C',
        name: 'BTC call 100k Dec-24',
        kind: 'option',
        assetClass: 'derivative',
        attrs: {
          underlying: 'BTC',
          expiry: '2024-12-27',
          strike: 100000,
          right: 'call',
          settlement: 'coin',
        },
        tags: [{ dimension: 'role', name: 'hedge' }],
      },
    });
    expect(ok.symbol).toBe('BTC-27DEC24-100000-C');
    const tags = app.ctx.store.db
      .prepare('SELECT t.dimension, t.name FROM tags t JOIN instrument_tags it ON it.tag_id = t.id')
      .all();
    expect(tags).toEqual([{ dimension: 'role', name: 'hedge' }]);
    const listed = (await callOrThrow(d, 'instruments.list', {})).find(
      (i) => i.symbol === 'BTC-27DEC24-100000-C',
    )!;
    expect(listed).toMatchObject({
      kind: 'option',
      attrs: { strike: 100000, right: 'call' },
      tags: [{ dimension: 'role', name: 'hedge' }],
    });
    expect(
      await d('instruments.save', {
        instrument: { symbol: 'X', name: 'x', kind: 'spot', assetClass: 'L1', attrs: { strik: 1 } },
      }),
    ).toMatchObject({ ok: false });
    await app.close();
  });
});
