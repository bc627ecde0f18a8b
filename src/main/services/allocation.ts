import {
  AllocationPolicy,
  AllocationReport,
  type AllocationPolicyInput,
} from '../../shared/allocation';
import { KeelError } from '../../shared/errors';
import { dayNumber, isoFromDay } from '../engine/calendar';
import type { AllocateInput } from '../engine/optimize/allocate-input';
import type { PriceSeries } from '../engine/stats/returns';
import { listInstruments } from '../store/instruments';
import { instruments } from './catalog';
import { deletePolicy, getPolicy, listPolicies, savePolicy } from '../store/policies';
import { getRun, insertRun, listRuns } from '../store/runs';
import { priceSeries } from '../store/prices';
import type { CallContext, ServiceContext } from './context';
import { getHoldings } from './holdings';
import { resolvePortfolio } from './portfolios';

/** Version of the allocation engine's methods, stored with every run. */
export const ALLOCATION_ENGINE_VERSION = '1';

const STABLE_KINDS = new Set(['stablecoin', 'cash']);
const ALLOCATABLE = new Set(['spot', 'stablecoin', 'staked', 'lp', 'lending-supply']);

/** Tags of every known instrument, by the dimensions group constraints name. */
function instrumentTags(ctx: ServiceContext): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const i of instruments(ctx)) {
    const t: Record<string, string[]> = { assetClass: [i.assetClass], kind: [i.kind] };
    if (i.chain) t.chain = i.chain.split(',').map((c) => c.trim());
    for (const tag of i.tags) {
      const dim = tag.dimension === 'asset_class' ? 'assetClass' : tag.dimension;
      t[dim] = [...new Set([...(t[dim] ?? []), tag.name])];
    }
    if (typeof i.attrs.role === 'string') t.role = [...new Set([...(t.role ?? []), i.attrs.role])];
    if (typeof i.attrs.protocol === 'string')
      t.protocol = [...new Set([...(t.protocol ?? []), i.attrs.protocol])];
    t.stable = [STABLE_KINDS.has(i.kind) || i.assetClass === 'stablecoin' ? 'yes' : 'no'];
    out[i.symbol] = t;
  }
  return out;
}

async function runAndStore(
  ctx: ServiceContext,
  call: CallContext,
  input: AllocateInput,
  runInputs: unknown,
  extraWarnings: string[] = [],
): Promise<AllocationReport & { runId: number }> {
  const report = AllocationReport.parse(
    await ctx.runner.run('allocation.allocate', input, {
      onProgress: (f, m) => call.progress(f, m),
      signal: call.signal,
    }),
  );
  // before storing, so the stored run reads back as the report the user saw
  report.warnings.push(...extraWarnings);
  const runId = insertRun(ctx.store.db, {
    kind: 'allocation',
    method: report.method,
    engineVersion: ALLOCATION_ENGINE_VERSION,
    createdAt: ctx.now().toISOString(),
    inputs: runInputs,
    outputs: report,
  });
  return { ...report, runId };
}

/** Optimal weights for a stored portfolio: universe, current weights, tags and volumes from the store. */
export async function portfolioAllocation(
  ctx: ServiceContext,
  input: {
    portfolio?: string | undefined;
    asOf?: string | undefined;
    policy: AllocationPolicy;
    compare: boolean;
  },
  call: CallContext,
): Promise<AllocationReport & { runId: number; portfolio: string; asOf: string; value: number }> {
  const holdings = getHoldings(ctx, { portfolio: input.portfolio, asOf: input.asOf });
  const bySymbol = new Map<string, number>();
  const venues = new Map<string, Set<string>>();
  const debts = new Set<string>();
  for (const r of holdings.rows) {
    if (r.value === null || r.value === 0) continue;
    // a debt is financing, not a negative holding of the asset: it stays out of the weights
    if (r.name.endsWith('(borrowed)')) {
      debts.add(`${r.symbol} borrowed on ${r.account}`);
      continue;
    }
    bySymbol.set(r.symbol, (bySymbol.get(r.symbol) ?? 0) + r.value);
    if (!venues.has(r.symbol)) venues.set(r.symbol, new Set());
    venues.get(r.symbol)!.add(r.account);
  }
  if (holdings.total <= 0 && !input.policy.universe.length)
    throw new KeelError(
      'VALIDATION',
      `Portfolio ${holdings.portfolio.name} holds nothing of value on ${holdings.asOf}: name a universe in the policy.`,
    );
  const known = listInstruments(ctx.store.db);
  const ids = new Map(known.map((i) => [i.symbol, i.id]));
  const kinds = new Map(known.map((i) => [i.symbol, i.kind]));
  // The default universe is what a desk allocates capital across: derivatives and debts are
  // overlays on it (the Hedge view), not assets to weight.
  const universe = input.policy.universe.length
    ? input.policy.universe
    : [...bySymbol.keys()].filter((s) => ALLOCATABLE.has(kinds.get(s) ?? ''));
  const unknown = universe.filter((s) => !ids.has(s));
  if (unknown.length)
    throw new KeelError(
      'VALIDATION',
      `The policy's universe names unknown instruments: ${unknown.join(', ')}.`,
      unknown.map((s) => ({ path: `policy.universe.${s}`, message: 'unknown instrument' })),
    );
  const from = isoFromDay(dayNumber(holdings.asOf) - input.policy.lookbackDays);
  const series: PriceSeries[] = [];
  const adv: Record<string, number> = {};
  for (const symbol of universe) {
    const id = ids.get(symbol)!;
    const rows = priceSeries(ctx.store.db, id, from, holdings.asOf);
    series.push({ symbol, dates: rows.map((r) => r.date), closes: rows.map((r) => r.close) });
    const vols = ctx.store.db
      .prepare(
        'SELECT volume FROM prices WHERE instrument_id = ? AND date <= ? AND volume IS NOT NULL ORDER BY date DESC LIMIT 30',
      )
      .all(id, holdings.asOf) as { volume: number }[];
    // Stored volumes are traded value in USD (Yahoo quotes crypto volume in USD; the demo's
    // modelled volumes too), as the risk service's liquidity reads them.
    adv[symbol] = vols.length ? vols.reduce((s, v) => s + v.volume, 0) / vols.length : 0;
  }
  const tags = instrumentTags(ctx);
  for (const s of universe) {
    tags[s] = { ...(tags[s] ?? {}), venue: [...(venues.get(s) ?? [])] };
  }
  // Current weights as fractions of the universe's value, so target and current compare.
  const total = universe.reduce((a, s) => a + Math.max(0, bySymbol.get(s) ?? 0), 0);
  const current = Object.fromEntries(
    universe.map((s) => [s, total > 0 ? Math.max(0, bySymbol.get(s) ?? 0) / total : 0]),
  );
  const outside = [...[...bySymbol.keys()].filter((s) => !universe.includes(s)), ...debts];
  const report = await runAndStore(
    ctx,
    call,
    {
      series,
      policy: input.policy,
      tags,
      current,
      adv,
      portfolioValue: total > 0 ? total : null,
      compare: input.compare,
    },
    { portfolio: holdings.portfolio.name, asOf: holdings.asOf, policy: input.policy, current },
    outside.length
      ? [
          `Held but outside the universe (kept as they are; weights are fractions of the universe's ${Math.round(total).toLocaleString('en-US')} USD): ${outside.join(', ')}.`,
        ]
      : [],
  );
  return { ...report, portfolio: holdings.portfolio.name, asOf: holdings.asOf, value: total };
}

