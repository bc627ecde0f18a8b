import { fundingPeriodsPerYear } from './funding';
import type { Settlement } from './positions';

// Delta-neutral proposals: per hedge instrument, the contracts that cancel a net coin delta, the
// residual after rounding, the carry cost (funding or basis) and the margin it ties up.
//
// Delta here is ∂(USD value)/∂S in coins, S the spot (index) price. The instrument's price F
// (perpetual mark or futures price) is taken to move in proportion to spot, F = S·e^{bT} with the
// carry b fixed, so ∂F/∂S = F/S (Hull, Options, Futures and Other Derivatives, "delta of a futures
// contract" = e^{(r−q)T}). Per contract, opened now at F:
//   linear  (contractSize c coins):  V = c·(F − F0)                     → delta = c·F/S
//   inverse (contractSize c USD):    V = S·c·(1/F0 − 1/F)  (coin P&L    → delta = c/F0 = c/F
//                                    valued at spot; with F = kS this is c·(S/F0 − 1/k))
// So a short of N USD of an inverse perpetual marked at the index has coin delta −N/S: N USD of
// face hedges N/S coins, exactly what makes coin collateral plus an inverse short a synthetic dollar.

interface HedgeInstrumentBase {
  id: string;
  settlement: Settlement;
  /** Coins per contract (linear) or USD per contract (inverse). */
  contractSize: number;
  /** Smallest tradable step in contracts (default 1). */
  lotSize?: number;
}

export interface PerpetualHedge extends HedgeInstrumentBase {
  kind: 'perpetual';
  /** Mark price in USD. */
  markPrice: number;
  /** Funding paid by longs to shorts: per interval of `intervalHours`, or a simple annual rate. */
  funding: { rate: number; intervalHours: number } | { annualRate: number };
}

export interface FutureHedge extends HedgeInstrumentBase {
  kind: 'future';
  /** Futures price in USD. */
  price: number;
  /** Time to expiry in years of 365 days (> 0). */
  expiry: number;
}

export type HedgeInstrument = PerpetualHedge | FutureHedge;

export interface DeltaHedgeInput {
  /** Underlying this proposal is for (echoed). */
  underlying: string;
  /** Spot (index) price in USD. */
  spot: number;
  /** Net delta of the book to hedge, in coins (e.g. from portfolio Greeks). */
  netDelta: number;
  instruments: readonly HedgeInstrument[];
  /** Leverage used for the margin estimate (≥ 1); omitted: no margin figure. */
  leverage?: number;
  /** 'nearest' lot (default) or 'toward-zero' (never over-hedge). */
  rounding?: 'nearest' | 'toward-zero';
}

export interface HedgeProposal {
  id: string;
  kind: 'perpetual' | 'future';
  settlement: Settlement;
  side: 'long' | 'short' | 'none';
  /** Signed contracts to trade (long > 0), a multiple of the lot size. */
  contracts: number;
  /** Coin delta of one long contract. */
  deltaPerContract: number;
  /** Delta the hedge adds (coins) and what remains after it. */
  hedgeDelta: number;
  residualDelta: number;
  /** Size in USD: contracts · c · F (linear) or contracts · c (inverse face). Unsigned. */
  notionalUsd: number;
  /** Expected carry in USD (positive = a cost to the hedger) per day and per year, and per year over notional. */
  costPerDayUsd: number;
  costPerYearUsd: number;
  costRate: number;
  /** Futures only: the carry to expiry at unchanged spot (the basis given up or earned); null for perpetuals. */
  costToExpiryUsd: number | null;
  /** Initial margin at the chosen leverage in USD; null without a leverage. */
  marginUsd: number | null;
}

function checkInstrument(x: HedgeInstrument): void {
  const where = `hedge instrument ${x.id}`;
  if (x.settlement !== 'linear' && x.settlement !== 'inverse')
    throw new RangeError(
      `${where}: settlement must be 'linear' or 'inverse', got ${String(x.settlement)}`,
    );
  if (!(x.contractSize > 0 && Number.isFinite(x.contractSize)))
    throw new RangeError(`${where}: contractSize must be positive, got ${x.contractSize}`);
  if (x.lotSize !== undefined && !(x.lotSize > 0 && Number.isFinite(x.lotSize)))
    throw new RangeError(`${where}: lotSize must be positive, got ${x.lotSize}`);
  const price = x.kind === 'perpetual' ? x.markPrice : x.price;
  if (!(price > 0 && Number.isFinite(price)))
    throw new RangeError(`${where}: price must be positive, got ${price}`);
  if (x.kind === 'future' && !(x.expiry > 0 && Number.isFinite(x.expiry)))
    throw new RangeError(`${where}: expiry must be a positive number of years, got ${x.expiry}`);
  if (x.kind === 'perpetual') {
    const f = x.funding;
    const r = 'annualRate' in f ? f.annualRate : f.rate;
    if (!Number.isFinite(r))
      throw new RangeError(`${where}: funding rate must be finite, got ${r}`);
  }
}

