import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { REPO, RESOURCES, tempDir } from './helpers/tmp';

const FIX = join(__dirname, 'fixtures', 'import');
const start = (dataDir = tempDir()) => boot({ dataDir, mode: 'cli', resourcesDir: RESOURCES });
const count = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('importing trades', () => {
  it('a dry run reports and writes nothing; a commit with rejected rows is refused whole', async () => {
    const app = start();
    const db = app.ctx.store.db;
    const before = count(db, 'transactions');
    const dry = await callOrThrow(app.dispatch, 'import.run', {
      kind: 'trades',
      path: join(FIX, 'binance-spot-trades.csv'),
      preset: 'binance',
    });
    expect(dry).toMatchObject({
      dryRun: true,
      parsed: 12,
      accepted: 10,
      rejectedCount: 2,
      inserted: 0,
    });
    expect(dry.rejected.map((r) => r.line)).toEqual([8, 12]);
    expect(count(db, 'transactions')).toBe(before);
    const refused = await app.dispatch('import.run', {
      kind: 'trades',
      path: join(FIX, 'binance-spot-trades.csv'),
      preset: 'binance',
      dryRun: false,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.stringMatching(/2 row\(s\).*Nothing was imported/),
      },
    });
    expect(count(db, 'transactions')).toBe(before);
    expect(count(db, 'imports')).toBe(0);
    await app.close();
  });

  it('commits the accepted rows at once, and a second import of the same file adds nothing', async () => {
    const app = start();
    const db = app.ctx.store.db;
    const before = count(db, 'transactions');
    const args = {
      kind: 'trades' as const,
      path: join(FIX, 'binance-spot-trades.csv'),
      preset: 'binance',
      dryRun: false,
      allowRejected: true,
    };
    const first = await callOrThrow(app.dispatch, 'import.run', args);
    expect(first).toMatchObject({ inserted: 10, skipped: 0 });
    expect(count(db, 'transactions')).toBe(before + 10);
    const again = await callOrThrow(app.dispatch, 'import.run', args);
    expect(again).toMatchObject({ inserted: 0, skipped: 10 });
    expect(count(db, 'transactions')).toBe(before + 10);
    // the file's two identical fills (same second) are two trades, both kept
    const fills = db
      .prepare(
        "SELECT count(*) AS n FROM transactions WHERE date = '2024-01-03' AND quantity = '0.05'",
      )
      .get() as { n: number };
    expect(fills.n).toBe(2);
    await app.close();
  });

  it('the same file uploaded as content (browser mode) gives the same result', async () => {
    const app = start();
    const { readFileSync } = await import('node:fs');
    const r = await callOrThrow(app.dispatch, 'import.run', {
      kind: 'trades',
      content: readFileSync(join(FIX, 'binance-spot-trades.csv'), 'utf8'),
      fileName: 'binance.csv',
      preset: 'binance',
    });
    expect(r).toMatchObject({ file: 'binance.csv', parsed: 12, accepted: 10, rejectedCount: 2 });
    await app.close();
  });

  it('an unknown preset names the ones there are', async () => {
    const app = start();
    expect(
      await app.dispatch('import.run', {
        kind: 'trades',
        path: join(FIX, 'binance-spot-trades.csv'),
        preset: 'ftx',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: expect.stringMatching(/binance, coinbase, kraken, deribit/),
      },
    });
    await app.close();
  });
});

describe('importing prices', () => {
  it('inserts new closes and skips those already stored', async () => {
    const app = start();
    const db = app.ctx.store.db;
    const file = join(tempDir(), 'p.csv');
    writeFileSync(
      file,
      'date,asset,close\n2025-02-12,BTC,96000.5\n2025-02-13,BTC,97000\n2025-02-11,BTC,1\n',
    );
    const r = await callOrThrow(app.dispatch, 'import.run', {
      kind: 'prices',
      path: file,
      dryRun: false,
    });
    expect(r).toMatchObject({ parsed: 3, inserted: 2, skipped: 1 });
    // the stored 2025-02-11 close is not overwritten by the file's 1
    expect(
      db
        .prepare(
          "SELECT close FROM prices p JOIN instruments i ON i.id = p.instrument_id WHERE symbol = 'BTC' AND date = '2025-02-11'",
        )
        .get(),
    ).toEqual({ close: 95057.53906 });
    await app.close();
  });
});

