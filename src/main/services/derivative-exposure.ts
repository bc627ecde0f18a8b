import type { HoldingRow, HoldingsReport } from '../../shared/domain';
import { dayNumber } from '../engine/calendar';
import { black76Greeks } from '../engine/derivatives/greeks';
import { impliedVolBlack76 } from '../engine/derivatives/implied-vol';
import { instruments } from './catalog';
import type { ServiceContext } from './context';
import { chainCarry, settlementOf, years } from './option-chains';

/** A chain older than this (days) still gives the carry, with a warning. */
const STALE_CHAIN_DAYS = 3;

export interface Exposure {
  underlying: string;
  underlyingClass: string;
  /** Signed USD exposure to the underlying (delta-equivalent). */
  exposure: number;
  /** The stablecoin that finances it: receives the position's value minus the exposure. */
  funding: string;
}

/**
 * Risk measures a derivative by what it moves with: a linear perpetual or future is its notional
 * in the underlying financed in its quote stablecoin, an inverse one face / entry coins of it
 * (the ledger's average entry), financed the same way; an option is its delta to spot in the
 * underlying, the rest of its value in the stablecoin. The option's delta is the Hedge view's:
 * Black-76 on the forward S·e^{bT} with the carry b implied by the underlying's option chain
 * (put-call parity; 0 without a chain), at the vol implied by the option's own mark, expiry at
 * 08:00 UTC. The book's value is unchanged; only where it sits. Rows mapped to null are left
 * out (warned).
 */
export function derivativeExposures(
  ctx: ServiceContext,
  holdings: HoldingsReport,
): Map<HoldingRow, Exposure | null> & { warnings: string[] } {
  const out = new Map<HoldingRow, Exposure | null>() as Map<HoldingRow, Exposure | null> & {
    warnings: string[];
  };
  out.warnings = [];
  const ins = new Map(instruments(ctx).map((i) => [i.symbol, i]));
  const price = new Map(
    holdings.rows.filter((r) => r.price !== null).map((r) => [r.symbol, r.price!]),
  );
  const stable = ['USDT', 'USDC'].find((s) => price.has(s));
  const carries = new Map<string, number>();
  for (const r of holdings.rows) {
    const i = ins.get(r.symbol);
    if (!i || !['perpetual', 'future', 'option'].includes(i.kind)) continue;
    const u = typeof i.attrs.underlying === 'string' ? i.attrs.underlying : '';
    const S = price.get(u) ?? null;
    const q = Number(r.quantity);
    const leave = (why: string) => {
      out.set(r, null);
      out.warnings.push(`${r.symbol} left out of the risk figures: ${why}.`);
    };
    if (!u || S === null || r.price === null || r.value === null) {
      leave(`no price for its underlying ${u || '(none given)'} or for itself`);
      continue;
    }
    if (!stable) {
      leave('no USDT or USDC price to finance it');
      continue;
    }
    const underlyingClass = ins.get(u)?.assetClass ?? 'L1';
    if (i.kind !== 'option') {
      // The ledger books quantities in coins (linear) or USD face (inverse). A linear contract
      // moves like q coins; an inverse one is worth face·(S/entry − 1): q/entry coins, short
      // face dollars (the funding leg takes the rest of its value).
      if ((r.margin ?? settlementOf(i.attrs)) === 'inverse') {
        if (!r.entryPrice) {
          leave(
            'a coin-settled contract needs its entry price (book it with inverse futures trades)',
          );
          continue;
        }
        out.set(r, {
          underlying: u,
          underlyingClass,
          exposure: (q / r.entryPrice) * S,
          funding: stable,
        });
      } else {
        // a perpetual marks at spot; a dated future's delta to spot is e^{bT}: q·mark
        const exposure = q * (i.kind === 'future' ? r.price : S);
        out.set(r, { underlying: u, underlyingClass, exposure, funding: stable });
      }
      continue;
    }
    const size = typeof i.attrs.contractSize === 'number' ? i.attrs.contractSize : 1;
    const K = Number(i.attrs.strike);
    const expiry = String(i.attrs.expiry ?? '');
    const right = i.attrs.right === 'call' || i.attrs.right === 'put' ? i.attrs.right : null;
    const T = /^\d{4}-\d{2}-\d{2}$/.test(expiry) ? years(holdings.asOf, expiry) : NaN;
    if (!right || !(K > 0) || !(T > 0)) {
      leave('its terms (strike, expiry, right) are incomplete or it has expired');
      continue;
    }
    let b = carries.get(u);
    if (b === undefined) {
      const c = chainCarry(ctx, holdings.asOf, u);
      b = c.carry;
      carries.set(u, b);
      if (c.date && dayNumber(holdings.asOf) - dayNumber(c.date) > STALE_CHAIN_DAYS)
        out.warnings.push(
          `${u} options: the carry comes from the option chain of ${c.date}, ${dayNumber(holdings.asOf) - dayNumber(c.date)} days before ${holdings.asOf}.`,
        );
    }
    const F = S * Math.exp(b * T);
    // A coin-settled (inverse) option's USD value is its Black-76 price discounted by e^{-bT}
    // (coins V/F held at S): its delta to spot is then Δ_F; a linear one's is Δ_F·F/S.
    const inverse = settlementOf(i.attrs) === 'inverse';
    const growth = Math.exp(b * T);
    const iv = impliedVolBlack76(inverse ? r.price * growth : r.price, right, F, K, T, 0);
    if (!iv.ok) {
      leave(`its mark has no implied volatility (${iv.message})`);
      continue;
    }
    const deltaF = black76Greeks(right, F, K, T, iv.vol, 0).delta;
    const delta = inverse ? deltaF : deltaF * growth;
    out.set(r, { underlying: u, underlyingClass, exposure: q * size * delta * S, funding: stable });
  }
  if (out.size)
    out.warnings.push(
      'Perpetuals, futures and options are measured by their delta-equivalent exposure to the underlying (financed in stablecoin); their option convexity is in the Hedge view.',
    );
  return out;
}
