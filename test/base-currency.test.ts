import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { runCli } from '../src/main/cli/run';
import { getHoldings } from '../src/main/services/holdings';
import type { CallInput, CallName, CallOutput } from '../src/shared/contract';
import { demoReference } from './helpers/demo-reference';
import { RESOURCES, tempDir } from './helpers/tmp';
import { expectClose } from './risk/_reference';

// Values in a base currency other than USD: value_base = value_usd / close_usd(base) of the day.
// Expected figures come from the demo's CSV files read directly (helpers/demo-reference.ts, an
// independent FIFO book in decimal.js), never from Keel's own output.

const ref = demoReference();
const AS_OF = '2025-02-11';

function start(dataDir = tempDir()) {
  const app = boot({ dataDir, mode: 'cli', resourcesDir: RESOURCES });
  const call = <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> =>
    callOrThrow(app.dispatch, name, input);
  /** The error a call fails with (code and message). */
  const fails = async <N extends CallName>(name: N, input: CallInput<N>) => {
    const r = await app.dispatch(name, input);
    if (r.ok) throw new Error(`${name} succeeded`);
    return r.error;
  };
  return { app, call, fails };
}

const setBase = async (s: ReturnType<typeof start>, baseCurrency: string) => {
  const demo = (await s.call('portfolios.list', {}))[0]!;
  return s.call('portfolios.save', { id: demo.id, name: demo.name, baseCurrency });
};

