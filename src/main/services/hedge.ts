import type { HedgeParams, HedgeReport, OverlayLeg } from '../../shared/hedge';
import type { InstrumentSummary } from '../../shared/domain';
import { KeelError } from '../../shared/errors';
import { dayNumber, isoFromDay } from '../engine/calendar';
import type { HedgeInstrument } from '../engine/derivatives/delta-hedge';
import type {
  BookEntry,
  HedgeReportInput,
  LendingInput,
  MarketInput,
  PerpMarginInput,
  TailModelInput,
} from '../engine/derivatives/hedge-report';
import type { LendingCollateral, LendingDebt } from '../engine/derivatives/lending';
import type { ChainQuote } from '../engine/derivatives/tail-hedge';
import { historicalVarEs } from '../engine/risk/var';
import { stdev } from '../engine/stats/moments';
import { closeOnOrBefore, priceSeries } from '../store/prices';
import { instruments } from './catalog';
import type { CallContext, ServiceContext } from './context';
import { getHoldings } from './holdings';
import { carryFromChain, loadChains, settlementOf, toUsd, years } from './option-chains';
import { AAVE_DEFAULTS, venueTiers } from './venue-margin';

/** Version of the derivatives engine's methods, stored with every run. */
export const HEDGE_ENGINE_VERSION = '1';

const STABLE = new Set(['stablecoin', 'cash']);
const DEFAULT_FUNDING = { rate: 0.0001, intervalHours: 8 };
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

function fundingOf(attrs: Record<string, unknown>): { rate: number; intervalHours: number } {
  const rate = num(attrs.fundingRate);
  const hours = num(attrs.fundingIntervalHours) ?? 8;
  return rate === undefined
    ? { ...DEFAULT_FUNDING, intervalHours: hours }
    : { rate, intervalHours: hours };
}
const annualFunding = (f: { rate: number; intervalHours: number }) =>
  (f.rate * 365 * 24) / f.intervalHours;

function dailyReturns(closes: number[]): Float64Array {
  const r = new Float64Array(Math.max(0, closes.length - 1));
  for (let i = 1; i < closes.length; i++) r[i - 1] = closes[i]! / closes[i - 1]! - 1;
  return r;
}

