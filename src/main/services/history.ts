import Decimal from 'decimal.js';
import type { SeriesPoint } from '../../shared/domain';
import { dayNumber, dayRange } from '../engine/calendar';
import { buildHoldingsIndex, DEFAULT_CASH } from '../engine/ledger';
import { listInstruments } from '../store/instruments';
import { loadLedger } from '../store/ledger-tx';
import { closesBetween, lastPriceDate } from '../store/prices';
import type { CallContext, ServiceContext } from './context';
import { ledgerFailure, STALE_PRICE_DAYS } from './holdings';
import { resolvePortfolio } from './portfolios';

// Margined (futures) positions add their unrealised P&L, not their notional, through two kinds
// of extra column: their realised P&L is already in the settlement currency's quantity.
//   linear:  quantity_t x mark_t in the contract's own column, and -basis_t in a column whose
//            close is 1 (the unit of account);
//   inverse: basis_t (coins) in the settlement coin's column, and -face_t in a column whose close
//            is coin_t / mark_t: (basis - face / mark) x coin.
// basis_t is the entry notional at the end of day t, from the same pass over the ledger.
const UNIT = '\u0000unit';
const inverseColumn = (instrument: string) => `\u0000inverse:${instrument}`;

/** Daily book value from the first transaction to the last close, computed in a worker. */
export async function valueHistory(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined },
  call: CallContext,
): Promise<{ baseCurrency: string; points: SeriesPoint[]; warnings: string[] }> {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const ledger = loadLedger(db, p.id);
  let index;
  try {
    index = buildHoldingsIndex(ledger);
  } catch (err) {
    ledgerFailure(err, ledger);
  }
  const instruments = new Map(listInstruments(db).map((i) => [i.symbol, i.id]));
  const symbols = [
    ...new Set(
      ledger
        .flatMap((t) => [t.instrument, t.quote, t.feeCurrency, t.counterInstrument, t.lpInstrument])
        .filter((s): s is string => !!s),
    ),
  ];
  const ids = symbols.map((s) => instruments.get(s)).filter((x): x is number => x !== undefined);
  const last = lastPriceDate(db, ids);
  if (!index.firstDate || !last || last < index.firstDate)
    return { baseCurrency: p.baseCurrency, points: [], warnings: [] };

  // inverse contract -> the coin it settles in
  const inverse = new Map(
    ledger.filter((t) => t.kind === 'inverse_futures_trade').map((t) => [t.instrument, t.quote!]),
  );
  const columns = [
    ...symbols,
    ...(ledger.some((t) => t.kind === 'futures_trade') ? [UNIT] : []),
    ...[...inverse.keys()].map(inverseColumn),
  ];
  const dates = dayRange(index.firstDate, last);
  const col = new Map(columns.map((s, j) => [s, j]));
  const n = dates.length;
  const m = columns.length;
  const t0 = dayNumber(dates[0]!);

  // Quantities per instrument (summed over venues, exactly) after each transaction day, carried forward.
  const quantities = new Float64Array(n * m);
  const days = [...new Set(ledger.map((t) => t.date))].filter((d) => d <= last);
  for (let k = 0; k < days.length; k++) {
    const from = dayNumber(days[k]!) - t0;
    const to = k + 1 < days.length ? dayNumber(days[k + 1]!) - t0 : n;
    const sums = new Map<string, Decimal>();
    const add = (column: string, q: string | Decimal) =>
      sums.set(column, (sums.get(column) ?? new Decimal(0)).plus(q));
    for (const h of index.asOf(days[k]!)) {
      if (h.margin === 'linear') {
        add(h.instrument, h.quantity);
        add(UNIT, new Decimal(h.costBasis!).neg());
      } else if (h.margin === 'inverse') {
        add(h.settlement!, h.costBasis!);
        add(inverseColumn(h.instrument), new Decimal(h.quantity).neg());
      } else add(h.instrument, h.quantity);
    }
    for (const [symbol, q] of sums) {
      const j = col.get(symbol)!;
      const v = q.toNumber();
      for (let t = from; t < to; t++) quantities[t * m + j] = v;
    }
  }
  const closes = new Float64Array(n * m).fill(NaN);
  for (const [s, j] of col)
    if (s === UNIT || DEFAULT_CASH.includes(s)) for (let t = 0; t < n; t++) closes[t * m + j] = 1;
  const symbolOf = new Map([...instruments].map(([s, id]) => [id, s]));
  for (const r of closesBetween(db, ids, dates[0]!, last)) {
    closes[(dayNumber(r.date) - t0) * m + col.get(symbolOf.get(r.instrumentId)!)!] = r.close;
  }
  for (const [instrument, coin] of inverse) {
    const [j, c, mk] = [col.get(inverseColumn(instrument))!, col.get(coin)!, col.get(instrument)!];
    // NaN (no quote that day) when either close is missing: the worker carries the last one
    for (let t = 0; t < n; t++) closes[t * m + j] = closes[t * m + c]! / closes[t * m + mk]!;
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
