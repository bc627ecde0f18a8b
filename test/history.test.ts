import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { noopCall } from '../src/main/services/context';
import {
  ensureHistory,
  historyIsFresh,
  valueHistory,
  weightsHistory,
} from '../src/main/services/history';
import { getHoldings, holdingsReport } from '../src/main/services/holdings';
import { resolvePortfolio } from '../src/main/services/portfolios';
import {
  historyDays,
  historyPositions,
  historyState,
  replaceHistory,
} from '../src/main/store/history';
import { upsertInstrument } from '../src/main/store/instruments';
import { insertLedgerTxs } from '../src/main/store/ledger-tx';
import { deletePortfolio, insertAccount, insertPortfolio } from '../src/main/store/portfolios';
import { upsertPrices } from '../src/main/store/prices';
import type { CallInput, CallName, CallOutput } from '../src/shared/contract';
import type { LedgerTx } from '../src/shared/ledger';
import { demoReference } from './helpers/demo-reference';
import { RESOURCES, tempDir } from './helpers/tmp';
import { expectClose, loadFixture } from './risk/_reference';

// The stored history (migration 004): checked against a numpy computation from the definitions
// (scripts/reference/gen_history.py), a book worked by hand, the demo's CSV files read directly
// (helpers/demo-reference.ts), and the identity with holdings computed on demand for each day.

type App = ReturnType<typeof boot>;

/** Counts the worker runs (each rebuild is one), and can make them fail. */
function countRuns(app: App) {
  const inner = app.ctx.runner;
  const state = { runs: 0, fail: null as Error | null };
  app.ctx.runner = {
    run: (task, payload, opts) => {
      state.runs++;
      if (state.fail) return Promise.reject(state.fail);
      return inner.run(task, payload, opts);
    },
    close: () => inner.close(),
  };
  return state;
}

function demo() {
  const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES });
  const call = <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> =>
    callOrThrow(app.dispatch, name, input);
  const p = () => resolvePortfolio(app.ctx.store.db, undefined);
  return { app, call, db: app.ctx.store.db, p };
}

/** A fresh database with one portfolio: instruments, closes and a ledger. */
function book(opts: {
  base?: string;
  instruments: { symbol: string; kind: string }[];
  prices: { symbol: string; date: string; close: number }[];
  txs: LedgerTx[];
}) {
  const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES, seedDemo: false });
  const db = app.ctx.store.db;
  const ids = new Map(
    opts.instruments.map((i) => [
      i.symbol,
      upsertInstrument(db, { ...i, name: i.symbol, assetClass: 'x', chain: null, attrs: {} }),
    ]),
  );
  upsertPrices(
    db,
    opts.prices.map((r) => ({
      instrumentId: ids.get(r.symbol)!,
      date: r.date,
      close: r.close,
      volume: null,
    })),
  );
  const pid = insertPortfolio(db, 'P', opts.base ?? 'USD', '2025-01-01T00:00:00Z');
  for (const name of new Set(opts.txs.flatMap((t) => [t.account, t.toAccount ?? t.account])))
    insertAccount(db, pid, {
      name,
      kind: 'exchange',
      custodian: null,
      chain: null,
      protocol: null,
    });
  insertLedgerTxs(db, pid, opts.txs, null, ['USD']);
  return { app, db, pid };
}

interface Fixture {
  stale: number;
  base: string;
  instruments: string[];
  prices: { symbol: string; date: string; close: number }[];
  transactions: LedgerTx[];
  days: {
    date: string;
    gaps: number;
    value: number | null;
    valueUsd: number | null;
    positions: { symbol: string; quantity: string; value: number | null; weight: number | null }[];
  }[];
}

