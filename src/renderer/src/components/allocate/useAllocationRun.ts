import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AllocationPolicy, AllocationReport } from '../../../../shared/allocation';
import { KeelError } from '../../../../shared/errors';
import { storedRunInputs, universeValue } from '../../lib/allocation';
import { call } from '../../lib/client';
import { newTaskId } from '../../lib/task';
import { stopTask } from '../../lib/useTaskRun';

// The Allocate view's run, as the Risk view's: one allocation.run in the engine worker at a
// time, cancellable, the last good result kept on screen while a new one runs. A stored run
// can be reopened in its place.

export interface AllocationResult {
  report: AllocationReport;
  runId: number;
  portfolio: string | null;
  asOf: string | null;
  /** Book value the trades are priced at; null when unknown (a run from price series). */
  value: number | null;
  /** The policy it ran with (null when the stored inputs do not hold a readable one). */
  policy: AllocationPolicy | null;
  /** Set for a run reopened from the store. */
  reopened: { createdAt: string; valueFrom: 'holdings' | null } | null;
}

export interface AllocationFailure {
  kind: 'error' | 'cancelled';
  message: string;
  /** The server's issues by path (policy fields), for the form. */
  issues: { path: string; message: string }[];
}

export interface AllocationRunState {
  result: AllocationResult | null;
  running: { taskId: string; label: string } | null;
  failure: AllocationFailure | null;
}

/** An error as a sentence for the person at the desk. */
function describe(err: unknown): string {
  if (err instanceof TypeError) return `Could not reach the Keel engine: ${err.message}.`;
  return err instanceof Error ? err.message : String(err);
}

export function useAllocationRun(portfolio: string) {
  const [state, setState] = useState<AllocationRunState>({
    result: null,
    running: null,
    failure: null,
  });
  const active = useRef<string | null>(null);
  const queryClient = useQueryClient();

  const fail = useCallback((taskId: string, err: unknown) => {
    if (active.current !== taskId) return;
    active.current = null;
    const cancelled = err instanceof KeelError && err.code === 'CANCELLED';
    setState((s) => ({
      ...s,
      running: null,
      failure: {
        kind: cancelled ? 'cancelled' : 'error',
        message: cancelled ? 'The run was cancelled.' : describe(err),
        issues: err instanceof KeelError ? (err.issues ?? []) : [],
      },
    }));
  }, []);

  const run = useCallback(
    (policy: AllocationPolicy) => {
      if (active.current) stopTask(active.current);
      const taskId = newTaskId('alloc');
      active.current = taskId;
      setState((s) => ({ ...s, running: { taskId, label: 'Optimisation' }, failure: null }));
      call('allocation.run', { portfolio, policy, compare: true, taskId }).then(
        (r) => {
          if (active.current !== taskId) return;
          active.current = null;
          const { runId, portfolio: name, asOf, value, ...report } = r;
          setState({
            result: { report, runId, portfolio: name, asOf, value, policy, reopened: null },
            running: null,
            failure: null,
          });
          void queryClient.invalidateQueries({ queryKey: ['allocation.runs'] });
        },
        (err: unknown) => fail(taskId, err),
      );
    },
    [portfolio, queryClient, fail],
  );

  /**
   * Reopens a stored run. The store keeps its inputs and report, not the value the weights are
   * fractions of: trades are priced at the universe's value on the run's as-of date, read again
   * from the holdings (the same sum the service makes).
   */
  const open = useCallback(
    (id: number) => {
      if (active.current) stopTask(active.current);
      const taskId = newTaskId('alloc-open');
      active.current = taskId;
      setState((s) => ({ ...s, running: { taskId, label: `Opening run #${id}` }, failure: null }));
      void (async () => {
        try {
          const stored = await call('allocation.getRun', { id });
          const inputs = storedRunInputs(stored.inputs);
          // the stored run's own USD value; older runs are re-priced from the holdings
          let value: number | null = stored.report.universeValue ?? null;
          if (value === null && inputs.portfolio && stored.report.current) {
            const h = await call('holdings.get', {
              portfolio: inputs.portfolio,
              ...(inputs.asOf ? { asOf: inputs.asOf } : {}),
            }).catch(() => null);
            const v = h ? universeValue(h.rows, stored.report.symbols) : 0;
            value = v > 0 ? v : null;
          }
          if (active.current !== taskId) return;
          active.current = null;
          setState({
            result: {
              report: stored.report,
              runId: stored.id,
              portfolio: inputs.portfolio,
              asOf: inputs.asOf,
              value,
              policy: inputs.policy,
              reopened: {
                createdAt: stored.createdAt,
                valueFrom: value === null ? null : 'holdings',
              },
            },
            running: null,
            failure: null,
          });
        } catch (err) {
          fail(taskId, err);
        }
      })();
    },
    [fail],
  );

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
            failure: { kind: 'cancelled', message: 'The run was cancelled.', issues: [] },
          }
        : s,
    );
  }, []);

  useEffect(
    () => () => {
      const taskId = active.current;
      active.current = null;
      if (taskId) stopTask(taskId);
    },
    [],
  );

  return { ...state, run, open, cancel };
}
