// The derivatives picture of a book and its hedges, from plain inputs the service assembles:
// portfolio Greeks, the spot x vol grid now and at a horizon, the payoff against one underlying,
// margin and liquidation of perpetuals, lending health, leverage limits from the tail model, a
// delta-neutral proposal per underlying and a tail-hedge overlay from the loaded chain. Overlay
// legs give the same picture after a proposal (a what-if: nothing is written anywhere).
import type {
  GreeksSummary,
  HedgeParams,
  HedgeReport,
  OverlayLeg,
  PayoffOut,
  RiskLineOut,
  ScenarioGridOut,
  TailStructure,
} from '../../../shared/hedge';
import { deltaHedge, type HedgeInstrument } from './delta-hedge';
import { lendingSummary, liquidationPeg, liquidationPriceOf, type LendingAccount } from './lending';
import { horizonMove, liquidationDistance, maxLeverage } from './leverage-limits';
import { liquidationPrice } from './liquidation';
import { maintenanceMargin, marginNotional, unrealisedPnl, type MarginTier } from './margin';
import { portfolioGreeks, type RiskLine } from './portfolio-greeks';
import type { BookPosition, MarketMap, PerpetualPosition, UnderlyingMarket } from './positions';
import { scenarioGrid, DEFAULT_SPOT_MOVES, DEFAULT_VOL_SHIFTS } from './scenario-grid';
import { fitSvi, sviTotalVariance, type SviParams } from './smile';
import { tailHedge, type ChainQuote } from './tail-hedge';
import { buildTermStructure } from './term-structure';

/** One position of the book with what the report shows about it. */
export interface BookEntry {
  symbol: string;
  account: string;
  position: BookPosition;
  expiryDate?: string;
  strike?: number;
}

export interface MarketInput {
  underlying: string;
  spot: number;
  rate: number;
  carry: number;
  /** Used where no smile is loaded. */
  atmVol: number;
  volSource: string;
  /** Implied vols from the chain, per expiry, to fit an SVI smile to (in the worker). */
  smiles: {
    expiry: number;
    expiryDate: string;
    forward: number;
    strikes: number[];
    vols: number[];
  }[];
}

export interface PerpMarginInput {
  symbol: string;
  account: string;
  position: PerpetualPosition;
  markPrice: number;
  /** Cross-margin wallet balance (margin currency) and the rule behind it, shown to the user. */
  collateral: number;
  collateralNote: string;
  tiers: MarginTier[];
  /** Annual funding rate paid by longs. */
  fundingAnnual: number;
}

export interface LendingInput {
  account: string;
  lending: LendingAccount;
  /** Staked collateral priced off an underlying (e.g. wstETH on ETH). */
  peg?: { staked: string; underlying: string; underlyingPrice: number; ratio: number };
}

export interface TailModelInput {
  underlying: string;
  /** Adverse one-day moves at the stress confidence (positive fractions): a fall hurts a long, a rise a short. */
  oneDayMove: number;
  oneDayRise: number;
  dailyVol: number;
  tiers: MarginTier[];
}

export interface HedgeReportInput {
  asOf: string;
  entries: BookEntry[];
  overlay: BookEntry[];
  overlayLegs: OverlayLeg[];
  markets: MarketInput[];
  perps: PerpMarginInput[];
  lending: LendingInput[];
  tails: TailModelInput[];
  hedgeInstruments: Record<string, HedgeInstrument[]>;
  chains: Record<string, (ChainQuote & { expiryDate: string })[]>;
  /** How each underlying's listed options settle (Deribit coin options: inverse). */
  chainSettlement: Record<string, 'linear' | 'inverse'>;
  params: HedgeParams;
  warnings: string[];
}

const MIN_SMILE_QUOTES = 5;

/**
 * Markets with a vol surface per underlying: an SVI slice fitted to each expiry of the chain
 * (at least five quotes), joined in total variance; the ATM vol where there is no chain.
 */
