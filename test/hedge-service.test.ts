// The Hedge report of the demo book, checked against figures recomputed here by hand from the
// stored holdings and the venues' documented formulas (Aave's health factor, Binance's cross
// margin liquidation), Black-76 deltas written out from N(d1), and identities of the report
// itself (a delta hedge zeroes delta; the grid is zero at no move).
import { describe, expect, it } from 'vitest';
import { boot } from '../src/main/boot';
import { callOrThrow } from '../src/main/cli/call';
import { getHoldings } from '../src/main/services/holdings';
import { normalCdf } from '../src/main/engine/stats/distributions';
import { RESOURCES, tempDir } from './helpers/tmp';

const start = () => boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES });

describe('hedge report of the demo book', () => {
  it('computes Greeks, margin, lending health and hedges that hold up to hand checks', async () => {
    const app = start();
    const r = await callOrThrow(app.dispatch, 'hedge.report', {});
    const h = getHoldings(app.ctx, {});
    const row = (symbol: string, account?: string, debt = false) =>
      h.rows.find(
        (x) =>
          x.symbol === symbol &&
          (account === undefined || x.account === account) &&
          x.name.endsWith('(borrowed)') === debt,
      )!;
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);

    // Aave: HF = Σ collateral·price·LT / Σ debt·price (wstETH LT 0.81, USDC LT 0.78 in the demo)
    const w = row('WSTETH');
    const usdc = row('USDC', 'Aave v3 (Ethereum)');
    const debt = row('USDC', 'Aave v3 (Ethereum)', true);
    const wq = Number(w.quantity);
    const uq = Number(usdc.quantity);
    const dq = -Number(debt.quantity);
    const hf = (wq * w.price! * 0.81 + uq * usdc.price! * 0.78) / (dq * debt.price!);
    const aave = r.lending.find((l) => l.account === 'Aave v3 (Ethereum)')!;
    expect(aave.healthFactor).toBeCloseTo(hf, 10);
    // wstETH price at HF = 1, USDC fixed
    const liq = (dq * debt.price! - uq * usdc.price! * 0.78) / (wq * 0.81);
    expect(aave.liquidations.find((l) => l.asset === 'WSTETH')!.price).toBeCloseTo(liq, 6);

    // Binance cross margin, short BTC perp: wallet + P&L(P) + the ETH perp's fixed P&L − its
    // maintenance − (1.5·P·mmr − cum) = 0, in the bracket of notional 1.5·P (250k-1M: 1 %, cum 1,300).
    const btc = r.perps.find((p) => p.symbol === 'BTCUSDT-PERP')!;
    const eth = r.perps.find((p) => p.symbol === 'ETHUSDT-PERP')!;
    const P =
      (btc.collateral + 1.5 * btc.entryPrice + eth.unrealisedPnl - eth.maintenanceMargin + 1300) /
      (1.5 + 1.5 * 0.01);
    expect(1.5 * P).toBeGreaterThan(250_000);
    expect(1.5 * P).toBeLessThan(1_000_000);
    expect(btc.liquidationPrice).toBeCloseTo(P, 4);
    // isolated at 10x: equity now is notional/10, so m − 1.5·(P − mark) = 1.5·P·mmr − cum in the
    // bracket of 1.5·P (50k-250k: 0.5 %, cum 50)
    const mark = btc.markPrice;
    const Piso = (0.1 * 1.5 * mark + 1.5 * mark + 50) / (1.5 * (1 + 0.005));
    expect(1.5 * Piso).toBeGreaterThan(50_000);
    expect(1.5 * Piso).toBeLessThan(250_000);
    expect(btc.isolatedLeverage).toBe(10);
    expect(btc.isolatedLiquidationPrice).toBeCloseTo(Piso, 4);

    // BTC delta: 7.7 coins held, −1.5 perp, and the inverse options' Black-76 deltas N(d1)
    // (valued in USD at spot, an inverse option's spot delta is its forward delta; r = 0)
    const market = r.underlyings.find((u) => u.underlying === 'BTC')!;
    let delta = 7.7 - 1.5;
    for (const p of r.greeks.positions.filter(
      (x) => x.underlying === 'BTC' && x.kind === 'option',
    )) {
      // from the as-of day's close (24:00 UTC) to Deribit's 08:00 UTC expiry
      const T =
        (Date.parse(`${p.expiryDate!}T08:00:00Z`) - Date.parse(`${r.asOf}T24:00:00Z`)) /
        86_400_000 /
        365;
      const F = market.spot * Math.exp(market.carry * T);
      const d1 = (Math.log(F / p.strike!) + 0.5 * p.vol! ** 2 * T) / (p.vol! * Math.sqrt(T));
      const nd = p.symbol.endsWith('-P') ? normalCdf(d1) - 1 : normalCdf(d1);
      delta += p.quantity * nd;
    }
    const btcLine = r.greeks.byUnderlying.find((u) => u.underlying === 'BTC')!;
    expect(btcLine.delta).toBeCloseTo(delta, 8);

    // The grid is zero at no move, now; the payoff's slope at spot is the delta.
    const g = r.grid;
    const s0 = g.spotMoves.indexOf(0);
    const v0 = g.volShifts.indexOf(0);
    expect(g.pnl[0]![v0]![s0]).toBeCloseTo(0, 6);
    const pay = r.payoff!;
    const k = pay.prices.findIndex((x) => Math.abs(x / pay.spot - 1) < 1e-9);
    const slope =
      (pay.today[k + 1]! - pay.today[k - 1]!) / (pay.prices[k + 1]! - pay.prices[k - 1]!);
    const line = r.greeks.byUnderlying.find((u) => u.underlying === pay.underlying)!;
    expect(slope).toBeCloseTo(line.delta, 0);
    expect(Math.abs(slope / line.delta - 1)).toBeLessThan(0.02);

    // A delta hedge applied as a what-if leaves only the lot-rounding residual.
    const dh = r.deltaHedges.find((d) => d.underlying === 'BTC')!;
    const proposal = dh.proposals[0]!;
    expect(proposal.side).toBe('short');
    const after = await callOrThrow(app.dispatch, 'hedge.report', {
      params: { overlay: proposal.overlay },
    });
    const afterBtc = after.after!.greeks.byUnderlying.find((u) => u.underlying === 'BTC')!;
    expect(Math.abs(afterBtc.delta)).toBeLessThan(0.001);
    // ...and the ledger is untouched.
    expect(getHoldings(app.ctx, {}).total).toBe(h.total);
  }, 120_000);

  it('prices tail-hedge structures at the chain quotes: ask to buy, bid to sell', async () => {
    const app = start();
    const r = await callOrThrow(app.dispatch, 'hedge.report', { params: { underlying: 'BTC' } });
    const t = r.tailHedge!;
    expect(t.underlying).toBe('BTC');
    expect(t.structures.some((s) => s.feasible)).toBe(true);
    const quote = app.ctx.store.db.prepare(
      "SELECT bid, ask, underlying_price AS u FROM option_quotes WHERE underlying = 'BTC' AND expiry = ? AND strike = ? AND right = ? ORDER BY date DESC LIMIT 1",
    );
    for (const s of t.structures.filter((x) => x.feasible)) {
      let cost = 0;
      for (const leg of s.legs) {
        const q = quote.get(s.expiryDate, leg.strike, leg.right) as {
          bid: number;
          ask: number;
          u: number;
        };
        // coin premiums are worth coins x spot (the index), as the options held are valued
        cost += leg.quantity * (leg.quantity > 0 ? q.ask : q.bid) * r.payoff!.spot;
        // out of the money against the expiry's forward (the chain's underlying price):
        // puts below it, calls above
        if (leg.right === 'put') expect(leg.strike).toBeLessThanOrEqual(q.u);
        else expect(leg.strike).toBeGreaterThanOrEqual(q.u);
      }
      expect(s.costUsd).toBeCloseTo(cost, 4);
      expect(s.costUsd).toBeLessThanOrEqual(t.budgetUsd + 1e-6);
      expect(s.worstLossUsd).toBeLessThanOrEqual(t.maxLossUsd + 1e-6);
    }
  }, 120_000);

  it('measures what-if P&L against the book as it stands: legs add their value less their premium', async () => {
    const app = start();
    const put = {
      kind: 'option' as const,
      underlying: 'BTC',
      right: 'put' as const,
      strike: 90000,
      expiryDate: '2025-03-28',
      quantity: 1,
    };
    const probe = await callOrThrow(app.dispatch, 'hedge.report', { params: { overlay: [put] } });
    const leg = probe.after!.greeks.positions.find((p) => p.account === 'what-if')!;
    expect(leg.value).toBeGreaterThan(0);
    const at0 = (g: { spotMoves: number[]; volShifts: number[]; pnl: number[][][] }) =>
      g.pnl[0]![g.volShifts.indexOf(0)]![g.spotMoves.indexOf(0)]!;
    // bought at its model value: nothing changes at no move
    const fair = await callOrThrow(app.dispatch, 'hedge.report', {
      params: { overlay: [{ ...put, premium: leg.value }] },
    });
    expect(at0(fair.after!.grid)).toBeCloseTo(0, 6);
    // bought for 3,000: the P&L at no move is value − 3,000; elsewhere the grids differ by the put alone
    const paid = await callOrThrow(app.dispatch, 'hedge.report', {
      params: { overlay: [{ ...put, premium: 3000 }] },
    });
    expect(at0(paid.after!.grid)).toBeCloseTo(leg.value - 3000, 6);
    // an ETH leg does not move the BTC payoff
    const eth = { ...put, underlying: 'ETH', strike: 2400, premium: 150 };
    const other = await callOrThrow(app.dispatch, 'hedge.report', {
      params: { underlying: 'BTC', overlay: [eth] },
    });
    other.after!.payoff!.today.forEach((x, i) => expect(x).toBeCloseTo(other.payoff!.today[i]!, 6));
  }, 120_000);

  it('stresses longs by the fall quantile and shorts by the rise quantile of the history', async () => {
    const app = start();
    const r = await callOrThrow(app.dispatch, 'hedge.report', { params: { underlying: 'btc' } });
    expect(r.payoff!.underlying).toBe('BTC');
    // BTC's last 730 days of closes, straight from the store
    const rows = app.ctx.store.db
      .prepare(
        "SELECT p.close FROM prices p JOIN instruments i ON i.id = p.instrument_id WHERE i.symbol = 'BTC' AND p.date > date(?, '-730 days') AND p.date <= ? ORDER BY p.date",
      )
      .all(r.asOf, r.asOf) as { close: number }[];
    const ret = rows.slice(1).map((x, i) => x.close / rows[i]!.close - 1);
    const m = Math.ceil(0.01 * ret.length - 1e-9); // historical 99 %: the m-th worst day
    const fall = -[...ret].sort((a, b) => a - b)[m - 1]!;
    const rise = [...ret].sort((a, b) => b - a)[m - 1]!;
    const lev = r.leverage.find((l) => l.asset === 'BTC')!;
    expect(lev.stressedMove).toBeCloseTo(fall, 12);
    expect(lev.stressedRise).toBeCloseTo(rise, 12);
    // a short survives its rise at its limit: liquidation at S(1 + rise) needs margin >= rise + mmr
    expect(lev.maxLeverageShort).toBeLessThanOrEqual(1 / rise + 1e-9);
    const bad = await app.dispatch('hedge.report', { params: { underlying: 'DOGEX' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/No underlying DOGEX.*BTC/);
  }, 120_000);

  it('refuses a what-if leg on an underlying the book does not have', async () => {
    const app = start();
    const r = await app.dispatch('hedge.report', {
      params: { overlay: [{ kind: 'perpetual', underlying: 'NOPE', quantity: 1 }] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(/NOPE/);
    }
  }, 60_000);
});