/** Price of the instrument in USD (perpetual mark or futures price). */
function priceOf(x: HedgeInstrument): number {
  return x.kind === 'perpetual' ? x.markPrice : x.price;
}

/** Coin delta (∂USD value/∂S) of ONE long contract opened now (see the file header). */
export function hedgeContractDelta(x: HedgeInstrument, spot: number): number {
  checkInstrument(x);
  if (!(spot > 0 && Number.isFinite(spot)))
    throw new RangeError(`spot must be positive, got ${spot}`);
  const F = priceOf(x);
  return x.settlement === 'linear' ? (x.contractSize * F) / spot : x.contractSize / F;
}

/** Annual funding rate (simple, longs pay when positive). */
function annualFunding(x: PerpetualHedge): number {
  const f = x.funding;
  return 'annualRate' in f ? f.annualRate : f.rate * fundingPeriodsPerYear(f.intervalHours);
}

function roundToLot(x: number, lot: number, mode: 'nearest' | 'toward-zero'): number {
  const k = x / lot;
  const r = mode === 'nearest' ? Math.round(k) : Math.trunc(k);
  return (r === 0 ? 0 : r) * lot; // no −0
}

/** One proposal per instrument, cheapest carry first. */
export function deltaHedge(input: DeltaHedgeInput): HedgeProposal[] {
  const { spot, netDelta } = input;
  if (!(spot > 0 && Number.isFinite(spot)))
    throw new RangeError(`${input.underlying}: spot must be positive, got ${spot}`);
  if (!Number.isFinite(netDelta))
    throw new RangeError(`${input.underlying}: netDelta must be finite, got ${netDelta}`);
  if (input.leverage !== undefined && !(input.leverage >= 1 && Number.isFinite(input.leverage)))
    throw new RangeError(`${input.underlying}: leverage must be at least 1, got ${input.leverage}`);
  const rounding = input.rounding ?? 'nearest';
  const out = input.instruments.map((x): HedgeProposal => {
    const delta = hedgeContractDelta(x, spot);
    const contracts = roundToLot(-netDelta / delta, x.lotSize ?? 1, rounding);
    const F = priceOf(x);
    const linear = x.settlement === 'linear';
    const notionalUsd = Math.abs(contracts) * x.contractSize * (linear ? F : 1);
    // Margin-currency notional valued in USD at spot: linear USD as is; inverse coins N/F × S.
    const marginNotionalUsd = linear ? notionalUsd : (notionalUsd / F) * spot;
    let costPerYearUsd: number;
    let costToExpiryUsd: number | null = null;
    if (x.kind === 'perpetual') {
      // Funding is rate × notional at mark, in the margin currency; a long pays when it is positive.
      costPerYearUsd = Math.sign(contracts) * annualFunding(x) * marginNotionalUsd;
    } else {
      // Carry to expiry = −(hedge value at expiry with spot unchanged), the future converging to S:
      // linear q·(F − S); inverse (USD face N) N·(1 − S/F), signed by the side.
      const size = contracts * x.contractSize;
      costToExpiryUsd = linear ? size * (F - spot) : size * (1 - spot / F);
      costPerYearUsd = costToExpiryUsd / x.expiry;
    }
    const fix = (v: number) => (v === 0 ? 0 : v);
    return {
      id: x.id,
      kind: x.kind,
      settlement: x.settlement,
      side: contracts > 0 ? 'long' : contracts < 0 ? 'short' : 'none',
      contracts,
      deltaPerContract: delta,
      hedgeDelta: contracts * delta,
      residualDelta: netDelta + contracts * delta,
      notionalUsd,
      costPerDayUsd: fix(costPerYearUsd / 365),
      costPerYearUsd: fix(costPerYearUsd),
      costRate: notionalUsd > 0 ? costPerYearUsd / marginNotionalUsd : 0,
      costToExpiryUsd: costToExpiryUsd === null ? null : fix(costToExpiryUsd),
      marginUsd: input.leverage === undefined ? null : marginNotionalUsd / input.leverage,
    };
  });
  return out.sort((a, b) => a.costPerYearUsd - b.costPerYearUsd);
}