export function marketMap(
  markets: readonly MarketInput[],
  warnings: string[] = [],
  /** Filled with each smile-fitted underlying's 30-day at-the-money vol. */
  atm?: Map<string, number>,
): MarketMap {
  const out: Record<string, UnderlyingMarket> = {};
  for (const m of markets) {
    let vol: UnderlyingMarket['vol'] = m.atmVol;
    const slices: { expiry: number; params: SviParams }[] = [];
    for (const q of m.smiles) {
      if (q.strikes.length < MIN_SMILE_QUOTES) continue;
      try {
        const fit = fitSvi({
          forward: q.forward,
          expiry: q.expiry,
          strikes: q.strikes,
          vols: q.vols,
          weights: 'vega',
        });
        if (!fit.butterfly.ok)
          warnings.push(
            `${m.underlying} ${q.expiryDate}: the fitted smile has butterfly arbitrage between log-moneyness ${fit.butterfly.violations.map((v) => `${v.from.toFixed(2)}…${v.to.toFixed(2)}`).join(', ')}.`,
          );
        slices.push({ expiry: q.expiry, params: fit.params });
      } catch (err) {
        warnings.push(
          `${m.underlying} ${q.expiryDate}: no smile fitted (${(err as Error).message}); that expiry is left out of the surface.`,
        );
      }
    }
    if (slices.length) {
      const ts = buildTermStructure(
        slices.map((s) => ({
          expiry: s.expiry,
          totalVariance: (k: number) => sviTotalVariance(s.params, k),
        })),
      );
      vol = ts.vol;
      atm?.set(m.underlying, ts.vol(0, 30 / 365));
    }
    out[m.underlying] = { spot: m.spot, rate: m.rate, carry: m.carry, vol };
  }
  return out;
}

/** Lot multiples computed in binary floating point (5.2170000000000005) shown as they are meant. */
const clean = (x: number) => Number(x.toPrecision(12));

const lineOut = (l: RiskLine): RiskLineOut => ({
  value: l.value,
  delta: l.delta,
  gamma: l.gamma,
  vega: l.vega,
  theta: l.theta,
  rho: l.rho,
  dollarDelta: l.dollarDelta,
  dollarGamma1pct: l.dollarGamma1pct,
  vegaPerPoint: l.vegaPerPoint,
  thetaPerDay: l.thetaPerDay,
});

function greeksOf(entries: readonly BookEntry[], markets: MarketMap): GreeksSummary {
  const g = portfolioGreeks(
    entries.map((e) => e.position),
    markets,
  );
  return {
    positions: g.positions.map((l) => {
      const e = entries[l.index]!;
      const p = e.position;
      const m = markets[p.underlying]!;
      let vol: number | null = null;
      if (p.kind === 'option') {
        const F = m.spot * Math.exp((m.carry ?? m.rate) * p.expiry);
        vol =
          p.vol ?? (typeof m.vol === 'number' ? m.vol : m.vol(Math.log(p.strike / F), p.expiry));
      }
      return {
        ...lineOut(l),
        symbol: e.symbol,
        account: e.account,
        kind: p.kind,
        underlying: p.underlying,
        quantity: p.quantity,
        bucket: l.bucket,
        expiryDate: e.expiryDate ?? null,
        strike: e.strike ?? null,
        vol,
        coinDelta: l.coinDelta ?? null,
      };
    }),
    byUnderlying: Object.entries(g.byUnderlying).map(([u, l]) => ({
      ...lineOut(l),
      underlying: u,
      spot: markets[u]!.spot,
    })),
    byExpiry: Object.entries(g.byExpiry).flatMap(([u, b]) =>
      Object.entries(b).map(([bucket, l]) => ({ ...lineOut(l), underlying: u, bucket })),
    ),
    total: {
      value: g.total.value,
      dollarDelta: g.total.dollarDelta,
      dollarGamma1pct: g.total.dollarGamma1pct,
      vegaPerPoint: g.total.vegaPerPoint,
      thetaPerDay: g.total.thetaPerDay,
    },
  };
}

