import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import type { PortfolioExport } from '../src/shared/export';
import { demoReference } from './helpers/demo-reference';
import { RESOURCES, tempDir } from './helpers/tmp';

const start = (seedDemo = true) =>
  boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES, seedDemo });

describe('whole-portfolio JSON', () => {
  it('the demo exports and reads back into an empty database unchanged', async () => {
    const a = start();
    const doc = await callOrThrow(a.dispatch, 'export.json', {});
    const n = demoReference().book.transactions.length;
    expect(doc.transactions).toHaveLength(n);
    expect(doc.prices.length).toBeGreaterThan(30_000);
    const b = start(false);
    const res = await callOrThrow(b.dispatch, 'import.json', {
      document: JSON.parse(JSON.stringify(doc)),
    });
    expect(res).toMatchObject({ portfolio: 'Demo', transactions: n, notes: [] });
    expect(await callOrThrow(b.dispatch, 'export.json', {})).toEqual(doc);
    expect((await callOrThrow(b.dispatch, 'holdings.get', {})).total).toBeCloseTo(
      (await callOrThrow(a.dispatch, 'holdings.get', {})).total,
      6,
    );
    await a.close();
    await b.close();
  });

  it('refuses a name in use, and a document that is not one, without writing anything', async () => {
    const a = start();
    const doc = await callOrThrow(a.dispatch, 'export.json', { prices: false });
    expect(await a.dispatch('import.json', { document: doc })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const bad = { ...doc, transactions: [{ ...doc.transactions[0]!, quantity: '1e5' }] };
    expect(await a.dispatch('import.json', { document: bad, as: 'Copy' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/transactions\.0\.quantity/) },
    });
    // a ledger that oversells is refused whole: no portfolio, no venue is left behind
    const overs = {
      ...doc,
      transactions: [
        ...doc.transactions,
        {
          date: '2025-01-01',
          kind: 'withdrawal' as const,
          account: 'Kraken',
          instrument: 'LTC',
          quantity: '1000',
        },
      ],
    };
    expect(await a.dispatch('import.json', { document: overs, as: 'Copy' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect((await callOrThrow(a.dispatch, 'portfolios.list', {})).map((p) => p.name)).toEqual([
      'Demo',
    ]);
    expect(
      await callOrThrow(a.dispatch, 'import.json', { document: doc, as: 'Copy' }),
    ).toMatchObject({ portfolio: 'Copy' });
    await a.close();
  });

  it('property: any valid ledger survives export -> import -> export exactly', async () => {
    const decimal = fc
      .tuple(
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 18 }),
        fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
      )
      .map(([i, places, frac]) =>
        places === 0 ? `${i + 1}` : `${i}.${frac.toString().padStart(18, '0').slice(0, places)}`,
      )
      .filter((s) => Number(s) > 0);
    const tx = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      kind: fc.constantFrom('deposit', 'buy'),
      account: fc.constantFrom('Alpha', 'Beta'),
      instrument: fc.constantFrom('BTC', 'ETH', 'SOL'),
      quantity: decimal,
      price: decimal,
      note: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    });
    const app = start();
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(tx, { minLength: 1, maxLength: 25 }), async (txs) => {
        const name = `P${k++}`;
        const doc: PortfolioExport = {
          format: 'keel-portfolio',
          version: 1,
          portfolio: { name, baseCurrency: 'USD' },
          accounts: [
            {
              name: 'Alpha',
              kind: 'exchange',
              custodian: 'Alpha',
              chain: null,
              protocol: null,
              addressLabel: null,
            },
            {
              name: 'Beta',
              kind: 'wallet',
              custodian: 'self',
              chain: 'Ethereum',
              protocol: null,
              addressLabel: '0xabc, "main"',
            },
          ],
          instruments: [],
          transactions: txs
            .map((t) => ({
              date: `2024-02-${String(t.day).padStart(2, '0')}`,
              kind: t.kind,
              account: t.account,
              instrument: t.instrument,
              quantity: t.quantity,
              price: t.price,
              ...(t.kind === 'buy' ? { quote: 'USD' } : {}),
              ...(t.note !== undefined ? { note: t.note } : {}),
            }))
            .sort((a, b) => a.date.localeCompare(b.date)),
          prices: [],
        };
        await callOrThrow(app.dispatch, 'import.json', { document: doc });
        const out = await callOrThrow(app.dispatch, 'export.json', {
          portfolio: name,
          prices: false,
        });
        const copy = await callOrThrow(app.dispatch, 'import.json', {
          document: out,
          as: `${name}-copy`,
        });
        expect(copy.transactions).toBe(txs.length);
        const again = await callOrThrow(app.dispatch, 'export.json', {
          portfolio: `${name}-copy`,
          prices: false,
        });
        expect({ ...again, portfolio: { ...again.portfolio, name } }).toEqual(out);
        expect(out.transactions).toEqual(doc.transactions);
      }),
      { numRuns: 40 },
    );
    await app.close();
  });
});

describe('CSV exports', () => {
  it('transactions and holdings as CSV, quoting what needs it', async () => {
    const app = start();
    const tx = await callOrThrow(app.dispatch, 'export.csv', { what: 'transactions' });
    const lines = tx.csv.trim().split('\n');
    expect(lines[0]).toBe(
      'date,time,kind,account,instrument,quantity,price,quote,fee,feeCurrency,toAccount,counterInstrument,counterQuantity,lpInstrument,lpQuantity,note,fingerprint',
    );
    const ref = demoReference();
    expect(lines).toHaveLength(1 + ref.book.transactions.length);
    expect(lines).toContain(
      '2022-07-01,,deposit,Aave v3 (Ethereum),WSTETH,80.412935771203884512,' +
        lines.find((l) => l.includes('WSTETH'))!.split(',')[6] +
        ',,,,,,,,,demo opening position,',
    );
    const h = await callOrThrow(app.dispatch, 'export.csv', { what: 'holdings' });
    expect(h.fileName).toBe('holdings-2025-02-11.csv');
    expect(h.csv.trim().split('\n')).toHaveLength(1 + ref.rowsOn('2025-02-11').length);
    await app.close();
  });
});