describe('holdings in a base currency', () => {
  it('BTC: every value, price and P&L is the USD figure over BTC’s close of the day; weights unchanged', async () => {
    const s = start();
    const usd = await s.call('holdings.get', {});
    expect(usd).toMatchObject({ currency: 'USD', conversion: null });
    expect((await setBase(s, 'btc')).baseCurrency).toBe('BTC');
    const btc = await s.call('holdings.get', {});
    const close = ref.closeOn('BTC', AS_OF)!; // 95,057.53906 in prices.csv
    expect(btc.portfolio.baseCurrency).toBe('BTC');
    expect(btc.currency).toBe('BTC');
    expect(btc.conversion).toEqual({ currency: 'BTC', usdClose: close, date: AS_OF });
    // the total from the raw CSV: the reference book's USD value over BTC's close
    expectClose(btc.total, ref.valueOn(AS_OF) / close, 1e-12, 0, 'BTC total');
    expectClose(btc.total, usd.total / close, 1e-14, 0, 'BTC total vs USD total');
    expect(btc.rows).toHaveLength(usd.rows.length);
    for (const [i, r] of btc.rows.entries()) {
      const u = usd.rows[i]!;
      expect([r.symbol, r.account, r.quantity]).toEqual([u.symbol, u.account, u.quantity]);
      expectClose(r.price!, u.price! / close, 1e-15, 0, `${r.symbol} price`);
      expectClose(r.value!, u.value! / close, 1e-15, 0, `${r.symbol} value`);
      expectClose(r.costBasis, u.costBasis / close, 1e-15, 0, `${r.symbol} basis`);
      if (u.unrealisedPnl !== null)
        expectClose(r.unrealisedPnl!, u.unrealisedPnl / close, 1e-15, 1e-300);
      expect(r.weight).toBe(u.weight);
    }
    expect(btc.rows.find((r) => r.symbol === 'BTC' && r.account === 'Binance')!.price).toBe(1);
    expectClose(btc.realisedPnl, ref.realisedOn(AS_OF) / close, 1e-9, 1e-12, 'realised');
    // an earlier day converts at that day's close
    const early = await s.call('holdings.get', { asOf: '2022-06-18' });
    expectClose(early.total, ref.valueOn('2022-06-18') / ref.closeOn('BTC', '2022-06-18')!, 1e-12);
    await s.app.close();
  });

  it('a stablecoin base (USDT) divides by its close of about 1; USD is left as it was', async () => {
    const s = start();
    const before = getHoldings(s.app.ctx, {});
    await setBase(s, 'USDT');
    const usdt = await s.call('holdings.get', {});
    const close = ref.closeOn('USDT', AS_OF)!;
    expect(close).not.toBe(1);
    expectClose(usdt.total, ref.valueOn(AS_OF) / close, 1e-12, 0, 'USDT total');
    await setBase(s, 'USD');
    const back = await s.call('holdings.get', {});
    expect(back.total).toBe(before.total);
    expect(back.rows).toEqual(before.rows);
    expect(back.conversion).toBeNull();
    // risk, allocation and hedging read getHoldings: always USD whatever the base
    await setBase(s, 'BTC');
    expect(getHoldings(s.app.ctx, {}).total).toBe(before.total);
    await s.app.close();
  });

  it('the value history is in the base currency: USD value over the base close, day by day', async () => {
    const s = start();
    await setBase(s, 'BTC');
    const h = await s.call('history.value', {});
    expect(h.baseCurrency).toBe('BTC');
    expect(h.warnings).toEqual([]);
    expect(h.points[0]!.date).toBe('2021-06-01');
    expect(h.points[h.points.length - 1]!.date).toBe(AS_OF);
    const days = h.points.filter((_, i) => i % 37 === 0 || i === h.points.length - 1);
    for (const p of days)
      expectClose(p.value, ref.valueOn(p.date) / ref.closeOn('BTC', p.date)!, 1e-10, 0, p.date);
    await s.app.close();
  });

  it('a base without a close on the day: holdings name the day, the history leaves those days out and says which', async () => {
    const s = start();
    // a euro stablecoin quoted from 2024-01-01 only, with a week missing in March 2024
    await s.call('instruments.save', {
      instrument: {
        symbol: 'EURC',
        name: 'Euro coin',
        kind: 'stablecoin',
        assetClass: 'stablecoin',
      },
    });
    const closes: { date: string; close: number }[] = [];
    for (let d = Date.parse('2024-01-01'); d <= Date.parse(AS_OF); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      if (date < '2024-03-10' || date > '2024-03-16') closes.push({ date, close: 1.08 });
    }
    const db = s.app.ctx.store.db;
    const id = (
      db.prepare("SELECT id FROM instruments WHERE symbol = 'EURC'").get() as { id: number }
    ).id;
    const put = db.prepare('INSERT INTO prices (instrument_id, date, close) VALUES (?, ?, ?)');
    for (const c of closes) put.run(id, c.date, c.close);
    await setBase(s, 'EURC');

    expectClose((await s.call('holdings.get', {})).total, ref.valueOn(AS_OF) / 1.08, 1e-12);
    const err = await s.fails('holdings.get', { asOf: '2023-06-01' });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('No EURC close on or before 2023-06-01');
    // 2024-03-15 is 6 days after the last close: still valued, with a warning
    const stale = await s.call('holdings.get', { asOf: '2024-03-15' });
    expect(stale.warnings).toContain('Values are in EURC at its stale close of 2024-03-09.');

    const h = await s.call('history.value', {});
    // left out: every day before 2024-01-01, and 2024-03-13..16 (more than 3 days after 03-09)
    const missing = new Set([
      ...h.points
        .map((p) => p.date)
        .filter((d) => d < '2024-01-01' || (d >= '2024-03-13' && d <= '2024-03-16')),
    ]);
    expect(missing.size).toBe(0);
    expect(h.points[0]!.date).toBe('2024-01-01');
    expect(h.points.find((p) => p.date === '2024-03-12')!.value).toBeCloseTo(
      ref.valueOn('2024-03-12') / 1.08,
      6,
    );
    const before = (Date.parse('2024-01-01') - Date.parse('2021-06-01')) / 86_400_000;
    expect(h.warnings).toEqual([
      `${before + 4} day(s) left out: no EURC close on or within 3 days before 2021-06-01, 2021-06-02, 2021-06-03 and ${before + 1} more, so the value cannot be given in EURC.`,
    ]);
    await s.app.close();
  });
});

