// Allocation constraints that the heuristics and long-short policies must honour (regressions
// from review): long-short without an explicit minimum can short; heuristics report an
// impossible bound set as infeasible (exit 3) like the optimisers; risk parity and HERC stay
// within per-asset bounds; a stablecoin floor works on a prices file with asset-class tags.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/main/cli/run';
import { REPO, RESOURCES, tempDir } from './helpers/tmp';

const PRICES = join(REPO, 'test', 'fixtures', 'optimize', 'stock_prices_2010.csv');

async function optimize(args: string[], constraints?: object) {
  const dir = tempDir();
  const extra: string[] = [];
  if (constraints) {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify(constraints));
    extra.push('--constraints', file);
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [
      'optimize',
      '--prices',
      PRICES,
      '--periods-per-year',
      '252',
      '--json',
      '--data-dir',
      dir,
      ...args,
      ...extra,
    ],
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { resourcesDir: RESOURCES, env: {} },
  );
  return { code, json: code === 0 ? JSON.parse(out.join('\n')) : null, err: err.join('\n') };
}

const weights = (r: { json: { weights: Record<string, number> } }) => Object.values(r.json.weights);

describe('allocation bounds', () => {
  it('long-short without a minimum weight may short, and beats long-only on Sharpe', async () => {
    const long = await optimize(['--method', 'max-sharpe']);
    const ls = await optimize(['--method', 'max-sharpe'], { longOnly: false, maxWeight: 0.5 });
    expect(ls.code).toBe(0);
    expect(Math.min(...weights(ls))).toBeLessThan(-1e-6);
    expect(weights(ls).reduce((a, b) => a + Math.abs(b), 0)).toBeLessThanOrEqual(1.5 + 1e-8);
    expect(ls.json.sharpe).toBeGreaterThan(long.json.sharpe);
  }, 60_000);

  it.each(['hrp', 'equal-weight', 'inverse-volatility', 'risk-parity', 'herc'])(
    '%s: upper bounds summing below 100 percent are infeasible (exit 3, conflict named)',
    async (method) => {
      const r = await optimize(['--method', method], { maxWeight: 0.04 });
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/cannot all hold/);
      expect(r.err).toMatch(/budget/);
    },
    60_000,
  );

  it.each(['risk-parity', 'herc', 'hrp'])(
    '%s stays within per-asset bounds',
    async (method) => {
      const r = await optimize(['--method', method, '--bounds', '0,0.08']);
      expect(r.code).toBe(0);
      for (const w of weights(r)) {
        expect(w).toBeGreaterThanOrEqual(-1e-12);
        expect(w).toBeLessThanOrEqual(0.08 + 1e-9);
      }
      expect(weights(r).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    },
    60_000,
  );

  it('a stablecoin floor on a prices file counts assets tagged stablecoin', async () => {
    const r = await optimize(['--method', 'max-sharpe'], {
      stableFloor: 0.3,
      tags: { PFE: { assetClass: 'stablecoin' }, WMT: { assetClass: 'stablecoin' } },
    });
    expect(r.code).toBe(0);
    expect(r.json.weights.PFE + r.json.weights.WMT).toBeGreaterThanOrEqual(0.3 - 1e-8);
  }, 60_000);
});
