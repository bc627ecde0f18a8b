import type { HoldingRow, HoldingsReport } from '../../shared/domain';
import { dayNumber } from '../engine/calendar';
import { black76Greeks } from '../engine/derivatives/greeks';
import { impliedVolBlack76 } from '../engine/derivatives/implied-vol';
import { instruments } from './catalog';
import type { ServiceContext } from './context';

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
 * in the underlying financed in its quote stablecoin; an option is its delta (Black-76 at the
 * vol implied by its own mark) in the underlying, the rest of its value in the stablecoin. The
 * book's value is unchanged; only where it sits. Rows mapped to null are left out (warned).
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
    const size = typeof i.attrs.contractSize === 'number' ? i.attrs.contractSize : 1;
    const underlyingClass = ins.get(u)?.assetClass ?? 'L1';
    if (i.kind !== 'option') {
      if (i.attrs.contractType === 'inverse') {
        leave('coin-settled contracts are not mapped yet');
        continue;
      }
      out.set(r, { underlying: u, underlyingClass, exposure: q * size * S, funding: stable });
      continue;
    }
    const K = Number(i.attrs.strike);
    const expiry = String(i.attrs.expiry ?? '');
    const right = i.attrs.right === 'call' || i.attrs.right === 'put' ? i.attrs.right : null;
    const T = /^\d{4}-\d{2}-\d{2}$/.test(expiry)
      ? (dayNumber(expiry) - dayNumber(holdings.asOf)) / 365
      : NaN;
    if (!right || !(K > 0) || !(T > 0)) {
      leave('its terms (strike, expiry, right) are incomplete or it has expired');
      continue;
    }
    const iv = impliedVolBlack76(r.price, right, S, K, T, 0);
    if (!iv.ok) {
      leave(`its mark has no implied volatility (${iv.message})`);
      continue;
    }
    const delta = black76Greeks(right, S, K, T, iv.vol, 0).delta;
    out.set(r, { underlying: u, underlyingClass, exposure: q * size * delta * S, funding: stable });
  }
  if (out.size)
    out.warnings.push(
      'Perpetuals, futures and options are measured by their delta-equivalent exposure to the underlying (financed in stablecoin); their option convexity is in the Hedge view.',
    );
  return out;
}
