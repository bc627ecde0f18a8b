import { hedgeReport, type HedgeReportInput } from '../engine/derivatives/hedge-report';
import { allocate } from '../engine/optimize/allocate';
import type { AllocateInput } from '../engine/optimize/allocate-input';
import { monteCarloReport, riskReport, type RiskInput } from '../engine/risk/report';
import { highsSolver } from '../solvers/highs';
import { portfolioValueSeries, type ValueSeriesInput } from '../engine/valuation/portfolio-value';
import { holdingsValueSeries, type HoldingsSeriesInput } from '../engine/valuation/holdings-series';

// The engine functions a worker may run, by name. Payloads and results are structured-clone
// friendly (typed arrays travel as copies).
export type Progress = (fraction: number, message?: string) => void;

export const engineTasks = {
  'valuation.portfolioValue': (payload: ValueSeriesInput, progress: Progress) =>
    portfolioValueSeries(payload, (f) => progress(f, 'valuing the book day by day')),
  'valuation.holdingsSeries': (payload: HoldingsSeriesInput, progress: Progress) =>
    holdingsValueSeries(payload, (f) => progress(f, 'valuing each holding day by day')),
  'risk.report': (payload: RiskInput, progress: Progress) => riskReport(payload, progress),
  'risk.monteCarlo': (payload: RiskInput, progress: Progress) =>
    monteCarloReport(payload, progress),
  'hedge.report': (payload: HedgeReportInput, progress: Progress) => hedgeReport(payload, progress),
  // HiGHS (WebAssembly) loads once per worker, on the first allocation
  'allocation.allocate': async (payload: AllocateInput, progress: Progress) =>
    allocate(payload, progress, await highsSolver()),
} as const;

export type EngineTaskName = keyof typeof engineTasks;
export type EngineTaskPayload<T extends EngineTaskName> = Parameters<(typeof engineTasks)[T]>[0];
export type EngineTaskResult<T extends EngineTaskName> = Awaited<
  ReturnType<(typeof engineTasks)[T]>
>;

export function runEngineTask<T extends EngineTaskName>(
  name: T,
  payload: EngineTaskPayload<T>,
  progress: Progress,
): EngineTaskResult<T> | Promise<EngineTaskResult<T>> {
  const fn = engineTasks[name] as (
    p: EngineTaskPayload<T>,
    pr: Progress,
  ) => EngineTaskResult<T> | Promise<EngineTaskResult<T>>;
  if (typeof fn !== 'function') throw new Error(`unknown engine task ${String(name)}`);
  return fn(payload, progress);
}
