// Infeasibility diagnosis: constructed conflicts whose irreducible set is worked out by hand in
// each comment, feasible systems, and properties of the set on random systems (every point the
// solver calls feasible is checked here against the constraints).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromRows, zeros } from '../../src/main/engine/linalg/matrix';
import { type LpSolver, maxViolation, solveLp } from '../../src/main/engine/optimize/highs-model';
import {
  deletionFilter,
  diagnoseInfeasible,
  infeasibilityMessage,
  relaxSystem,
  systemLabels,
} from '../../src/main/engine/optimize/infeasibility';
import { lpFromLinearSystem } from '../../src/main/engine/optimize/lp-model';
import type { LinearSystem } from '../../src/main/engine/optimize/types';
import { highsSolver } from '../../src/main/solvers/highs';

let solver: LpSolver;
beforeAll(async () => {
  solver = await highsSolver();
});

/** Hand-built LinearSystems (what compile.ts produces), with labelled rows and bounds. */
class Sys {
  private lb: number[] = [];
  private ub: number[] = [];
  private boundLabels: string[] = [];
  private eq: { a: Map<number, number>; b: number; label: string }[] = [];
  private le: { a: Map<number, number>; b: number; label: string }[] = [];
  constructor(private readonly n: number) {}

  bounds(i: number, lo: number, hi: number, label: string): this {
    this.lb[i] = lo;
    this.ub[i] = hi;
    this.boundLabels[i] = label;
    return this;
  }
  aux(lo: number, hi: number, label: string): number {
    const j = Math.max(this.n, this.lb.length);
    this.bounds(j, lo, hi, label);
    return j;
  }
  /** Σ a_j x_j = b */
  equal(a: [number, number][], b: number, label: string): this {
    this.eq.push({ a: new Map(a), b, label });
    return this;
  }
  /** Σ a_j x_j <= b */
  atMost(a: [number, number][], b: number, label: string): this {
    this.le.push({ a: new Map(a), b, label });
    return this;
  }
  atLeast(a: [number, number][], b: number, label: string): this {
    return this.atMost(
      a.map(([j, v]) => [j, -v]),
      -b,
      label,
    );
  }
  budget(label = 'budget: weights sum to 1'): this {
    return this.equal(
      Array.from({ length: this.n }, (_, i) => [i, 1]),
      1,
      label,
    );
  }
  build(): LinearSystem {
    const nVars = this.lb.length;
    const dense = (rows: { a: Map<number, number> }[]) =>
      rows.length
        ? fromRows(rows.map((r) => Array.from({ length: nVars }, (_, j) => r.a.get(j) ?? 0)))
        : zeros(0, nVars);
    return {
      n: this.n,
      nVars,
      lb: Float64Array.from(this.lb),
      ub: Float64Array.from(this.ub),
      boundLabels: [...this.boundLabels],
      Aeq: dense(this.eq),
      beq: Float64Array.from(this.eq.map((r) => r.b)),
      eqLabels: this.eq.map((r) => r.label),
      Ain: dense(this.le),
      bin: Float64Array.from(this.le.map((r) => r.b)),
      inLabels: this.le.map((r) => r.label),
    };
  }
}

const sum = (idx: number[]): [number, number][] => idx.map((i) => [i, 1]);

/** Turnover Σ|w − current| <= max through t_i >= |w_i − c_i| (t_i are auxiliaries). */
function turnover(s: Sys, current: number[], max: number, label: string): Sys {
  const t = current.map(() => s.aux(0, Infinity, label));
  current.forEach((c, i) => {
    s.atMost(
      [
        [i, 1],
        [t[i]!, -1],
      ],
      c,
      label,
    );
    s.atMost(
      [
        [i, -1],
        [t[i]!, -1],
      ],
      -c,
      label,
    );
  });
  return s.atMost(sum(t), max, label);
}

/** Gross leverage Σ|w_i| <= max through g_i >= |w_i|. */
function gross(s: Sys, n: number, max: number, label: string): Sys {
  const g = Array.from({ length: n }, () => s.aux(0, Infinity, label));
  for (let i = 0; i < n; i++) {
    s.atMost(
      [
        [i, 1],
        [g[i]!, -1],
      ],
      0,
      label,
    );
    s.atMost(
      [
        [i, -1],
        [g[i]!, -1],
      ],
      0,
      label,
    );
  }
  return s.atMost(sum(g), max, label);
}