/** Assembles the engine input from the ledger, prices, instrument terms and the loaded chain. */
export function hedgeInput(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; asOf?: string | undefined; params: HedgeParams },
): { engine: HedgeReportInput; portfolio: string; asOf: string } {
  const holdings = getHoldings(ctx, { portfolio: input.portfolio, asOf: input.asOf });
  const asOf = holdings.asOf;
  const params = input.params;
  const warnings: string[] = [];
  const ins = new Map<string, InstrumentSummary>(instruments(ctx).map((i) => [i.symbol, i]));
  const ids = new Map(
    (
      ctx.store.db.prepare('SELECT id, symbol FROM instruments').all() as {
        id: number;
        symbol: string;
      }[]
    ).map((r) => [r.symbol, r.id]),
  );
  const closesOf = (symbol: string, days: number) => {
    const id = ids.get(symbol);
    return id === undefined
      ? []
      : priceSeries(ctx.store.db, id, isoFromDay(dayNumber(asOf) - days), asOf);
  };
  const spotOf = (symbol: string): number | undefined => closesOf(symbol, 10).at(-1)?.close;

  const entries: BookEntry[] = [];
  const underlyings = new Set<string>();
  const perps: PerpMarginInput[] = [];
  const lendingAccounts = new Map<
    string,
    { collateral: LendingCollateral[]; debt: LendingDebt[] }
  >();
  const stableByAccount = new Map<string, number>();
  /** Coins held outright, by "account|symbol": the wallet of coin-margined contracts. */
  const coinByAccount = new Map<string, number>();

  for (const row of holdings.rows) {
    const q = Number(row.quantity);
    if (q === 0) continue;
    const i = ins.get(row.symbol);
    const kind = i?.kind ?? 'spot';
    const attrs = i?.attrs ?? {};
    const stable = STABLE.has(kind) || i?.assetClass === 'stablecoin';
    if (stable && q > 0)
      stableByAccount.set(row.account, (stableByAccount.get(row.account) ?? 0) + (row.value ?? 0));
    if (kind === 'spot' && q > 0)
      coinByAccount.set(
        `${row.account}|${row.symbol}`,
        (coinByAccount.get(`${row.account}|${row.symbol}`) ?? 0) + q,
      );
    if (
      row.venueKind === 'defi' &&
      row.price !== null &&
      (kind === 'spot' || kind === 'stablecoin' || kind === 'staked' || kind === 'lending-supply')
    ) {
      const acct = lendingAccounts.get(row.account) ?? { collateral: [], debt: [] };
      if (q > 0) {
        const d = AAVE_DEFAULTS[row.symbol];
        const lt = num(attrs.liquidationThreshold) ?? d?.liquidationThreshold;
        if (lt === undefined)
          warnings.push(
            `${row.symbol} in ${row.account} has no liquidation threshold: it does not count as collateral.`,
          );
        else
          acct.collateral.push({
            asset: row.symbol,
            amount: q,
            price: row.price,
            liquidationThreshold: lt,
            ltv: num(attrs.collateralFactor) ?? num(attrs.ltv) ?? d?.ltv ?? 0,
            liquidationBonus: num(attrs.liquidationBonus) ?? d?.liquidationBonus ?? 0.05,
          });
      } else acct.debt.push({ asset: row.symbol, amount: -q, price: row.price });
      lendingAccounts.set(row.account, acct);
    }
    if (stable) continue; // no underlying to move
    switch (kind) {
      case 'spot':
        underlyings.add(row.symbol);
        entries.push({
          symbol: row.symbol,
          account: row.account,
          position:
            q > 0
              ? { kind: 'spot', underlying: row.symbol, quantity: q }
              : { kind: 'lending', underlying: row.symbol, quantity: q },
        });
        break;
      case 'staked': {
        const u = typeof attrs.underlying === 'string' ? attrs.underlying : undefined;
        const su = u ? spotOf(u) : undefined;
        if (!u || !su || row.price === null) {
          warnings.push(`${row.symbol}: no underlying price, so it is left out of the Greeks.`);
          break;
        }
        underlyings.add(u);
        entries.push({
          symbol: row.symbol,
          account: row.account,
          position: { kind: 'staked', underlying: u, quantity: q, pegRatio: row.price / su },
        });
        break;
      }
      case 'option': {
        const u = String(attrs.underlying ?? '');
        const expiry = String(attrs.expiry ?? '');
        const strike = num(attrs.strike);
        const right = attrs.right === 'call' || attrs.right === 'put' ? attrs.right : undefined;
        if (!u || !/^\d{4}-\d{2}-\d{2}$/.test(expiry) || strike === undefined || !right) {
          warnings.push(
            `${row.symbol}: its terms (underlying, strike, expiry, right) are incomplete; left out.`,
          );
          break;
        }
        const T = years(asOf, expiry);
        if (T <= 0) {
          warnings.push(`${row.symbol} expired on ${expiry}: book its expiry or exercise.`);
          break;
        }
        underlyings.add(u);
        entries.push({
          symbol: row.symbol,
          account: row.account,
          expiryDate: expiry,
          strike,
          position: {
            kind: 'option',
            underlying: u,
            quantity: q,
            right,
            strike,
            expiry: T,
            settlement: settlementOf(attrs),
            model: 'black-76',
            contractSize: num(attrs.contractSize) ?? 1,
          },
        });
        break;
      }
      case 'perpetual':
      case 'future': {
        const u = String(attrs.underlying ?? '');
        const mark = row.price;
        if (!u || mark === null || row.value === null) {
          warnings.push(`${row.symbol}: no underlying or mark price; left out.`);
          break;
        }
        // the ledger's booking decides (its quantities are coins or USD face accordingly)
        const settlement = row.margin ?? settlementOf(attrs);
        if (row.margin && row.margin !== settlementOf(attrs))
          warnings.push(
            `${row.symbol} is booked with ${row.margin === 'inverse' ? 'inverse ' : ''}futures trades (${row.margin}) but its instrument says ${settlementOf(attrs)}: the booking is used.`,
          );
        // The ledger books margined quantities in coins (linear) or USD face (inverse), any
        // contract multiplier already applied: one unit per "contract" here.
        const contractSize = 1;
        // the ledger's average entry; a position booked as an ordinary holding (warned in the
        // holdings) has none, and is taken as opened at today's mark
        const entryPrice = row.entryPrice ?? mark;
        underlyings.add(u);
        if (kind === 'perpetual') {
          const funding = fundingOf(attrs);
          const position = {
            kind: 'perpetual' as const,
            underlying: u,
            quantity: q,
            entryPrice,
            settlement,
            contractSize,
            fundingRate: annualFunding(funding),
          };
          entries.push({ symbol: row.symbol, account: row.account, position });
          const { tiers, source } = venueTiers(u, settlement);
          perps.push({
            symbol: row.symbol,
            account: row.account,
            position,
            markPrice: mark,
            collateral: 0,
            collateralNote: source,
            tiers,
            fundingAnnual: annualFunding(funding),
          });
        } else {
          const expiry = String(attrs.expiry ?? '');
          const T = years(asOf, expiry);
          if (!(T > 0)) {
            warnings.push(`${row.symbol}: no expiry after ${asOf}; left out.`);
            break;
          }
          entries.push({
            symbol: row.symbol,
            account: row.account,
            expiryDate: expiry,
            position: {
              kind: 'future',
              underlying: u,
              quantity: q,
              entryPrice,
              settlement,
              contractSize,
              expiry: T,
              markPrice: mark,
            },
          });
          // a dated future is margined like a perpetual, without funding
          {
            const { tiers, source } = venueTiers(u, settlement);
            perps.push({
              symbol: row.symbol,
              account: row.account,
              position: {
                kind: 'perpetual',
                underlying: u,
                quantity: q,
                entryPrice,
                settlement,
                contractSize,
                fundingRate: 0,
              },
              markPrice: mark,
              collateral: 0,
              collateralNote: source,
              tiers,
              fundingAnnual: 0,
            });
          }
        }
        break;
      }
      case 'lending-supply':
      case 'lending-borrow': {
        // a supplied (or borrowed) token moves with its underlying: + supplied, − borrowed
        const u = typeof attrs.underlying === 'string' ? attrs.underlying : row.symbol;
        if (!spotOf(u)) {
          warnings.push(`${row.symbol}: no price for ${u}; left out of the Greeks.`);
          break;
        }
        underlyings.add(u);
        const sign = kind === 'lending-borrow' ? -Math.abs(q) : q;
        entries.push({
          symbol: row.symbol,
          account: row.account,
          position: { kind: 'lending', underlying: u, quantity: sign, rate: num(attrs.rate) ?? 0 },
        });
        break;
      }
      case 'lp': {
        const u = typeof attrs.underlying === 'string' ? attrs.underlying : '';
        const liquidity = num(attrs.liquidity);
        if (!u || liquidity === undefined || !spotOf(u)) {
          warnings.push(
            `${row.symbol}: an LP position needs attributes underlying and liquidity (Uniswap L; lower/upper for a range) to carry Greeks; left out.`,
          );
          break;
        }
        underlyings.add(u);
        entries.push({
          symbol: row.symbol,
          account: row.account,
          position: {
            kind: 'lp',
            underlying: u,
            quantity: q,
            liquidity,
            ...(num(attrs.lower) !== undefined ? { lower: num(attrs.lower)! } : {}),
            ...(num(attrs.upper) !== undefined ? { upper: num(attrs.upper)! } : {}),
          },
        });
        break;
      }
      default:
        warnings.push(
          `${row.symbol} (${kind}) has no derivatives model yet; left out of the Greeks.`,
        );
    }
  }
  // Cross margin: a linear contract's wallet is the account's stablecoin balance (USDⓈ-M
  // convention); a coin-margined one's is the account's balance of its coin (COIN-M, Deribit).
  for (const p of perps) {
    if (p.position.settlement === 'inverse') {
      const coin = p.position.underlying;
      p.collateral = coinByAccount.get(`${p.account}|${coin}`) ?? 0;
      p.collateralNote = `cross margin on the ${p.collateral.toLocaleString('en-US', { maximumFractionDigits: 4 })} ${coin} in ${p.account}; ${p.collateralNote}`;
    } else {
      p.collateral = stableByAccount.get(p.account) ?? 0;
      p.collateralNote = `cross margin on the ${Math.round(p.collateral).toLocaleString('en-US')} USD of stablecoins in ${p.account}; ${p.collateralNote}`;
    }
  }

  const chains = loadChains(ctx, asOf);
  const markets: MarketInput[] = [];
  const tails: TailModelInput[] = [];
  const hedgeInstruments: Record<string, HedgeInstrument[]> = {};
  const chainQuotes: HedgeReportInput['chains'] = {};
  for (const u of underlyings) {
    const hist = closesOf(u, 730).map((r) => r.close);
    const spot = hist.at(-1);
    if (spot === undefined) {
      warnings.push(`No price for ${u} on or before ${asOf}: its positions are left out.`);
      continue;
    }
    const r = dailyReturns(hist);
    const dailyVol = r.length >= 30 ? stdev(r.subarray(-60)) : 0.04;
    const chain = chains.get(u);
    // the carry from the chain as quoted, against the spot of the chain's day; then its
    // premiums in USD at today's spot, as the options held are valued
    const chainSpot = chain
      ? (closeOnOrBefore(ctx.store.db, u, chain.date) ?? undefined)
      : undefined;
    const carry = chain && chainSpot ? (carryFromChain(chain.rows, chainSpot, chain.date) ?? 0) : 0;
    if (chain) toUsd(chain.rows, spot);
    const smiles: MarketInput['smiles'] = [];
    for (const expiry of new Set(chain?.rows.map((x) => x.expiry) ?? [])) {
      const T = years(asOf, expiry);
      const F = spot * Math.exp(carry * T);
      // out-of-the-money quotes carry the smile (in-the-money ones repeat it with worse quotes)
      const rows = chain!.rows.filter(
        (x) =>
          x.expiry === expiry &&
          x.mark_iv !== null &&
          x.mark_iv > 0 &&
          (x.right === 'call' ? x.strike >= F : x.strike < F),
      );
      smiles.push({
        expiry: T,
        expiryDate: expiry,
        forward: F,
        strikes: rows.map((x) => x.strike),
        vols: rows.map((x) => x.mark_iv! / 100),
      });
    }
    markets.push({
      underlying: u,
      spot,
      rate: 0,
      carry,
      atmVol: dailyVol * Math.sqrt(365),
      volSource: chain
        ? `SVI smiles fitted to the ${chain.date} chain; carry ${(carry * 100).toFixed(2)} % a year from put-call parity`
        : 'realised volatility of the last 60 days (no option chain loaded)',
      smiles,
    });
    if (r.length >= 30) {
      // a long is hurt by the fall quantile, a short by the rise quantile (crypto's differ)
      const down = Math.min(0.95, historicalVarEs(r, params.stressAlpha).var);
      const up = Math.min(
        5,
        historicalVarEs(
          r.map((x) => -x),
          params.stressAlpha,
        ).var,
      );
      tails.push({
        underlying: u,
        oneDayMove: down,
        oneDayRise: up,
        dailyVol,
        tiers: venueTiers(u).tiers,
      });
    }
    const perpInstruments = [...ins.values()].filter(
      (i) => i.kind === 'perpetual' && i.attrs.underlying === u,
    );
    hedgeInstruments[u] = perpInstruments.length
      ? perpInstruments.map((i) => ({
          kind: 'perpetual' as const,
          id: i.symbol,
          settlement: settlementOf(i.attrs),
          contractSize: num(i.attrs.contractSize) ?? 1,
          lotSize: 0.001,
          markPrice: spot,
          funding: fundingOf(i.attrs),
        }))
      : [
          {
            kind: 'perpetual',
            id: `${u} linear perpetual`,
            settlement: 'linear',
            contractSize: 1,
            lotSize: 0.001,
            markPrice: spot,
            funding: DEFAULT_FUNDING,
          },
        ];
    if (chain) {
      chainQuotes[u] = chain.rows
        .filter((x) => x.mark_price !== null)
        .map((x): ChainQuote & { expiryDate: string } => ({
          expiry: years(asOf, x.expiry),
          expiryDate: x.expiry,
          strike: x.strike,
          right: x.right,
          bid: x.bid ?? 0,
          ask: x.ask ?? 0,
          mark: x.mark_price!,
        }));
    }
  }
  const priced = new Set(markets.map((m) => m.underlying));
  const lending: LendingInput[] = [];
  for (const [account, l] of lendingAccounts) {
    if (!l.debt.length) continue;
    const stakedLeg = l.collateral.find((c) => ins.get(c.asset)?.kind === 'staked');
    const u = stakedLeg ? String(ins.get(stakedLeg.asset)?.attrs.underlying ?? '') : '';
    const up = u ? spotOf(u) : undefined;
    lending.push({
      account,
      lending: l,
      ...(stakedLeg && up
        ? {
            peg: {
              staked: stakedLeg.asset,
              underlying: u,
              underlyingPrice: up,
              ratio: stakedLeg.price / up,
            },
          }
        : {}),
    });
  }
  if (params.underlying !== undefined) {
    const want = params.underlying.toUpperCase();
    if (!markets.some((m) => m.underlying === want))
      throw new KeelError(
        'VALIDATION',
        `No underlying ${params.underlying} in this book. Underlyings: ${markets.map((m) => m.underlying).join(', ')}.`,
        [{ path: 'params.underlying', message: 'unknown underlying' }],
      );
    params.underlying = want;
  }
  const overlay = params.overlay.map((leg, k) => overlayEntry(leg, k, asOf, markets));
  return {
    engine: {
      asOf,
      entries: entries.filter((e) => priced.has(e.position.underlying)),
      overlay,
      overlayLegs: params.overlay,
      markets,
      perps,
      lending,
      tails,
      hedgeInstruments,
      chains: chainQuotes,
      chainSettlement: Object.fromEntries(
        [...chains].map(([u, c]) => [
          u,
          c.rows.some((r) => r.instrument.includes('_USDC')) ? 'linear' : 'inverse',
        ]),
      ),
      params,
      warnings,
    },
    portfolio: holdings.portfolio.name,
    asOf,
  };
}

