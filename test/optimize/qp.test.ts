import { describe, expect, it } from 'vitest';
import { fromRows, zeros } from '../../src/main/engine/linalg/matrix';
import { kktResiduals } from '../../src/main/engine/optimize/kkt';
import { type QpProblem, solveQp } from '../../src/main/engine/optimize/qp';
import { normalGenerator } from '../../src/main/engine/stats/random';
import { expectClose } from '../risk/_reference';
import { expectKkt, gaussSolve, mat, maxViolation, qpObjective } from './_qp';

describe('solveQp: textbook problems', () => {
  it('Nocedal & Wright, Numerical Optimization (2nd ed.), Example 16.4: x* = (1.4, 1.7)', () => {
    // min (x1 - 1)² + (x2 - 2.5)² s.t. x1 - 2x2 + 2 >= 0, -x1 - 2x2 + 6 >= 0, -x1 + 2x2 + 2 >= 0, x >= 0
    const problem: QpProblem = {
      P: mat([
        [2, 0],
        [0, 2],
      ]),
      q: [-2, -5],
      lb: [0, 0],
      Ain: mat([
        [-1, 2],
        [1, 2],
        [1, -2],
      ]),
      bin: [2, 6, 2],
    };
    const r = solveQp(problem);
    expectKkt(problem, r, 1e-12, 'N&W 16.4');
    expectClose(r.x[0]!, 1.4, 0, 1e-12, 'x1');
    expectClose(r.x[1]!, 1.7, 0, 1e-12, 'x2');
    // only the first constraint is active, with multiplier 0.8 (the book's λ after its last step)
    expectClose(r.z[0]!, 0.8, 0, 1e-12, 'z1');
    expect(r.z[1]).toBe(0);
    expect(r.z[2]).toBe(0);
  });

  it("R quadprog's solve.QP documentation example: (0.476190, 1.047619, 2.095238), value -2.380952", () => {
    // min -d'b + ½ b'b with A'b >= b0: A = [[-4,-3,0],[2,1,0],[0,-2,1]] (columns), b0 = (-8, 2, 0)
    const problem: QpProblem = {
      P: mat([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
      q: [0, -5, 0],
      Ain: mat([
        [4, 3, 0],
        [-2, -1, 0],
        [0, 2, -1],
      ]),
      bin: [8, -2, 0],
    };
    const r = solveQp(problem);
    expectKkt(problem, r, 1e-12, 'quadprog');
    // exact values: 10/21, 22/21, 44/21 and -50/21 (the documented decimals rounded)
    expectClose(r.x[0]!, 10 / 21, 0, 1e-12, 'b1');
    expectClose(r.x[1]!, 22 / 21, 0, 1e-12, 'b2');
    expectClose(r.x[2]!, 44 / 21, 0, 1e-12, 'b3');
    expectClose(r.objective, -50 / 21, 0, 1e-12, 'value');
    expect(Math.abs(r.objective - -2.380952)).toBeLessThan(5e-7);
  });

  it('Chvátal, Linear Programming (1983), ch. 2 LP: max 5x1 + 4x2 + 3x3 = 13 at (2, 0, 1)', () => {
    const problem: QpProblem = {
      P: zeros(0, 0),
      q: [-5, -4, -3],
      lb: [0, 0, 0],
      Ain: mat([
        [2, 3, 1],
        [4, 1, 2],
        [3, 4, 2],
      ]),
      bin: [5, 11, 8],
    };
    const r = solveQp(problem);
    expectKkt(problem, r, 1e-12, 'Chvátal');
    expectClose(r.objective, -13, 0, 1e-12, 'value');
    expectClose(r.x[0]!, 2, 0, 1e-12, 'x1');
    expectClose(r.x[1]!, 0, 0, 1e-12, 'x2');
    expectClose(r.x[2]!, 1, 0, 1e-12, 'x3');
    // the dual of Chvátal's dictionary: y = (1, 0, 1)
    expectClose(r.z[0]!, 1, 0, 1e-12, 'y1');
    expectClose(r.z[1]!, 0, 0, 1e-12, 'y2');
    expectClose(r.z[2]!, 1, 0, 1e-12, 'y3');
  });
});

describe('solveQp: closed forms', () => {
  it('equality-constrained QP equals the solution of its KKT linear system', () => {
    const g = normalGenerator(7);
    const n = 12;
    const meq = 3;
    const B = Array.from({ length: n }, () => Array.from({ length: n }, () => g()));
    const Prows = B.map((_, i) =>
      B.map((__, j) => B[i]!.reduce((s, v, k) => s + v * B[j]![k]!, 0) + (i === j ? 0.1 : 0)),
    );
    const q = Array.from({ length: n }, () => g());
    const Arows = Array.from({ length: meq }, () => Array.from({ length: n }, () => g()));
    const b = Array.from({ length: meq }, () => g());
    const problem: QpProblem = { P: mat(Prows), q, Aeq: mat(Arows), beq: b };
    const r = solveQp(problem);
    expectKkt(problem, r, 1e-11, 'eq-QP');
    // [P Aᵀ; A 0][x; y] = [-q; b]
    const K = [
      ...Prows.map((row, i) => [...row, ...Arows.map((a) => a[i]!)]),
      ...Arows.map((a) => [...a, ...new Array<number>(meq).fill(0)]),
    ];
    const sol = gaussSolve(K, [...q.map((v) => -v), ...b]);
    for (let j = 0; j < n; j++) expectClose(r.x[j]!, sol[j]!, 1e-8, 1e-9, `x${j}`);
    for (let i = 0; i < meq; i++) expectClose(r.y[i]!, sol[n + i]!, 1e-7, 1e-9, `y${i}`);
  });

  it('box-constrained separable QP: x = clamp(-q/p, lb, ub)', () => {
    const n = 40;
    const g = normalGenerator(3);
    const p = Array.from({ length: n }, () => 0.1 + Math.abs(g()));
    const q = Array.from({ length: n }, () => 2 * g());
    const lb = Array.from({ length: n }, () => -0.5);
    const ub = Array.from({ length: n }, () => 0.7);
    const P = zeros(n, n);
    p.forEach((v, i) => (P.data[i * n + i] = v));
    const problem: QpProblem = { P, q, lb, ub };
    const r = solveQp(problem);
    expectKkt(problem, r, 1e-12, 'box');
    for (let i = 0; i < n; i++)
      expectClose(r.x[i]!, Math.min(0.7, Math.max(-0.5, -q[i]! / p[i]!)), 0, 1e-12, `x${i}`);
  });
});

describe('solveQp: statuses', () => {
  it('contradictory equalities are infeasible, and the rows are named', () => {
    const problem: QpProblem = {
      P: mat([
        [1, 0],
        [0, 1],
      ]),
      q: [0, 0],
      Aeq: mat([
        [1, 1],
        [1, 1],
      ]),
      beq: [1, 2],
    };
    const r = solveQp(problem);
    expect(r.status).toBe('infeasible');
    expect(r.violated!.eq.length).toBeGreaterThan(0);
    expect(r.x.every(Number.isFinite)).toBe(true);
  });

  it('bounds that cannot meet a budget are infeasible', () => {
    const n = 5;
    const problem: QpProblem = {
      P: mat(
        Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (__, j) => (i === j ? 1 : 0)),
        ),
      ),
      q: new Array<number>(n).fill(0),
      lb: new Array<number>(n).fill(0),
      ub: new Array<number>(n).fill(0.15),
      Aeq: mat([new Array<number>(n).fill(1)]),
      beq: [1],
    };
    expect(solveQp(problem).status).toBe('infeasible');
  });

  it('lower bound above upper bound is infeasible without iterating', () => {
    const r = solveQp({ P: zeros(0, 0), q: [1, 1], lb: [0, 2], ub: [1, 1] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/variable 1/);
  });

  it('linear objective with an open direction is unbounded', () => {
    const r = solveQp({ P: zeros(0, 0), q: [-1, 0], lb: [0, 0], ub: [Infinity, 1] });
    expect(r.status).toBe('unbounded');
  });

  it('singular P: unbounded along its null space unless a row closes it', () => {
    // f = ½(x1 + x2)² − x1: along d = (1, −1) no curvature and slope −1
    const P = mat([
      [1, 1],
      [1, 1],
    ]);
    expect(solveQp({ P, q: [-1, 0] }).status).toBe('unbounded');
    // with x1 <= 10 the infimum is finite: x1 = 10, x2 = −10, f = −10
    const closed: QpProblem = { P, q: [-1, 0], Ain: mat([[1, 0]]), bin: [10] };
    const r = solveQp(closed);
    expectKkt(closed, r, 1e-10, 'closed valley');
    expectClose(r.objective, -10, 0, 1e-9, 'f');
    expect(maxViolation(closed, r.x)).toBeLessThan(1e-9);
  });

  it('singular P, finite optimum on a flat valley: any point of the valley, KKT holds', () => {
    // min ½(x1 + x2 - 1)² s.t. 0 <= x <= 1: a line of minimisers
    const problem: QpProblem = {
      P: mat([
        [1, 1],
        [1, 1],
      ]),
      q: [-1, -1],
      lb: [0, 0],
      ub: [1, 1],
    };
    const r = solveQp(problem);
    expectKkt(problem, r, 1e-12, 'valley');
    expectClose(r.x[0]! + r.x[1]!, 1, 0, 1e-10, 'x1 + x2');
  });

  it('iteration limit: status max-iterations, point still feasible', () => {
    const n = 30;
    const g = normalGenerator(11);
    const B = Array.from({ length: n }, () => Array.from({ length: n }, () => g()));
    const P = mat(
      B.map((r, i) =>
        B.map((s, j) => r.reduce((a, v, k) => a + v * B[j]![k]!, 0) + (i === j ? 1 : 0)),
      ),
    );
    const problem: QpProblem = {
      P,
      q: Array.from({ length: n }, () => g() * 10),
      lb: new Array<number>(n).fill(0),
      ub: new Array<number>(n).fill(1),
      Aeq: mat([new Array<number>(n).fill(1)]),
      beq: [3],
    };
    const r = solveQp(problem, { maxIterations: 3 });
    expect(r.status).toBe('max-iterations');
    expect(r.x.every(Number.isFinite)).toBe(true);
    const full = solveQp(problem);
    expectKkt(problem, full, 1e-10, 'full');
  });

  it('time limit with an injected clock', () => {
    let t = 0;
    const r = solveQp(
      {
        P: zeros(0, 0),
        q: [-5, -4, -3],
        lb: [0, 0, 0],
        Ain: mat([
          [2, 3, 1],
          [4, 1, 2],
          [3, 4, 2],
        ]),
        bin: [5, 11, 8],
      },
      { timeLimitMs: 5, now: () => (t += 10) },
    );
    expect(r.status).toBe('max-iterations');
    expect(() => solveQp({ P: zeros(0, 0), q: [1] }, { timeLimitMs: 5 })).toThrow(/clock/);
  });
});

describe('solveQp: bad input throws, naming the place', () => {
  it('shapes, NaN, asymmetry, indefiniteness', () => {
    expect(() => solveQp({ P: zeros(2, 2), q: [1, NaN] })).toThrow(/q\[1\]/);
    expect(() => solveQp({ P: zeros(3, 3), q: [1, 1] })).toThrow(/P is 3 x 3/);
    expect(() =>
      solveQp({
        P: fromRows([
          [1, 0.5],
          [0.4, 1],
        ]),
        q: [0, 0],
      }),
    ).toThrow(/not symmetric at \[1\]\[0\]/);
    expect(() => solveQp({ P: zeros(1, 1), q: [0], lb: [NaN] })).toThrow(/lb\[0\]/);
    expect(() => solveQp({ P: zeros(1, 1), q: [0], Aeq: mat([[1, 2]]), beq: [1] })).toThrow(
      /Aeq is 1 x 2/,
    );
    expect(() =>
      solveQp({
        P: fromRows([
          [1, 2],
          [2, 1],
        ]),
        q: [0, 0],
        lb: [-1, -1],
        ub: [1, 1],
        Aeq: mat([[1, 1]]),
        beq: [0],
      }),
    ).toThrow(/positive semidefinite/);
  });

  it('the KKT residuals detect a wrong answer', () => {
    const problem: QpProblem = {
      P: mat([
        [2, 0],
        [0, 2],
      ]),
      q: [-2, -5],
      lb: [0, 0],
    };
    const r = solveQp(problem);
    expectKkt(problem, r, 1e-12, 'unconstrained');
    const wrong = { ...r, x: Float64Array.from([1, 2]) };
    expect(kktResiduals(problem, wrong).stationarity).toBeGreaterThan(0.1);
    const wrongSign = { ...r, muLower: Float64Array.from([-1, 0]) };
    expect(kktResiduals(problem, wrongSign).dual).toBeGreaterThan(0.1);
    expect(qpObjective(problem, r.x)).toBeCloseTo(-1 - 6.25, 12);
  });
});
