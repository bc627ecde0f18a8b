// Minimum CVaR against scipy (linprog / milp with HiGHS, cross-checked by interior point and by
// enumeration of supports: scripts/reference/gen_cvar.py), plus identities computed here.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Matrix, fromRows, zeros } from '../../src/main/engine/linalg/matrix';
import {
  DEFAULT_MIP_TIME_LIMIT_S,
  cvarOfLosses,
  minCvar,
  type MinCvarResult,
} from '../../src/main/engine/optimize/cvar';
import type { LpSolver } from '../../src/main/engine/optimize/highs-model';
import type { LinearSystem } from '../../src/main/engine/optimize/types';
import { highsSolver } from '../../src/main/solvers/highs';
import { expectArrayClose, expectClose, loadFixture } from '../risk/_reference';

interface Case {
  name: string;
  alpha: number;
  lower: number[];
  upper: number[];
  groups?: { members: number[]; lower?: number; upper?: number }[];
  grossLeverage?: number;
  minReturn?: number;
  maxAssets?: number;
  minPosition?: number;
  weights: number[];
  cvar: number;
  var: number;
}
const fx = loadFixture<{ names: string[]; scenarios: number[][]; cases: Case[] }>('cvar.json');
const R = fromRows(fx.scenarios);
const names = fx.names;

let solver: LpSolver;
beforeAll(async () => {
  solver = await highsSolver();
});

/** The LinearSystem compile.ts would produce for a case, built by hand. */
function system(c: Case): LinearSystem {
  const n = c.lower.length;
  const gross = c.grossLeverage;
  const nVars = gross === undefined ? n : 2 * n; // long-short: t_i >= |w_i|
  const lb = new Float64Array(nVars);
  const ub = new Float64Array(nVars).fill(Infinity);
  lb.set(c.lower);
  ub.set(c.upper);
  const boundLabels = [...names.map((a) => `bounds ${a}`)];
  for (let i = n; i < nVars; i++) boundLabels.push(`gross leverage <= ${gross! * 100}%`);
  const Aeq = zeros(1, nVars);
  for (let i = 0; i < n; i++) Aeq.data[i] = 1;
  const rows: number[][] = [];
  const bin: number[] = [];
  const inLabels: string[] = [];
  for (const g of c.groups ?? []) {
    const row = new Array<number>(nVars).fill(0);
    for (const i of g.members) row[i] = 1;
    const label = g.members.map((i) => names[i]).join('+');
    if (g.upper !== undefined) {
      rows.push(row);
      bin.push(g.upper);
      inLabels.push(`group ${label} <= ${g.upper}`);
    }
    if (g.lower !== undefined) {
      rows.push(row.map((v) => -v));
      bin.push(-g.lower);
      inLabels.push(`group ${label} >= ${g.lower}`);
    }
  }
  if (gross !== undefined) {
    for (let i = 0; i < n; i++)
      for (const sign of [1, -1]) {
        const row = new Array<number>(nVars).fill(0);
        row[i] = sign;
        row[n + i] = -1;
        rows.push(row);
        bin.push(0);
        inLabels.push(`gross leverage <= ${gross * 100}%`);
      }
    const row = new Array<number>(nVars).fill(0);
    for (let i = n; i < nVars; i++) row[i] = 1;
    rows.push(row);
    bin.push(gross);
    inLabels.push(`gross leverage <= ${gross * 100}%`);
  }
  return {
    n,
    nVars,
    lb,
    ub,
    boundLabels,
    Aeq,
    beq: Float64Array.from([1]),
    eqLabels: ['budget: weights sum to 1'],
    Ain: rows.length ? fromRows(rows) : zeros(0, nVars),
    bin: Float64Array.from(bin),
    inLabels,
  };
}

function portfolioLosses(X: Matrix, w: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let s = 0; s < X.rows; s++) {
    let r = 0;
    for (let i = 0; i < X.cols; i++) r += X.data[s * X.cols + i]! * w[i]!;
    out.push(-r);
  }
  return out;
}