describe('the stored history against a numpy reference (gen_history.py)', () => {
  const fx = loadFixture<Fixture>('history.json');

  it('per day and instrument: quantity (exact), value in the base currency, weight; days left out and why', async () => {
    const { app, db, pid } = book({
      base: fx.base,
      instruments: fx.instruments.map((symbol) => ({ symbol, kind: 'spot' })),
      prices: fx.prices,
      txs: fx.transactions,
    });
    const h = await valueHistory(app.ctx, {}, noopCall);
    const days = historyDays(db, pid);
    expect(days.map((d) => d.date)).toEqual(fx.days.map((d) => d.date));
    const positions = historyPositions(db, pid);
    for (const [i, want] of fx.days.entries()) {
      const got = days[i]!;
      expect(got.gaps, want.date).toBe(want.gaps);
      if (want.value === null) expect(got.value, want.date).toBeNull();
      else expectClose(got.value!, want.value, 1e-12, 0, `value ${want.date}`);
      if (want.valueUsd === null) expect(got.valueUsd).toBeNull();
      else expectClose(got.valueUsd!, want.valueUsd, 1e-12, 0, `USD value ${want.date}`);
      const rows = positions.filter((r) => r.date === want.date);
      const wanted = [...want.positions].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
      expect(rows.map((r) => [r.symbol, r.quantity])).toEqual(
        wanted.map((r) => [r.symbol, r.quantity]),
      );
      for (const [k, w] of wanted.entries()) {
        const r = rows[k]!;
        for (const field of ['value', 'weight'] as const) {
          if (w[field] === null) expect(r[field], `${field} ${w.symbol} ${want.date}`).toBeNull();
          else expectClose(r[field]!, w[field], 1e-12, 1e-15, `${field} ${w.symbol} ${want.date}`);
        }
      }
    }
    // the reference has days of each kind, so every branch above was exercised
    expect(new Set(fx.days.map((d) => d.gaps))).toEqual(new Set([0, 1, 2, 3]));
    expect(h.points.map((p) => p.date)).toEqual(
      fx.days.filter((d) => d.value !== null).map((d) => d.date),
    );
    // a day without an asset's close counts there; one without only the base's, in the second
    const noAsset = fx.days.filter((d) => d.gaps & 1).map((d) => d.date);
    const noBase = fx.days.filter((d) => d.gaps === 2).map((d) => d.date);
    expect(h.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${noAsset.length} day\\(s\\) left out: a held asset had no close within 3 days \\(${noAsset[0]}`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^${noBase.length} day\\(s\\) left out: no KBT close on or within 3 days before ${noBase[0]}`,
        ),
      ),
    ]);
    await app.close();
  });

  it('history.weights: top N by the last value, the rest as Other; each day sums to 1', async () => {
    const { app } = book({
      base: fx.base,
      instruments: fx.instruments.map((symbol) => ({ symbol, kind: 'spot' })),
      prices: fx.prices,
      txs: fx.transactions,
    });
    const w = await weightsHistory(app.ctx, { top: 2 }, noopCall);
    const valued = fx.days.filter((d) => d.value !== null && d.value > 0);
    expect(w.dates).toEqual(valued.map((d) => d.date));
    const last = valued[valued.length - 1]!.positions.filter((p) => p.value !== null);
    const ranked = [...last].sort((a, b) => b.value! - a.value!);
    expect(w.series.map((s) => s.symbol)).toEqual([ranked[0]!.symbol, ranked[1]!.symbol, 'Other']);
    expect(w.series[2]!.other).toBe(true);
    expectClose(w.series[0]!.lastValue, ranked[0]!.value!, 1e-12);
    for (const [i, d] of valued.entries()) {
      const weightOf = (s: string) => d.positions.find((p) => p.symbol === s)?.weight ?? 0;
      expectClose(w.series[0]!.weights[i]!, weightOf(w.series[0]!.symbol), 1e-12, 1e-15, d.date);
      const other = d.positions
        .filter((p) => p.symbol !== ranked[0]!.symbol && p.symbol !== ranked[1]!.symbol)
        .reduce((s, p) => s + p.weight!, 0);
      expectClose(w.series[2]!.weights[i]!, other, 1e-12, 1e-15, `Other ${d.date}`);
      expect(Math.abs(w.series.reduce((s, x) => s + x.weights[i]!, 0) - 1)).toBeLessThan(1e-9);
    }
    // a range, and the whole book when N covers it
    const part = await weightsHistory(
      app.ctx,
      { from: '2024-04-01', to: '2024-04-10', top: 10 },
      noopCall,
    );
    expect(
      part.dates[0]! >= '2024-04-01' && part.dates[part.dates.length - 1]! <= '2024-04-10',
    ).toBe(true);
    expect(part.series.some((s) => s.other)).toBe(false);
    await expect(
      weightsHistory(app.ctx, { from: '2024-04-10', to: '2024-04-01' }, noopCall),
    ).rejects.toThrow(/starts \(2024-04-10\) after it ends/);
    await app.close();
  });
});

