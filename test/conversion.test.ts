import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { noopCall } from '../src/main/services/context';
import { valueHistory } from '../src/main/services/history';
import { demoReference } from './helpers/demo-reference';
import { RESOURCES, tempDir } from './helpers/tmp';

describe('prices quoted in another currency', () => {
  it('a close quoted in BTC is valued through BTC’s own USD close of the day (worked by hand)', async () => {
    const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES });
    const d = app.dispatch;
    const ref = demoReference();
    await callOrThrow(d, 'instruments.save', {
      instrument: {
        symbol: 'XMR',
        name: 'Monero',
        kind: 'spot',
        assetClass: 'L1',
        quoteCurrency: 'BTC',
      },
    });
    const db = app.ctx.store.db;
    const id = (
      db.prepare("SELECT id FROM instruments WHERE symbol = 'XMR'").get() as { id: number }
    ).id;
    const put = db.prepare('INSERT INTO prices (instrument_id, date, close) VALUES (?, ?, ?)');
    put.run(id, '2025-02-10', 0.0021);
    put.run(id, '2025-02-11', 0.002);
    await callOrThrow(d, 'transactions.add', {
      tx: {
        date: '2025-02-10',
        kind: 'deposit',
        account: 'Kraken',
        instrument: 'XMR',
        quantity: '10',
        price: '200',
      },
    });
    const h = await callOrThrow(d, 'holdings.get', {});
    const xmr = h.rows.find((r) => r.symbol === 'XMR')!;
    // 0.002 BTC x 95,057.53906 USD/BTC = 190.11507812 USD a coin
    const btc = ref.closeOn('BTC', '2025-02-11')!;
    expect(xmr.price).toBeCloseTo(0.002 * btc, 9);
    expect(xmr.value).toBeCloseTo(10 * 0.002 * btc, 8);
    // the value history uses the same conversion day by day
    const hist = await valueHistory(app.ctx, {}, noopCall);
    const last = hist.points.find((p) => p.date === '2025-02-11')!.value;
    const prev = hist.points.find((p) => p.date === '2025-02-10')!.value;
    expect(last).toBeCloseTo(ref.valueOn('2025-02-11') + 10 * 0.002 * btc, 4);
    expect(prev).toBeCloseTo(
      ref.valueOn('2025-02-10') + 10 * 0.0021 * ref.closeOn('BTC', '2025-02-10')!,
      4,
    );
    await app.close();
  });

  it('a quote currency with no prices of its own leaves the position unpriced, with a warning', async () => {
    const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES });
    const d = app.dispatch;
    await callOrThrow(d, 'instruments.save', {
      instrument: {
        symbol: 'TOK',
        name: 'Token',
        kind: 'spot',
        assetClass: 'L1',
        quoteCurrency: 'JPY',
      },
    });
    const db = app.ctx.store.db;
    const id = (
      db.prepare("SELECT id FROM instruments WHERE symbol = 'TOK'").get() as { id: number }
    ).id;
    db.prepare('INSERT INTO prices (instrument_id, date, close) VALUES (?, ?, ?)').run(
      id,
      '2025-02-11',
      150,
    );
    await callOrThrow(d, 'transactions.add', {
      tx: {
        date: '2025-02-10',
        kind: 'deposit',
        account: 'Kraken',
        instrument: 'TOK',
        quantity: '1',
        price: '1',
      },
    });
    const h = await callOrThrow(d, 'holdings.get', {});
    expect(h.rows.find((r) => r.symbol === 'TOK')).toMatchObject({ price: null, value: null });
    expect(h.warnings.join(' ')).toMatch(/No price for TOK/);
    await app.close();
  });
});