/**
 * CVaR as a probability-weighted tail, independent of k = (1−α)S bookkeeping: walk the losses
 * from the worst, each carrying mass 1/S, until the tail mass 1−α is used up (the last one
 * partially: Rockafellar & Uryasev 2002, Prop. 8, and Acerbi & Tasche 2002, eq. 3.3).
 */
function tailMean(losses: number[], alpha: number): number {
  const sorted = [...losses].sort((a, b) => b - a);
  const p = 1 / sorted.length;
  let mass = 1 - alpha;
  let sum = 0;
  for (const L of sorted) {
    const take = Math.min(p, mass);
    sum += take * L;
    mass -= take;
    if (mass <= 1e-15) break;
  }
  return sum / (1 - alpha);
}

function solved(c: Case, via?: 'text' | 'arrays'): MinCvarResult {
  const r = minCvar(solver, {
    solve: { via },
    scenarios: R,
    alpha: c.alpha,
    system: system(c),
    names,
    minReturn: c.minReturn === undefined ? undefined : { target: c.minReturn },
    maxAssets: c.maxAssets,
    minPosition: c.minPosition,
  });
  if (r.kind !== 'optimal') throw new Error(r.message);
  return r;
}

describe('minimum CVaR vs scipy (gen_cvar.py)', () => {
  for (const c of fx.cases)
    it(c.name, () => {
      const r = solved(c);
      expect(r.status).toBe('optimal');
      expectArrayClose(r.weights, c.weights, 2e-6, 'weights');
      expectClose(r.cvar, c.cvar, 1e-7, 0, 'CVaR');
      expectClose(r.var, c.var, 1e-5, 1e-7, 'VaR');
      // identity: the reported CVaR is the tail mean of this portfolio's losses
      const losses = portfolioLosses(R, r.weights);
      expectClose(r.cvar, tailMean(losses, c.alpha), 1e-12, 0, 'CVaR = tail mean');
      // VaR is the lower alpha-quantile: at least alpha of the scenarios lose no more
      const below = losses.filter((L) => L <= r.var).length / losses.length;
      const strictly = losses.filter((L) => L < r.var).length / losses.length;
      expect(below).toBeGreaterThanOrEqual(c.alpha - 1e-12);
      expect(strictly).toBeLessThan(c.alpha);
      expect(r.scenarioReturns.worst).toBe(-Math.max(...losses));
      expectClose(
        r.scenarioReturns.mean,
        -losses.reduce((a, b) => a + b, 0) / losses.length,
        1e-12,
      );
      const sum = Array.from(r.weights).reduce((a, b) => a + b, 0);
      expectClose(sum, 1, 0, 1e-9, 'budget');
      if (c.minReturn !== undefined)
        expect(r.scenarioReturns.mean).toBeGreaterThanOrEqual(c.minReturn - 1e-9);
      if (c.maxAssets !== undefined) {
        const held = Array.from(r.weights).filter((w) => w !== 0);
        expect(held.length).toBeLessThanOrEqual(c.maxAssets);
        expect(Math.min(...held)).toBeGreaterThanOrEqual(c.minPosition! - 1e-9);
      }
    });

  it('the LP-text path finds the same portfolios as the array path', () => {
    for (const c of [fx.cases[4]!, fx.cases[5]!]) {
      const a = solved(c, 'arrays');
      const t = solved(c, 'text');
      expectArrayClose(t.weights, a.weights, 1e-7, c.name);
      expectClose(t.cvar, a.cvar, 1e-9, 0, c.name);
    }
  });

  it('fixture covers k = (1-alpha)S both whole (25) and fractional (12.5, 2.5)', () => {
    const ks = fx.cases.map((c) => (1 - c.alpha) * R.rows);
    expect(ks.some((k) => Math.abs(k - 25) < 1e-9)).toBe(true);
    expect(ks.some((k) => Math.abs(k - 12.5) < 1e-9)).toBe(true);
    expect(ks.some((k) => Math.abs(k - 2.5) < 1e-9)).toBe(true);
  });
});

