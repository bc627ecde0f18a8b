import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { boot } from '../src/main/boot';
import { normalGenerator } from '../src/main/engine/stats/random';
import { noopCall } from '../src/main/services/context';
import { historyIsFresh, valueHistory, weightsHistory } from '../src/main/services/history';
import { holdingsReport } from '../src/main/services/holdings';
import { resolvePortfolio, savePortfolio } from '../src/main/services/portfolios';
import { upsertInstrument } from '../src/main/store/instruments';
import { insertLedgerTxs } from '../src/main/store/ledger-tx';
import { insertAccount, insertPortfolio } from '../src/main/store/portfolios';
import { upsertPrices } from '../src/main/store/prices';
import type { LedgerTx } from '../src/shared/ledger';
import { report, sample } from './report';

// The stored history (services/history.ts): a rebuild (read the ledger and closes, value every
// day in the engine, write the rows in one transaction) and the reads the Holdings view makes
// while the history is fresh. Engine tasks run inline here, as in the CLI.

const ROOT = join(__dirname, '..');
const RESOURCES = join(ROOT, 'resources');

/** Makes the stored history stale without changing anything it is computed from. */
const forget = (db: ReturnType<typeof boot>['ctx']['store']['db']) =>
  db.prepare('DELETE FROM history_state').run();

it('history of the demo: rebuild once, then read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-history-'));
  const app = boot({ dataDir: dir, mode: 'cli', resourcesDir: RESOURCES });
  const db = app.ctx.store.db;
  try {
    await valueHistory(app.ctx, {}, noopCall); // warm-up (JIT)
    report(
      'demo history rebuild (1,350 days x 20 instruments)',
      await sample(9, async () => {
        forget(db);
        await valueHistory(app.ctx, {}, noopCall);
      }),
      250,
    );
    const p = resolvePortfolio(db, undefined);
    report(
      'freshness check (versions + closes fingerprint)',
      await sample(21, () => void historyIsFresh(db, p)),
      15,
    );
    report(
      'history.value from the table',
      await sample(21, async () => void (await valueHistory(app.ctx, {}, noopCall))),
      30,
    );
    report(
      'history.weights from the table (top 8 + Other)',
      await sample(21, async () => void (await weightsHistory(app.ctx, {}, noopCall))),
      60,
    );
    report('holdings.get in USD', await sample(21, () => void holdingsReport(app.ctx, {})), 50);
    savePortfolio(app.ctx, { id: p.id, name: p.name, baseCurrency: 'BTC' });
    report(
      'holdings.get in BTC (conversion included)',
      await sample(21, () => void holdingsReport(app.ctx, {})),
      50,
    );
    report(
      'demo history rebuild in BTC',
      await sample(9, async () => {
        forget(db);
        await valueHistory(app.ctx, {}, noopCall);
      }),
      250,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('history of a larger book: 40 instruments, 8 years, 2,000 transactions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-history-'));
  const app = boot({ dataDir: dir, mode: 'cli', resourcesDir: RESOURCES, seedDemo: false });
  const db = app.ctx.store.db;
  try {
    const N = 40;
    const days = 2922;
    const start = Date.UTC(2017, 0, 1);
    const day = (t: number) => new Date(start + t * 86_400_000).toISOString().slice(0, 10);
    const g = normalGenerator(7);
    const symbols = Array.from({ length: N }, (_, i) => `C${i}`);
    db.transaction(() => {
      for (const s of symbols) {
        const id = upsertInstrument(db, {
          symbol: s,
          name: s,
          kind: 'spot',
          assetClass: 'x',
          chain: null,
          attrs: {},
        });
        let price = 10 + g() * g() * 5 + 20;
        const rows = [];
        for (let t = 0; t < days; t++) {
          price *= Math.exp(0.03 * g());
          rows.push({ instrumentId: id, date: day(t), close: Math.max(price, 1e-6), volume: null });
        }
        upsertPrices(db, rows);
      }
      const pid = insertPortfolio(db, 'Big', 'C0', '2025-01-01T00:00:00Z');
      for (const v of ['A', 'B'])
        insertAccount(db, pid, {
          name: v,
          kind: 'exchange',
          custodian: null,
          chain: null,
          protocol: null,
        });
      const txs: LedgerTx[] = [];
      for (let k = 0; k < 2000; k++) {
        const t = Math.floor((k / 2000) * (days - 1));
        txs.push({
          date: day(t),
          kind: 'deposit',
          account: k % 2 ? 'A' : 'B',
          instrument: symbols[k % N]!,
          quantity: String(1 + (k % 7)),
          price: '10',
        });
      }
      insertLedgerTxs(db, pid, txs, null, ['USD']);
    })();
    await valueHistory(app.ctx, {}, noopCall);
    const rows = (db.prepare('SELECT count(*) AS n FROM history_positions').get() as { n: number })
      .n;
    report(
      `rebuild, base C0 (${rows.toLocaleString('en-US')} instrument-days)`,
      await sample(5, async () => {
        forget(db);
        await valueHistory(app.ctx, {}, noopCall);
      }),
      1500,
    );
    report(
      'history.value from the table (2,922 days)',
      await sample(11, async () => void (await valueHistory(app.ctx, {}, noopCall))),
      50,
    );
    report(
      'history.weights from the table (top 8 + Other)',
      await sample(11, async () => void (await weightsHistory(app.ctx, {}, noopCall))),
      250,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