function gridOf(
  entries: readonly BookEntry[],
  markets: MarketMap,
  params: HedgeParams,
): ScenarioGridOut {
  const spotMoves = params.spotMoves ?? [...DEFAULT_SPOT_MOVES];
  const volShifts = params.volShifts ?? [...DEFAULT_VOL_SHIFTS];
  const horizonsDays = [0, params.horizonDays];
  const g = scenarioGrid(
    entries.map((e) => e.position),
    markets,
    { spotMoves, volShifts, horizons: horizonsDays.map((d) => d / 365) },
  );
  const nS = spotMoves.length;
  const nV = volShifts.length;
  return {
    spotMoves,
    volShifts,
    horizonsDays,
    pnl: horizonsDays.map((_, h) =>
      volShifts.map((_, v) => Array.from(g.pnl.subarray((h * nV + v) * nS, (h * nV + v + 1) * nS))),
    ),
  };
}

/** Spot moves of the payoff chart: −60 % … +60 % in 1 % steps. */
const PAYOFF_MOVES = Array.from({ length: 121 }, (_, i) => -0.6 + i * 0.01);

function payoffOf(
  entries: readonly BookEntry[],
  markets: MarketMap,
  underlying: string,
): PayoffOut {
  const m = markets[underlying]!;
  const mine = entries.filter((e) => e.position.underlying === underlying);
  const expiries = mine
    .filter((e) => e.position.kind === 'option')
    .map((e) => ({ t: (e.position as { expiry: number }).expiry, date: e.expiryDate ?? null }))
    .sort((a, b) => a.t - b.t);
  const first = expiries[0];
  const g = scenarioGrid(
    mine.map((e) => e.position),
    markets,
    { spotMoves: PAYOFF_MOVES, volShifts: [0], horizons: first ? [0, first.t] : [0] },
  );
  const n = PAYOFF_MOVES.length;
  const today = Array.from(g.pnl.subarray(0, n));
  return {
    underlying,
    spot: m.spot,
    prices: PAYOFF_MOVES.map((x) => m.spot * (1 + x)),
    today,
    atExpiry: first ? Array.from(g.pnl.subarray(n, 2 * n)) : today,
    expiryDate: first?.date ?? null,
  };
}

function perpRows(input: HedgeReportInput): HedgeReport['perps'] {
  const tails = new Map(input.tails.map((t) => [t.underlying, t]));
  return input.perps.map((p) => {
    const pos = { ...p.position, entryPrice: p.position.entryPrice };
    // Margin figures are in the contract's margin currency (USD linear, the coin inverse);
    // the row shows them in USD, a coin amount at the mark.
    const inverse = pos.settlement === 'inverse';
    const usd = inverse ? p.markPrice : 1;
    const mm = maintenanceMargin(pos, p.markPrice, p.tiers);
    // cross margin: the other contracts of the account margined in the same currency hold
    // their P&L and requirement fixed
    const sameWallet = (o: PerpMarginInput) =>
      o.position.settlement === pos.settlement &&
      (!inverse || o.position.underlying === pos.underlying);
    const others = input.perps
      .filter((o) => o !== p && o.account === p.account && sameWallet(o))
      .reduce(
        (acc, o) => {
          acc.unrealisedPnl += unrealisedPnl(o.position, o.markPrice);
          acc.maintenanceMargin += maintenanceMargin(o.position, o.markPrice, o.tiers).margin;
          return acc;
        },
        { unrealisedPnl: 0, maintenanceMargin: 0 },
      );
    const lp = liquidationPrice({
      position: pos,
      mode: 'cross',
      collateral: p.collateral,
      others,
      tiers: p.tiers,
    });
    const tail = tails.get(p.position.underlying);
    const side = p.position.quantity > 0 ? 'long' : 'short';
    const distanceSd =
      lp.price !== null && tail
        ? liquidationDistance(side, p.markPrice, lp.price, tail.dailyVol, 1)
        : null;
    // notional in the margin currency (coins for an inverse contract: face / mark)
    const notional = marginNotional(pos, p.markPrice);
    // isolated: the position margined with notional / L at today's mark, its equity now. The
    // engine counts P&L from entry; the same equity is the position opened at the mark with
    // that collateral (equity minus today's P&L would go negative on a large gain).
    const L = input.params.isolatedLeverage;
    const iso = liquidationPrice({
      position: { ...pos, entryPrice: p.markPrice },
      mode: 'isolated',
      collateral: notional / L,
      tiers: p.tiers,
    });
    return {
      symbol: p.symbol,
      account: p.account,
      underlying: p.position.underlying,
      settlement: pos.settlement,
      quantity: p.position.quantity,
      entryPrice: p.position.entryPrice,
      markPrice: p.markPrice,
      notional: notional * usd,
      unrealisedPnl: unrealisedPnl(pos, p.markPrice) * usd,
      maintenanceMargin: mm.margin * usd,
      collateral: p.collateral * usd,
      liquidationPrice: lp.price,
      liquidationStatus: lp.status,
      isolatedLeverage: L,
      isolatedMargin: (notional / L) * usd,
      isolatedLiquidationPrice: iso.price,
      distancePct: lp.price === null ? null : lp.price / p.markPrice - 1,
      distanceSd,
      // longs pay when positive: a short earns it
      fundingPerDay: (-Math.sign(p.position.quantity) * notional * usd * p.fundingAnnual) / 365,
      note: p.collateralNote,
    };
  });
}

