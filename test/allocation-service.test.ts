// The allocation service end to end on the demo store (loaded on first start): every method, the
// comparison table and the frontier, named constraints checked on the returned weights from the
// raw demo files (resources/demo/portfolio.json, prices.csv) and the holdings, infeasibility,
// versioned policies, stored runs, and input errors that name their field.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import {
  AllocationMethod,
  type AllocationPolicyInput,
  type AllocationProposal,
} from '../src/shared/allocation';
import { RESOURCES } from './helpers/tmp';
import { expectClose } from './risk/_reference';

type App = ReturnType<typeof boot>;
let app: App;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-allocation-'));
  app = boot({ dataDir: dir, mode: 'cli', resourcesDir: RESOURCES });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The demo's instruments as its source file describes them. */
const demo = JSON.parse(readFileSync(join(RESOURCES, 'demo', 'portfolio.json'), 'utf8')) as {
  asOf: string;
  instruments: { symbol: string; kind: string; assetClass: string }[];
};
const bySymbol = new Map(demo.instruments.map((i) => [i.symbol, i]));

const run = (policy: AllocationPolicyInput, compare = false) =>
  callOrThrow(app.dispatch, 'allocation.run', { policy: policy as never, compare });

const sumOf = (w: Record<string, number>, members: readonly string[] = Object.keys(w)) =>
  members.reduce((s, k) => s + (w[k] ?? 0), 0);

/** The checks every proposal must pass: finite figures, long-only weights that sum to 1, and
 * figures that are what the weights say (identities on the report's own model). */
function expectSound(
  p: AllocationProposal,
  report: { expectedReturns: Record<string, number>; symbols: string[] },
  rf = 0,
) {
  const label = p.method;
  expect(p.ok, label).toBe(true);
  for (const k of [
    'expectedReturn',
    'volatility',
    'sharpe',
    'cvar',
    'maxDrawdown',
    'effectiveAssets',
  ] as const)
    expect(Number.isFinite(p[k]), `${label}: ${k}`).toBe(true);
  expect(Object.keys(p.weights).sort()).toEqual(report.symbols.slice().sort());
  expect(Math.abs(sumOf(p.weights) - 1), `${label}: sum of weights`).toBeLessThanOrEqual(1e-8);
  for (const [s, w] of Object.entries(p.weights))
    expect(w, `${label}: ${s} >= 0`).toBeGreaterThanOrEqual(-1e-9);
  const er = report.symbols.reduce((a, s) => a + p.weights[s]! * report.expectedReturns[s]!, 0);
  // the report shows solver noise below 1e-10 as 0, the figures use the unrounded weights
  const noise =
    1e-10 * report.symbols.reduce((a, s) => a + Math.abs(report.expectedReturns[s]!), 0);
  expectClose(p.expectedReturn, er, 1e-12, noise, `${label}: expected return = w'mu`);
  expect(p.volatility, label).toBeGreaterThan(0);
  expectClose(p.sharpe, (p.expectedReturn - rf) / p.volatility, 1e-12, 1e-14, `${label}: Sharpe`);
  const sq = Object.values(p.weights).reduce((a, w) => a + w * w, 0);
  expectClose(p.effectiveAssets, 1 / sq, 1e-12, 0, `${label}: effective assets`);
  expectClose(sumOf(p.riskContributions), 1, 1e-9, 0, `${label}: risk contributions sum to 1`);
}