describe('cvarOfLosses', () => {
  it('hand example: losses 1..10, alpha 0.75 -> k = 2.5: CVaR (10 + 9 + 0.5 x 8) / 2.5 = 9.2, VaR 8', () => {
    const r = cvarOfLosses([3, 1, 4, 10, 5, 9, 2, 6, 8, 7], 0.75);
    expect(r.cvar).toBeCloseTo(9.2, 14);
    expect(r.var).toBe(8);
    // k = 2 exactly (alpha 0.8): mean of the 2 worst; VaR is the 3rd worst (lower quantile)
    const w = cvarOfLosses([3, 1, 4, 10, 5, 9, 2, 6, 8, 7], 0.8);
    expect(w.cvar).toBeCloseTo(9.5, 14);
    expect(w.var).toBe(8);
  });

  it('equals min over zeta of F(zeta) = zeta + E[(L - zeta)+]/(1 - alpha), VaR its smallest minimiser (RU 2000, Thm 1)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 99 }),
        (ints, a) => {
          const losses = ints.map((v) => v / 8); // ties are common: the conventions matter
          const alpha = a / 100;
          const F = (z: number) =>
            z + losses.reduce((s, L) => s + Math.max(L - z, 0), 0) / (losses.length * (1 - alpha));
          // F is convex piecewise linear with kinks at the losses: its minimum is at one of them
          const values = losses.map(F);
          const min = Math.min(...values);
          const r = cvarOfLosses(losses, alpha);
          expect(Math.abs(r.cvar - min)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(min)));
          const minimisers = losses.filter(
            (_, j) => values[j]! <= min + 1e-9 * Math.max(1, Math.abs(min)),
          );
          expect(r.var).toBe(Math.min(...minimisers));
        },
      ),
    );
  });

  it('rejects alpha outside (0, 1) and empty input', () => {
    expect(() => cvarOfLosses([1, 2], 1)).toThrow(/alpha/);
    expect(() => cvarOfLosses([], 0.95)).toThrow(/scenario/);
  });
});

