// USD value of one book position under a market scenario (full revaluation), and its Greeks in
// closed form with respect to the underlying's SPOT, the common risk factor of a book.
//
// Conventions (all per position, quantity and contract size included, in USD):
// - Spot moves carry forwards along at fixed carry: F = S·e^{b·T} (futures with a mark price
//   keep their own basis b_f = ln(mark/S)/T).
// - Time passing (elapsed h years): expiries shorten, perpetual funding and lending interest
//   accrue; an option or future that expires within h settles at the scenario spot.
// - Vol shifts are added to the option's implied vol (floored at 0). Vols are sticky-strike: an
//   option keeps the vol its strike and expiry read off the market now.
// - Inverse positions are valued in USD at spot: coins × S. So a Black-Scholes inverse option is
//   worth its USD price, a Black-76 one V·S/F = V·e^{−bT}; an inverse future
//   size·S·(1/entry − 1/F).
// Greeks: delta = ∂V/∂S (coins), gamma = ∂²V/∂S², vega = ∂V/∂σ, theta = ∂V/∂t (per year, S and
// carry fixed), rho = ∂V/∂r with spot and carry fixed (forwards fixed: discounting only).
import { black76GreeksInto } from './greeks';
import { lpGamma, lpHoldings, lpValue } from './liquidity-pool';
import { blackUndiscounted } from './pricing';
import type {
  BookPosition,
  FuturePosition,
  MarketMap,
  OptionPosition,
  UnderlyingMarket,
} from './positions';

/** A market move applied on top of the base market. */
export interface Scenario {
  /** Spot multiplier (1.1 = +10 %). Default 1. */
  spotFactor?: number;
  /** Added to implied vols (0.05 = +5 vol points). Default 0. */
  volShift?: number;
  /** Years of calendar time passed. Default 0. */
  elapsed?: number;
}

/** Analytic risk of one position (USD; delta in coins of the underlying). */
export interface PositionRisk {
  value: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
  /** Inverse options only: Deribit's coin delta (Δ_usd − premium in coins) × size × quantity. */
  coinDelta?: number;
}

const label = (p: BookPosition, index: number) =>
  `position ${index}${p.id !== undefined ? ` (${p.id})` : ''} [${p.kind} ${p.underlying}]`;

function positive(v: number | undefined, fallback: number, what: string, where: string): number {
  const x = v ?? fallback;
  if (!(x > 0 && x < Infinity))
    throw new RangeError(`${where}: ${what} must be a positive number, got ${x}`);
  return x;
}

/** Validates a position's fields; the message names the position and the field. */
export function checkPosition(p: BookPosition, index: number): void {
  const where = label(p, index);
  if (!Number.isFinite(p.quantity))
    throw new RangeError(`${where}: quantity must be finite, got ${p.quantity}`);
  switch (p.kind) {
    case 'option':
      if (p.right !== 'call' && p.right !== 'put')
        throw new RangeError(`${where}: right must be call or put`);
      positive(p.strike, NaN, 'strike', where);
      if (!(p.expiry >= 0 && p.expiry < Infinity))
        throw new RangeError(`${where}: expiry must be >= 0 years, got ${p.expiry}`);
      positive(p.contractSize, 1, 'contract size', where);
      if (p.vol !== undefined && !(p.vol >= 0 && p.vol < Infinity))
        throw new RangeError(`${where}: vol must be >= 0, got ${p.vol}`);
      if (p.settlement !== 'linear' && p.settlement !== 'inverse')
        throw new RangeError(`${where}: settlement must be linear or inverse`);
      if (p.model !== 'black-76' && p.model !== 'black-scholes')
        throw new RangeError(`${where}: model must be black-76 or black-scholes`);
      return;
    case 'future':
      if (!(p.expiry >= 0 && p.expiry < Infinity))
        throw new RangeError(`${where}: expiry must be >= 0 years, got ${p.expiry}`);
      positive(p.entryPrice, NaN, 'entry price', where);
      positive(p.contractSize, 1, 'contract size', where);
      if (p.markPrice !== undefined) positive(p.markPrice, NaN, 'mark price', where);
      return;
    case 'perpetual':
      positive(p.entryPrice, NaN, 'entry price', where);
      positive(p.contractSize, 1, 'contract size', where);
      if (!Number.isFinite(p.fundingRate ?? 0))
        throw new RangeError(`${where}: funding rate must be finite`);
      return;
    case 'staked':
      positive(p.pegRatio, NaN, 'peg ratio', where);
      return;
    case 'lp':
      if (!(p.liquidity >= 0 && p.liquidity < Infinity))
        throw new RangeError(`${where}: liquidity must be >= 0, got ${p.liquidity}`);
      if (!((p.lower ?? 0) >= 0 && (p.upper ?? Infinity) > (p.lower ?? 0)))
        throw new RangeError(
          `${where}: range must satisfy 0 <= lower < upper, got [${p.lower}, ${p.upper}]`,
        );
      return;
    case 'lending':
      if (!Number.isFinite(p.rate ?? 0)) throw new RangeError(`${where}: rate must be finite`);
      return;
    case 'spot':
      return;
    default:
      throw new RangeError(`${where}: unknown kind`);
  }
}

