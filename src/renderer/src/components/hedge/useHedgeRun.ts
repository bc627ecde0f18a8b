import { useCallback, useEffect, useRef, useState } from 'react';
import { KeelError } from '../../../../shared/errors';
import { call } from '../../lib/client';
import {
  overlayLegs,
  type AppliedLeg,
  type HedgeResult,
  type HedgeRunParams,
} from '../../lib/hedge';
import { newTaskId } from '../../lib/task';

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

/** An error as a sentence for the person at the desk. */
function describe(err: unknown): string {
  if (err instanceof KeelError) {
    const where = err.issues?.length
      ? ` (${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`
      : '';
    return `${err.message}${where}`;
  }
  if (err instanceof TypeError) return `Could not reach the Keel engine: ${err.message}.`;
  return err instanceof Error ? err.message : String(err);
}

/** Asks main to stop a task; a task already finished is no error. */
const stop = (taskId: string) => void call('tasks.cancel', { taskId }).catch(() => undefined);

export function useHedgeRun(portfolio: string) {
  const [state, setState] = useState<HedgeRunState>({ result: null, running: null, failure: null });
  // The task whose answer we still want; any other answer (superseded, cancelled) is dropped.
  const active = useRef<string | null>(null);

  const run = useCallback(
    (request: HedgeRunRequest) => {
      if (active.current) stop(active.current);
      const taskId = newTaskId('hedge');
      active.current = taskId;
      setState((s) => ({ ...s, running: { taskId, request }, failure: null }));
      call('hedge.report', {
        portfolio,
        params: { ...request.params, overlay: overlayLegs(request.overlay) },
        taskId,
      }).then(
        (report) => {
          if (active.current !== taskId) return;
          active.current = null;
          setState({ result: { report, request }, running: null, failure: null });
        },
        (err: unknown) => {
          if (active.current !== taskId) return;
          active.current = null;
          const cancelled = err instanceof KeelError && err.code === 'CANCELLED';
          setState((s) => ({
            ...s,
            running: null,
            failure: {
              kind: cancelled ? 'cancelled' : 'error',
              message: cancelled ? 'The run was cancelled.' : describe(err),
              request,
            },
          }));
        },
      );
    },
    [portfolio],
  );

  /** Stops the run at once on screen, and asks the engine to stop it too. */
  const cancel = useCallback(() => {
    const taskId = active.current;
    if (!taskId) return;
    active.current = null;
    stop(taskId);
    setState((s) =>
      s.running
        ? {
            ...s,
            running: null,
            failure: {
              kind: 'cancelled',
              message: 'The run was cancelled.',
              request: s.running.request,
            },
          }
        : s,
    );
  }, []);

  // Leaving the view stops its run.
  useEffect(
    () => () => {
      const taskId = active.current;
      active.current = null;
      if (taskId) stop(taskId);
    },
    [],
  );

  return { ...state, run, cancel };
}