function lendingRows(input: HedgeReportInput): HedgeReport['lending'] {
  return input.lending.map((l) => {
    const s = lendingSummary(l.lending);
    const liquidations = l.lending.collateral.map((c) => {
      const lv = liquidationPriceOf(l.lending, c.asset);
      return {
        asset: c.asset,
        price: lv.level,
        movePct: lv.level === null ? null : lv.level / c.price - 1,
        note:
          lv.status === 'price'
            ? `liquidated if ${c.asset} ${lv.direction === 'below' ? 'falls below' : 'rises above'} this price, others unchanged`
            : lv.status === 'never'
              ? `no price of ${c.asset} alone liquidates the account`
              : 'liquidatable now',
      };
    });
    let peg: HedgeReport['lending'][number]['peg'] = null;
    if (l.peg) {
      const r = liquidationPeg(
        l.lending,
        { staked: l.peg.staked, underlying: l.peg.underlying, fairRatio: l.peg.ratio },
        l.peg.underlyingPrice,
      );
      peg = {
        asset: l.peg.staked,
        underlying: l.peg.underlying,
        currentRatio: l.peg.ratio,
        liquidationRatio: r.level,
        depegPct: r.depeg,
      };
    }
    return {
      account: l.account,
      collateralUsd: s.collateralUsd,
      debtUsd: s.debtUsd,
      healthFactor: Number.isFinite(s.healthFactor) ? s.healthFactor : null,
      borrowPowerUsd: s.availableToBorrowUsd,
      liquidations,
      peg,
    };
  });
}

function leverageRows(input: HedgeReportInput, markets: MarketMap): HedgeReport['leverage'] {
  const h = input.params.stressHorizonDays;
  return input.tails.map((t) => {
    const spot = markets[t.underlying]!.spot;
    const move = (side: 'long' | 'short') =>
      horizonMove(side === 'long' ? t.oneDayMove : t.oneDayRise, h, side);
    const limit = (side: 'long' | 'short') =>
      maxLeverage({
        side,
        settlement: 'linear',
        price: spot,
        stressedMove: move(side),
        tiers: t.tiers,
      });
    const long = limit('long');
    const short = limit('short');
    return {
      asset: t.underlying,
      spot,
      stressedMove: move('long'),
      stressedRise: move('short'),
      dailyVol: t.dailyVol,
      maxLeverageLong: long.maxLeverage,
      maxLeverageShort: short.maxLeverage,
      venueMaxLeverage: long.venueMaxLeverage,
    };
  });
}

