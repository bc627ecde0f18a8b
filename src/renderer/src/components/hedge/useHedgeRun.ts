import { useCallback, useMemo } from 'react';
import { call } from '../../lib/client';
import {
  overlayLegs,
  type AppliedLeg,
  type HedgeResult,
  type HedgeRunParams,
} from '../../lib/hedge';
import { useTaskRun } from '../../lib/useTaskRun';

// The Hedge view's run, as the Risk view's: one hedge.report in the engine worker at a time,
// cancellable, the last good result kept on screen while a new one runs. A what-if is the same
// call with overlay legs: nothing is written to the ledger.

export interface HedgeRunRequest {
  params: HedgeRunParams;
  overlay: AppliedLeg[];
}

export interface HedgeRunState {
  result: { report: HedgeResult; request: HedgeRunRequest } | null;
  running: { taskId: string; request: HedgeRunRequest } | null;
  failure: { kind: 'error' | 'cancelled'; message: string; request: HedgeRunRequest } | null;
}

export function useHedgeRun(portfolio: string) {
  const start = useCallback(
    (request: HedgeRunRequest, taskId: string) =>
      call('hedge.report', {
        portfolio,
        params: { ...request.params, overlay: overlayLegs(request.overlay) },
        taskId,
      }),
    [portfolio],
  );
  const { result, running, failure, run, cancel } = useTaskRun<HedgeRunRequest, HedgeResult>(
    'hedge',
    start,
  );
  return useMemo(
    (): HedgeRunState & { run: (r: HedgeRunRequest) => void; cancel: () => void } => ({
      result: result && { report: result.value, request: result.request },
      running: running && { taskId: running.taskId, request: running.request },
      failure,
      run,
      cancel,
    }),
    [result, running, failure, run, cancel],
  );
}
