import { useCallback, useEffect, useRef, useState } from 'react';
import { KeelError } from '../../../shared/errors';
import { call } from './client';
import { newTaskId } from './task';

// A view's long run: one task in the engine worker at a time, cancellable, the last good result
// kept on screen while a new one runs, and any answer that is no longer wanted (superseded,
// cancelled, the view left) dropped.

export interface TaskRunState<Req, Out> {
  result: { value: Out; request: Req } | null;
  running: { taskId: string; request: Req; startedAt: number } | null;
  failure: { kind: 'error' | 'cancelled'; message: string; request: Req } | null;
}

/** An error as a sentence for the person at the desk. */
export function describeError(err: unknown): string {
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
export const stopTask = (taskId: string) =>
  void call('tasks.cancel', { taskId }).catch(() => undefined);

/** `start` sends the call with the task id; keep it stable (useCallback). */
export function useTaskRun<Req, Out>(
  prefix: string,
  start: (request: Req, taskId: string) => Promise<Out>,
) {
  const [state, setState] = useState<TaskRunState<Req, Out>>({
    result: null,
    running: null,
    failure: null,
  });
  const active = useRef<string | null>(null);

  const run = useCallback(
    (request: Req) => {
      if (active.current) stopTask(active.current);
      const taskId = newTaskId(prefix);
      active.current = taskId;
      setState((s) => ({
        ...s,
        running: { taskId, request, startedAt: Date.now() },
        failure: null,
      }));
      start(request, taskId).then(
        (value) => {
          if (active.current !== taskId) return;
          active.current = null;
          setState({ result: { value, request }, running: null, failure: null });
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
              message: cancelled ? 'The run was cancelled.' : describeError(err),
              request,
            },
          }));
        },
      );
    },
    [prefix, start],
  );

  /** Stops the run at once on screen, and asks the engine to stop it too. */
  const cancel = useCallback(() => {
    const taskId = active.current;
    if (!taskId) return;
    active.current = null;
    stopTask(taskId);
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
      if (taskId) stopTask(taskId);
    },
    [],
  );

  return { ...state, run, cancel };
}