function deltaHedges(input: HedgeReportInput, greeks: GreeksSummary): HedgeReport['deltaHedges'] {
  return greeks.byUnderlying
    .filter(
      (u) => (input.hedgeInstruments[u.underlying]?.length ?? 0) > 0 && Math.abs(u.dollarDelta) > 1,
    )
    .map((u) => {
      const proposals = deltaHedge({
        underlying: u.underlying,
        spot: u.spot,
        netDelta: u.delta,
        instruments: input.hedgeInstruments[u.underlying]!,
        leverage: input.params.hedgeLeverage,
      });
      return {
        underlying: u.underlying,
        netDelta: u.delta,
        spot: u.spot,
        proposals: proposals.map((p) => ({
          instrument: p.id,
          side: p.side,
          contracts: clean(p.contracts),
          residualDelta: clean(p.residualDelta),
          notionalUsd: p.notionalUsd,
          costPerDayUsd: p.costPerDayUsd,
          costPerYearUsd: p.costPerYearUsd,
          marginUsd: p.marginUsd,
          overlay:
            p.contracts === 0
              ? []
              : [
                  {
                    kind: 'perpetual' as const,
                    underlying: u.underlying,
                    quantity: clean(p.hedgeDelta),
                    label: `${p.side} ${Math.abs(clean(p.contracts))} ${p.id}`,
                  },
                ],
        })),
      };
    });
}

function tailHedgeOf(
  input: HedgeReportInput,
  greeks: GreeksSummary,
  payoff: PayoffOut | null,
): HedgeReport['tailHedge'] {
  if (!payoff) return null;
  const u = payoff.underlying;
  const chain = input.chains[u];
  if (!chain?.length) return null;
  const line = greeks.byUnderlying.find((l) => l.underlying === u);
  const exposureUsd = Math.abs(line?.dollarDelta ?? 0);
  if (!(exposureUsd > 0) || !line || line.delta <= 0) return null;
  // Out-of-the-money legs only, against each expiry's forward: protection is bought below it and
  // upside sold above it (an in-the-money call "collar" is a sale of the underlying, not a hedge).
  const m = input.markets.find((x) => x.underlying === u)!;
  const forward = (T: number) => payoff.spot * Math.exp(m.carry * T);
  const otm = chain.filter((q) =>
    q.right === 'put' ? q.strike <= forward(q.expiry) : q.strike >= forward(q.expiry),
  );
  const r = tailHedge({
    spot: payoff.spot,
    exposure: { prices: payoff.prices, pnl: payoff.today },
    chain: otm,
    downside: input.params.downside,
    maxLoss: { fraction: input.params.maxLoss, portfolioValue: exposureUsd },
    budget: input.params.budget * exposureUsd,
    limit: 15,
  });
  const dateOf = new Map(chain.map((q) => [q.expiry, q.expiryDate]));
  const toStructure = (s: (typeof r.feasible)[number]): TailStructure => {
    const expiryDate = s.expiryDate ?? dateOf.get(s.expiry) ?? '';
    const legs = s.legs.map((l) => ({
      right: l.right,
      strike: l.strike,
      expiryDate,
      quantity: (l.position === 'long' ? 1 : -1) * s.contracts,
      price: l.price,
    }));
    return {
      kind: s.kind,
      description: legs
        .map(
          (l) =>
            `${l.quantity > 0 ? 'buy' : 'sell'} ${Math.abs(l.quantity).toFixed(2)} ${l.strike} ${l.right}`,
        )
        .join(', '),
      expiryDate,
      legs,
      costUsd: s.cost,
      worstLossUsd: s.worstLoss,
      protectedLossUsd: s.protectedLoss ?? s.worstLoss,
      breakevens: s.breakevens,
      upsidePnlUsd: s.upsidePnl,
      feasible: s.feasible,
      reasons: s.reasons,
      overlay: legs.map((l) => ({
        kind: 'option' as const,
        settlement: input.chainSettlement[u] ?? 'linear',
        underlying: u,
        right: l.right,
        strike: l.strike,
        expiryDate,
        quantity: l.quantity,
        premium: l.quantity > 0 ? l.price : l.price,
        label: `${s.kind} ${expiryDate}`,
      })),
    };
  };
  return {
    underlying: u,
    units: r.units,
    exposureUsd,
    maxLossUsd: r.maxLossUsd,
    budgetUsd: r.budget,
    rangeLow: r.range.low,
    unhedgedWorstLossUsd: r.unhedged.worstLoss,
    structures: [...r.feasible.map(toStructure), ...r.infeasible.slice(0, 5).map(toStructure)],
    counts: { ...r.counts },
  };
}