function diagnose(sys: LinearSystem) {
  const r = diagnoseInfeasible(sys, solver);
  expect(r, 'expected a conflict').not.toBeNull();
  return r!;
}

describe('constructed conflicts: the exact irreducible set', () => {
  it('caps and a group cap summing below the budget', () => {
    // BTC <= 35 %, ETH <= 35 %, stablecoins <= 20 %: at most 90 % can be placed. Freeing a
    // stablecoin's own bounds does not help (the group row still caps both).
    const sys = new Sys(4)
      .bounds(0, 0, 0.35, 'cap BTC (liquidity)')
      .bounds(1, 0, 0.35, 'cap ETH (liquidity)')
      .bounds(2, 0, 1, 'bounds USDC')
      .bounds(3, 0, 1, 'bounds USDT')
      .budget()
      .atMost(sum([2, 3]), 0.2, 'group Stablecoins <= 20%')
      .build();
    const r = diagnose(sys);
    expect(r.kind).toBe('infeasible');
    expect(r.conflicting).toEqual([
      'cap BTC (liquidity)',
      'cap ETH (liquidity)',
      'budget: weights sum to 1',
      'group Stablecoins <= 20%',
    ]);
    expect(r.message).toBe(
      'These constraints cannot all hold: cap BTC (liquidity); cap ETH (liquidity); budget: weights sum to 1; group Stablecoins <= 20%. Loosen one of them.',
    );
  });

  it("a group floor above its members' caps (the budget is not part of it)", () => {
    const sys = new Sys(3)
      .bounds(0, 0, 1, 'bounds BTC')
      .bounds(1, 0, 0.2, 'cap UNI (liquidity)')
      .bounds(2, 0, 0.2, 'cap AAVE (liquidity)')
      .budget()
      .atLeast(sum([1, 2]), 0.5, 'group DeFi >= 50%')
      .build();
    expect(diagnose(sys).conflicting).toEqual([
      'cap UNI (liquidity)',
      'cap AAVE (liquidity)',
      'group DeFi >= 50%',
    ]);
  });

  it('two group floors summing above 100%', () => {
    const sys = new Sys(4)
      .bounds(0, 0, 1, 'bounds USDC')
      .bounds(1, 0, 1, 'bounds USDT')
      .bounds(2, 0, 1, 'bounds UNI')
      .bounds(3, 0, 1, 'bounds AAVE')
      .budget()
      .atLeast(sum([0, 1]), 0.3, 'group Stablecoins >= 30%')
      .atLeast(sum([2, 3]), 0.8, 'group DeFi >= 80%')
      .build();
    expect(diagnose(sys).conflicting).toEqual([
      'budget: weights sum to 1',
      'group Stablecoins >= 30%',
      'group DeFi >= 80%',
    ]);
  });

  it('the same with an asset outside both groups: shorting it would fund the floors, so "long-only" is named', () => {
    const s = new Sys(5);
    for (let i = 0; i < 5; i++) s.bounds(i, 0, 1, 'long-only');
    const sys = s
      .budget()
      .atLeast(sum([0, 1]), 0.3, 'group Stablecoins >= 30%')
      .atLeast(sum([2, 3]), 0.8, 'group DeFi >= 80%')
      .build();
    expect(diagnose(sys).conflicting).toEqual([
      'long-only',
      'budget: weights sum to 1',
      'group Stablecoins >= 30%',
      'group DeFi >= 80%',
    ]);
  });

  it('a turnover limit too tight to reach a required weight from the current one', () => {
    // current 50/50/0; SOL must reach 30 %: buying 0.3 means selling 0.3, turnover 0.6 > 0.4
    const s = new Sys(3)
      .bounds(0, 0, 1, 'bounds BTC')
      .bounds(1, 0, 1, 'bounds ETH')
      .bounds(2, 0.3, 1, 'SOL at least 30%')
      .budget();
    const sys = turnover(s, [0.5, 0.5, 0], 0.4, 'turnover <= 40%').build();
    expect(diagnose(sys).conflicting).toEqual([
      'SOL at least 30%',
      'turnover <= 40%',
      'budget: weights sum to 1',
    ]);
    const loose = turnover(
      new Sys(3)
        .bounds(0, 0, 1, 'bounds BTC')
        .bounds(1, 0, 1, 'bounds ETH')
        .bounds(2, 0.3, 1, 'SOL at least 30%')
        .budget(),
      [0.5, 0.5, 0],
      0.6,
      'turnover <= 60%',
    ).build();
    expect(diagnoseInfeasible(loose, solver)).toBeNull();
  });

  it('long-short: a required short and the budget need more gross leverage than allowed', () => {
    // ETH <= -30 % and Σw = 1 force BTC + SOL = 1.3: gross >= 1.6 > 1.5
    const s = new Sys(3)
      .bounds(0, -1, 1, 'bounds BTC')
      .bounds(1, -1, -0.3, 'ETH short at least 30%')
      .bounds(2, -1, 1, 'bounds SOL')
      .budget();
    const sys = gross(s, 3, 1.5, 'gross leverage <= 150%').build();
    expect(diagnose(sys).conflicting).toEqual([
      'ETH short at least 30%',
      'gross leverage <= 150%',
      'budget: weights sum to 1',
    ]);
    const ok = gross(
      new Sys(3)
        .bounds(0, -1, 1, 'bounds BTC')
        .bounds(1, -1, -0.3, 'ETH short at least 30%')
        .bounds(2, -1, 1, 'bounds SOL')
        .budget(),
      3,
      1.6,
      'gross leverage <= 160%',
    ).build();
    expect(diagnoseInfeasible(ok, solver)).toBeNull();
  });

  it('a single impossible bound is a conflict on its own', () => {
    const sys = new Sys(2)
      .bounds(0, 0.6, 0.5, 'BTC between 60% and 50%')
      .bounds(1, 0, 1, 'bounds ETH')
      .budget()
      .build();
    const r = diagnose(sys);
    expect(r.conflicting).toEqual(['BTC between 60% and 50%']);
    expect(r.message).toBe('This constraint cannot hold: BTC between 60% and 50%. Loosen it.');
  });
});

