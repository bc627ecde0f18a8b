// The Risk view's delta-equivalent exposures of the demo's Deribit options, recomputed here from
// Black-76 written out (N(d1)), the implied vol solved by bisection on the holding's own mark,
// and the forward S·e^{0.08·T} that the demo's option data were modelled on. The Hedge view's
// deltas of the same options (at its SVI-fitted vols) must agree closely.
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { derivativeExposures } from '../src/main/services/derivative-exposure';
import { getHoldings } from '../src/main/services/holdings';
import { chainCarry } from '../src/main/services/option-chains';
import { normalCdf } from '../src/main/engine/stats/distributions';
import { RESOURCES, tempDir } from './helpers/tmp';

const start = () => boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES });

/** Black-76 with r = 0: undiscounted price on forward F. */
function black76(right: 'call' | 'put', F: number, K: number, T: number, vol: number) {
  const sd = vol * Math.sqrt(T);
  const d1 = (Math.log(F / K) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  const call = F * normalCdf(d1) - K * normalCdf(d2);
  return { price: right === 'call' ? call : call - (F - K), d1 };
}

/** σ with price(σ) = target, by bisection (price increases with σ). */
function impliedBySearch(target: number, f: (vol: number) => number): number {
  let lo = 1e-4;
  let hi = 5;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

describe('delta-equivalent exposure of the demo options', () => {
  it('uses the chain carry, 08:00 UTC expiries and the mark-implied vol, like the Hedge view', async () => {
    const app = start();
    const h = getHoldings(app.ctx, {});
    const ex = derivativeExposures(app.ctx, h);
    const spot = (s: string) => h.rows.find((r) => r.symbol === s)!.price!;

    // The demo's option data were modelled on the forward S·e^{0.08·T}: parity must find 8 %.
    // (Coin premiums are V/F: parity reads F = K / (1 − (c − p)); K + c − p would be off by bT.)
    for (const u of ['BTC', 'ETH']) {
      const c = chainCarry(app.ctx, h.asOf, u);
      expect(c.date).toBe('2025-02-11');
      expect(Math.abs(c.carry - 0.08), `${u} carry ${c.carry}`).toBeLessThan(1e-4);
    }

    const options = h.rows.filter((r) => /-[PC]$/.test(r.symbol));
    expect(options.length).toBe(3);
    const hedge = await callOrThrow(app.dispatch, 'hedge.report', {});
    for (const row of options) {
      const [u, exp, strike, cp] = row.symbol.split('-') as [string, string, string, string];
      const right = cp === 'P' ? 'put' : 'call';
      const K = Number(strike);
      const expiry = hedge.greeks.positions.find((p) => p.symbol === row.symbol)!.expiryDate!;
      expect(exp).toMatch(/^\d{1,2}[A-Z]{3}\d{2}$/);
      const T =
        (Date.parse(`${expiry}T08:00:00Z`) - Date.parse(`${h.asOf}T24:00:00Z`)) / 86_400_000 / 365;
      const S = spot(u);
      const b = 0.08; // the demo's modelled carry, not the code's estimate of it
      const F = S * Math.exp(b * T);
      // Deribit options are coin-settled: USD value = (V/F)·S = V·e^{-bT}; spot delta = N(d1)
      const vol = impliedBySearch(
        row.price!,
        (v) => black76(right, F, K, T, v).price * Math.exp(-b * T),
      );
      const { d1 } = black76(right, F, K, T, vol);
      const delta = right === 'call' ? normalCdf(d1) : normalCdf(d1) - 1;
      const q = Number(row.quantity);
      const e = ex.get(row)!;
      expect(e.underlying).toBe(u);
      expect(e.exposure / (q * delta * S), row.symbol).toBeCloseTo(1, 4);

      // The Hedge view's delta of the same option, at its SVI-fitted vol, agrees within 2 %.
      const hp = hedge.greeks.positions.find((p) => p.symbol === row.symbol)!;
      expect(Math.abs(e.exposure / (hp.delta * S) - 1), row.symbol).toBeLessThan(0.02);
    }
  });
});
