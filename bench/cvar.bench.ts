import { it } from 'vitest';
import { type Matrix, zeros } from '../src/main/engine/linalg/matrix';
import { minCvar } from '../src/main/engine/optimize/cvar';
import type { LpSolver } from '../src/main/engine/optimize/highs-model';
import type { LinearSystem } from '../src/main/engine/optimize/types';
import { normalGenerator } from '../src/main/engine/stats/random';
import { highsSolver } from '../src/main/solvers/highs';
import { info, median, report, sample } from './report';

/** Heavy-tailed daily returns: one market factor plus idiosyncratic shocks, Student-t(4) both. */
function scenarios(S: number, n: number, seed: number): Matrix {
  const g = normalGenerator(seed);
  const t4 = () => {
    const z = g();
    let chi = 0;
    for (let k = 0; k < 4; k++) chi += g() ** 2;
    return z / Math.sqrt(chi / 4) / Math.SQRT2; // unit variance
  };
  const X = zeros(S, n);
  for (let s = 0; s < S; s++) {
    const m = t4();
    for (let i = 0; i < n; i++)
      X.data[s * n + i] = 0.0005 + 0.02 * (0.3 + (0.7 * i) / n) * m + 0.025 * t4();
  }
  return X;
}

/** Long-only, at most 10 % each, fully invested, the first ten assets (a "sector") <= 30 %. */
function constraints(n: number): LinearSystem {
  const Ain = zeros(1, n);
  for (let i = 0; i < 10; i++) Ain.data[i] = 1;
  const Aeq = zeros(1, n);
  Aeq.data.fill(1);
  return {
    n,
    nVars: n,
    lb: new Float64Array(n),
    ub: new Float64Array(n).fill(0.1),
    boundLabels: Array.from({ length: n }, (_, i) => `bounds asset ${i}`),
    Aeq,
    beq: Float64Array.from([1]),
    eqLabels: ['budget'],
    Ain,
    bin: Float64Array.from([0.3]),
    inLabels: ['sector <= 30%'],
  };
}

it('minimum CVaR figures', async () => {
  const t0 = performance.now();
  const highs = await highsSolver();
  const loadMs = performance.now() - t0;
  process.stdout.write(
    `[bench] HiGHS wasm load (one-off, first call in the process): ${loadMs.toFixed(1)} ms\n`,
  );

  // time spent inside HiGHS, to split each total into HiGHS and our own model building
  let inSolver: number[] = [];
  const timed =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      const t = performance.now();
      const r = f(...a);
      inSolver.push(performance.now() - t);
      return r;
    };
  const solver: LpSolver = { solve: timed(highs.solve), solveArrays: timed(highs.solveArrays!) };

  const n = 50;
  const S = 2000;
  const R = scenarios(S, n, 7);
  const system = constraints(n);
  for (const via of ['arrays', 'text'] as const) {
    const run = () => {
      const r = minCvar(solver, { scenarios: R, alpha: 0.95, system, solve: { via } });
      if (r.kind !== 'optimal') throw new Error(r.message);
    };
    run(); // warm-up
    inSolver = [];
    const totals = await sample(5, run);
    report(`min CVaR LP, 50 assets x 2,000 scenarios, via ${via}`, totals, 1000);
    const h = median(inSolver);
    process.stdout.write(
      `[bench]      inside HiGHS ${via === 'text' ? '(LP parse + solve)' : '(solve)'}: median ${h.toFixed(1)} ms; our model building and read-back: ~${(median(totals) - h).toFixed(1)} ms\n`,
    );
  }

  const milp = (nA: number, nS: number, K: number, limit: number) => () => {
    const r = minCvar(solver, {
      scenarios: scenarios(nS, nA, 8),
      alpha: 0.95,
      system: { ...constraints(nA), ub: new Float64Array(nA).fill(0.25) },
      maxAssets: K,
      minPosition: 0.05,
      solve: { timeLimitSeconds: limit, mipRelGap: 1e-3 },
    });
    if (r.kind !== 'optimal') throw new Error(r.message);
    if (r.status !== 'optimal')
      process.stdout.write(
        `[bench]      (stopped at its ${limit} s time limit; best CVaR ${r.cvar.toFixed(5)})\n`,
      );
  };
  // The issue sets no target for the mixed-integer variants: printed for the record.
  info(
    'min CVaR MILP, 20 x 500, at most 5 assets, each >= 5%',
    await sample(3, milp(20, 500, 5, 30)),
  );
  info(
    'min CVaR MILP, 50 x 2,000, at most 8, each >= 5% (10 s cap)',
    await sample(1, milp(50, 2000, 8, 10)),
  );
});
