import type Database from 'better-sqlite3';
import Decimal from 'decimal.js';
import type { BaseConversion, HoldingRow, HoldingsReport } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import type { CostMethod } from '../../shared/ledger';
import { dayNumber } from '../engine/calendar';
import { applyLedger, DEFAULT_CASH, LedgerError } from '../engine/ledger';
import { listInstruments } from '../store/instruments';
import { loadLedger } from '../store/ledger-tx';
import { lastPriceDate, latestCloses } from '../store/prices';
import type { ServiceContext } from './context';
import { resolveBaseCurrency, resolvePortfolio, USD } from './portfolios';

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

/** Instrument kinds that are margined contracts: booked with futures trades, never bought. */
const MARGINED_KINDS = new Set(['perpetual', 'future']);

/**
 * Value of a margined (futures) position in the base currency: its unrealised P&L, never its
 * notional. Linear: quantity x mark - entry notional; inverse: (entry coins - face / mark) x the
 * settlement coin's close (null without it). Realised P&L is already in the settlement
 * currency's balance, so this is all the position adds to the book.
 */
export function marginedValue(
  pos: { quantity: string; costBasis: string; margin?: 'linear' | 'inverse' },
  mark: number,
  coinClose: number | null,
): number | null {
  const q = Number(pos.quantity);
  const basis = Number(pos.costBasis);
  if (pos.margin !== 'inverse') return q * mark - basis;
  return coinClose === null ? null : (basis - q / mark) * coinClose;
}