/** Optimal weights from given closes (the CLI's --prices). */
export async function seriesAllocation(
  ctx: ServiceContext,
  input: {
    series: PriceSeries[];
    policy: AllocationPolicy;
    tags: Record<string, Record<string, string>>;
    current?: Record<string, number> | undefined;
    compare: boolean;
  },
  call: CallContext,
): Promise<AllocationReport & { runId: number }> {
  const tags = Object.fromEntries(
    Object.entries(input.tags).map(([s, t]) => [
      s,
      Object.fromEntries(Object.entries(t).map(([d, v]) => [d, [v]])),
    ]),
  );
  return runAndStore(
    ctx,
    call,
    {
      series: input.series,
      policy: input.policy,
      tags,
      current: input.current ?? null,
      adv: {},
      portfolioValue: null,
      compare: input.compare,
    },
    { source: 'series', symbols: input.series.map((s) => s.symbol), policy: input.policy },
  );
}

export function policiesOf(ctx: ServiceContext, portfolio: string | undefined) {
  const p = resolvePortfolio(ctx.store.db, portfolio);
  return listPolicies(ctx.store.db, p.id).map((r) => ({
    ...r,
    policy: AllocationPolicy.parse(r.policy),
  }));
}

export function savePolicyOf(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; name: string; policy: AllocationPolicyInput },
) {
  const p = resolvePortfolio(ctx.store.db, input.portfolio);
  const policy = AllocationPolicy.parse(input.policy);
  return {
    name: input.name,
    ...savePolicy(ctx.store.db, p.id, input.name, policy, ctx.now().toISOString()),
  };
}

/** A saved policy by name (latest version), or a clear error listing the names there are. */
export function namedPolicy(ctx: ServiceContext, portfolio: string | undefined, name: string) {
  const p = resolvePortfolio(ctx.store.db, portfolio);
  const row = getPolicy(ctx.store.db, p.id, name);
  if (!row) {
    const names = listPolicies(ctx.store.db, p.id).map((r) => r.name);
    throw new KeelError(
      'NOT_FOUND',
      `No policy named "${name}" in portfolio ${p.name}.${names.length ? ` Saved: ${names.join(', ')}.` : ' None is saved yet.'}`,
    );
  }
  return AllocationPolicy.parse(row.policy);
}

export function deletePolicyOf(ctx: ServiceContext, portfolio: string | undefined, name: string) {
  const p = resolvePortfolio(ctx.store.db, portfolio);
  return { deleted: deletePolicy(ctx.store.db, p.id, name) };
}

export const allocationRuns = (ctx: ServiceContext, limit: number) =>
  listRuns(ctx.store.db, 'allocation', limit);

export function allocationRun(ctx: ServiceContext, id: number) {
  const r = getRun(ctx.store.db, id);
  if (!r || r.kind !== 'allocation')
    throw new KeelError('NOT_FOUND', `No optimisation run with id ${id}.`);
  return {
    id: r.id,
    createdAt: r.createdAt,
    inputs: JSON.parse(r.inputs) as unknown,
    report: AllocationReport.parse(JSON.parse(r.outputs)),
  };
}
