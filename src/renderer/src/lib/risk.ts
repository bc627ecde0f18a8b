import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallOutput } from '../../../shared/contract';
import { KeelError } from '../../../shared/errors';
import type { CovMethod, VarMethod } from '../../../shared/risk';
import { call } from './client';
import { newTaskId } from './task';

// The Risk view's run: one call of risk.portfolio in the engine worker at a time, cancellable,
// with the last good result kept while a new one runs.

export type RiskResult = CallOutput<'risk.portfolio'>;

export interface RiskParams {
  alpha: number;
  horizonDays: number;
  method: VarMethod;
  cov: CovMethod;
  lookbackDays: number;
  paths: number;
}

export const DEFAULT_RISK_PARAMS: RiskParams = {
  alpha: 0.99,
  horizonDays: 1,
  method: 'historical',
  cov: 'ledoit-wolf-cc',
  lookbackDays: 730,
  paths: 100_000,
};

export const CONFIDENCES = [0.95, 0.975, 0.99] as const;
export const HORIZONS = [1, 5, 10] as const;
export const LOOKBACKS = [365, 730, 1095] as const;
export const PATHS = [100_000, 250_000, 1_000_000] as const;

export const METHODS: { id: VarMethod; label: string }[] = [
  { id: 'historical', label: 'Historical' },
  { id: 'normal', label: 'Normal' },
  { id: 'student-t', label: 'Student t' },
  { id: 'cornish-fisher', label: 'Cornish-Fisher' },
  { id: 'fhs', label: 'Filtered historical (FHS)' },
  { id: 'monte-carlo', label: 'Monte Carlo (t copula)' },
];

export const COVARIANCES: { id: CovMethod; label: string }[] = [
  { id: 'sample', label: 'Sample' },
  { id: 'ewma', label: 'EWMA (λ 0.94)' },
  { id: 'ledoit-wolf', label: 'Ledoit-Wolf' },
  { id: 'ledoit-wolf-cc', label: 'Ledoit-Wolf, constant correlation' },
  { id: 'semi', label: 'Semi-covariance (downside)' },
];

export const methodLabel = (m: VarMethod) => METHODS.find((x) => x.id === m)?.label ?? m;
export const covLabel = (c: CovMethod) => COVARIANCES.find((x) => x.id === c)?.label ?? c;

export const sameParams = (a: RiskParams, b: RiskParams) =>
  a.alpha === b.alpha &&
  a.horizonDays === b.horizonDays &&
  a.method === b.method &&
  a.cov === b.cov &&
  a.lookbackDays === b.lookbackDays &&
  a.paths === b.paths;

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

export interface RiskRunState {
  result: { report: RiskResult; params: RiskParams } | null;
  running: { taskId: string; params: RiskParams; startedAt: number } | null;
  failure: { kind: 'error' | 'cancelled'; message: string; params: RiskParams } | null;
}

export function useRiskRun(portfolio: string) {
  const [state, setState] = useState<RiskRunState>({ result: null, running: null, failure: null });
  // The task whose answer we still want; any other answer (superseded, cancelled) is dropped.
  const active = useRef<string | null>(null);

  const run = useCallback(
    (params: RiskParams) => {
      if (active.current) stop(active.current);
      const taskId = newTaskId('risk');
      active.current = taskId;
      setState((s) => ({
        ...s,
        running: { taskId, params, startedAt: Date.now() },
        failure: null,
      }));
      call('risk.portfolio', {
        portfolio,
        lookbackDays: params.lookbackDays,
        options: {
          alpha: params.alpha,
          horizonDays: params.horizonDays,
          method: params.method,
          cov: params.cov,
          paths: params.paths,
        },
        taskId,
      }).then(
        (report) => {
          if (active.current !== taskId) return;
          active.current = null;
          setState({ result: { report, params }, running: null, failure: null });
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
              params,
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
              params: s.running.params,
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
