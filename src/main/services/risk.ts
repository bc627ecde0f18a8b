import type { RiskOptions, RiskReport } from '../../shared/risk';
import { KeelError } from '../../shared/errors';
import { dayNumber, isoFromDay } from '../engine/calendar';
import { withMonteCarlo } from '../engine/risk/report';
import { buildReturns, type PriceSeries } from '../engine/stats/returns';
import { listInstruments } from '../store/instruments';
import { priceSeries } from '../store/prices';
import { insertRun } from '../store/runs';
import type { CallContext, ServiceContext } from './context';
import { derivativeExposures } from './derivative-exposure';
import { getHoldings } from './holdings';

/** Version of the risk engine's methods, stored with every run. */
export const RISK_ENGINE_VERSION = '1';

/** Default full bid-ask spreads by asset class, for the liquidity-adjusted VaR. */
export function defaultSpread(symbol: string, assetClass: string): number {
  if (assetClass === 'stablecoin') return 0.0002;
  if (symbol === 'BTC' || symbol === 'ETH') return 0.0002;
  if (assetClass === 'L1' || assetClass === 'exchange token' || assetClass === 'liquid staking')
    return 0.0006;
  return 0.0012;
}

export interface WeightedPrices {
  series: PriceSeries[];
  weights: Map<string, number>;
}

/** Checks weights against the assets priced: all known, summing to 1. */
export function checkWeights(weights: Map<string, number>, known: Set<string>): void {
  const unknown = [...weights.keys()].filter((s) => !known.has(s));
  if (unknown.length) {
    throw new KeelError(
      'VALIDATION',
      `Weights name assets with no prices: ${unknown.join(', ')}. Priced: ${[...known].join(', ')}.`,
      unknown.map((s) => ({ path: `weights.${s}`, message: 'unknown asset' })),
    );
  }
  for (const [s, v] of weights)
    if (!Number.isFinite(v))
      throw new KeelError('VALIDATION', `Weight of ${s} is not a number.`, [
        { path: `weights.${s}`, message: 'not finite' },
      ]);
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) {
    throw new KeelError(
      'VALIDATION',
      `Weights sum to ${sum.toPrecision(8)}, not 1. Give fractions of portfolio value that add up to 1.`,
      [{ path: 'weights', message: 'sum is not 1' }],
    );
  }
}

/** Turns price series and weights into the engine's input; assets without weight are dropped. */
export function prepareRiskInput(
  series: PriceSeries[],
  weights: Map<string, number>,
  options: RiskOptions,
) {
  checkWeights(weights, new Set(series.map((s) => s.symbol)));
  const held = series.filter((s) => (weights.get(s.symbol) ?? 0) !== 0);
  const panel = buildReturns(held, { kind: 'simple', policy: 'common' });
  if (panel.excluded.length) {
    const lost = panel.excluded.reduce((s, e) => s + Math.abs(weights.get(e.symbol) ?? 0), 0);
    if (lost > 0) {
      throw new KeelError(
        'VALIDATION',
        `Cannot measure the book: ${panel.excluded.map((e) => `${e.symbol} (${e.reason})`).join('; ')} carry ${(lost * 100).toFixed(2)} % of the weight.`,
      );
    }
  }
  const w = Float64Array.from(panel.symbols, (s) => weights.get(s)!);
  return {
    symbols: panel.symbols,
    dates: panel.dates,
    returns: panel.returns,
    weights: w,
    options,
    warnings: panel.warnings,
  };
}

/** Runs the engine in a worker and stores the run. */
async function runAndStore(
  ctx: ServiceContext,
  call: CallContext,
  input: ReturnType<typeof prepareRiskInput> & {
    benchmark?: string;
    liquidity?: {
      values: Float64Array;
      adv: Float64Array;
      spread: Float64Array;
      portfolioValue: number;
    };
  },
  runInputs: unknown,
): Promise<RiskReport & { runId: number }> {
  const { warnings, ...engineInput } = input;
  // Unless it is the chosen method, Monte Carlo runs in a second worker beside the rest of the
  // report (same inputs and seed, so the same figures): the wait is the longer of the two.
  const apart = engineInput.options.method !== 'monte-carlo';
  const [main, mc] = await Promise.all([
    ctx.runner.run(
      'risk.report',
      apart ? { ...engineInput, monteCarlo: 'deferred' } : engineInput,
      {
        onProgress: (f, m) => call.progress(f, m),
        signal: call.signal,
      },
    ),
    apart ? ctx.runner.run('risk.monteCarlo', engineInput, { signal: call.signal }) : null,
  ]);
  const report = mc ? withMonteCarlo(main, mc) : main;
  report.warnings.unshift(...warnings);
  const runId = insertRun(ctx.store.db, {
    kind: 'risk',
    method: report.method,
    engineVersion: RISK_ENGINE_VERSION,
    createdAt: ctx.now().toISOString(),
    inputs: runInputs,
    outputs: report,
  });
  return { ...report, runId };
}

