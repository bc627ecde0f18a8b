import type { HoldingRow, HoldingsReport } from '../../shared/domain';
import { dayNumber } from '../engine/calendar';
import { balances } from '../engine/ledger/positions';
import { portfolioLedger } from '../store/ledger';
import { lastPriceDate, latestCloses } from '../store/prices';
import type { ServiceContext } from './context';
import { resolvePortfolio } from './portfolios';

/** A close more than this many days before the as-of day is flagged as stale. */
export const STALE_PRICE_DAYS = 3;

/**
 * Positions per venue and instrument at the end of asOf (default: the last day with a price),
 * valued at the latest close on or before that day.
 */
export function getHoldings(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; asOf?: string | undefined },
): HoldingsReport {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const ledger = portfolioLedger(db, p.id);
  const instrumentIds = [...new Set(ledger.map((r) => r.instrumentId))];
  const asOf =
    input.asOf ?? lastPriceDate(db, instrumentIds) ?? ctx.now().toISOString().slice(0, 10);

  const byKey = new Map(ledger.map((r) => [`${r.accountId}:${r.instrumentId}`, r]));
  const qty = balances(
    ledger.map((r) => ({
      key: `${r.accountId}:${r.instrumentId}`,
      date: r.date,
      quantity: r.quantity,
    })),
    asOf,
  );
  const closes = latestCloses(db, instrumentIds, asOf);
  const warnings: string[] = [];
  const rows: HoldingRow[] = [];
  for (const [key, quantity] of qty) {
    if (Number(quantity) === 0) continue;
    const r = byKey.get(key)!;
    const px = closes.get(r.instrumentId);
    if (!px) warnings.push(`No price for ${r.symbol} on or before ${asOf}: its value is left out.`);
    else if (dayNumber(asOf) - dayNumber(px.date) > STALE_PRICE_DAYS)
      warnings.push(`${r.symbol} is valued at a stale close of ${px.date}.`);
    rows.push({
      account: r.account,
      venueKind: r.venueKind,
      symbol: r.symbol,
      name: r.name,
      assetClass: r.assetClass,
      quantity,
      price: px?.close ?? null,
      priceDate: px?.date ?? null,
      value: px ? Number(quantity) * px.close : null,
      weight: null,
    });
  }
  const total = rows.reduce((s, r) => s + (r.value ?? 0), 0);
  for (const r of rows) r.weight = r.value === null || total === 0 ? null : r.value / total;
  rows.sort(
    (a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.symbol.localeCompare(b.symbol),
  );
  return {
    portfolio: { id: p.id, name: p.name, baseCurrency: p.baseCurrency },
    asOf,
    rows,
    total,
    warnings: [...new Set(warnings)],
  };
}