/** Premiums paid now for the overlay's option legs (of one underlying, when given). */
function premiumCost(legs: readonly OverlayLeg[], underlying?: string): number {
  let c = 0;
  for (const l of legs)
    if (
      l.kind === 'option' &&
      l.premium !== undefined &&
      (underlying === undefined || l.underlying === underlying)
    )
      c += l.quantity * l.premium;
  return c;
}

/**
 * What-if P&L is measured against the book as it stands, not the book with the overlay: the
 * overlay adds its model value today less the premium paid for it (e.g. a put bought at its
 * mark adds nothing at no move; a structure bought above model value starts below zero).
 */
function overlayShift(input: HedgeReportInput, markets: MarketMap, underlying?: string): number {
  const legs = input.overlay.filter(
    (e) => underlying === undefined || e.position.underlying === underlying,
  );
  const value = legs.length
    ? portfolioGreeks(
        legs.map((e) => e.position),
        markets,
      ).total.value
    : 0;
  return value - premiumCost(input.overlayLegs, underlying);
}

export function hedgeReport(
  input: HedgeReportInput,
  progress: (f: number, m?: string) => void = () => {},
): HedgeReport {
  const warnings = [...input.warnings];
  const atm = new Map<string, number>();
  const markets = marketMap(input.markets, warnings, atm);
  progress(0.1, 'portfolio Greeks');
  const greeks = greeksOf(input.entries, markets);
  progress(0.3, 'scenario grid');
  const grid = gridOf(input.entries, markets, input.params);
  const biggest = [...greeks.byUnderlying].sort(
    (a, b) => Math.abs(b.dollarDelta) - Math.abs(a.dollarDelta),
  )[0];
  const underlying = input.params.underlying ?? biggest?.underlying;
  const payoff =
    underlying && markets[underlying] ? payoffOf(input.entries, markets, underlying) : null;
  progress(0.5, 'margin and liquidation');
  const perps = perpRows(input);
  const lending = lendingRows(input);
  const leverage = leverageRows(input, markets);
  progress(0.7, 'hedge proposals');
  const delta = deltaHedges(input, greeks);
  const tail = tailHedgeOf(input, greeks, payoff);
  let after: HedgeReport['after'] = null;
  if (input.overlay.length) {
    const all = [...input.entries, ...input.overlay];
    const shift = overlayShift(input, markets);
    const g = gridOf(all, markets, input.params);
    g.pnl = g.pnl.map((h) => h.map((row) => row.map((x) => x + shift)));
    const p = underlying && markets[underlying] ? payoffOf(all, markets, underlying) : null;
    if (p) {
      const s = overlayShift(input, markets, underlying);
      p.today = p.today.map((x) => x + s);
      p.atExpiry = p.atExpiry.map((x) => x + s);
    }
    after = { greeks: greeksOf(all, markets), grid: g, payoff: p };
  }
  progress(1, 'done');
  return {
    asOf: input.asOf,
    params: input.params,
    underlyings: input.markets.map((m) => ({
      underlying: m.underlying,
      spot: m.spot,
      atmVol: atm.get(m.underlying) ?? m.atmVol,
      volSource: atm.has(m.underlying) ? `${m.volSource}; ATM vol at 30 days` : m.volSource,
      carry: m.carry,
    })),
    greeks,
    grid,
    payoff,
    perps,
    lending,
    leverage,
    deltaHedges: delta,
    tailHedge: tail,
    after,
    warnings,
  };
}
