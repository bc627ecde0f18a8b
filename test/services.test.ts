import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { noopCall } from '../src/main/services/context';
import { derivativeExposures } from '../src/main/services/derivative-exposure';
import { hedgeInput } from '../src/main/services/hedge';
import { getHoldings } from '../src/main/services/holdings';
import { positionRisk } from '../src/main/engine/derivatives/position-value';
import { HedgeParams } from '../src/shared/hedge';
import { loadDemo } from '../src/main/services/demo';
import { valueHistory } from '../src/main/services/history';
import { instruments, prices } from '../src/main/services/catalog';
import { upsertInstrument } from '../src/main/store/instruments';
import { insertLedgerTxs } from '../src/main/store/ledger-tx';
import { insertAccount, insertPortfolio } from '../src/main/store/portfolios';
import { upsertPrices } from '../src/main/store/prices';
import { KeelError } from '../src/shared/errors';
import type { LedgerTx } from '../src/shared/ledger';
import { demoReference, type RefRow } from './helpers/demo-reference';
import { RESOURCES, tempDir } from './helpers/tmp';
import { expectClose, loadFixture } from './risk/_reference';

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

  /** The reference row of a holdings row (a debt row is the one named '… (borrowed)'). */
  const refRow = (rows: RefRow[], row: { account: string; symbol: string; name: string }) =>
    rows.find(
      (x) =>
        x.account === row.account &&
        x.symbol === row.symbol &&
        x.debt === row.name.endsWith('(borrowed)'),
    )!;

  it('values every position at the as-of close read straight from the CSV, and weights sum to 1', async () => {
    const app = start();
    const r = getHoldings(app.ctx, {});
    const rows = ref.rowsOn('2025-02-11');
    expect(r.rows).toHaveLength(rows.length);
    for (const row of r.rows) {
      const x = refRow(rows, row);
      expect(row.quantity).toBe(x.quantity);
      expect(row.price).toBe(x.close);
      expect(row.value).toBeCloseTo(x.value, 6);
    }
    expect(r.total).toBeCloseTo(ref.valueOn('2025-02-11'), 4);
    expect(r.rows.reduce((s, x) => s + x.weight!, 0)).toBeCloseTo(1, 12);
    expect(r.warnings).toEqual([]);
    await app.close();
  });

  it("carries each position's cost basis (a deposit: quantity x close on its day) and its unrealised P&L", async () => {
    const app = start();
    const r = getHoldings(app.ctx, {});
    const rows = ref.rowsOn('2025-02-11');
    for (const row of r.rows) {
      const x = refRow(rows, row);
      if (x.debt) continue;
      // margined positions carry no cost: their value is their unrealised P&L
      const basis = x.margined ? 0 : x.basis;
      expect(row.costBasis).toBeCloseTo(basis, 4);
      expect(row.unrealisedPnl).toBeCloseTo(row.value! - basis, 4);
      const txs = ref.book.transactions.filter(
        (t) => t.account === row.account && t.symbol === row.symbol,
      );
      if (txs.length === 1 && txs[0]!.kind === 'deposit')
        expect(row.costBasis).toBeCloseTo(
          Number(txs[0]!.quantity) * ref.closeOn(row.symbol, txs[0]!.date)!,
          4,
        );
    }
    expect(r.realisedPnl).toBeCloseTo(ref.realisedOn('2025-02-11'), 6);
    expect(r.costMethod).toBe('fifo');
    await app.close();
  });

  it('holds derivatives and a loan: Deribit options, Binance perpetuals at unrealised P&L, an Aave USDC debt', async () => {
    const app = start();
    const r = getHoldings(app.ctx, {});
    const perp = r.rows.find((x) => x.symbol === 'BTCUSDT-PERP')!;
    // opened short 1.5 on 2025-01-08 at that day's close (the trade's price in the file)
    const open = ref.book.transactions.find((t) => t.symbol === 'BTCUSDT-PERP')!;
    expect(open).toMatchObject({ kind: 'futures_trade', quantity: '-1.5', date: '2025-01-08' });
    expect(perp.value).toBeCloseTo(-1.5 * (perp.price! - Number(open.price)), 6);
    expect(perp.costBasis).toBe(0);
    const debt = r.rows.find((x) => x.name.endsWith('(borrowed)'))!;
    expect(debt).toMatchObject({
      account: 'Aave v3 (Ethereum)',
      symbol: 'USDC',
      quantity: '-260000',
    });
    expect(
      r.rows
        .filter((x) => x.account === 'Deribit' && x.symbol.includes('-'))
        .map((x) => x.symbol)
        .sort(),
    ).toEqual(['BTC-27JUN25-120000-C', 'BTC-28MAR25-90000-P', 'ETH-28MAR25-3200-C']);
    const put = instruments(app.ctx).find((i) => i.symbol === 'BTC-28MAR25-90000-P')!;
    expect(put).toMatchObject({ kind: 'option', modelled: true });
    expect(put.attrs).toMatchObject({
      underlying: 'BTC',
      strike: 90000,
      expiry: '2025-03-28',
      right: 'put',
      contractType: 'inverse',
    });
    const wst = instruments(app.ctx).find((i) => i.symbol === 'WSTETH')!;
    expect(wst.attrs).toMatchObject({
      liquidationThreshold: 0.81,
      collateralFactor: 0.785,
      liquidationBonus: 0.06,
    });
    // the option chain of the as-of day is in option_quotes, as a chain import writes it
    const db = app.ctx.store.db;
    const chainRows =
      readFileSync(join(RESOURCES, 'demo', 'option-chain.csv'), 'utf8')
        .trim()
        .split('\n').length - 1;
    expect(
      db.prepare('SELECT count(*) AS n FROM option_quotes WHERE date = ?').get('2025-02-11'),
    ).toEqual({ n: chainRows });
    expect(
      db
        .prepare(
          "SELECT underlying, expiry, strike, right FROM option_quotes WHERE instrument = 'ETH-28MAR25-3200-C'",
        )
        .get(),
    ).toEqual({
      underlying: 'ETH',
      expiry: '2025-03-28',
      strike: 3200,
      right: 'call',
    });
    await app.close();
  });

  it('holdings as of an earlier day include only what was held then', async () => {
    const app = start();
    const r = getHoldings(app.ctx, { asOf: '2021-06-01' });
    expect(r.rows.map((x) => x.symbol).sort()).toEqual(
      ref
        .rowsOn('2021-06-01')
        .map((t) => t.symbol)
        .sort(),
    );
    expect(r.total).toBeCloseTo(ref.valueOn('2021-06-01'), 4);
    expect(getHoldings(app.ctx, { asOf: '2020-01-01' }).rows).toEqual([]);
    await app.close();
  });

  it('models its option chain and option marks as specified: Black-76 on the forward with the SVI smile (scipy reference)', () => {
    // expected values: scripts/reference/gen_demo_chain.py recomputes the model from its
    // specification with scipy.stats.norm (see its header)
    const fx = loadFixture<{
      chain: { instrument: string; forward: number; iv: number; mark: number }[];
      marks: { symbol: string; date: string; usd: number }[];
    }>('demo_chain.json');
    const lines = readFileSync(join(RESOURCES, 'demo', 'option-chain.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'instrument,underlying_price,mark_price,mark_iv,bid,ask,open_interest,date',
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(fx.chain.length);
    expect(rows).toHaveLength(2 * 5 * (21 + 15)); // calls and puts, 5 expiries, BTC and ETH strikes
    const byName = new Map(rows.map((r) => [r[0]!, r]));
    for (const e of fx.chain) {
      const [, f, mark, iv, bid, ask] = byName.get(e.instrument)!;
      expectClose(Number(f), e.forward, 0, 0.011, `${e.instrument} forward`);
      expectClose(Number(iv), e.iv, 0, 0.011, `${e.instrument} iv`);
      expectClose(Number(mark), e.mark, 1e-6, 6e-9, `${e.instrument} mark`);
      if (bid) expect(Number(bid)).toBeLessThanOrEqual(Number(mark));
      expect(Number(ask)).toBeGreaterThanOrEqual(Number(mark));
    }
    // put-call parity, undiscounted and in coin: C - P = (F - K) / F
    for (const [name, f, mark] of rows.filter((r) => r[0]!.endsWith('-C'))) {
      const put = byName.get(name!.replace(/-C$/, '-P'))!;
      const strike = Number(name!.split('-')[2]);
      expectClose(
        Number(mark) - Number(put[2]),
        (Number(f) - strike) / Number(f),
        0,
        2e-8,
        `${name} parity`,
      );
    }
    // the daily USD marks of the held options, and the premiums they were traded at
    for (const m of fx.marks)
      expectClose(ref.closeOn(m.symbol, m.date)!, m.usd, 1e-6, 0.01, `${m.symbol} ${m.date}`);
    for (const t of ref.book.transactions.filter((x) => x.kind === 'option_trade')) {
      const m = fx.marks.find((x) => x.symbol === t.symbol && x.date === t.date)!;
      expectClose(Number(t.price), m.usd, 0, 0.0051, `${t.symbol} premium on ${t.date}`);
    }
  });

  it('the value history starts at the first deposit and matches the CSV on sampled days', async () => {
    const app = start();
    const h = await valueHistory(app.ctx, {}, noopCall);
    expect(h.points[0]!.date).toBe('2021-06-01');
    expect(h.points[h.points.length - 1]!.date).toBe('2025-02-11');
    expect(h.warnings).toEqual([]);
    for (const day of [
      '2021-06-01',
      '2022-06-18',
      '2022-11-09',
      '2023-03-11',
      '2025-01-06',
      '2025-01-20',
      '2025-02-05',
      '2025-02-11',
    ]) {
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

describe('a demo whose ledger does not apply', () => {
  it('loads nothing and says which transaction is wrong', async () => {
    const res = tempDir();
    cpSync(RESOURCES, res, { recursive: true });
    const book = JSON.parse(readFileSync(join(res, 'demo', 'portfolio.json'), 'utf8'));
    // a loss no USDT balance can pay
    book.transactions.push({
      date: '2025-02-11',
      account: 'Binance',
      symbol: 'USDT',
      kind: 'funding',
      quantity: '-1000000000',
      price: '1',
    });
    writeFileSync(join(res, 'demo', 'portfolio.json'), JSON.stringify(book));
    const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: res, seedDemo: false });
    expect(() => loadDemo(app.ctx, { reset: false })).toThrow(
      /demo ledger does not apply.*cannot pay funding of 1000000000 USDT/,
    );
    const db = app.ctx.store.db;
    for (const t of ['portfolios', 'transactions', 'option_quotes'])
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
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
    instruments: { symbol: string; kind: string; attrs?: Record<string, unknown> }[],
    closes: Record<string, number[]>,
    txs: LedgerTx[],
  ) {
    const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES, seedDemo: false });
    const db = app.ctx.store.db;
    const ids = new Map(
      instruments.map((i) => [
        i.symbol,
        upsertInstrument(db, {
          ...i,
          name: i.symbol,
          assetClass: 'x',
          chain: null,
          attrs: i.attrs ?? {},
        }),
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
      insertAccount(db, pid, {
        name,
        kind: 'exchange',
        custodian: null,
        chain: null,
        protocol: null,
      });
    insertLedgerTxs(db, pid, txs, null, ['USD']);
    return app;
  }
  const base = { quote: 'USDT', account: 'Binance', instrument: 'BTCUSDT-PERP' } as const;
  // the inverse-perpetual books: 1 BTC at Deribit, a BTC-PERPETUAL long opened at 40,000
  const inv = { account: 'Deribit', instrument: 'BTC-PERPETUAL', quote: 'BTC' } as const;
  const deribitBtc: LedgerTx = {
    date: days[0]!,
    kind: 'deposit',
    account: 'Deribit',
    instrument: 'BTC',
    quantity: '1',
    price: '40000',
  };
  const openInverse = (face: string): LedgerTx => ({
    ...inv,
    date: days[0]!,
    kind: 'inverse_futures_trade',
    quantity: face,
    price: '40000',
  });

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
        {
          date: days[0]!,
          kind: 'deposit',
          account: 'Binance',
          instrument: 'USDT',
          quantity: '1000',
          price: '1',
        },
        { ...base, date: days[0]!, kind: 'futures_trade', quantity: '-2', price: '100', fee: '1' },
        { ...base, date: days[2]!, kind: 'futures_trade', quantity: '1', price: '90' },
        { ...base, date: days[3]!, kind: 'futures_trade', quantity: '-1', price: '120' },
      ],
    );
    const h = getHoldings(app.ctx, {});
    expect(h.asOf).toBe(days[4]);
    const perp = h.rows.find((r) => r.symbol === 'BTCUSDT-PERP')!;
    expect(perp).toMatchObject({
      quantity: '-2',
      price: 130,
      value: -40,
      costBasis: 0,
      unrealisedPnl: -40,
      // lots -1 @ 100 and -1 @ 120
      entryPrice: 110,
    });
    expect(h.rows.find((r) => r.symbol === 'USDT')).toMatchObject({
      quantity: '1009',
      value: 1009,
    });
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
    const app = book(
      [
        { symbol: 'BTC', kind: 'spot' },
        {
          symbol: 'BTC-PERPETUAL',
          kind: 'perpetual',
          // a Deribit contract is 10 USD: the ledger's quantity is the face, already multiplied
          attrs: { underlying: 'BTC', contractType: 'inverse', contractSize: 10 },
        },
      ],
      { BTC: [40_000, 49_000, 50_000, 52_000, 48_000], 'BTC-PERPETUAL': [40_000, 50_000, 50_000] },
      [
        deribitBtc,
        openInverse('10000'),
        {
          ...inv,
          date: days[2]!,
          kind: 'inverse_futures_trade',
          quantity: '-10000',
          price: '50000',
        },
      ],
    );
    const open = getHoldings(app.ctx, { asOf: days[1] });
    expect(open.rows.find((r) => r.symbol === 'BTC-PERPETUAL')).toMatchObject({
      quantity: '10000',
      price: 50_000,
      costBasis: 0,
    });
    expect(open.rows.find((r) => r.symbol === 'BTC-PERPETUAL')!.value).toBeCloseTo(2450, 9);
    expect(open.rows.find((r) => r.symbol === 'BTC-PERPETUAL')!.entryPrice).toBeCloseTo(40_000, 9);
    expect(open.total).toBeCloseTo(51_450, 9);
    // Risk sees 10,000 / 40,000 = 0.25 BTC (at BTC's 49,000), short 10,000 USD of funding;
    // the Hedge view's delta of the perpetual is the same 0.25 BTC.
    // (no stablecoin in this book to finance it: Risk leaves it out, and says so)
    const perpRow = open.rows.find((r) => r.symbol === 'BTC-PERPETUAL')!;
    const none = derivativeExposures(app.ctx, open);
    expect(none.get(perpRow)).toBeNull();
    expect(none.warnings.join(' ')).toMatch(/BTC-PERPETUAL left out.*USDT or USDC/);
    const { engine } = hedgeInput(app.ctx, {
      asOf: days[1],
      params: HedgeParams.parse({}),
    });
    const perpEntry = engine.entries.find((e) => e.symbol === 'BTC-PERPETUAL')!;
    expect(perpEntry.position).toMatchObject({
      entryPrice: 40_000,
      quantity: 10_000,
      contractSize: 1,
    });
    const risk = positionRisk(perpEntry.position, { spot: 49_000, rate: 0, vol: 0.5 });
    expect(risk.delta).toBeCloseTo(0.25, 12);
    const hist = await valueHistory(app.ctx, {}, noopCall);
    const want = [40_000, 51_450, 52_500, 54_600, 50_400];
    expect(hist.points.map((p) => p.date)).toEqual(days);
    hist.points.forEach((p, t) => expect(p.value).toBeCloseTo(want[t]!, 8));
    await app.close();
  });

  it('an inverse perpetual in Risk: q / entry coins of the underlying, the rest in stablecoin', async () => {
    // 1 BTC and 1,000 USDT; long 10,000 USD face @ 40,000 on day 1; day 2: BTC 49,000, mark
    // 50,000. Value (0.25 - 0.2) x 49,000 = 2,450; exposure 0.25 x 49,000 = 12,250; the
    // stablecoin leg takes 2,450 - 12,250 = -9,800.
    const app = book(
      [
        { symbol: 'BTC', kind: 'spot' },
        { symbol: 'USDT', kind: 'stablecoin' },
        {
          symbol: 'BTC-PERPETUAL',
          kind: 'perpetual',
          // no contractType: the ledger's booking (inverse futures trades) decides
          attrs: { underlying: 'BTC', contractSize: 10 },
        },
      ],
      {
        BTC: [40_000, 49_000],
        USDT: [1, 1],
        'BTC-PERPETUAL': [40_000, 50_000],
      },
      [
        deribitBtc,
        {
          date: days[0]!,
          kind: 'deposit',
          account: 'Deribit',
          instrument: 'USDT',
          quantity: '1000',
          price: '1',
        },
        openInverse('10000'),
      ],
    );
    const h = getHoldings(app.ctx, { asOf: days[1] });
    const perp = h.rows.find((r) => r.symbol === 'BTC-PERPETUAL')!;
    expect(perp.value).toBeCloseTo(2450, 9);
    const e = derivativeExposures(app.ctx, h).get(perp)!;
    expect(e).toMatchObject({ underlying: 'BTC', funding: 'USDT' });
    expect(e.exposure).toBeCloseTo(12_250, 9);
    await app.close();
  });

  it('a coin-margined perpetual gets a margin row: cross on the coins held, isolated at 10x', async () => {
    // 1 BTC at Deribit; long 30,000 USD face @ 40,000; day 2 mark 50,000. Flat 1 % maintenance
    // on the coin notional Q/P. Cross, wallet C = 1 BTC: C + Q/E - Q/P = 0.01 Q/P
    //   => P = 1.01 Q / (C + Q/E) = 30,300 / 1.75 = 17,314.2857…
    // Isolated: the position re-opened at the mark with margin Q/mark / 10 = 0.06 BTC:
    //   0.06 + Q/mark - Q/P = 0.01 Q/P  =>  P = 30,300 / (0.06 + 0.6) = 45,909.0909…
    const app = book(
      [
        { symbol: 'BTC', kind: 'spot', attrs: {} },
        {
          symbol: 'BTC-PERPETUAL',
          kind: 'perpetual',
          attrs: { underlying: 'BTC', contractType: 'inverse' },
        },
      ],
      { BTC: [40_000, 50_000], 'BTC-PERPETUAL': [40_000, 50_000] },
      [deribitBtc, openInverse('30000')],
    );
    const r = await callOrThrow(app.dispatch, 'hedge.report', { asOf: days[1] });
    const row = r.perps.find((p) => p.symbol === 'BTC-PERPETUAL')!;
    expect(row).toBeDefined();
    expect(row.liquidationPrice!).toBeCloseTo(30_300 / 1.75, 6);
    expect(row.isolatedLiquidationPrice!).toBeCloseTo(30_300 / 0.66, 6);
    // shown in USD: the face, today's P&L 0.15 BTC, maintenance 0.006 BTC, wallet 1 BTC, at 50,000
    expect(row.notional).toBeCloseTo(30_000, 8);
    expect(row.unrealisedPnl).toBeCloseTo(7_500, 8);
    expect(row.maintenanceMargin).toBeCloseTo(300, 8);
    expect(row.collateral).toBeCloseTo(50_000, 8);
    expect(row.note).toMatch(/cross margin on the 1 BTC in Deribit/);
    expect(r.warnings.join(' ')).not.toMatch(/coin-margined/);
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
        {
          date: days[0]!,
          kind: 'deposit',
          account: 'Aave',
          instrument: 'ETH',
          quantity: '1',
          price: '2000',
        },
        { ...aave, date: days[1]!, kind: 'borrow', quantity: '1000', price: '1' },
        { ...aave, date: days[3]!, kind: 'repay', quantity: '400' },
      ],
    );
    const h = getHoldings(app.ctx, { asOf: days[2] });
    expect(h.rows.filter((r) => r.symbol === 'USDC')).toEqual([
      expect.objectContaining({ quantity: '1000', value: 990 }),
      expect.objectContaining({
        quantity: '-1000',
        value: -990,
        name: 'USDC (borrowed)',
        costBasis: 0,
      }),
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
      [
        {
          date: days[0]!,
          kind: 'deposit',
          account: 'Binance',
          instrument: 'BTCUSDT-PERP',
          quantity: '1',
          price: '100',
        },
      ],
    );
    expect(getHoldings(app.ctx, {}).warnings).toEqual([
      'BTCUSDT-PERP is a perpetual but was booked as an ordinary holding: it is valued at its notional. Book it with futures trades.',
    ]);
    await app.close();
  });
});