describe('allocation.run on the demo portfolio: every method', () => {
  const targets = { targetReturn: 0.5, targetVolatility: 0.3 };

  it('runs each of the 12 methods; each comparison has one row per method and agrees with it', async () => {
    for (const method of AllocationMethod.options) {
      const r = await run({ method, ...targets }, true);
      expect(r.portfolio).toBe('Demo');
      expect(r.method).toBe(method);
      expect(r.infeasible).toBeNull();
      expectSound(r.proposal, r);
      expect(r.comparison.map((c) => c.method)).toEqual([...AllocationMethod.options]);
      // the table's row for the method is the proposal itself, and every other row is sound too
      const own = r.comparison.find((c) => c.method === method)!;
      expect(own.weights).toEqual(r.proposal.weights);
      for (const c of r.comparison) expectSound(c, r);
      if (method === 'efficient-return')
        expect(r.proposal.expectedReturn).toBeGreaterThanOrEqual(0.5 - 1e-9);
      if (method === 'efficient-risk')
        expect(r.proposal.volatility).toBeLessThanOrEqual(0.3 + 1e-9);
    }
  });

  it('without targets the comparison leaves out efficient risk and efficient return', async () => {
    const r = await run({ method: 'hrp' }, true);
    expect(r.comparison.map((c) => c.method)).toEqual(
      AllocationMethod.options.filter((m) => m !== 'efficient-risk' && m !== 'efficient-return'),
    );
  });

  it('the frontier rises in volatility and return; max Sharpe and min volatility bound it', async () => {
    const ms = await run({ method: 'max-sharpe' });
    const mv = await run({ method: 'min-volatility' });
    expect(ms.frontier).toEqual(mv.frontier); // same model and constraints, same frontier
    const f = ms.frontier;
    expect(f.length).toBeGreaterThanOrEqual(10);
    for (let k = 1; k < f.length; k++) {
      expect(f[k]!.expectedReturn, `point ${k}`).toBeGreaterThan(f[k - 1]!.expectedReturn);
      expect(f[k]!.volatility, `point ${k}`).toBeGreaterThan(f[k - 1]!.volatility);
    }
    for (const p of f) {
      expect(Number.isFinite(p.sharpe)).toBe(true);
      expectClose(p.sharpe, p.expectedReturn / p.volatility, 1e-12, 0, 'frontier Sharpe');
      expect(ms.proposal.sharpe).toBeGreaterThanOrEqual(p.sharpe - 1e-6);
      expect(mv.proposal.volatility).toBeLessThanOrEqual(p.volatility + 1e-6);
    }
  });
});

/** Symbols of the demo universe with a given asset class / kind, from the demo's source file. */
const withClass = (symbols: string[], assetClass: string) =>
  symbols.filter((s) => bySymbol.get(s)?.assetClass === assetClass);
const stables = (symbols: string[]) =>
  symbols.filter((s) => bySymbol.get(s)?.kind === 'stablecoin');

/** Average daily traded value over the last 30 days with a volume, from the demo prices file
 * (the demo's volumes are USD traded, as Yahoo quotes crypto volume). */