/** Risk of a stored portfolio: weights from its holdings, prices from the store. */
export async function portfolioRisk(
  ctx: ServiceContext,
  input: {
    portfolio?: string | undefined;
    asOf?: string | undefined;
    lookbackDays: number;
    options: RiskOptions;
  },
  call: CallContext,
): Promise<
  RiskReport & {
    runId: number;
    portfolio: string;
    baseCurrency: string;
    asOf: string;
    value: number;
  }
> {
  const holdings = getHoldings(ctx, { portfolio: input.portfolio, asOf: input.asOf });
  if (!holdings.rows.length || holdings.total <= 0)
    throw new KeelError(
      'VALIDATION',
      `Portfolio ${holdings.portfolio.name} holds nothing of value on ${holdings.asOf}.`,
    );
  const bySymbol = new Map<string, { value: number; assetClass: string }>();
  const add = (symbol: string, assetClass: string, v: number) => {
    const e = bySymbol.get(symbol) ?? { value: 0, assetClass };
    e.value += v;
    bySymbol.set(symbol, e);
  };
  const mapped = derivativeExposures(ctx, holdings);
  for (const r of holdings.rows) {
    const m = mapped.get(r);
    if (m === null) continue;
    if (m) {
      add(m.underlying, m.underlyingClass, m.exposure);
      add(m.funding, 'stablecoin', (r.value ?? 0) - m.exposure);
    } else add(r.symbol, r.assetClass, r.value ?? 0);
  }
  const from = isoFromDay(dayNumber(holdings.asOf) - input.lookbackDays);
  const ids = new Map(listInstruments(ctx.store.db).map((i) => [i.symbol, i.id]));
  const series: PriceSeries[] = [];
  const adv = new Map<string, number>();
  for (const symbol of bySymbol.keys()) {
    const rows = priceSeries(ctx.store.db, ids.get(symbol)!, from, holdings.asOf);
    series.push({ symbol, dates: rows.map((r) => r.date), closes: rows.map((r) => r.close) });
    const vols = ctx.store.db
      .prepare(
        'SELECT volume FROM prices WHERE instrument_id = ? AND date <= ? AND volume IS NOT NULL ORDER BY date DESC LIMIT 30',
      )
      .all(ids.get(symbol)!, holdings.asOf) as { volume: number }[];
    adv.set(symbol, vols.length ? vols.reduce((s, v) => s + v.volume, 0) / vols.length : 0);
  }
  for (const [s, e] of bySymbol) if (Math.abs(e.value) < 1e-9) bySymbol.delete(s);
  const weights = new Map([...bySymbol].map(([s, e]) => [s, e.value / holdings.total]));
  // Weights come from values, so they sum to 1 up to rounding: renormalise exactly.
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  for (const [s, v] of weights) weights.set(s, v / sum);
  const prepared = prepareRiskInput(series, weights, input.options);
  prepared.warnings.push(...mapped.warnings);
  const values = Float64Array.from(prepared.symbols, (s) => bySymbol.get(s)!.value);
  const report = await runAndStore(
    ctx,
    call,
    {
      ...prepared,
      ...(prepared.symbols.includes('BTC') ? { benchmark: 'BTC' } : {}),
      liquidity: {
        values,
        adv: Float64Array.from(prepared.symbols, (s) => adv.get(s) ?? 0),
        spread: Float64Array.from(prepared.symbols, (s) =>
          defaultSpread(s, bySymbol.get(s)!.assetClass),
        ),
        portfolioValue: holdings.total,
      },
    },
    {
      portfolio: holdings.portfolio.name,
      asOf: holdings.asOf,
      lookbackDays: input.lookbackDays,
      weights: Object.fromEntries(weights),
      options: input.options,
    },
  );
  return {
    ...report,
    portfolio: holdings.portfolio.name,
    baseCurrency: holdings.portfolio.baseCurrency,
    asOf: holdings.asOf,
    value: holdings.total,
  };
}

/** Risk of explicit price series and weights (the CLI's --prices/--weights). */
export async function seriesRisk(
  ctx: ServiceContext,
  input: {
    series: PriceSeries[];
    weights: Record<string, number>;
    options: RiskOptions;
    benchmark?: string | undefined;
  },
  call: CallContext,
): Promise<RiskReport & { runId: number }> {
  const prepared = prepareRiskInput(
    input.series,
    new Map(Object.entries(input.weights)),
    input.options,
  );
  const bench = input.benchmark ?? (prepared.symbols.includes('BTC') ? 'BTC' : undefined);
  return runAndStore(
    ctx,
    call,
    { ...prepared, ...(bench ? { benchmark: bench } : {}) },
    {
      source: 'series',
      symbols: input.series.map((s) => s.symbol),
      weights: input.weights,
      options: input.options,
    },
  );
}
