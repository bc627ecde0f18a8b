// `keel optimize --prices` end to end (argument parsing, the CSV import, the contract, the
// allocation service, the engine) against PyPortfolioOpt's conventions on its own ragged test
// data set: test/reference/pypfopt.json, written by scripts/reference/gen_pypfopt.py (pandas
// semantics ported, problems solved by scipy SLSQP, polished on the active set and KKT-checked
// there; see its header).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { optimizeCommand } from '../src/main/cli/commands/optimize';
import { readPriceSeries } from '../src/main/cli/risk-inputs';
import { runCli } from '../src/main/cli/run';
import { AllocationMethod } from '../src/shared/allocation';
import { REPO, RESOURCES } from './helpers/tmp';
import { expectClose, loadFixture } from './risk/_reference';

const PRICES = join(REPO, 'test', 'fixtures', 'optimize', 'stock_prices_2010.csv');

interface Case {
  name: string;
  method: AllocationMethod;
  riskFree: number;
  bounds: [number, number];
  targetReturn?: number;
  targetVolatility?: number;
  riskAversion?: number;
  /** A `--constraints` file's content (groups, and tags for groups on tags). */
  constraints?: {
    tags?: Record<string, Record<string, string>>;
    groups: { dimension: string; name: string; members?: string[]; min?: number; max?: number }[];
  };
  weights: Record<string, number>;
  expectedReturn: number;
  volatility: number;
  sharpe: number;
}

interface Fixture {
  frequency: number;
  tickers: string[];
  inputs: {
    lastDate: string;
    returnRows: number;
    firstReturnDate: string;
    expectedReturns: Record<string, number>;
    volatilities: Record<string, number>;
  };
  cases: Case[];
}

const ref = loadFixture<Fixture>('pypfopt.json');

// Tolerances. The reference optima are exact to ~1e-12 (linear KKT solves on the optimal face,
// stationarity residual ~1e-16 relative), so the error budget is the engine's: its QP stops at
// KKT residuals of ~1e-9 and the efficient-risk search at 1e-9 of the target volatility. A
// residual r moves the weights by about r / (smallest eigenvalue of 2 x the covariance, 0.026
// here), ~1e-7 at worst: 1e-6 absolute on weights. Figures are smooth in the weights (volatility
// and Sharpe are stationary at these optima, the expected return is not): 1e-6 relative.
const W_TOL = 1e-6;
const FIG_RTOL = 1e-6;