/**
 * Positions per venue and instrument at the end of asOf, in USD (risk, allocation and hedging
 * work in USD; holdingsReport gives the same in the portfolio's base currency) (default: the last day with a close),
 * from the ledger with cost basis by FIFO or average cost, valued at the latest close on or
 * before that day (cash at 1). Margined positions (perpetuals and futures booked with futures
 * trades) are worth their unrealised P&L, with no cost basis (nothing was paid for them), so
 * neither the total nor the weights count their notional; their quantity and mark stay shown.
 * Debts are rows with a negative quantity and value (see below), so the total is the net value.
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
        // the coin an inverse contract settles in values its P&L
        .flatMap((t) =>
          t.kind === 'inverse_futures_trade' ? [t.instrument, t.quote] : [t.instrument],
        )
        .map((s) => (s === undefined ? undefined : instruments.get(s)?.id))
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
  /** The close valuing a symbol (cash at 1), with a warning when missing or stale. */
  const closeOf = (symbol: string) => {
    const ins = instruments.get(symbol);
    const cash = DEFAULT_CASH.includes(symbol);
    const px = cash ? { date: asOf, close: 1 } : ins ? closes.get(ins.id) : undefined;
    if (!px) warnings.push(`No price for ${symbol} on or before ${asOf}: its value is left out.`);
    else if (dayNumber(asOf) - dayNumber(px.date) > STALE_PRICE_DAYS)
      warnings.push(`${symbol} is valued at a stale close of ${px.date}.`);
    return { ins, cash, px };
  };
  for (const pos of book.positions) {
    const { ins, cash, px } = closeOf(pos.instrument);
    const quantity = to18(pos.quantity);
    let value = px ? Number(quantity) * px.close : null;
    let basis = Number(pos.costBasis);
    let entryPrice: number | undefined;
    if (pos.margin) {
      const q = Number(quantity);
      const entry = pos.margin === 'inverse' ? q / basis : basis / q;
      if (Number.isFinite(entry) && entry > 0) entryPrice = entry;
      const coin = pos.margin === 'inverse' ? instruments.get(pos.settlement!) : undefined;
      const coinPx = coin ? closes.get(coin.id) : undefined;
      if (pos.margin === 'inverse' && px && !coinPx)
        warnings.push(
          `No price for ${pos.settlement} on or before ${asOf}: the P&L of ${pos.instrument} (settled in it) is left out.`,
        );
      value = px ? marginedValue(pos, px.close, coinPx?.close ?? null) : null;
      basis = 0;
    } else if (ins && MARGINED_KINDS.has(ins.kind)) {
      warnings.push(
        `${pos.instrument} is a ${ins.kind} but was booked as an ordinary holding: it is valued at its notional. Book it with futures trades.`,
      );
    }
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
      ...(entryPrice !== undefined ? { entryPrice } : {}),
      ...(pos.margin ? { margin: pos.margin } : {}),
    });
  }
  // Debts (borrowed on a lending market) are rows of their own, with a negative quantity and
  // value: the borrowed coins are among the positions, so the book's net value needs them.
  for (const d of book.debts) {
    const { ins, cash, px } = closeOf(d.instrument);
    const quantity = to18(`-${d.quantity}`);
    rows.push({
      account: d.account,
      venueKind: kinds.get(d.account) ?? 'exchange',
      symbol: d.instrument,
      name: `${ins?.name ?? d.instrument} (borrowed)`,
      assetClass: ins?.assetClass ?? (cash ? 'cash' : 'unknown'),
      quantity,
      price: px?.close ?? null,
      priceDate: px?.date ?? null,
      value: px ? Number(quantity) * px.close : null,
      weight: null,
      costBasis: 0,
      unrealisedPnl: null,
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

/**
 * The USD close that converts a portfolio's values into its base currency on a day: the latest
 * on or before it, flagged when older than STALE_PRICE_DAYS (as any other close is); none at
 * all is an error naming the currency and the day. Null for a USD base.
 */
export function baseConversion(
  db: Database.Database,
  baseCurrency: string,
  asOf: string,
  warnings: string[],
): BaseConversion | null {
  const base = resolveBaseCurrency(db, baseCurrency);
  if (base.instrumentId === null) return null;
  const px = latestCloses(db, [base.instrumentId], asOf).get(base.instrumentId);
  if (!px)
    throw new KeelError(
      'VALIDATION',
      `No ${base.symbol} close on or before ${asOf}: values cannot be shown in ${base.symbol}. Import ${base.symbol} prices or change the base currency.`,
      [{ path: 'baseCurrency', message: `no ${base.symbol} close on or before ${asOf}` }],
    );
  if (dayNumber(asOf) - dayNumber(px.date) > STALE_PRICE_DAYS)
    warnings.push(`Values are in ${base.symbol} at its stale close of ${px.date}.`);
  return { currency: base.symbol, usdClose: px.close, date: px.date };
}

/**
 * getHoldings in the portfolio's base currency: every price, value, cost basis and P&L divided
 * by the base currency's USD close of the as-of day (weights are unchanged). Cost basis and
 * realised P&L are USD amounts translated at that one close, not at each trade day's rate.
 */
export function holdingsReport(
  ctx: ServiceContext,
  input: Parameters<typeof getHoldings>[1],
): HoldingsReport {
  const usd = getHoldings(ctx, input);
  const warnings = [...usd.warnings];
  const fx = baseConversion(ctx.store.db, usd.portfolio.baseCurrency, usd.asOf, warnings);
  if (!fx) return { ...usd, currency: USD, conversion: null };
  const c = fx.usdClose;
  const conv = (x: number | null) => (x === null ? null : x / c);
  return {
    ...usd,
    portfolio: { ...usd.portfolio, baseCurrency: fx.currency },
    rows: usd.rows.map((r) => ({
      ...r,
      price: conv(r.price),
      value: conv(r.value),
      costBasis: r.costBasis / c,
      unrealisedPnl: conv(r.unrealisedPnl),
      ...(r.entryPrice !== undefined ? { entryPrice: r.entryPrice / c } : {}),
    })),
    total: usd.total / c,
    realisedPnl: usd.realisedPnl / c,
    income: usd.income / c,
    currency: fx.currency,
    conversion: fx,
    warnings,
  };
}
