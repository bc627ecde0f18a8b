// The one place that loads HiGHS (WebAssembly). Loading compiles ~3 MB of wasm, so it happens
// once per process (main or worker thread) and is shared; the engine receives the result as a
// plain LpSolver and never imports this file.
import loadHighs, { type Highs } from 'highs';
import type {
  HighsOptionValue,
  HighsSolutionLike,
  LpArrays,
  LpSolver,
} from '../engine/optimize/highs-model';

type Options = Readonly<Record<string, HighsOptionValue>>;

/** HiGHS model status codes (highs.constants.modelStatus) in the words `solve()` uses. */
const STATUS_WORDS: Record<number, string> = {
  0: 'Not Set',
  1: 'Load error',
  2: 'Model error',
  3: 'Presolve error',
  4: 'Solve error',
  5: 'Postsolve error',
  6: 'Empty',
  7: 'Optimal',
  8: 'Infeasible',
  9: 'Primal infeasible or unbounded',
  10: 'Unbounded',
  11: 'Bound on objective reached',
  12: 'Target for objective reached',
  13: 'Time limit reached',
  14: 'Iteration limit reached',
  15: 'Unknown',
  16: 'Solution limit reached',
  17: 'Interrupted',
};

/** Structured input through a scoped persistent model (disposed after the run: no wasm leak). */
function solveArrays(highs: Highs, m: LpArrays, options?: Options): HighsSolutionLike {
  const data = {
    numCols: m.numCols,
    numRows: m.numRows,
    sense:
      m.sense === 'maximize'
        ? highs.constants.objectiveSense.maximize
        : highs.constants.objectiveSense.minimize,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: m.colUpper,
    rowLower: m.rowLower,
    rowUpper: m.rowUpper,
    matrix: {
      format: 'csr' as const,
      numRows: m.numRows,
      numCols: m.numCols,
      starts: m.starts,
      indices: m.indices,
      values: m.values,
    },
    ...(m.integrality ? { integrality: m.integrality } : {}),
  };
  return highs.withModel(data, (model) => {
    if (options) model.options.set(options);
    model.run();
    const code = model.getModelStatus();
    return {
      Status: STATUS_WORDS[code] ?? `status ${code}`,
      ObjectiveValue: model.getObjectiveValue(),
      colValue: model.getSolution().colValue,
    };
  });
}

let loading: Promise<LpSolver> | undefined;

/**
 * The HiGHS solver for this process, loaded on first use. Solves are synchronous and block the
 * calling thread: run large ones in the engine worker. A failed load is not cached, so a later
 * call retries.
 */
export function highsSolver(): Promise<LpSolver> {
  loading ??= loadHighs().then(
    (highs): LpSolver => ({
      solve: (lp: string, options?: Options) =>
        // highs-js types its options as a closed list of names; ours are the same HiGHS names
        highs.solve(lp, options as Parameters<typeof highs.solve>[1]),
      solveArrays: (m: LpArrays, options?: Options) => solveArrays(highs, m, options),
    }),
    (e: unknown) => {
      loading = undefined;
      throw new Error(
        `could not load the HiGHS solver (highs.wasm): ${e instanceof Error ? e.message : String(e)}`,
      );
    },
  );
  return loading;
}
