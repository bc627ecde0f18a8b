// LP model building, LP text and result parsing, checked on textbook LPs with their published
// optima, MILPs solved by enumeration here, and the LP-format pitfalls lp-text.ts works around.
import { beforeAll, describe, expect, it } from 'vitest';
import { fromRows, zeros } from '../../src/main/engine/linalg/matrix';
import {
  type HighsSolutionLike,
  type LpSolver,
  type SolveOptions,
  lpArrays,
  highsOptions,
  maxViolation,
  parseHighsSolution,
  solveLp,
} from '../../src/main/engine/optimize/highs-model';
import {
  type LpModel,
  addRow,
  addVariable,
  emptyLp,
  lpFromLinearSystem,
} from '../../src/main/engine/optimize/lp-model';
import { lpText } from '../../src/main/engine/optimize/lp-text';
import type { LinearSystem } from '../../src/main/engine/optimize/types';
import { uniformGenerator } from '../../src/main/engine/stats/random';
import { highsSolver } from '../../src/main/solvers/highs';

let solver: LpSolver;
beforeAll(async () => {
  solver = await highsSolver();
});

/** Every solve below runs twice: through LP text and through the array path. */
let via: 'text' | 'arrays' = 'text';
const solve = (lp: LpModel, o: SolveOptions = {}) => solveLp(solver, lp, { ...o, via });

/** A model from dense rows: rows[i] = [coefficients..., op, rhs]. */
function dense(
  sense: LpModel['sense'],
  cost: number[],
  rows: [number[], '<=' | '>=' | '=', number][],
  bounds: [number, number][] = cost.map(() => [0, Infinity]),
  integer: number[] = [],
): LpModel {
  const lp = emptyLp(sense);
  cost.forEach((c, j) =>
    addVariable(lp, {
      lb: bounds[j]![0],
      ub: bounds[j]![1],
      cost: c,
      integer: integer.includes(j),
    }),
  );
  for (const [a, op, b] of rows) {
    const idx = a.map((_, j) => j);
    addRow(lp, idx, a, op === '<=' ? -Infinity : b, op === '>=' ? Infinity : b);
  }
  return lp;
}

function optimal(lp: LpModel) {
  const r = solve(lp);
  expect(r.status, r.detail).toBe('optimal');
  return { objective: r.objective!, x: Array.from(r.x!) };
}