describe('feasible systems and edge cases', () => {
  it('feasible systems return null', () => {
    const sys = new Sys(4)
      .bounds(0, 0, 0.35, 'cap BTC (liquidity)')
      .bounds(1, 0, 0.35, 'cap ETH (liquidity)')
      .bounds(2, 0, 1, 'bounds USDC')
      .bounds(3, 0, 1, 'bounds USDT')
      .budget()
      .atMost(sum([2, 3]), 0.3, 'group Stablecoins <= 30%')
      .build();
    expect(diagnoseInfeasible(sys, solver)).toBeNull();
  });

  it('structural rows (empty label) are kept and never named', () => {
    // x0 + x1 = 1 is structure; with x0 <= 0.2 (labelled) and x1 <= 0.5 (labelled) it conflicts
    const sys = new Sys(2)
      .bounds(0, 0, 0.2, 'cap A')
      .bounds(1, 0, 0.5, 'cap B')
      .equal(sum([0, 1]), 1, '')
      .build();
    expect(diagnose(sys).conflicting).toEqual(['cap A', 'cap B']);
    // a structure that is inconsistent by itself: nothing named can fix it
    const broken = new Sys(1)
      .bounds(0, 0, 1, 'bounds A')
      .equal([[0, 0]], 1, '')
      .build();
    const r = diagnose(broken);
    expect(r.conflicting).toEqual([]);
    expect(r.message).toMatch(/no named constraint explains why/);
  });

  it('a solve budget too small says the list may be too long, and still holds the conflict', () => {
    const sys = new Sys(4)
      .bounds(0, 0, 0.35, 'cap BTC (liquidity)')
      .bounds(1, 0, 0.35, 'cap ETH (liquidity)')
      .bounds(2, 0, 1, 'bounds USDC')
      .bounds(3, 0, 1, 'bounds USDT')
      .budget()
      .atMost(sum([2, 3]), 0.2, 'group Stablecoins <= 20%')
      .build();
    // 1 solve for the whole model, 3 for the filter: BTC and ETH caps kept, USDC dropped, the
    // rest untested and kept
    const r = diagnoseInfeasible(sys, solver, { maxSolves: 4 })!;
    expect(r.conflicting).toEqual([
      'cap BTC (liquidity)',
      'cap ETH (liquidity)',
      'bounds USDT',
      'budget: weights sum to 1',
      'group Stablecoins <= 20%',
    ]);
    expect(r.message).toMatch(/stopped early/);
  });

  it('a solver that cannot answer makes the diagnosis throw instead of guessing', () => {
    const sys = new Sys(1).bounds(0, 0, 1, 'bounds A').budget().build();
    const broken: LpSolver = {
      solve: () => ({ Status: 'Solve error', ObjectiveValue: 0, Columns: {} }),
    };
    expect(() => diagnoseInfeasible(sys, broken)).toThrow(/could not decide/);
  });

  it('deletionFilter keeps an inconclusive group and reports the result as possibly reducible', () => {
    // groups a, b, c; the model is infeasible exactly when a and c are both present
    const r = deletionFilter(['a', 'b', 'c'], (d) => d.has('a') || d.has('c'));
    expect(r).toEqual({ conflicting: ['a', 'c'], irreducible: true });
    const u = deletionFilter(['a', 'b', 'c'], (d) =>
      d.has('b') ? undefined : d.has('a') || d.has('c'),
    );
    expect(u).toEqual({ conflicting: ['a', 'b', 'c'], irreducible: false });
    expect(infeasibilityMessage(['x', 'y'], false)).toMatch(/may include constraints/);
  });
});