let dataDir: string;
let scratch: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'keel-optimize-cli-'));
  scratch = mkdtempSync(join(tmpdir(), 'keel-optimize-files-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

async function keel(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [...argv, '--data-dir', dataDir],
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { resourcesDir: RESOURCES, env: {} },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The PyPortfolioOpt model flags every reference case shares. */
const MODEL = ['--periods-per-year', '252', '--returns', 'compounded', '--cov', 'sample'];

let files = 0;
function constraintsFile(content: unknown): string {
  const f = join(scratch, `constraints-${++files}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
}

function argsOf(c: Case): string[] {
  const a = ['optimize', '--prices', PRICES, '--method', c.method, ...MODEL];
  a.push('--risk-free', String(c.riskFree));
  if (c.bounds[0] !== 0 || c.bounds[1] !== 1) a.push('--bounds', `${c.bounds[0]},${c.bounds[1]}`);
  if (c.targetReturn !== undefined) a.push('--target-return', String(c.targetReturn));
  if (c.targetVolatility !== undefined) a.push('--target-volatility', String(c.targetVolatility));
  if (c.riskAversion !== undefined) a.push('--risk-aversion', String(c.riskAversion));
  if (c.constraints) a.push('--constraints', constraintsFile(c.constraints));
  return [...a, '--json'];
}

interface Printed {
  weights: Record<string, number>;
  expectedReturn: number;
  volatility: number;
  sharpe: number;
  notes: string[];
}

async function optimize(args: string[]): Promise<Printed> {
  const r = await keel(...args);
  expect(r.err, args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
  return JSON.parse(r.out) as Printed;
}

const sum = (w: Record<string, number>, members: readonly string[] = Object.keys(w)) =>
  members.reduce((s, k) => s + w[k]!, 0);

function expectLongOnlyBudget(w: Record<string, number>, hi: number, label: string) {
  expect(Object.keys(w).sort(), label).toEqual([...ref.tickers].sort());
  expect(Math.abs(sum(w) - 1), `${label}: sum of weights`).toBeLessThanOrEqual(1e-8);
  for (const [s, x] of Object.entries(w)) {
    expect(Number.isFinite(x), `${label}: ${s}`).toBe(true);
    expect(x, `${label}: ${s} >= 0`).toBeGreaterThanOrEqual(-1e-9);
    expect(x, `${label}: ${s} <= ${hi}`).toBeLessThanOrEqual(hi + 1e-9);
  }
}

describe('keel optimize --prices against PyPortfolioOpt conventions (20 US stocks, 2010-2018)', () => {
  it('builds the same model: compounded mean returns, pairwise sample covariance x 252', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-optimize-model-'));
    const app = boot({ dataDir: dir, mode: 'cli', resourcesDir: RESOURCES, seedDemo: false });
    try {
      const r = await callOrThrow(app.dispatch, 'allocation.series', {
        series: await readPriceSeries(PRICES),
        policy: {
          method: 'equal-weight',
          returns: 'compounded',
          cov: 'sample',
          periodsPerYear: 252,
        } as never,
      });
      expect(r.symbols.slice().sort()).toEqual([...ref.tickers].sort());
      expect(r.observations).toBe(ref.inputs.returnRows);
      expect(r.from).toBe(ref.inputs.firstReturnDate);
      expect(r.to).toBe(ref.inputs.lastDate);
      for (const s of ref.tickers) {
        expectClose(r.expectedReturns[s]!, ref.inputs.expectedReturns[s]!, 1e-11, 0, `mu ${s}`);
        expectClose(r.volatilities[s]!, ref.inputs.volatilities[s]!, 1e-11, 0, `vol ${s}`);
      }
      // positive definite on this data: nothing is repaired, so no warning says so
      expect(r.warnings.join(' ')).not.toMatch(/semidefinite/);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const c of ref.cases)
    it(c.name, async () => {
      const out = await optimize(argsOf(c));
      expectLongOnlyBudget(out.weights, c.bounds[1], c.name);
      for (const s of ref.tickers)
        expectClose(out.weights[s]!, c.weights[s]!, 0, W_TOL, `${c.name}: ${s}`);
      expectClose(out.expectedReturn, c.expectedReturn, FIG_RTOL, 0, `${c.name}: expected return`);
      expectClose(out.volatility, c.volatility, FIG_RTOL, 0, `${c.name}: volatility`);
      expectClose(out.sharpe, c.sharpe, FIG_RTOL, 0, `${c.name}: Sharpe`);
      // the groups hold on the printed weights themselves (and bind, as in the reference)
      for (const g of c.constraints?.groups ?? []) {
        const members =
          g.members ??
          ref.tickers.filter((t) => c.constraints?.tags?.[t]?.[g.dimension] === g.name);
        const total = sum(out.weights, members);
        if (g.max !== undefined)
          expect(total, `${g.name} <= ${g.max}`).toBeLessThanOrEqual(g.max + 1e-8);
        if (g.min !== undefined)
          expect(total, `${g.name} >= ${g.min}`).toBeGreaterThanOrEqual(g.min - 1e-8);
        expectClose(total, sum(c.weights, members), 0, W_TOL, `${c.name}: group ${g.name}`);
      }
    });
});

describe('keel optimize: the command line', () => {
  it('--json prints exactly {weights, expectedReturn, volatility, sharpe, notes}', async () => {
    const r = await keel(
      'optimize',
      '--prices',
      PRICES,
      '--method',
      'max-sharpe',
      ...MODEL,
      '--json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual([
      'expectedReturn',
      'notes',
      'sharpe',
      'volatility',
      'weights',
    ]);
    expect(Array.isArray(out.notes) && out.notes.every((n) => typeof n === 'string')).toBe(true);
    for (const k of ['expectedReturn', 'volatility', 'sharpe'])
      expect(typeof out[k]).toBe('number');
  });

  it('every method the usage names runs on this data: weights sum to 1 and stay within --bounds', async () => {
    const listed = /--method\s+([a-z|\s-]+?)\s*\[/.exec(optimizeCommand.usage)?.[1];
    const methods = (listed ?? '').split('|').map((m) => m.trim());
    // the usage and the contract agree, so this covers every method there is
    expect(methods.slice().sort()).toEqual([...AllocationMethod.options].sort());
    for (const m of methods) {
      const out = await optimize([
        'optimize',
        '--prices',
        PRICES,
        '--method',
        m,
        ...MODEL,
        '--risk-free',
        '0.02',
        '--bounds',
        '0,0.15',
        '--target-return',
        '0.25',
        '--target-volatility',
        '0.2',
        '--json',
      ]);
      expectLongOnlyBudget(out.weights, 0.15, m);
      for (const k of ['expectedReturn', 'volatility', 'sharpe'] as const)
        expect(Number.isFinite(out[k]), `${m}: ${k}`).toBe(true);
      // the printed Sharpe is the printed figures' (rf 0.02)
      expectClose(
        out.sharpe,
        (out.expectedReturn - 0.02) / out.volatility,
        1e-12,
        0,
        `${m}: Sharpe`,
      );
    }
  });

  it('a wrong flag value is a usage error (exit 2) naming the flag', async () => {
    const base = ['optimize', '--prices', PRICES, '--json'];
    for (const [flag, value] of [
      ['--risk-free', 'two percent'],
      ['--periods-per-year', 'daily'],
      ['--bounds', '0.15'],
      ['--target-return', '25%'],
      ['--method', 'max-sharp'],
      ['--returns', 'geometric'],
      ['--cov', 'shrunk'],
    ] as const) {
      const r = await keel(...base, flag, value);
      expect(r.code, `${flag} ${value}: ${r.err}`).toBe(2);
      expect(r.out).toBe('');
      expect(r.err, `${flag} ${value}`).toContain(flag);
    }
  });

  it('infeasible constraints exit non-zero and name the constraints in conflict', async () => {
    // 20 stocks at most 4 % each make 80 %: every bound and the budget are in conflict
    const all = await keel(
      'optimize',
      '--prices',
      PRICES,
      '--method',
      'max-sharpe',
      ...MODEL,
      '--constraints',
      constraintsFile({ maxWeight: 0.04 }),
      '--json',
    );
    expect(all.code).not.toBe(0);
    expect(all.out).toBe('');
    expect(all.err).toMatch(/budget|sum to 1/);
    for (const s of ref.tickers) expect(all.err).toMatch(new RegExp(`bounds ${s} 0%\\.\\.4%`));

    // five tech stocks at most 10 % each cannot make 60 %: only the group and those five bounds
    const tech = ['GOOG', 'AAPL', 'AMZN', 'FB', 'MA'];
    const some = await keel(
      'optimize',
      '--prices',
      PRICES,
      '--method',
      'min-volatility',
      ...MODEL,
      '--constraints',
      constraintsFile({
        maxWeight: 0.1,
        tags: Object.fromEntries(tech.map((t) => [t, { assetClass: 'tech' }])),
        groups: [{ dimension: 'assetClass', name: 'tech', min: 0.6 }],
      }),
    );
    expect(some.code).not.toBe(0);
    expect(some.out).toBe('');
    expect(some.err).toMatch(/tech >= 60%/);
    for (const s of tech) expect(some.err).toContain(`bounds ${s} `);
    for (const s of ref.tickers.filter((t) => !tech.includes(t)))
      expect(some.err).not.toContain(`bounds ${s} `);
    expect(some.err).not.toMatch(/budget|sum to 1/);
  });

  it('a group naming an asset outside the prices file is an error naming the group', async () => {
    const r = await keel(
      'optimize',
      '--prices',
      PRICES,
      '--method',
      'max-sharpe',
      ...MODEL,
      '--constraints',
      constraintsFile({
        groups: [{ dimension: 'custom', name: 'banks', members: ['BAC', 'WFC'], max: 0.1 }],
      }),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/banks.*WFC/);
    expect(r.err).toContain('constraints.groups.0.members');
  });
});