for (const mode of ['text', 'arrays'] as const)
  describe(`via ${mode}`, () => {
    beforeAll(() => {
      via = mode;
    });

    describe('textbook LPs (published optima)', () => {
      it('Wyndor Glass: max 3x1 + 5x2 -> 36 at (2, 6) (Hillier & Lieberman, Intro. to OR, §3.1)', () => {
        const lp = dense(
          'maximize',
          [3, 5],
          [
            [[1, 0], '<=', 4],
            [[0, 2], '<=', 12],
            [[3, 2], '<=', 18],
          ],
        );
        const { objective, x } = optimal(lp);
        expect(objective).toBeCloseTo(36, 9);
        expect(x[0]).toBeCloseTo(2, 9);
        expect(x[1]).toBeCloseTo(6, 9);
      });

      it('Dakota furniture: 280 with 2 desks, 0 tables, 8 chairs (Winston, Operations Research, §6.3)', () => {
        const lp = dense(
          'maximize',
          [60, 30, 20],
          [
            [[8, 6, 1], '<=', 48],
            [[4, 2, 1.5], '<=', 20],
            [[2, 1.5, 0.5], '<=', 8],
          ],
          [
            [0, Infinity],
            [0, 5],
            [0, Infinity],
          ],
        );
        const { objective, x } = optimal(lp);
        expect(objective).toBeCloseTo(280, 9);
        [2, 0, 8].forEach((v, j) => expect(x[j]).toBeCloseTo(v, 9));
      });

      it('diet problem: 90 cents, 3 scoops of ice cream and 1 cola (Winston, Operations Research, §3.4)', () => {
        const lp = dense(
          'minimize',
          [50, 20, 30, 80],
          [
            [[400, 200, 150, 500], '>=', 500],
            [[3, 2, 0, 0], '>=', 6],
            [[2, 2, 4, 4], '>=', 10],
            [[2, 4, 1, 5], '>=', 8],
          ],
        );
        const { objective, x } = optimal(lp);
        expect(objective).toBeCloseTo(90, 9);
        [0, 3, 1, 0].forEach((v, j) => expect(x[j]).toBeCloseTo(v, 9));
      });

      it('lpFromLinearSystem: the Wyndor LP given as a LinearSystem, plus an extra variable and row', () => {
        const sys: LinearSystem = {
          n: 2,
          nVars: 2,
          lb: Float64Array.from([0, 0]),
          ub: Float64Array.from([4, Infinity]),
          boundLabels: ['plant 1', 'plant 2'],
          Aeq: zeros(0, 2),
          beq: new Float64Array(0),
          eqLabels: [],
          Ain: fromRows([
            [0, 2],
            [3, 2],
          ]),
          bin: Float64Array.from([12, 18]),
          inLabels: ['plant 2 hours', 'plant 3 hours'],
        };
        const lp = lpFromLinearSystem(sys, [3, 5], { sense: 'maximize' });
        expect(lp.rowLabels).toEqual(['plant 2 hours', 'plant 3 hours']);
        expect(optimal(lp).objective).toBeCloseTo(36, 9);
        // extra variable s = x1 + x2 (equality row), maximised with weight 1: 36 + 8
        const lp2 = lpFromLinearSystem(sys, [3, 5, 1], {
          sense: 'maximize',
          extraVars: [{ lb: -Infinity, ub: Infinity, label: 's' }],
          extraRows: [
            { indices: [0, 1, 2], values: [1, 1, -1], lo: 0, hi: 0, label: 'definition of s' },
          ],
        });
        const r = optimal(lp2);
        expect(r.objective).toBeCloseTo(44, 9);
        expect(r.x[2]).toBeCloseTo(8, 9);
      });
    });

    describe('MILPs checked by enumeration', () => {
      it('0/1 knapsack, 14 items: HiGHS optimum = best of all 2^14 subsets', () => {
        const u = uniformGenerator(11);
        const n = 14;
        const w = Array.from({ length: n }, () => 1 + Math.floor(u() * 30));
        const v = Array.from({ length: n }, () => 1 + Math.floor(u() * 40));
        const cap = Math.floor(w.reduce((a, b) => a + b, 0) / 3);
        let best = 0;
        for (let mask = 0; mask < 1 << n; mask++) {
          let ww = 0;
          let vv = 0;
          for (let j = 0; j < n; j++)
            if (mask & (1 << j)) {
              ww += w[j]!;
              vv += v[j]!;
            }
          if (ww <= cap && vv > best) best = vv;
        }
        const lp = dense(
          'maximize',
          v,
          [[w, '<=', cap]],
          w.map(() => [0, 1]),
          w.map((_, j) => j),
        );
        const r = solve(lp, { mipRelGap: 0 });
        expect(r.status).toBe('optimal');
        expect(r.objective).toBe(best);
        expect(r.x!.every((x) => x === 0 || x === 1)).toBe(true);
      });

      it('general integers with negative bounds: optimum = best of the 9^3 grid points', () => {
        // max 5a - 3b + 4c  s.t.  2a + 3b - c <= 7,  -a + 4b + 2c <= 9,  a + b + c >= -2,  a,b,c in [-4, 4]
        const c = [5, -3, 4];
        const rows: [number[], '<=' | '>=', number][] = [
          [[2, 3, -1], '<=', 7],
          [[-1, 4, 2], '<=', 9],
          [[1, 1, 1], '>=', -2],
        ];
        let best = -Infinity;
        for (let a = -4; a <= 4; a++)
          for (let b = -4; b <= 4; b++)
            for (let d = -4; d <= 4; d++) {
              const x = [a, b, d];
              const ok = rows.every(([row, op, rhs]) => {
                const s = row.reduce((acc, k, j) => acc + k * x[j]!, 0);
                return op === '<=' ? s <= rhs : s >= rhs;
              });
              if (ok) best = Math.max(best, c[0]! * a + c[1]! * b + c[2]! * d);
            }
        const lp = dense(
          'maximize',
          c,
          rows,
          [
            [-4, 4],
            [-4, 4],
            [-4, 4],
          ],
          [0, 1, 2],
        );
        const r = solve(lp, { mipRelGap: 0 });
        expect(r.status).toBe('optimal');
        expect(r.objective).toBe(best);
      });

      it('a market-split MILP (Cornuéjols & Dawande 1999) stops at the time limit with no false solution', () => {
        const u = uniformGenerator(3);
        const n = 40;
        const lp = emptyLp();
        for (let j = 0; j < n; j++) addVariable(lp, { lb: 0, ub: 1, integer: true });
        for (let i = 0; i < 4; i++) {
          const a = Array.from({ length: n }, () => Math.floor(u() * 100));
          const b = Math.floor(a.reduce((s, x) => s + x, 0) / 2);
          addRow(
            lp,
            a.map((_, j) => j),
            a,
            b,
            b,
          );
        }
        const r = solve(lp, { timeLimitSeconds: 0.05 });
        expect(r.status).toBe('time-limit');
        expect(r.detail).toBe('Time limit reached');
        if (r.x) expect(maxViolation(lp, r.x)).toBeLessThanOrEqual(1e-6);
      });
    });

    describe('LP text: numbers and bounds as HiGHS reads them', () => {
      const tricky = [
        0.1 + 0.2,
        1 / 3,
        -2 / 3,
        1e-7,
        -2.5e-8,
        3.0000000000000004,
        123456789.12345679,
        -987654321987.6543,
        1e-300,
        4.9406564584124654e-320,
        1.2345678901234567e14,
      ];

      it('writes every number in a form HiGHS parses to the same double (bounds and row sides)', () => {
        for (const v of tricky) {
          // the optimum sits exactly on the bound (bit-exact), then on a singleton row
          const viaBound = emptyLp();
          addVariable(viaBound, { lb: v, ub: Infinity, cost: 1 });
          const rb = solve(viaBound);
          expect(rb.x![0], `bound ${v}`).toBe(v);
          const viaRow = emptyLp();
          addVariable(viaRow, { lb: -Infinity, ub: Infinity, cost: 1 });
          addRow(viaRow, [0], [1], v, Infinity);
          const rr = solve(viaRow);
          expect(rr.status).toBe('optimal');
          // tiny sides fall inside HiGHS's 1e-7 feasibility tolerance (x = 0 is then optimal)
          expect(Math.abs(rr.x![0]! - v), `row side ${v}`).toBeLessThanOrEqual(
            Math.abs(v) * 1e-15 + 1e-7,
          );
        }
      });

      it('writes coefficients exactly: 2-variable LPs whose optimum is a ratio of the coefficients', () => {
        // min y  s.t.  a x - y <= 0 ... x = 1 fixed: y = a exactly (up to one rounding)
        for (const a of tricky.filter((t) => Math.abs(t) > 1e-8 && Math.abs(t) < 1e13)) {
          const lp = emptyLp();
          addVariable(lp, { lb: 1, ub: 1 });
          addVariable(lp, { lb: -Infinity, ub: Infinity, cost: 1 });
          addRow(lp, [0, 1], [a, -1], -Infinity, 0);
          const r = solve(lp);
          expect(Math.abs(r.x![1]! - a), `coefficient ${a}`).toBeLessThanOrEqual(
            Math.abs(a) * 4e-16,
          );
        }
      });

      it('uses the shortest round-trip form, with exponents only where JavaScript writes them', () => {
        const lp = emptyLp();
        addVariable(lp, { lb: 1e-7, ub: 1.5e21, cost: 0.1 + 0.2 });
        const text = lpText(lp);
        expect(text).toContain(' obj: 0.30000000000000004 x0');
        expect(text).toContain(' 1e-7 <= x0 <= 1.5e+21');
      });

      it('free, negative-only, fixed and one-sided bounds', () => {
        const lp = emptyLp('maximize');
        addVariable(lp, { lb: -Infinity, ub: -1, cost: 1 }); // "x <= -1" alone would mean [0, -1]
        addVariable(lp, { lb: -Infinity, ub: Infinity, cost: 0 });
        addVariable(lp, { lb: -2.5, ub: -2.5, cost: 1 });
        addVariable(lp, { lb: -3, ub: Infinity, cost: -1 });
        addRow(lp, [1], [1], -7, 7);
        const text = lpText(lp);
        expect(text).toContain(' -inf <= x0 <= -1');
        expect(text).toContain(' x1 free');
        expect(text).toContain(' x2 = -2.5');
        expect(text).toContain(' x3 >= -3');
        const r = solve(lp);
        expect(r.status).toBe('optimal');
        expect(r.x![0]).toBe(-1);
        expect(r.x![2]).toBe(-2.5);
        expect(r.x![3]).toBe(-3);
        expect(r.objective).toBeCloseTo(-1 - 2.5 + 3, 12);
      });

      it('ranged rows become two rows (the wasm reader aborts on "lo <= expr <= hi")', () => {
        const lp = emptyLp('maximize');
        addVariable(lp, { lb: -Infinity, ub: Infinity, cost: 1 });
        addVariable(lp, { lb: 0, ub: 10, cost: 0 });
        addRow(lp, [0, 1], [1, 1], -2, 3);
        expect(lpText(lp)).toMatch(/ c0: 1 x0 \+ 1 x1 >= -2\n c1: 1 x0 \+ 1 x1 <= 3\n/);
        expect(solve(lp).objective).toBeCloseTo(3, 12);
        lp.sense = 'minimize';
        expect(solve(lp).objective).toBeCloseTo(-12, 12);
      });

      it('empty rows still decide feasibility; free rows are dropped', () => {
        const lp = emptyLp();
        addVariable(lp, { lb: 0, ub: 1, cost: 1 });
        addRow(lp, [0], [0], -Infinity, Infinity);
        addRow(lp, [], [], -1, 2);
        expect(solve(lp).status).toBe('optimal');
        addRow(lp, [], [], 1, Infinity); // 0 >= 1
        expect(solve(lp).status).toBe('infeasible');
      });

      it('wraps long rows (5,000 terms) and still solves them', () => {
        const n = 5000;
        const lp = emptyLp('maximize');
        for (let j = 0; j < n; j++) addVariable(lp, { lb: 0, ub: 1, cost: 1 + (j % 7) });
        addRow(
          lp,
          Array.from({ length: n }, (_, j) => j),
          new Array<number>(n).fill(1),
          -Infinity,
          10,
        );
        const text = lpText(lp);
        expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(255);
        // the 10 best items are worth 7 each
        expect(solve(lp).objective).toBeCloseTo(70, 9);
      });

      it('rejects NaN / infinite coefficients and impossible bound forms, saying where', () => {
        const lp = emptyLp();
        addVariable(lp, { lb: 0, ub: 1, label: 'bounds BTC' });
        expect(() => addVariable(lp, { lb: NaN, ub: 1, label: 'bounds ETH' })).toThrow(
          /variable 1 \(bounds ETH\)/,
        );
        expect(() => addVariable(lp, { lb: 0, ub: 1, cost: Infinity })).toThrow(
          /objective coefficient/,
        );
        expect(() => addRow(lp, [0], [NaN], 0, 1, 'budget')).toThrow(
          /row 0 \(budget\): coefficient of variable 0/,
        );
        expect(() => addRow(lp, [3], [1], 0, 1, 'budget')).toThrow(/variable index 3 out of range/);
        expect(() => addRow(lp, [0], [1], Infinity, Infinity)).toThrow(/bounds/);
      });
    });

    describe('statuses', () => {
      it('infeasible and unbounded LPs from HiGHS', () => {
        const inf = emptyLp();
        addVariable(inf, { lb: 0, ub: 1, cost: 1 });
        addVariable(inf, { lb: 0, ub: 1, cost: 1 });
        addRow(inf, [0, 1], [1, 1], 3, Infinity);
        expect(solve(inf).status).toBe('infeasible');
        const box = emptyLp();
        addVariable(box, { lb: 2, ub: 1 });
        expect(solve(box).status).toBe('infeasible');
        const unb = emptyLp('maximize');
        addVariable(unb, { lb: -Infinity, ub: Infinity, cost: 1 });
        addVariable(unb, { lb: 0, ub: Infinity });
        addRow(unb, [0, 1], [1, 1], 1, Infinity);
        expect(['unbounded', 'infeasible-or-unbounded']).toContain(solve(unb).status);
      });

      it('maps HiGHS status strings; a limit keeps x only when x is feasible', () => {
        const lp = emptyLp();
        addVariable(lp, { lb: 0, ub: 1, cost: 1 });
        addRow(lp, [0], [1], 0.5, Infinity);
        const sol = (Status: string, x?: number): HighsSolutionLike => ({
          Status,
          ObjectiveValue: x ?? 0,
          Columns: x === undefined ? {} : { x0: { Index: 0, Primal: x } },
        });
        expect(parseHighsSolution(lp, sol('Optimal', 0.5))).toMatchObject({
          status: 'optimal',
          objective: 0.5,
        });
        expect(parseHighsSolution(lp, sol('Optimal'))).toMatchObject({ status: 'error' });
        expect(parseHighsSolution(lp, sol('Time limit reached', 0.7)).x).toEqual(
          Float64Array.from([0.7]),
        );
        expect(parseHighsSolution(lp, sol('Time limit reached', 0.2)).x).toBeUndefined(); // violates the row
        expect(parseHighsSolution(lp, sol('Iteration limit reached', 0.6)).status).toBe(
          'iteration-limit',
        );
        expect(parseHighsSolution(lp, sol('Infeasible')).status).toBe('infeasible');
        expect(parseHighsSolution(lp, sol('Primal infeasible or unbounded')).status).toBe(
          'infeasible-or-unbounded',
        );
        expect(parseHighsSolution(lp, sol('Unbounded')).status).toBe('unbounded');
        for (const s of ['Load error', 'Model error', 'Solve error', 'Unknown', 'Not Set'])
          expect(parseHighsSolution(lp, sol(s)).status).toBe('error');
      });

      it('lpArrays: rows compressed, repeated columns summed, integrality only for a MILP', () => {
        const lp = emptyLp('maximize');
        addVariable(lp, { lb: 0, ub: 1, cost: 2 });
        addVariable(lp, { lb: -Infinity, ub: 3 });
        addRow(lp, [1, 0, 1], [2, 5, -0.5], -Infinity, 4);
        addRow(lp, [], [], -1, 1);
        addRow(lp, [0, 0], [1, -1], 0, 0);
        const a = lpArrays(lp);
        expect(Array.from(a.starts)).toEqual([0, 2, 2, 3]);
        expect(Array.from(a.indices)).toEqual([1, 0, 0]);
        expect(Array.from(a.values)).toEqual([1.5, 5, 0]);
        expect(Array.from(a.rowLower)).toEqual([-Infinity, -1, 0]);
        expect(a.integrality).toBeUndefined();
        lp.integer[1] = true;
        expect(Array.from(lpArrays(lp).integrality!)).toEqual([0, 1]);
      });

      it('passes silent output and the limits to HiGHS; a throwing solver becomes status error', () => {
        expect(highsOptions()).toEqual({ output_flag: false });
        expect(highsOptions({ timeLimitSeconds: 2, mipRelGap: 0.01 })).toEqual({
          output_flag: false,
          time_limit: 2,
          mip_rel_gap: 0.01,
        });
        expect(() => highsOptions({ timeLimitSeconds: 0 })).toThrow(/time limit/);
        const lp = emptyLp();
        addVariable(lp, { lb: 0, ub: 1 });
        const throwing: LpSolver = {
          solve: () => {
            throw new Error('Unable to read LP model');
          },
        };
        expect(solveLp(throwing, lp)).toMatchObject({
          status: 'error',
          detail: expect.stringMatching(/Unable to read/),
        });
      });
    });
  });