describe('portfolios.save', () => {
  it('creates (USD by default), renames and changes the base currency; bad currencies are validation errors naming them', async () => {
    const s = start();
    const created = await s.call('portfolios.save', { name: 'Cold storage' });
    expect(created).toMatchObject({ name: 'Cold storage', baseCurrency: 'USD', positions: 0 });
    const renamed = await s.call('portfolios.save', {
      id: created.id,
      name: 'Vault',
      baseCurrency: 'ETH',
    });
    expect(renamed).toMatchObject({ id: created.id, name: 'Vault', baseCurrency: 'ETH' });
    // the base is kept when left out
    expect(
      (await s.call('portfolios.save', { id: created.id, name: 'Vault 2' })).baseCurrency,
    ).toBe('ETH');

    const unknown = await s.fails('portfolios.save', {
      id: created.id,
      name: 'Vault',
      baseCurrency: 'XYZ',
    });
    expect(unknown.code).toBe('VALIDATION');
    expect(unknown.message).toContain("Unknown base currency 'XYZ'");
    expect(unknown.issues).toEqual([expect.objectContaining({ path: 'baseCurrency' })]);
    const option = await s.fails('portfolios.save', {
      name: 'X',
      baseCurrency: 'BTC-28MAR25-90000-P',
    });
    expect(option.message).toMatch(/BTC-28MAR25-90000-P is an option/);
    await s.call('instruments.save', {
      instrument: { symbol: 'NEWC', name: 'New coin', kind: 'spot', assetClass: 'L1' },
    });
    expect(
      (await s.fails('portfolios.save', { name: 'X', baseCurrency: 'NEWC' })).message,
    ).toContain('NEWC has no prices');
    expect((await s.fails('portfolios.save', { name: 'demo' })).code).toBe('CONFLICT');
    expect((await s.fails('portfolios.save', { id: 9999, name: 'Y' })).code).toBe('NOT_FOUND');
    // nothing was changed by the failed calls
    expect((await s.call('portfolios.list', {})).map((p) => [p.name, p.baseCurrency])).toEqual([
      ['Demo', 'USD'],
      ['Vault 2', 'ETH'],
    ]);
    await s.app.close();
  });

  it('keel holdings prints the base currency in its header and its figures', async () => {
    const dir = tempDir();
    const s = start(dir);
    await setBase(s, 'BTC');
    await s.app.close();
    const out: string[] = [];
    const code = await runCli(
      ['holdings', '--data-dir', dir],
      { out: (t) => out.push(t), err: () => {} },
      { resourcesDir: RESOURCES, env: {} },
    );
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text.split('\n')[0]).toBe(`Demo as of ${AS_OF} (BTC)`);
    const total = /^Total\s+([\d,.]+)\s+100\.00 %$/m.exec(text)![1]!;
    expect(Number(total.replace(/,/g, ''))).toBeCloseTo(
      ref.valueOn(AS_OF) / ref.closeOn('BTC', AS_OF)!,
      2,
    );
  });

  it('JSON export carries the base currency and import reads it back', async () => {
    const s = start();
    await setBase(s, 'BTC');
    const doc = await s.call('export.json', { prices: false });
    expect(doc.portfolio.baseCurrency).toBe('BTC');
    await s.call('import.json', { document: doc, as: 'Copy' });
    const copy = (await s.call('portfolios.list', {})).find((p) => p.name === 'Copy')!;
    expect(copy.baseCurrency).toBe('BTC');
    const a = await s.call('holdings.get', { portfolio: 'Demo' });
    const b = await s.call('holdings.get', { portfolio: 'Copy' });
    expect(b.currency).toBe('BTC');
    expect(b.total).toBeCloseTo(a.total, 9);
    await s.app.close();
  });
});
