// The one place that loads HiGHS (WebAssembly). Loading compiles ~3 MB of wasm, so it happens
// once per process (main or worker thread) and is shared; the engine receives the result as a
// plain LpSolver and never imports this file.
import loadHighs from 'highs';
import type { HighsOptionValue, LpSolver } from '../engine/optimize/highs-model';

let loading: Promise<LpSolver> | undefined;

/**
 * The HiGHS solver for this process, loaded on first use. Solves are synchronous and block the
 * calling thread: run large ones in the engine worker. A failed load is not cached, so a later
 * call retries.
 */
export function highsSolver(): Promise<LpSolver> {
  loading ??= loadHighs().then(
    (highs): LpSolver => ({
      solve: (lp: string, options?: Readonly<Record<string, HighsOptionValue>>) =>
        // highs-js types its options as a closed list of names; ours are the same HiGHS names
        highs.solve(lp, options as Parameters<typeof highs.solve>[1]),
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