describe('minCvar input checks and conflicts', () => {
  const base = fx.cases[0]!;

  it('names the scenario and asset of a bad return, and mismatched shapes', () => {
    const bad = fromRows(fx.scenarios.slice(0, 10));
    bad.data[3 * bad.cols + 1] = NaN;
    expect(() =>
      minCvar(solver, { scenarios: bad, alpha: 0.95, system: system(base), names }),
    ).toThrow(/scenario 3, ETH: return is NaN/);
    expect(() =>
      minCvar(solver, { scenarios: fromRows([[0.1, 0.2]]), alpha: 0.95, system: system(base) }),
    ).toThrow(/2 assets, the constraints 6/);
    expect(() => minCvar(solver, { scenarios: R, alpha: 95, system: system(base) })).toThrow(
      /alpha/,
    );
  });

  it('minimum position needs long-only bounds; cardinality needs finite bounds', () => {
    const ls = system({ ...base, lower: base.lower.map(() => -0.3), grossLeverage: 1.5 });
    expect(() =>
      minCvar(solver, { scenarios: R, alpha: 0.95, system: ls, names, minPosition: 0.1 }),
    ).toThrow(/BTC may be short \(lower bound -0.3\)/);
    const open = system({ ...base, upper: base.upper.map(() => Infinity) });
    expect(() =>
      minCvar(solver, { scenarios: R, alpha: 0.95, system: open, names, maxAssets: 2 }),
    ).toThrow(/at most 2 positions: the weight of BTC needs finite bounds/);
  });

  it('a mixed-integer solve gets a default time limit; an LP none unless asked', () => {
    const seen: Record<string, unknown>[] = [];
    const spy: LpSolver = {
      solve: () => ({ Status: 'Solve error', ObjectiveValue: 0 }),
      solveArrays: (_m, o) => {
        seen.push({ ...o });
        return { Status: 'Solve error', ObjectiveValue: 0 };
      },
    };
    const input = { scenarios: R, alpha: 0.95, system: system(base), names };
    expect(() => minCvar(spy, { ...input, maxAssets: 3 })).toThrow(
      /did not find a portfolio \(Solve error\)/,
    );
    expect(() => minCvar(spy, input)).toThrow(/Solve error/);
    expect(() =>
      minCvar(spy, { ...input, maxAssets: 3, solve: { timeLimitSeconds: 2 } }),
    ).toThrow();
    expect(seen.map((o) => o.time_limit)).toEqual([DEFAULT_MIP_TIME_LIMIT_S, undefined, 2]);
  });

  it('a search stopped at its limit returns its feasible portfolio with a note, or says none was found', () => {
    const stopped: LpSolver = {
      solve: (t, o) => solver.solve(t, o),
      solveArrays: (m, o) => ({ ...solver.solveArrays!(m, o), Status: 'Time limit reached' }),
    };
    const c = fx.cases[5]!;
    const input = {
      scenarios: R,
      alpha: c.alpha,
      system: system(c),
      names,
      maxAssets: 3,
      minPosition: 0.15,
    };
    const r = minCvar(stopped, input);
    expect(r.kind === 'optimal' && r.status).toBe('time-limit');
    if (r.kind === 'optimal') {
      expect(r.notes[0]).toMatch(/stopped early \(Time limit reached\)/);
      expectArrayClose(r.weights, c.weights, 2e-6);
    }
    const nothing: LpSolver = {
      ...stopped,
      solveArrays: () => ({ Status: 'Time limit reached', ObjectiveValue: 0 }),
    };
    expect(() => minCvar(nothing, input)).toThrow(/no portfolio found within the 30 s time limit/);
  });

  it('cardinality too tight for the caps: the conflict names the bounds, the budget and the count', () => {
    const three: Case = { ...base, lower: [0, 0, 0], upper: [0.4, 0.4, 0.4], groups: [] };
    const X = fromRows(fx.scenarios.map((r) => r.slice(0, 3)));
    const r = minCvar(solver, {
      scenarios: X,
      alpha: 0.95,
      system: { ...system(three), boundLabels: ['bounds BTC', 'bounds ETH', 'bounds SOL'] },
      maxAssets: 2,
    });
    expect(r.kind).toBe('infeasible');
    if (r.kind !== 'infeasible') return;
    expect(r.conflicting).toEqual([
      'bounds BTC',
      'bounds ETH',
      'bounds SOL',
      'budget: weights sum to 1',
      'at most 2 positions',
    ]);
    expect(r.message).toBe(
      'These constraints cannot all hold: bounds BTC; bounds ETH; bounds SOL; budget: weights sum to 1; at most 2 positions. Loosen one of them.',
    );
  });

  it('a return floor above every asset: the conflict names the floor and what stops leverage', () => {
    // means 0.001, 0.002, 0.003; a floor of 0.0045 is out of reach long-only. Two conflicts exist:
    // with A free (short A, buy B and C up to their caps) the best mean is 0.004, with B free it
    // is 0.003, so {B, C, budget, floor} and {A, C, budget, floor} are both irreducible. The
    // deletion filter tries A first, finds the rest still infeasible, and reports the first.
    const X = fromRows([
      [0.0, 0.001, 0.002],
      [0.002, 0.003, 0.004],
    ]);
    const sys: LinearSystem = {
      n: 3,
      nVars: 3,
      lb: new Float64Array(3),
      ub: new Float64Array(3).fill(1),
      boundLabels: ['bounds A', 'bounds B', 'bounds C'],
      Aeq: fromRows([[1, 1, 1]]),
      beq: Float64Array.from([1]),
      eqLabels: ['budget'],
      Ain: zeros(0, 3),
      bin: new Float64Array(0),
      inLabels: [],
    };
    const r = minCvar(solver, {
      scenarios: X,
      alpha: 0.5,
      system: sys,
      minReturn: { target: 0.0045 },
    });
    expect(r.kind).toBe('infeasible');
    if (r.kind === 'infeasible')
      expect(r.conflicting).toEqual([
        'bounds B',
        'bounds C',
        'budget',
        'minimum expected return 0.0045',
      ]);
    // reachable floor: all in C
    const ok = minCvar(solver, {
      scenarios: X,
      alpha: 0.5,
      system: sys,
      minReturn: { target: 0.003 },
    });
    expect(ok.kind).toBe('optimal');
    if (ok.kind === 'optimal') expectArrayClose(ok.weights, [0, 0, 1], 1e-9);
  });
});
