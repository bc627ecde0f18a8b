import { useCallback, useMemo } from 'react';
import type { CallOutput } from '../../../shared/contract';
import type { CovMethod, VarMethod } from '../../../shared/risk';
import { call } from './client';
import { useTaskRun } from './useTaskRun';

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

export interface RiskRunState {
  result: { report: RiskResult; params: RiskParams } | null;
  running: { taskId: string; params: RiskParams; startedAt: number } | null;
  failure: { kind: 'error' | 'cancelled'; message: string; params: RiskParams } | null;
}

export function useRiskRun(portfolio: string) {
  const start = useCallback(
    (params: RiskParams, taskId: string) =>
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
      }),
    [portfolio],
  );
  const t = useTaskRun<RiskParams, RiskResult>('risk', start);
  const { result, running, failure, run, cancel } = t;
  return useMemo(
    (): RiskRunState & { run: (p: RiskParams) => void; cancel: () => void } => ({
      result: result && { report: result.value, params: result.request },
      running: running && {
        taskId: running.taskId,
        params: running.request,
        startedAt: running.startedAt,
      },
      failure: failure && { kind: failure.kind, message: failure.message, params: failure.request },
      run,
      cancel,
    }),
    [result, running, failure, run, cancel],
  );
}