function advFromDemoFile(asOf: string): Map<string, number> {
  const rows = new Map<string, number[]>();
  const lines = readFileSync(join(RESOURCES, 'demo', 'prices.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(lines[0]).toBe('date,symbol,close,volume');
  for (const line of lines.slice(1)) {
    const [date, symbol, , volume] = line.split(',');
    if (!date || date > asOf || !symbol || !volume) continue;
    if (!rows.has(symbol)) rows.set(symbol, []);
    rows.get(symbol)!.push(Number(volume)); // the file is sorted by date
  }
  return new Map(
    [...rows].map(([s, v]) => {
      const last = v.slice(-30);
      return [s, last.reduce((a, b) => a + b, 0) / last.length];
    }),
  );
}

describe('allocation.run: named constraints, checked on the returned weights', () => {
  it('asset-class group: L1 at most 50 % (binding: unconstrained max Sharpe holds more)', async () => {
    const free = await run({ method: 'max-sharpe' });
    const l1 = withClass(free.symbols, 'L1');
    expect(l1.length).toBeGreaterThan(3);
    expect(sumOf(free.proposal.weights, l1)).toBeGreaterThan(0.5);
    const r = await run({
      method: 'max-sharpe',
      constraints: { groups: [{ dimension: 'assetClass', name: 'L1', max: 0.5 }] },
    });
    expectSound(r.proposal, r);
    expect(sumOf(r.proposal.weights, l1)).toBeLessThanOrEqual(0.5 + 1e-8);
    expect(sumOf(r.proposal.weights, l1)).toBeGreaterThan(0.5 - 1e-6);
  });

  it('stablecoin floor: USDT and USDC at least 20 %', async () => {
    const free = await run({ method: 'max-sharpe' });
    const st = stables(free.symbols);
    expect(st.sort()).toEqual(['USDC', 'USDT']);
    expect(sumOf(free.proposal.weights, st)).toBeLessThan(0.2);
    const r = await run({ method: 'max-sharpe', constraints: { stableFloor: 0.2 } });
    expectSound(r.proposal, r);
    expect(sumOf(r.proposal.weights, st)).toBeGreaterThanOrEqual(0.2 - 1e-8);
  });

  it('turnover limit: sum |target - current| <= 30 %, current weights from the holdings', async () => {
    // current weights of the universe recomputed from the holdings report: each symbol's value
    // (debts are financing, left out), as a fraction of the universe's value
    const h = await callOrThrow(app.dispatch, 'holdings.get', {});
    const free = await run({ method: 'max-sharpe' });
    const value = new Map<string, number>();
    for (const row of h.rows)
      if (free.symbols.includes(row.symbol) && !row.name.endsWith('(borrowed)'))
        value.set(row.symbol, (value.get(row.symbol) ?? 0) + (row.value ?? 0));
    const total = [...value.values()].reduce((a, v) => a + Math.max(0, v), 0);
    const current = Object.fromEntries(
      free.symbols.map((s) => [s, Math.max(0, value.get(s) ?? 0) / total]),
    );
    for (const s of free.symbols)
      expectClose(free.current![s]!, current[s]!, 1e-12, 1e-15, `current ${s}`);
    expectClose(free.value, total, 1e-12, 0, 'universe value');
    const turnover = (w: Record<string, number>) =>
      free.symbols.reduce((a, s) => a + Math.abs(w[s]! - current[s]!), 0);
    expect(turnover(free.proposal.weights)).toBeGreaterThan(0.3);
    const r = await run({ method: 'max-sharpe', constraints: { maxTurnover: 0.3 } });
    expectSound(r.proposal, r);
    expect(turnover(r.proposal.weights)).toBeLessThanOrEqual(0.3 + 1e-8);
  });

  it('at most 4 assets (binding: min volatility capped at 30 % holds more)', async () => {
    const nonZero = (w: Record<string, number>) =>
      Object.values(w).filter((x) => Math.abs(x) > 1e-9).length;
    const free = await run({ method: 'min-volatility', constraints: { maxWeight: 0.3 } });
    expect(nonZero(free.proposal.weights)).toBeGreaterThan(4);
    const r = await run({
      method: 'min-volatility',
      constraints: { maxWeight: 0.3, maxAssets: 4 },
    });
    expectSound(r.proposal, r);
    expect(nonZero(r.proposal.weights)).toBeLessThanOrEqual(4);
    for (const w of Object.values(r.proposal.weights)) expect(w).toBeLessThanOrEqual(0.3 + 1e-9);
  });

  it('liquidity cap: each weight at most N days of average traded value / the universe value', async () => {
    const free = await run({ method: 'max-sharpe' });
    const adv = advFromDemoFile(free.asOf);
    // The demo book (~2.3 M USD) is tiny against crypto volumes: a cap of a few seconds' volume
    // is what binds it. Chosen so that the unconstrained proposal breaks some caps and the caps
    // still leave room for a full portfolio.
    const days = 2e-5;
    const cap = (s: string) => (days * adv.get(s)!) / free.value;
    for (const s of free.symbols) expect(adv.get(s), s).toBeGreaterThan(0);
    expect(free.symbols.some((s) => free.proposal.weights[s]! > cap(s))).toBe(true);
    expect(free.symbols.reduce((a, s) => a + Math.min(1, cap(s)), 0)).toBeGreaterThan(1);
    const r = await run({ method: 'max-sharpe', constraints: { liquidityDays: days } });
    expectSound(r.proposal, r);
    for (const s of r.symbols)
      expect(r.proposal.weights[s]!, `${s} cap ${cap(s)}`).toBeLessThanOrEqual(
        cap(s) * (1 + 1e-9) + 1e-12,
      );
  });

  it('an infeasible policy names the constraints in conflict and proposes nothing', async () => {
    // two stablecoins at most 20 % each cannot make 90 %
    const r = await run(
      { method: 'max-sharpe', constraints: { stableFloor: 0.9, maxWeight: 0.2 } },
      true,
    );
    expect(r.infeasible).not.toBeNull();
    const conflicting = r.infeasible!.conflicting;
    expect(conflicting).toHaveLength(3);
    const floor = conflicting.find((c) => /stablecoin/i.test(c));
    expect(floor).toBeDefined();
    expect(floor!.match(/90%/g), floor).toHaveLength(1); // the bound said once
    expect(conflicting.some((c) => /bounds USDC\b/.test(c))).toBe(true);
    expect(conflicting.some((c) => /bounds USDT\b/.test(c))).toBe(true);
    for (const c of conflicting) expect(r.infeasible!.message).toContain(c);
    expect(r.proposal.ok).toBe(false);
    expect(r.frontier).toEqual([]);
    // every optimiser that honours the floor fails too; none claims a proposal
    for (const c of r.comparison.filter((x) =>
      ['min-volatility', 'max-sharpe', 'max-utility', 'min-cvar'].includes(x.method),
    ))
      expect(c.ok, c.method).toBe(false);
  });
});

describe('allocation policies and stored runs', () => {
  it('save -> version 1, same again -> still 1, changed -> 2, listed as latest, deleted', async () => {
    const name = 'Core 60/40';
    const policy: AllocationPolicyInput = { method: 'max-sharpe', constraints: { maxWeight: 0.4 } };
    const save = (p: AllocationPolicyInput) =>
      callOrThrow(app.dispatch, 'allocation.savePolicy', { name, policy: p as never });
    const list = () => callOrThrow(app.dispatch, 'allocation.policies', {});
    expect((await list()).filter((p) => p.name === name)).toEqual([]);
    expect(await save(policy)).toEqual({ name, version: 1, created: true });
    expect(await save(policy)).toEqual({ name, version: 1, created: false });
    const changed = { ...policy, constraints: { maxWeight: 0.35 } };
    expect(await save(changed)).toEqual({ name, version: 2, created: true });
    const listed = (await list()).filter((p) => p.name === name);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.version).toBe(2);
    expect(listed[0]!.policy.constraints.maxWeight).toBe(0.35);
    expect(listed[0]!.policy.method).toBe('max-sharpe');
    expect(await callOrThrow(app.dispatch, 'allocation.deletePolicy', { name })).toEqual({
      deleted: 2,
    });
    expect((await list()).filter((p) => p.name === name)).toEqual([]);
  });

  it('each run is stored: listed first, and read back as the same report', async () => {
    const r = await run({ method: 'min-volatility', constraints: { maxWeight: 0.5 } }, true);
    const runs = await callOrThrow(app.dispatch, 'allocation.runs', { limit: 5 });
    expect(runs[0]).toMatchObject({ id: r.runId, method: 'min-volatility', engineVersion: '1' });
    const stored = await callOrThrow(app.dispatch, 'allocation.getRun', { id: r.runId });
    const { runId, portfolio, asOf, value, ...report } = r;
    expect(stored.id).toBe(runId);
    expect(stored.report).toEqual(report);
    expect(stored.inputs).toMatchObject({ portfolio, asOf, policy: { method: 'min-volatility' } });
    expect(value).toBeGreaterThan(0);
    const missing = await app.dispatch('allocation.getRun', { id: r.runId + 1000 });
    expect(missing.ok).toBe(false);
  });
});

describe('allocation.run: bad input is a validation error naming the field', () => {
  async function fails(policy: unknown) {
    const r = await app.dispatch('allocation.run', { policy: policy as never, compare: false });
    expect(r.ok).toBe(false);
    if (r.ok) throw new Error('unreachable');
    expect(r.error.code).toBe('VALIDATION');
    return `${r.error.message} ${(r.error.issues ?? []).map((i) => `${i.path}: ${i.message}`).join('; ')}`;
  }

  it('an unknown symbol in the universe', async () => {
    const text = await fails({ universe: ['BTC', 'ETH', 'NOPE'] });
    expect(text).toContain('NOPE');
    expect(text).toContain('policy.universe');
  });

  it('a group that matches no asset', async () => {
    const text = await fails({
      constraints: { groups: [{ dimension: 'assetClass', name: 'gaming', max: 0.2 }] },
    });
    expect(text).toContain('gaming');
    expect(text).toContain('constraints.groups.0.name');
  });

  it('minimum above maximum: per asset, for every asset, for a group', async () => {
    const asset = await fails({ constraints: { perAsset: { BTC: { min: 0.5, max: 0.2 } } } });
    expect(asset).toContain('constraints.perAsset.BTC');
    const all = await fails({ constraints: { minWeight: 0.3, maxWeight: 0.2 } });
    expect(all).toContain('constraints.minWeight');
    const group = await fails({
      constraints: { groups: [{ dimension: 'assetClass', name: 'L1', min: 0.5, max: 0.2 }] },
    });
    expect(group).toContain('constraints.groups.0');
  });
});
