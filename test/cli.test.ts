import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, runCli } from '../src/main/cli/run';
import { keel } from './helpers/keel';
import { migrations } from '../src/main/store/migrations';
import { demoReference } from './helpers/demo-reference';
import { RESOURCES, tempDir } from './helpers/tmp';

describe('keel CLI', () => {
  it('--help lists every command', async () => {
    const r = await keel('--help');
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.out).toContain(c.name);
    expect(r.out).toContain('serve');
  });

  it('keel holdings --json prints the demo book as JSON on stdout', async () => {
    const dir = tempDir();
    const r = await keel('holdings', '--json', '--data-dir', dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out);
    const ref = demoReference();
    expect(report.portfolio.name).toBe('Demo');
    expect(report.rows).toHaveLength(ref.rowsOn('2025-02-11').length);
    expect(report.total).toBeCloseTo(ref.valueOn('2025-02-11'), 4);
    const asOf = JSON.parse(
      (await keel('holdings', '--json', '--as-of', '2021-06-01', '--data-dir', dir)).out,
    );
    expect(asOf.total).toBeCloseTo(ref.valueOn('2021-06-01'), 4);
  });

  it('the table form shows a totals line with thousands separators', async () => {
    const r = await keel('holdings', '--data-dir', tempDir());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Total\s+[\d,]+\.\d\d\s+100\.00 %$/m);
  });

  it('keel demo loads, refuses a second load, and --reset reloads', async () => {
    const dir = tempDir();
    const first = await keel('demo', '--data-dir', dir);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({
      portfolio: 'Demo',
      instruments: demoReference().book.instruments.length,
      asOf: '2025-02-11',
    });
    const again = await keel('demo', '--data-dir', dir);
    expect(again.code).toBe(1);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/exists already.*--reset/);
    expect((await keel('demo', '--reset', '--data-dir', dir)).code).toBe(0);
  });

  it('errors go to stderr with a non-zero code: bad input 1, usage 2', async () => {
    const dir = tempDir();
    const bad = await keel('holdings', '--as-of', '2024-02-30', '--data-dir', dir);
    expect(bad).toMatchObject({ code: 1, out: '' });
    expect(bad.err).toContain('asOf: not a real calendar day');
    const unknown = await keel('holdings', '--portfolio', 'Nope', '--data-dir', dir);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("No portfolio named 'Nope'");
    expect((await keel('holdings', '--frobnicate')).code).toBe(2);
    expect((await keel('frobnicate')).code).toBe(2);
  });

  it('reads KEEL_DATA_DIR when --data-dir is absent', async () => {
    const dir = tempDir();
    const out: string[] = [];
    const code = await runCli(
      ['info'],
      { out: (t) => out.push(t), err: () => {} },
      { resourcesDir: RESOURCES, env: { KEEL_DATA_DIR: dir } },
    );
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({
      dataDir: dir,
      mode: 'cli',
      schemaVersion: migrations[migrations.length - 1]!.id,
      demo: { asOf: '2025-02-11' },
    });
  });
});

describe('keel export', () => {
  it('writes the portfolio JSON and CSVs; bad formats are usage errors', async () => {
    const dir = tempDir();
    const json = await keel('export', '--format', 'json', '--no-prices', '--data-dir', dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      format: 'keel-portfolio',
      portfolio: { name: 'Demo' },
      prices: [],
    });
    const csv = await keel('export', '--format', 'csv', '--what', 'holdings', '--data-dir', dir);
    expect(csv.out.split('\n')[0]).toMatch(/^asOf,account,venueKind,symbol/);
    expect((await keel('export', '--format', 'xml', '--data-dir', dir)).code).toBe(2);
  });
});

describe('keel risk', () => {
  const wide = (extra = '') => {
    const dir = tempDir();
    const byDate = new Map<string, Record<string, string>>();
    for (const line of readFileSync(join(RESOURCES, 'demo', 'prices.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)) {
      const [date, symbol, close] = line.split(',');
      if (!['BTC', 'ETH'].includes(symbol!) || date! < '2024-01-01') continue;
      byDate.set(date!, { ...(byDate.get(date!) ?? {}), [symbol!]: close! });
    }
    const rows = [...byDate].map(([d, c]) => `${d},${c.BTC},${c.ETH}`);
    writeFileSync(join(dir, 'p.csv'), ['date,BTC,ETH', ...rows].join('\n') + extra);
    writeFileSync(join(dir, 'w.json'), '{"BTC": 0.7, "ETH": 0.3}');
    return dir;
  };

  it('--prices/--weights prints the documented JSON fields', async () => {
    const dir = wide();
    const r = await keel(
      'risk',
      '--prices',
      join(dir, 'p.csv'),
      '--weights',
      join(dir, 'w.json'),
      '--alpha',
      '0.95',
      '--method',
      'normal',
      '--json',
      '--data-dir',
      tempDir(),
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({
      method: 'normal',
      alpha: 0.95,
      horizonDays: 1,
      cov: 'ledoit-wolf-cc',
    });
    for (const k of ['var', 'es', 'volatility']) expect(out[k]).toBeGreaterThan(0);
    expect(out.es).toBeGreaterThan(out.var);
  });

  it('a bad price row is an error naming its line', async () => {
    const dir = wide('\n2026-01-01,abc,3000');
    const r = await keel(
      'risk',
      '--prices',
      join(dir, 'p.csv'),
      '--weights',
      join(dir, 'w.json'),
      '--data-dir',
      tempDir(),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line \d+/);
  });
});

describe('keel import', () => {
  const fixture = join(__dirname, 'fixtures', 'import', 'binance-spot-trades.csv');
  it('--json prints inserted, skipped and rejected lines; a refused commit too, with exit code 1', async () => {
    const dir = tempDir();
    const refused = await keel(
      'import',
      fixture,
      '--kind',
      'trades',
      '--preset',
      'binance',
      '--json',
      '--data-dir',
      dir,
    );
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toMatchObject({
      inserted: 0,
      skipped: 0,
      rejected: [{ line: 8 }, { line: 12 }],
    });
    const ok = await keel(
      'import',
      fixture,
      '--kind',
      'trades',
      '--preset',
      'binance',
      '--allow-rejected',
      '--json',
      '--data-dir',
      dir,
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      inserted: 10,
      skipped: 0,
      rejected: [{ line: 8 }, { line: 12 }],
    });
    const again = await keel(
      'import',
      fixture,
      '--kind',
      'trades',
      '--preset',
      'binance',
      '--allow-rejected',
      '--json',
      '--data-dir',
      dir,
    );
    expect(JSON.parse(again.out)).toMatchObject({ inserted: 0, skipped: 10 });
  });
});