/** The market of a position's underlying, checked. */
export function marketOf(markets: MarketMap, p: BookPosition, index: number): UnderlyingMarket {
  const m = markets[p.underlying];
  const where = label(p, index);
  if (!m) throw new RangeError(`${where}: no market given for underlying '${p.underlying}'`);
  if (!(m.spot > 0 && m.spot < Infinity))
    throw new RangeError(`${where}: market spot must be positive, got ${m.spot}`);
  if (!Number.isFinite(m.rate))
    throw new RangeError(`${where}: market rate must be finite, got ${m.rate}`);
  if (!Number.isFinite(m.carry ?? m.rate))
    throw new RangeError(`${where}: market carry must be finite, got ${m.carry}`);
  return m;
}

/** Implied vol of an option now: its own, else the market's (surface read at k = ln(K/F), T). */
export function optionVol(p: OptionPosition, m: UnderlyingMarket, index = 0): number {
  let v: number;
  if (p.vol !== undefined) v = p.vol;
  else if (typeof m.vol === 'number') v = m.vol;
  else {
    const F = m.spot * Math.exp((m.carry ?? m.rate) * p.expiry);
    v = m.vol(Math.log(p.strike / F), p.expiry);
  }
  if (!(v >= 0 && v < Infinity))
    throw new RangeError(
      `${label(p, index)}: implied vol must be >= 0, got ${v} (from the ${p.vol !== undefined ? 'position' : 'market'})`,
    );
  return v;
}

/** Basis of a future: its mark's, else the market carry. */
function futureBasis(p: FuturePosition, m: UnderlyingMarket): number {
  if (p.markPrice === undefined || p.expiry === 0) return m.carry ?? m.rate;
  return Math.log(p.markPrice / m.spot) / p.expiry;
}

/**
 * USD value of a position under a scenario. `vol` is the option's base implied vol (pass
 * optionVol(...) once when revaluing many scenarios); it is ignored for other kinds.
 * Unchecked: run checkPosition / marketOf first.
 */
export function positionValue(
  p: BookPosition,
  m: UnderlyingMarket,
  sc: Scenario = {},
  vol?: number,
): number {
  const S = m.spot * (sc.spotFactor ?? 1);
  const h = sc.elapsed ?? 0;
  const b = m.carry ?? m.rate;
  switch (p.kind) {
    case 'option': {
      const n = p.quantity * (p.contractSize ?? 1);
      const T = p.expiry - h;
      const isCall = p.right === 'call';
      if (T <= 0) return n * Math.max(isCall ? S - p.strike : p.strike - S, 0);
      const F = S * Math.exp(b * T);
      const sigma = Math.max((vol ?? optionVol(p, m)) + (sc.volShift ?? 0), 0);
      const V =
        Math.exp(-m.rate * T) * blackUndiscounted(isCall, F, p.strike, sigma * Math.sqrt(T));
      const inv76 = p.settlement === 'inverse' && p.model === 'black-76';
      return n * (inv76 ? V * Math.exp(-b * T) : V);
    }
    case 'future': {
      const n = p.quantity * (p.contractSize ?? 1);
      const T = Math.max(p.expiry - h, 0);
      const F = S * Math.exp(futureBasis(p, m) * T);
      return p.settlement === 'linear'
        ? n * (F - p.entryPrice)
        : n * S * (1 / p.entryPrice - 1 / F);
    }
    case 'perpetual': {
      const n = p.quantity * (p.contractSize ?? 1);
      const f = p.fundingRate ?? 0;
      // funding over h on the scenario notional: n·S (linear) or n/S coins = n USD (inverse)
      return p.settlement === 'linear'
        ? n * (S - p.entryPrice) - n * S * f * h
        : n * (S / p.entryPrice - 1) - n * f * h;
    }
    case 'spot':
      return p.quantity * S;
    case 'staked':
      return p.quantity * p.pegRatio * S;
    case 'lending':
      return p.quantity * S * Math.exp((p.rate ?? 0) * h);
    case 'lp':
      return p.quantity * lpValue(p.liquidity, S, p.lower ?? 0, p.upper ?? Infinity);
  }
}