describe('random systems (fast-check)', () => {
  /** Random rows over n weights in [0, 1]; each row a labelled group "row k". */
  const arbSystem = fc.record({
    n: fc.integer({ min: 2, max: 5 }),
    rows: fc.array(
      fc.record({
        a: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 5, maxLength: 5 }),
        slack: fc.integer({ min: -6, max: 6 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    w0: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 5, maxLength: 5 }),
  });

  function build(
    n: number,
    rows: { a: number[]; slack: number }[],
    w0: number[],
    feasibleOnly: boolean,
  ) {
    const s = new Sys(n);
    for (let i = 0; i < n; i++) s.bounds(i, 0, 1, `bounds ${i}`);
    rows.forEach((r, k) => {
      const a = r.a.slice(0, n);
      const at = a.reduce((acc, v, i) => acc + (v * w0[i]!) / 10, 0);
      const slack = feasibleOnly ? Math.abs(r.slack) / 4 : r.slack / 4;
      s.atMost(
        a.map((v, i) => [i, v]),
        at + slack,
        `row ${k}`,
      );
    });
    return s.build();
  }

  it('systems built around a known point are feasible: null', () => {
    fc.assert(
      fc.property(arbSystem, ({ n, rows, w0 }) => {
        expect(diagnoseInfeasible(build(n, rows, w0, true), solver)).toBeNull();
      }),
      { numRuns: 40 },
    );
  });

  it('a reported set is infeasible and every group in it is needed (feasible points checked here)', () => {
    let conflicts = 0;
    fc.assert(
      fc.property(arbSystem, ({ n, rows, w0 }) => {
        const sys = build(n, rows, w0, false);
        const r = diagnoseInfeasible(sys, solver);
        if (!r) return;
        conflicts++;
        const all = systemLabels(sys);
        const onlyThese = (keep: string[]) => new Set(all.filter((l) => !keep.includes(l)));
        const core = lpFromLinearSystem(relaxSystem(sys, onlyThese(r.conflicting)));
        expect(solveLp(solver, core).status).toBe('infeasible');
        for (const g of r.conflicting) {
          const lp = lpFromLinearSystem(
            relaxSystem(sys, onlyThese(r.conflicting.filter((l) => l !== g))),
          );
          const sol = solveLp(solver, lp);
          expect(sol.status, `without ${g}`).toBe('optimal');
          expect(maxViolation(lp, sol.x!)).toBeLessThanOrEqual(1e-7);
        }
      }),
      { numRuns: 40 },
    );
    expect(conflicts, 'random systems that turned out infeasible').toBeGreaterThan(5);
  });
});