describe('the stored history on a book worked by hand', () => {
  // Days 1-4. Closes: X 10, 12, (none), 15; Y 2, 2, 3, 4.
  // Exchange: deposit 3 X day 1, 100 Y day 2; Wallet: deposit 1 X day 2; day 4 withdraw 2 X
  // from Exchange. Quantities: X 3, 4, 4, 2; Y 0, 100, 100, 100.
  // Values: day 1: X 30 (Y none) = 30; day 2: X 48 + Y 200 = 248; day 3: X 4 x 12 (carried,
  // 1 day old) = 48 + Y 300 = 348; day 4: X 30 + Y 400 = 430.
  const days = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'];
  const setup = () =>
    book({
      instruments: [
        { symbol: 'X', kind: 'spot' },
        { symbol: 'Y', kind: 'spot' },
      ],
      prices: [
        ...[10, 12, null, 15].flatMap((c, t) =>
          c === null ? [] : [{ symbol: 'X', date: days[t]!, close: c }],
        ),
        ...[2, 2, 3, 4].map((c, t) => ({ symbol: 'Y', date: days[t]!, close: c })),
      ],
      txs: [
        {
          date: days[0]!,
          kind: 'deposit',
          account: 'Exchange',
          instrument: 'X',
          quantity: '3',
          price: '10',
        },
        {
          date: days[1]!,
          kind: 'deposit',
          account: 'Exchange',
          instrument: 'Y',
          quantity: '100',
          price: '2',
        },
        {
          date: days[1]!,
          kind: 'deposit',
          account: 'Wallet',
          instrument: 'X',
          quantity: '1',
          price: '12',
        },
        { date: days[3]!, kind: 'withdrawal', account: 'Exchange', instrument: 'X', quantity: '2' },
      ],
    });

  it('stores each day and each holding', async () => {
    const { app, db, pid } = setup();
    const h = await valueHistory(app.ctx, {}, noopCall);
    expect(h.points).toEqual([
      { date: days[0], value: 30 },
      { date: days[1], value: 248 },
      { date: days[2], value: 348 },
      { date: days[3], value: 430 },
    ]);
    expect(
      historyPositions(db, pid).map((r) => [r.date, r.symbol, r.quantity, r.value, r.weight]),
    ).toEqual([
      [days[0], 'X', '3', 30, 1],
      [days[1], 'X', '4', 48, 48 / 248],
      [days[1], 'Y', '100', 200, 200 / 248],
      [days[2], 'X', '4', 48, 48 / 348],
      [days[2], 'Y', '100', 300, 300 / 348],
      [days[3], 'X', '2', 30, 30 / 430],
      [days[3], 'Y', '100', 400, 400 / 430],
    ]);
    const w = await weightsHistory(app.ctx, { top: 1 }, noopCall);
    expect(w).toEqual({
      baseCurrency: 'USD',
      dates: days,
      series: [
        { symbol: 'Y', lastValue: 400, weights: [0, 200 / 248, 300 / 348, 400 / 430] },
        { symbol: 'Other', other: true, lastValue: 30, weights: [1, 48 / 248, 48 / 348, 30 / 430] },
      ],
      warnings: [],
    });
    await app.close();
  });

  it('a crash in the middle of writing leaves the previous complete history', async () => {
    const { app, db, pid } = setup();
    await ensureHistory(app.ctx, resolvePortfolio(db, undefined), noopCall);
    const before = {
      days: historyDays(db, pid),
      positions: historyPositions(db, pid),
      state: historyState(db, pid),
    };
    function* failing() {
      yield { date: '2025-01-01', symbol: 'X', quantity: '1', value: 1, weight: 1 };
      throw new Error('disk full');
    }
    expect(() =>
      replaceHistory(db, pid, {
        state: { ...before.state!, inputsKey: 'new' },
        days: [{ date: '2025-01-01', value: 1, valueUsd: 1, gaps: 0 }],
        positions: failing(),
      }),
    ).toThrow('disk full');
    expect(historyDays(db, pid)).toEqual(before.days);
    expect(historyPositions(db, pid)).toEqual(before.positions);
    expect(historyState(db, pid)).toEqual(before.state);
    await app.close();
  });
});

