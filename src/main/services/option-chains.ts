import { dayNumber } from '../engine/calendar';
import type { Settlement } from '../engine/derivatives/positions';
import { closeOnOrBefore } from '../store/prices';
import type { ServiceContext } from './context';

// Option chains from the store, and the terms both the Hedge and the Risk views read from them:
// time to expiry, settlement, and the carry implied by put-call parity.

/**
 * Years from the as-of day's close (24:00 UTC, when daily closes are taken) to an expiry at
 * 08:00 UTC, Deribit's settlement time: 28MAR25 seen from 2025-02-11 is 44.33 days, not 45.
 */
const EXPIRY_HOUR = 8;
export const years = (asOf: string, date: string) =>
  (dayNumber(date) + EXPIRY_HOUR / 24 - (dayNumber(asOf) + 1)) / 365;

export const settlementOf = (attrs: Record<string, unknown>): Settlement =>
  attrs.contractType === 'inverse' || attrs.settlement === 'coin' || attrs.settlement === 'inverse'
    ? 'inverse'
    : 'linear';

export interface ChainRow {
  instrument: string;
  underlying: string;
  expiry: string;
  strike: number;
  right: 'call' | 'put';
  underlying_price: number | null;
  mark_price: number | null;
  mark_iv: number | null;
  bid: number | null;
  ask: number | null;
}

/**
 * Deribit quotes BTC/ETH options in coins (inverse); USDC-margined ones (BTC_USDC-…) in USD. A
 * coin premium is worth coins × spot (the index), the same convention that values the inverse
 * options held (the forward would overstate it by e^{bT}).
 */
export function toUsd(rows: ChainRow[], spot: number): void {
  for (const r of rows) {
    if (r.instrument.includes('_USDC')) continue;
    r.mark_price = r.mark_price === null ? null : r.mark_price * spot;
    r.bid = r.bid === null ? null : r.bid * spot;
    r.ask = r.ask === null ? null : r.ask * spot;
  }
}

/** The latest chain on or before asOf per underlying, as stored (toUsd converts coin premiums). */
export function loadChains(
  ctx: ServiceContext,
  asOf: string,
): Map<string, { date: string; rows: ChainRow[] }> {
  const out = new Map<string, { date: string; rows: ChainRow[] }>();
  const latest = ctx.store.db
    .prepare(
      'SELECT underlying, max(date) AS date FROM option_quotes WHERE date <= ? GROUP BY underlying',
    )
    .all(asOf) as { underlying: string; date: string }[];
  for (const l of latest) {
    const rows = ctx.store.db
      .prepare(
        'SELECT instrument, underlying, expiry, strike, right, underlying_price, mark_price, mark_iv, bid, ask FROM option_quotes WHERE underlying = ? AND date = ? AND expiry > ? ORDER BY expiry, strike',
      )
      .all(l.underlying, l.date, asOf) as ChainRow[];
    out.set(l.underlying, { date: l.date, rows });
  }
  return out;
}

/**
 * The carry b implied by a chain as stored (premiums not yet converted by toUsd): per expiry,
 * the forward by put-call parity at the strike nearest spot (r = 0), against the underlying's
 * close on the chain's own day (a chain older than the book's day must not read the spot's
 * move since as carry); the median over expiries more than a week out.
 * Linear (…_USDC) premiums are in USD: c − p = F − K. Coin premiums are V/F (Deribit): c − p =
 * (F − K)/F, so F = K / (1 − (c − p)).
 */
export function carryFromChain(
  rows: ChainRow[],
  spotOnChainDay: number,
  chainDate: string,
): number | null {
  const carries: number[] = [];
  for (const expiry of new Set(rows.map((r) => r.expiry))) {
    const T = years(chainDate, expiry);
    if (!(T > 7 / 365)) continue;
    // a call and a put of the same family (coin-quoted BTC-… or USD-quoted BTC_USDC-…)
    const byStrike = new Map<string, { K: number; c?: number; p?: number; coin: boolean }>();
    for (const r of rows.filter((x) => x.expiry === expiry && x.mark_price !== null)) {
      const coin = !r.instrument.includes('_USDC');
      const key = `${coin ? 'coin' : 'usd'}|${r.strike}`;
      const e = byStrike.get(key) ?? { K: r.strike, coin };
      if (r.right === 'call') e.c = r.mark_price!;
      else e.p = r.mark_price!;
      byStrike.set(key, e);
    }
    const pairs = [...byStrike.values()].filter((e) => e.c !== undefined && e.p !== undefined);
    if (!pairs.length) continue;
    const e = pairs.sort(
      (a, b) => Math.abs(a.K - spotOnChainDay) - Math.abs(b.K - spotOnChainDay),
    )[0]!;
    const K = e.K;
    const diff = e.c! - e.p!;
    const F = e.coin ? (diff < 1 ? K / (1 - diff) : NaN) : K + diff;
    if (F > 0) carries.push(Math.log(F / spotOnChainDay) / T);
  }
  if (!carries.length) return null;
  carries.sort((a, b) => a - b);
  return carries[carries.length >> 1]!;
}

/**
 * The carry of an underlying from its latest chain on or before asOf (0 without one, or
 * without a close of the underlying on the chain's day), with the chain's day.
 */
export function chainCarry(
  ctx: ServiceContext,
  asOf: string,
  underlying: string,
): { carry: number; date: string | null } {
  const chain = loadChains(ctx, asOf).get(underlying);
  if (!chain) return { carry: 0, date: null };
  const spot = closeOnOrBefore(ctx.store.db, underlying, chain.date);
  if (spot === null) return { carry: 0, date: chain.date };
  return { carry: carryFromChain(chain.rows, spot, chain.date) ?? 0, date: chain.date };
}
