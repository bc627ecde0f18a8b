import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { RESOURCES, tempDir } from './helpers/tmp';
import { callOrThrow } from '../src/main/cli/call';
import type { RiskReport } from '../src/shared/risk';

const start = () => boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES });

const days = (n: number, from = Date.UTC(2024, 0, 1)) =>
  Array.from({ length: n }, (_, i) => new Date(from + i * 86_400_000).toISOString().slice(0, 10));
/** A seeded geometric random walk. */
function walk(n: number, seed: number, vol = 0.03, start = 100) {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const out = [start];
  for (let i = 1; i < n; i++)
    out.push(
      out[i - 1]! * Math.exp(vol * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())),
    );
  return out;
}

function checkIdentities(r: RiskReport) {
  for (const m of r.methods) {
    expect(m.var, m.method).toBeGreaterThan(0);
    expect(m.es, m.method).toBeGreaterThanOrEqual(m.var - 1e-12);
  }
  // Euler: components sum to the whole
  expect(r.assets.reduce((s, a) => s + a.componentVol, 0)).toBeCloseTo(r.volatility, 10);
  const hist = r.methods.find((m) => m.method === 'historical')!;
  expect(r.assets.reduce((s, a) => s + a.componentEs, 0)).toBeCloseTo(hist.es, 10);
  expect(r.assets.reduce((s, a) => s + a.weight, 0)).toBeCloseTo(1, 12);
  const json = JSON.stringify(r);
  expect(json).not.toMatch(/NaN|Infinity|null,"tNu"/);
}

describe('risk of the stored demo book', () => {
  it('gives all six methods, contributions that add up, and stores the run', async () => {
    const app = start();
    const t0 = performance.now();
    const r = await callOrThrow(app.dispatch, 'risk.portfolio', { options: { paths: 20_000 } });
    const ms = performance.now() - t0;
    expect(r.portfolio).toBe('Demo');
    expect(r.methods.map((m) => m.method)).toEqual([
      'historical',
      'normal',
      'student-t',
      'cornish-fisher',
      'fhs',
      'monte-carlo',
    ]);
    checkIdentities(r);
    expect(r.performance.benchmark).toBe('BTC');
    expect(r.liquidity!.rows).toHaveLength(r.assets.length);
    const run = app.ctx.store.db
      .prepare('SELECT kind, method, inputs, outputs FROM runs WHERE id = ?')
      .get(r.runId) as { kind: string; method: string; inputs: string; outputs: string };
    expect(run.kind).toBe('risk');
    expect(JSON.parse(run.inputs)).toMatchObject({ portfolio: 'Demo', lookbackDays: 730 });
    expect(JSON.parse(run.outputs).var).toBe(r.var);
    console.log(`risk.portfolio on the demo: ${ms.toFixed(0)} ms`);
    await app.close();
  });

  it('Monte Carlo is reproducible from its seed', async () => {
    const app = start();
    const a = await callOrThrow(app.dispatch, 'risk.portfolio', {
      options: { method: 'monte-carlo', paths: 5000, seed: 7 },
    });
    const b = await callOrThrow(app.dispatch, 'risk.portfolio', {
      options: { method: 'monte-carlo', paths: 5000, seed: 7 },
    });
    const c = await callOrThrow(app.dispatch, 'risk.portfolio', {
      options: { method: 'monte-carlo', paths: 5000, seed: 8 },
    });
    expect(a.var).toBe(b.var);
    expect(a.es).toBe(b.es);
    expect(c.var).not.toBe(a.var);
    expect(Math.abs(c.var / a.var - 1)).toBeLessThan(0.15);
    await app.close();
  });
});

describe('risk of given series: bad input', () => {
  const n = 200;
  const d = days(n);
  const good = [
    { symbol: 'AAA', dates: d, closes: walk(n, 1) },
    { symbol: 'BBB', dates: d, closes: walk(n, 2) },
  ];
  const run = async (series: unknown, weights: Record<string, number>, options = {}) => {
    const app = start();
    try {
      return await app.dispatch('risk.series', {
        series,
        weights,
        options: { paths: 2000, ...options },
      });
    } finally {
      await app.close();
    }
  };

  it('accepts clean input', async () => {
    const r = await run(good, { AAA: 0.6, BBB: 0.4 });
    expect(r.ok).toBe(true);
    if (r.ok) checkIdentities(r.value as RiskReport);
  });

  it('refuses weights that do not sum to 1, or name unknown assets', async () => {
    expect(await run(good, { AAA: 0.6, BBB: 0.3 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/sum to 0\.9/) },
    });
    expect(await run(good, { AAA: 0.5, ZZZ: 0.5 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/ZZZ/) },
    });
  });

  it('names the asset and day of a zero, negative or non-finite price, and duplicate or unsorted dates', async () => {
    const bad = (closes: number[], dates = d) => [{ ...good[0]!, closes, dates }, good[1]!];
    const withAt = (k: number, v: number) => good[0]!.closes.map((c, i) => (i === k ? v : c));
    expect(await run(bad(withAt(5, 0)), { AAA: 0.5, BBB: 0.5 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/AAA on 2024-01-06/) },
    });
    expect(await run(bad(withAt(5, -3)), { AAA: 0.5, BBB: 0.5 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/AAA on 2024-01-06/) },
    });
    const dup = [...d];
    dup[7] = dup[6]!;
    expect(await run(bad(good[0]!.closes, dup), { AAA: 0.5, BBB: 0.5 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/AAA: date 2024-01-07 appears twice/) },
    });
    const swapped = [...d];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(await run(bad(good[0]!.closes, swapped), { AAA: 0.5, BBB: 0.5 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not in order/) },
    });
    // NaN and Infinity cannot even cross the contract (JSON numbers), the schema refuses them
    expect(await run(bad(withAt(5, Number.NaN)), { AAA: 0.5, BBB: 0.5 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('a constant series is refused when held, and left out with a warning when not', async () => {
    const flat = { symbol: 'FLAT', dates: d, closes: d.map(() => 1) };
    expect(await run([...good, flat], { AAA: 0.5, BBB: 0.3, FLAT: 0.2 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/FLAT.*never changes/) },
    });
    const r = await run([...good, flat], { AAA: 0.5, BBB: 0.5 });
    expect(r.ok).toBe(true);
  });

  it('too few observations is a clear error', async () => {
    const short = [
      { symbol: 'AAA', dates: d.slice(0, 10), closes: good[0]!.closes.slice(0, 10) },
      good[1]!,
    ];
    expect(await run(short, { AAA: 0.5, BBB: 0.5 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/only 9 returns/) },
    });
  });

  it('two identical assets (a singular covariance) still give finite figures', async () => {
    const twin = { symbol: 'TWIN', dates: d, closes: good[0]!.closes };
    const r = await run(
      [good[0]!, twin, good[1]!],
      { AAA: 0.4, TWIN: 0.3, BBB: 0.3 },
      { cov: 'sample' },
    );
    expect(r.ok).toBe(true);
    if (r.ok) checkIdentities(r.value as RiskReport);
  });
});