describe('prices parsed in the import worker', () => {
  it('give the same result as parsing inline, and refuse a file with rejected rows whole', async () => {
    const worker = join(tempDir(), 'import-worker.js');
    buildSync({
      entryPoints: [join(REPO, 'src/main/workers/import-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: worker,
      logLevel: 'silent',
    });
    const app = start();
    const db = app.ctx.store.db;
    (app.ctx as { importWorkerFile?: string }).importWorkerFile = worker;
    const file = join(tempDir(), 'p.csv');
    const rows = ['date,asset,close,volume'];
    for (let d = 0; d < 3000; d++)
      rows.push(
        `${new Date(Date.UTC(2025, 1, 12) + d * 86_400_000).toISOString().slice(0, 10)},ETH,${2000 + d},${d}`,
      );
    writeFileSync(file, rows.join('\n'));
    const before = count(db, 'prices');
    const r = await callOrThrow(app.dispatch, 'import.run', {
      kind: 'prices',
      path: file,
      dryRun: false,
    });
    expect(r).toMatchObject({ parsed: 3000, inserted: 3000, skipped: 0 });
    expect(count(db, 'prices')).toBe(before + 3000);
    expect(
      db
        .prepare(
          "SELECT close, volume FROM prices p JOIN instruments i ON i.id = p.instrument_id WHERE symbol = 'ETH' AND date = '2025-02-13'",
        )
        .get(),
    ).toEqual({ close: 2001, volume: 1 });
    writeFileSync(file, 'date,asset,close\n2035-01-01,ETH,5\n2035-01-02,ETH,oops\n');
    expect(
      await app.dispatch('import.run', { kind: 'prices', path: file, dryRun: false }),
    ).toMatchObject({ ok: false, error: { message: expect.stringMatching(/line 3/) } });
    expect(count(db, 'prices')).toBe(before + 3000);
    await app.close();
  });
});

describe('a killed import', () => {
  it('leaves the database intact and none of the import visible', async () => {
    const dataDir = tempDir();
    const app = start(dataDir);
    const pricesBefore = count(app.ctx.store.db, 'prices');
    await app.close();
    // a large prices file: 15 symbols x 40,000 future days = 600,000 rows
    const file = join(tempDir(), 'big.csv');
    const symbols = [
      'BTC',
      'ETH',
      'SOL',
      'BNB',
      'XRP',
      'ADA',
      'AVAX',
      'DOT',
      'LTC',
      'DOGE',
      'LINK',
      'MATIC',
      'USDT',
      'USDC',
      'WSTETH',
    ];
    const lines = ['date,asset,close'];
    for (let d = 0; d < 40_000; d++) {
      const day = new Date(Date.UTC(2025, 1, 12) + d * 86_400_000).toISOString().slice(0, 10);
      for (const s of symbols) lines.push(`${day},${s},${100 + (d % 50)}`);
    }
    writeFileSync(file, lines.join('\n'));
    // run the real CLI path in a child process, built from source, and kill it mid-import
    const cli = join(tempDir(), 'cli.cjs');
    buildSync({
      entryPoints: [join(REPO, 'src/main/cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: cli,
      external: ['better-sqlite3'],
      loader: { '.sql': 'text' },
      logLevel: 'silent',
    });
    const child = spawn(
      process.execPath,
      [cli, 'import', file, '--kind', 'prices', '--data-dir', dataDir],
      { cwd: REPO, env: { ...process.env, NODE_PATH: join(REPO, 'node_modules') }, stdio: 'pipe' },
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(child.exitCode).toBeNull(); // still working when killed
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const db = new Database(join(dataDir, 'keel.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(db, 'prices')).toBe(pricesBefore);
    expect(count(db, 'imports')).toBe(0);
    db.close();
  }, 60_000);
});

describe('importing a Deribit log over an earlier version’s import', () => {
  it('warns that futures rows booked as fees and session P&L would count twice', async () => {
    const app = start();
    const dry = () =>
      callOrThrow(app.dispatch, 'import.run', {
        kind: 'trades',
        path: join(FIX, 'deribit-transaction-log.csv'),
        preset: 'deribit',
      });
    expect((await dry()).notes.join(' ')).not.toMatch(/earlier import/);
    // a row as the first Deribit preset wrote it
    await callOrThrow(app.dispatch, 'transactions.add', {
      tx: {
        date: '2025-01-10',
        kind: 'funding',
        account: 'Binance',
        instrument: 'BTC',
        quantity: '0.0012',
        price: '95000',
        note: 'session P&L BTC-PERPETUAL',
      },
    });
    expect((await dry()).notes.join(' ')).toMatch(
      /holds 1 Deribit futures rows from an earlier import .* count twice/,
    );
    await app.close();
  });
});