describe('the stored history of the demo', () => {
  const ref = demoReference();

  it('is rebuilt once, then read: a second read runs nothing; concurrent reads share one rebuild', async () => {
    const { app, p } = demo();
    const runs = countRuns(app);
    const [a, b] = await Promise.all([
      valueHistory(app.ctx, {}, noopCall),
      weightsHistory(app.ctx, {}, noopCall),
    ]);
    expect(runs.runs).toBe(1);
    expect(historyIsFresh(app.ctx.store.db, p())).toBe(true);
    expect(await valueHistory(app.ctx, {}, noopCall)).toEqual(a);
    expect(await weightsHistory(app.ctx, {}, noopCall)).toEqual(b);
    expect(runs.runs).toBe(1);
    await app.close();
  });

  it('after a transaction is added: recomputed, the days from it on change by its value, earlier days do not', async () => {
    const { app, call } = demo();
    const runs = countRuns(app);
    const before = await valueHistory(app.ctx, {}, noopCall);
    await call('transactions.add', {
      tx: {
        date: '2024-06-01',
        kind: 'deposit',
        account: 'Kraken',
        instrument: 'BTC',
        quantity: '1.5',
        price: '60000',
      },
    });
    const after = await valueHistory(app.ctx, {}, noopCall);
    expect(runs.runs).toBe(2);
    expect(after.points.map((x) => x.date)).toEqual(before.points.map((x) => x.date));
    for (const [i, x] of after.points.entries()) {
      const was = before.points[i]!.value;
      if (x.date < '2024-06-01') expect(x.value, x.date).toBe(was);
      else expectClose(x.value - was, 1.5 * ref.closeOn('BTC', x.date)!, 1e-9, 1e-6, x.date);
    }
    // an edit and a delete are ledger writes too
    const tx = (await call('transactions.list', { from: '2024-06-01', to: '2024-06-01' })).rows[0]!;
    const { id, ...fields } = tx;
    await call('transactions.update', { id, tx: { ...fields, quantity: '2' } });
    const edited = await valueHistory(app.ctx, {}, noopCall);
    const day = edited.points.findIndex((x) => x.date === '2025-02-11');
    expectClose(
      edited.points[day]!.value - before.points[day]!.value,
      2 * ref.closeOn('BTC', '2025-02-11')!,
      1e-9,
    );
    await call('transactions.delete', { id });
    expect((await valueHistory(app.ctx, {}, noopCall)).points).toEqual(before.points);
    expect(runs.runs).toBe(4);
    await app.close();
  });

  it('a changed close, a changed instrument or a changed base currency each make it stale', async () => {
    const { app, call, db, p } = demo();
    const runs = countRuns(app);
    const before = await valueHistory(app.ctx, {}, noopCall);
    // a close replaced in place (count and last date unchanged)
    const btc = (
      db.prepare("SELECT id FROM instruments WHERE symbol = 'BTC'").get() as { id: number }
    ).id;
    db.prepare(
      "UPDATE prices SET close = close + 1000 WHERE instrument_id = ? AND date = '2023-05-05'",
    ).run(btc);
    expect(historyIsFresh(db, p())).toBe(false);
    const after = await valueHistory(app.ctx, {}, noopCall);
    const held = ref
      .rowsOn('2023-05-05')
      .filter((r) => r.symbol === 'BTC')
      .reduce((s, r) => s + Number(r.quantity), 0);
    for (const [i, x] of after.points.entries())
      if (x.date === '2023-05-05')
        expectClose(x.value - before.points[i]!.value, held * 1000, 1e-9);
      else expect(x.value).toBe(before.points[i]!.value);
    expect(runs.runs).toBe(2);
    await call('instruments.save', {
      instrument: { symbol: 'LINK', name: 'Chainlink', kind: 'spot', assetClass: 'DeFi' },
    });
    expect(historyIsFresh(db, p())).toBe(false);
    await valueHistory(app.ctx, {}, noopCall);
    const demoRow = (await call('portfolios.list', {}))[0]!;
    await call('portfolios.save', { id: demoRow.id, name: 'Demo', baseCurrency: 'ETH' });
    expect(historyIsFresh(db, p())).toBe(false);
    expect((await valueHistory(app.ctx, {}, noopCall)).baseCurrency).toBe('ETH');
    expect(runs.runs).toBe(4);
    await app.close();
  });

  it('a failed rebuild (the worker fails or is cancelled) keeps the old history and tries again next time', async () => {
    const { app, call, db, p } = demo();
    const runs = countRuns(app);
    const before = await valueHistory(app.ctx, {}, noopCall);
    const stored = historyDays(db, p().id);
    const state = historyState(db, p().id);
    await call('transactions.add', {
      tx: {
        date: '2024-06-01',
        kind: 'deposit',
        account: 'Kraken',
        instrument: 'BTC',
        quantity: '1',
        price: '60000',
      },
    });
    runs.fail = new Error('worker crashed');
    await expect(valueHistory(app.ctx, {}, noopCall)).rejects.toThrow('worker crashed');
    expect(historyDays(db, p().id)).toEqual(stored);
    expect(historyState(db, p().id)).toEqual(state);
    runs.fail = null;
    const after = await valueHistory(app.ctx, {}, noopCall);
    expect(after.points.at(-1)!.value).toBeGreaterThan(before.points.at(-1)!.value);
    expect(runs.runs).toBe(3);
    await app.close();
  });

  it('identity: each stored day equals the holdings computed on demand for that day (USD and BTC)', async () => {
    const { app, db, call, p } = demo();
    await ensureHistory(app.ctx, p(), noopCall);
    const days = historyDays(db, p().id);
    const positions = historyPositions(db, p().id);
    const txDays = new Set(ref.book.transactions.map((t) => t.date));
    const sample = days.filter(
      (d, i) => i % 29 === 0 || txDays.has(d.date) || i === days.length - 1,
    );
    expect(sample.length).toBeGreaterThan(60);
    for (const d of sample) {
      const h = getHoldings(app.ctx, { asOf: d.date });
      expectClose(d.value!, h.total, 1e-11, 1e-6, d.date);
      // per instrument: holdings rows (venues, debts) summed by symbol
      const bySymbol = new Map<string, { q: Decimal; v: number }>();
      for (const r of h.rows) {
        const s = bySymbol.get(r.symbol) ?? { q: new Decimal(0), v: 0 };
        bySymbol.set(r.symbol, { q: s.q.plus(r.quantity), v: s.v + r.value! });
      }
      const stored = positions.filter((r) => r.date === d.date);
      const nonZero = [...bySymbol].filter(([, s]) => !s.q.isZero());
      expect(stored.map((r) => r.symbol).sort()).toEqual(nonZero.map(([s]) => s).sort());
      for (const r of stored) {
        const s = bySymbol.get(r.symbol)!;
        expect(new Decimal(r.quantity).eq(s.q), `${r.symbol} ${d.date}`).toBe(true);
        expectClose(r.value!, s.v, 1e-11, 1e-6, `${r.symbol} ${d.date}`);
        expectClose(r.weight!, s.v / h.total, 1e-11, 1e-12, `${r.symbol} weight ${d.date}`);
      }
      // and the reference book from the CSV files
      expectClose(d.value!, ref.valueOn(d.date), 1e-11, 1e-6, `reference ${d.date}`);
    }
    // in BTC: the stored history against holdings.get in BTC on the same days
    const demoRow = (await call('portfolios.list', {}))[0]!;
    await call('portfolios.save', { id: demoRow.id, name: 'Demo', baseCurrency: 'BTC' });
    await ensureHistory(app.ctx, p(), noopCall);
    const btc = new Map(historyDays(db, p().id).map((d) => [d.date, d.value!]));
    for (const d of sample.filter((_, i) => i % 3 === 0))
      expectClose(
        btc.get(d.date)!,
        holdingsReport(app.ctx, { asOf: d.date }).total,
        1e-11,
        1e-12,
        d.date,
      );
    await app.close();
  });

  it('weights sum to 1 within 1e-9 on every day the book is worth something', async () => {
    const { app, db, p } = demo();
    await ensureHistory(app.ctx, p(), noopCall);
    const sums = new Map<string, number>();
    for (const r of historyPositions(db, p().id))
      sums.set(r.date, (sums.get(r.date) ?? 0) + r.weight!);
    const days = historyDays(db, p().id);
    expect(days.every((d) => d.value! > 0)).toBe(true);
    expect(sums.size).toBe(days.length);
    for (const [date, s] of sums) expect(Math.abs(s - 1), date).toBeLessThan(1e-9);
    const w = await weightsHistory(app.ctx, {}, noopCall);
    expect(w.series).toHaveLength(9); // 8 + Other
    expect(w.dates).toHaveLength(days.length);
    for (let i = 0; i < w.dates.length; i++)
      expect(Math.abs(w.series.reduce((s, x) => s + x.weights[i]!, 0) - 1)).toBeLessThan(1e-9);
    await app.close();
  });

  it('is built in the background when the demo is first loaded (desktop and browser modes, not the CLI)', async () => {
    const settle = () => new Promise((r) => setTimeout(r, 100));
    const served = boot({ dataDir: tempDir(), mode: 'browser', resourcesDir: RESOURCES });
    await settle();
    const db = served.ctx.store.db;
    expect(historyIsFresh(db, resolvePortfolio(db, undefined))).toBe(true);
    await served.close();
    const cli = demo();
    await settle();
    expect(historyState(cli.db, cli.p().id)).toBeNull();
    await cli.app.close();
  });

  it('an empty portfolio has an empty history, stored as such (no rebuild on the next read)', async () => {
    const { app, call } = demo();
    const runs = countRuns(app);
    await call('portfolios.save', { name: 'Empty', baseCurrency: 'BTC' });
    expect(await call('history.value', { portfolio: 'Empty' })).toEqual({
      baseCurrency: 'BTC',
      points: [],
      warnings: [],
    });
    expect(await call('history.weights', { portfolio: 'Empty' })).toEqual({
      baseCurrency: 'BTC',
      dates: [],
      series: [],
      warnings: [],
    });
    expect(runs.runs).toBe(0); // nothing to value: no worker run
    expect(
      historyState(app.ctx.store.db, resolvePortfolio(app.ctx.store.db, 'Empty').id),
    ).not.toBeNull();
    await app.close();
  });

  it('goes with its portfolio', async () => {
    const { app, db, p } = demo();
    await ensureHistory(app.ctx, p(), noopCall);
    const id = p().id;
    expect(historyDays(db, id).length).toBeGreaterThan(0);
    deletePortfolio(db, id);
    expect(historyDays(db, id)).toEqual([]);
    expect(historyPositions(db, id)).toEqual([]);
    expect(historyState(db, id)).toBeNull();
    await app.close();
  });
});
