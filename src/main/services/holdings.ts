import Decimal from 'decimal.js';
import type { HoldingRow, HoldingsReport } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import type { CostMethod } from '../../shared/ledger';
import { dayNumber } from '../engine/calendar';
import { applyLedger, DEFAULT_CASH, LedgerError } from '../engine/ledger';
import { listInstruments } from '../store/instruments';
import { loadLedger } from '../store/ledger-tx';
import { lastPriceDate, latestCloses } from '../store/prices';
import type { ServiceContext } from './context';
import { resolvePortfolio } from './portfolios';

/** A close more than this many days before the as-of day is flagged as stale. */
export const STALE_PRICE_DAYS = 3;

/** Ledger amounts can carry more places than the contract's 18 (cash built from products). */
const to18 = (s: string) => new Decimal(s).toDecimalPlaces(18, Decimal.ROUND_HALF_EVEN).toFixed();

/** A ledger error as a user error: it names the transaction (by its id when it has one). */
export function ledgerFailure(err: unknown, ledger?: readonly { id?: number }[]): never {
  if (err instanceof LedgerError) {
    const id = ledger?.[err.index]?.id;
    const message =
      id === undefined
        ? err.message
        : err.message.replace(/^Transaction at index \d+/, `Transaction #${id}`);
    throw new KeelError('VALIDATION', message, [
      {
        path: id === undefined ? `transactions.${err.index}` : `transaction.${id}`,
        message: err.problem,
      },
    ]);
  }
  throw err;
}

/**
 * Positions per venue and instrument at the end of asOf (default: the last day with a close),
 * from the ledger with cost basis by FIFO or average cost, valued at the latest close on or
 * before that day (cash at 1).
 */
export function getHoldings(
  ctx: ServiceContext,
  input: {
    portfolio?: string | undefined;
    asOf?: string | undefined;
    costMethod?: CostMethod | undefined;
  },
): HoldingsReport {
  const db = ctx.store.db;
  const p = resolvePortfolio(db, input.portfolio);
  const method = input.costMethod ?? 'fifo';
  const ledger = loadLedger(db, p.id);
  const instruments = new Map(listInstruments(db).map((i) => [i.symbol, i]));
  const ids = [
    ...new Set(
      ledger
        .map((t) => instruments.get(t.instrument)?.id)
        .filter((x): x is number => x !== undefined),
    ),
  ];
  const asOf = input.asOf ?? lastPriceDate(db, ids) ?? ctx.now().toISOString().slice(0, 10);
  let book;
  try {
    book = applyLedger(ledger, { method, asOf });
  } catch (err) {
    ledgerFailure(err, ledger);
  }
  const kinds = new Map(
    (
      db.prepare('SELECT name, kind FROM accounts WHERE portfolio_id = ?').all(p.id) as {
        name: string;
        kind: HoldingRow['venueKind'];
      }[]
    ).map((a) => [a.name, a.kind]),
  );
  const closes = latestCloses(db, ids, asOf);
  const warnings: string[] = [];
  const rows: HoldingRow[] = [];
  for (const pos of book.positions) {
    const ins = instruments.get(pos.instrument);
    const cash = DEFAULT_CASH.includes(pos.instrument);
    const px = cash ? { date: asOf, close: 1 } : ins ? closes.get(ins.id) : undefined;
    if (!px)
      warnings.push(`No price for ${pos.instrument} on or before ${asOf}: its value is left out.`);
    else if (dayNumber(asOf) - dayNumber(px.date) > STALE_PRICE_DAYS)
      warnings.push(`${pos.instrument} is valued at a stale close of ${px.date}.`);
    const quantity = to18(pos.quantity);
    const value = px ? Number(quantity) * px.close : null;
    const basis = Number(pos.costBasis);
    rows.push({
      account: pos.account,
      venueKind: kinds.get(pos.account) ?? 'exchange',
      symbol: pos.instrument,
      name: ins?.name ?? pos.instrument,
      assetClass: ins?.assetClass ?? (cash ? 'cash' : 'unknown'),
      quantity,
      price: px?.close ?? null,
      priceDate: px?.date ?? null,
      value,
      weight: null,
      costBasis: basis,
      unrealisedPnl: value === null ? null : value - basis,
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
    costMethod: method,
    realisedPnl: Number(book.realisedTotal),
    income: Number(book.incomeTotal),
    warnings: [...new Set(warnings)],
  };
}