/** Closed-form value and Greeks (see the file header for what each is a derivative of). */
export function positionRisk(p: BookPosition, m: UnderlyingMarket, vol?: number): PositionRisk {
  const S = m.spot;
  const b = m.carry ?? m.rate;
  const zero = { value: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
  switch (p.kind) {
    case 'option': {
      const n = p.quantity * (p.contractSize ?? 1);
      const T = p.expiry;
      const isCall = p.right === 'call';
      const inverse = p.settlement === 'inverse';
      if (T <= 0) {
        const itm = isCall ? S > p.strike : p.strike > S;
        const value = n * Math.max(isCall ? S - p.strike : p.strike - S, 0);
        const delta = n * (itm ? (isCall ? 1 : -1) : 0);
        return inverse
          ? { ...zero, value, delta, coinDelta: delta - value / S }
          : { ...zero, value, delta };
      }
      const F = S * Math.exp(b * T);
      const g = black76GreeksInto(
        { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 },
        isCall,
        F,
        p.strike,
        T,
        vol ?? optionVol(p, m),
        m.rate,
      );
      // to spot with carry fixed: ∂F/∂S = F/S, ∂F/∂t = −bF
      const V = g.price;
      const dS = (g.delta * F) / S;
      const gS = (g.gamma * F * F) / (S * S);
      const thS = g.theta - g.delta * b * F;
      if (!inverse)
        return {
          value: n * V,
          delta: n * dS,
          gamma: n * gS,
          vega: n * g.vega,
          theta: n * thS,
          rho: n * g.rho,
        };
      if (p.model === 'black-scholes')
        // coins V/S held at S: USD value V; Deribit delta Δ_S − V/S
        return {
          value: n * V,
          delta: n * dS,
          gamma: n * gS,
          vega: n * g.vega,
          theta: n * thS,
          rho: n * g.rho,
          coinDelta: n * (dS - V / S),
        };
      // Black-76 inverse: coins V/F held at S: USD value V·e^{−bT}; Deribit delta Δ_F − V/F
      const e = Math.exp(-b * T);
      return {
        value: n * V * e,
        delta: n * dS * e,
        gamma: n * gS * e,
        vega: n * g.vega * e,
        theta: n * e * (thS + b * V),
        rho: n * g.rho * e,
        coinDelta: n * (g.delta - V / F),
      };
    }
    case 'future': {
      const n = p.quantity * (p.contractSize ?? 1);
      const bf = futureBasis(p, m);
      const T = p.expiry;
      const F = S * Math.exp(bf * T);
      if (p.settlement === 'linear')
        return {
          ...zero,
          value: n * (F - p.entryPrice),
          delta: (n * F) / S,
          theta: T > 0 ? -n * bf * F : 0,
        };
      // n·S·(1/entry − 1/F) = n·(S/entry − e^{−b_f T})
      const e = Math.exp(-bf * T);
      return {
        ...zero,
        value: n * (S / p.entryPrice - e),
        delta: n / p.entryPrice,
        theta: T > 0 ? -n * bf * e : 0,
      };
    }
    case 'perpetual': {
      const n = p.quantity * (p.contractSize ?? 1);
      const f = p.fundingRate ?? 0;
      return p.settlement === 'linear'
        ? { ...zero, value: n * (S - p.entryPrice), delta: n, theta: -n * S * f }
        : { ...zero, value: n * (S / p.entryPrice - 1), delta: n / p.entryPrice, theta: -n * f };
    }
    case 'spot':
      return { ...zero, value: p.quantity * S, delta: p.quantity };
    case 'staked':
      return { ...zero, value: p.quantity * p.pegRatio * S, delta: p.quantity * p.pegRatio };
    case 'lending':
      return {
        ...zero,
        value: p.quantity * S,
        delta: p.quantity,
        theta: p.quantity * S * (p.rate ?? 0),
      };
    case 'lp': {
      const lo = p.lower ?? 0;
      const hi = p.upper ?? Infinity;
      const hold = lpHoldings(p.liquidity, S, lo, hi);
      return {
        ...zero,
        value: p.quantity * (hold.base * S + hold.quote),
        delta: p.quantity * hold.base,
        gamma: p.quantity * lpGamma(p.liquidity, S, lo, hi),
      };
    }
  }
}

/** Expiry of a dated position (options, futures), else undefined. */
export const positionExpiry = (p: BookPosition): number | undefined =>
  p.kind === 'option' || p.kind === 'future' ? p.expiry : undefined;
