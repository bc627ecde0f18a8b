import type { SeriesPoint } from '../../shared/domain';
import { dayNumber, dayRange } from '../engine/calendar';
import { balanceSteps } from '../engine/ledger/positions';
import { portfolioLedger } from '../store/ledger';
import { closesBetween, lastPriceDate } from '../store/prices';
import type { CallContext, ServiceContext } from './context';
import { resolvePortfolio } from './portfolios';
import { STALE_PRICE_DAYS } from './holdings';

/** Daily book value from the first transaction to the last close, computed in a worker. */
export async function valueHistory(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined },
  call: CallContext,
): Promise<{ baseCurrency: string; points: SeriesPoint[]; warnings: string[] }> {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const ledger = portfolioLedger(db, p.id);
  const ids = [...new Set(ledger.map((r) => r.instrumentId))];
  const last = lastPriceDate(db, ids);
  if (!ledger.length || !last || last < ledger[0]!.date)
    return { baseCurrency: p.baseCurrency, points: [], warnings: [] };

  const dates = dayRange(ledger[0]!.date, last);
  const col = new Map(ids.map((id, j) => [id, j]));
  const n = dates.length;
  const m = ids.length;
  const t0 = dayNumber(dates[0]!);

  // Quantities: exact per-instrument balances after each transaction day, carried forward.
  const quantities = new Float64Array(n * m);
  const steps = balanceSteps(
    ledger.map((r) => ({ key: String(r.instrumentId), date: r.date, quantity: r.quantity })),
  );
  for (let k = 0; k < steps.length; k++) {
    const from = dayNumber(steps[k]!.date) - t0;
    const to = k + 1 < steps.length ? dayNumber(steps[k + 1]!.date) - t0 : n;
    for (const [key, q] of steps[k]!.balances) {
      const j = col.get(Number(key))!;
      const v = Number(q);
      for (let t = from; t < to; t++) quantities[t * m + j] = v;
    }
  }
  const closes = new Float64Array(n * m).fill(NaN);
  for (const r of closesBetween(db, ids, dates[0]!, last)) {
    closes[(dayNumber(r.date) - t0) * m + col.get(r.instrumentId)!] = r.close;
  }
  const res = await ctx.runner.run(
    'valuation.portfolioValue',
    { nDates: n, nAssets: m, quantities, closes, maxStaleDays: STALE_PRICE_DAYS },
    { onProgress: (f, msg) => call.progress(f, msg), signal: call.signal },
  );
  const points: SeriesPoint[] = [];
  let gaps = 0;
  for (let t = 0; t < n; t++) {
    if (res.incomplete[t]) gaps++;
    else points.push({ date: dates[t]!, value: res.values[t]! });
  }
  const warnings = gaps
    ? [`${gaps} day(s) left out: a held asset had no close within ${STALE_PRICE_DAYS} days.`]
    : [];
  return { baseCurrency: p.baseCurrency, points, warnings };
}