function overlayEntry(leg: OverlayLeg, k: number, asOf: string, markets: MarketInput[]): BookEntry {
  const m = markets.find((x) => x.underlying === leg.underlying);
  if (!m)
    throw new KeelError(
      'VALIDATION',
      `What-if leg ${k + 1}: no market for ${leg.underlying} in this book.`,
      [{ path: `params.overlay.${k}.underlying`, message: 'unknown underlying' }],
    );
  const label = leg.label ?? `what-if ${k + 1}`;
  if (leg.kind === 'perpetual')
    return {
      symbol: label,
      account: 'what-if',
      position: {
        kind: 'perpetual',
        underlying: leg.underlying,
        quantity: leg.quantity,
        entryPrice: m.spot,
        settlement: 'linear',
        contractSize: 1,
        fundingRate: annualFunding(DEFAULT_FUNDING),
      },
    };
  const T = years(asOf, leg.expiryDate);
  if (!(T > 0))
    throw new KeelError(
      'VALIDATION',
      `What-if leg ${k + 1}: expiry ${leg.expiryDate} is not after ${asOf}.`,
      [{ path: `params.overlay.${k}.expiryDate`, message: 'not in the future' }],
    );
  return {
    symbol: label,
    account: 'what-if',
    expiryDate: leg.expiryDate,
    strike: leg.strike,
    position: {
      kind: 'option',
      underlying: leg.underlying,
      quantity: leg.quantity,
      right: leg.right,
      strike: leg.strike,
      expiry: T,
      settlement: leg.settlement ?? 'linear',
      model: 'black-76',
    },
  };
}

/** The derivatives picture and hedge proposals of a stored portfolio (worker), stored as a run. */
export async function portfolioHedge(
  ctx: ServiceContext,
  input: { portfolio?: string | undefined; asOf?: string | undefined; params: HedgeParams },
  call: CallContext,
): Promise<HedgeReport & { portfolio: string; runId: number }> {
  const { engine, portfolio, asOf } = hedgeInput(ctx, input);
  if (!engine.entries.length)
    throw new KeelError(
      'VALIDATION',
      `Portfolio ${portfolio} holds nothing with an underlying that moves on ${asOf}.`,
    );
  const report = await ctx.runner.run('hedge.report', engine, {
    onProgress: (f, m) => call.progress(f, m),
    signal: call.signal,
  });
  const runId = Number(
    ctx.store.db
      .prepare(
        'INSERT INTO runs (kind, method, engine_version, created_at, inputs, outputs) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        'hedge',
        'greeks+hedges',
        HEDGE_ENGINE_VERSION,
        ctx.now().toISOString(),
        JSON.stringify({ portfolio, asOf, params: input.params }),
        JSON.stringify(report),
      ).lastInsertRowid,
  );
  return { ...report, portfolio, runId };
}
