import {
  checkMarginPosition,
  checkTiers,
  type MarginPosition,
  type MarginTier,
  maintenanceForNotional,
  marginNotional,
  marginPositionSize,
  unrealisedPnl,
} from './margin';

// Liquidation price of one perpetual/futures position, isolated or cross, linear or inverse.
//
// A position is liquidated when equity falls to the maintenance requirement (Binance USDⓈ-M and
// COIN-M, BitMEX and Deribit all state it this way), all in the margin currency:
//   equity      = collateral + others' unrealised P&L + this position's unrealised P&L(P)
//   requirement = others' maintenance + notional(P)·(rate + closeFee) − amount   (bracket of notional(P))
// Writing n for the notional at P (linear n = q·P USD, inverse n = Q/P coins), both are linear in n
// inside a bracket, so equity − requirement = B + amount + n·s with
//   linear:  B = A − side·q·EP,   s = side − rate'
//   inverse: B = A + side·Q/EP,   s = −(side + rate')
// where A = collateral + others' P&L − others' maintenance and rate' = rate + closeFee. Solving for
// n gives Binance's published formulas, e.g. USDⓈ-M one-way:
//   LP = (WB − TMM1 + UPNL1 + cumB − side·Q·EP) / (Q·MMR − side·Q)
// and COIN-M: LP = (Q·MMR + side·Q) / (WB + cumB + side·Q/EP) (Q in USD), for inverse contracts
// as on BitMEX and Deribit too. The bracket is the one holding the notional AT the liquidation price
// (Binance's note: recompute with the bracket of that notional); the function walks the brackets
// in order of notional, which finds it in one pass because equity − requirement is monotone in n.

export interface LiquidationInput {
  position: MarginPosition;
  /**
   * 'isolated': `collateral` is the margin assigned to this position, and nothing else counts.
   * 'cross': `collateral` is the account's wallet balance and `others` the rest of the account.
   */
  mode: 'isolated' | 'cross';
  /** Margin-currency collateral (USD for linear, coins for inverse). */
  collateral: number;
  /** Cross only: the other positions' unrealised P&L and maintenance margin, held fixed. */
  others?: { unrealisedPnl: number; maintenanceMargin: number };
  tiers: readonly MarginTier[];
  /** Fee to close at liquidation as a fraction of notional (e.g. 0.0005), added to the rate. Default 0. */
  closeFeeRate?: number;
}

export interface LiquidationResult {
  /**
   * 'price': liquidated once the mark passes `price`; 'never': no positive price liquidates
   * (e.g. an unlevered long); 'always': equity is below the requirement at every price.
   */
  status: 'price' | 'never' | 'always';
  price: number | null;
  /** Liquidated when the mark falls below (long) or rises above (short) the price. */
  direction: 'below' | 'above';
  /** Bracket (0-based) holding the notional at the liquidation price; null unless status 'price'. */
  tier: number | null;
  /** Notional at the liquidation price in the margin currency; null unless status 'price'. */
  notional: number | null;
}

export interface MarginState {
  equity: number;
  maintenance: number;
  /** equity − maintenance: negative means liquidatable. */
  excess: number;
}

function accountConstant(input: LiquidationInput): number {
  const { collateral, others, mode } = input;
  if (!Number.isFinite(collateral))
    throw new RangeError(`collateral must be a finite number, got ${collateral}`);
  if (mode !== 'isolated' && mode !== 'cross')
    throw new RangeError(`mode must be 'isolated' or 'cross', got ${String(mode)}`);
  if (mode === 'isolated') {
    if (others)
      throw new RangeError(
        `isolated margin: 'others' must be absent (other positions do not count)`,
      );
    if (collateral < 0)
      throw new RangeError(`isolated margin must be non-negative, got ${collateral}`);
    return collateral;
  }
  const upnl = others?.unrealisedPnl ?? 0;
  const mm = others?.maintenanceMargin ?? 0;
  if (!Number.isFinite(upnl))
    throw new RangeError(`others.unrealisedPnl must be finite, got ${upnl}`);
  if (!(mm >= 0 && Number.isFinite(mm)))
    throw new RangeError(`others.maintenanceMargin must be non-negative, got ${mm}`);
  return collateral + upnl - mm;
}

function feeRate(input: LiquidationInput): number {
  const f = input.closeFeeRate ?? 0;
  if (!(f >= 0 && f < 1)) throw new RangeError(`closeFeeRate must be in [0, 1), got ${f}`);
  const top = input.tiers[input.tiers.length - 1]!.maintenanceRate;
  if (top + f >= 1)
    throw new RangeError(`maintenance rate ${top} plus closeFeeRate ${f} must stay below 1`);
  return f;
}

/** Equity and maintenance requirement at mark `price`, straight from their definitions. */
export function marginState(input: LiquidationInput, price: number): MarginState {
  checkTiers(input.tiers);
  const fee = feeRate(input);
  const { others } = input;
  const base = accountConstant(input);
  const n = marginNotional(input.position, price);
  const equity = base + (others?.maintenanceMargin ?? 0) + unrealisedPnl(input.position, price);
  const maintenance =
    (others?.maintenanceMargin ?? 0) + maintenanceForNotional(input.tiers, n) + fee * n;
  return { equity, maintenance, excess: equity - maintenance };
}

/** Liquidation price in closed form, bracket by bracket (see the file header). */
export function liquidationPrice(input: LiquidationInput): LiquidationResult {
  const { position, tiers } = input;
  const side = checkMarginPosition(position);
  checkTiers(tiers);
  const fee = feeRate(input);
  const A = accountConstant(input);
  const size = marginPositionSize(position);
  const linear = position.settlement === 'linear';
  const B = linear
    ? A - side * size * position.entryPrice
    : A + side * (size / position.entryPrice);
  const slope = (t: MarginTier) =>
    linear ? side - (t.maintenanceRate + fee) : -(side + t.maintenanceRate + fee);
  const direction = side === 1 ? 'below' : 'above';
  const none = (status: 'never' | 'always'): LiquidationResult => ({
    status,
    price: null,
    direction,
    tier: null,
    notional: null,
  });

  // Sign of equity − requirement as n → 0 (bracket 1, amount 0) and its direction of travel.
  const rising = slope(tiers[0]!) > 0; // same sign in every bracket since rate' < 1
  if (rising ? B >= 0 : B <= 0) return none(rising ? 'never' : 'always');
  for (let k = 0; k < tiers.length; k++) {
    const t = tiers[k]!;
    const s = slope(t);
    const atCap =
      t.cap === Infinity ? (rising ? Infinity : -Infinity) : B + t.maintenanceAmount + t.cap * s;
    if (rising ? atCap < 0 : atCap > 0) continue;
    // Root inside this bracket (clamped against rounding at its edges).
    const n = Math.min(Math.max(-(B + t.maintenanceAmount) / s, t.floor), t.cap);
    if (!(n > 0)) return none(rising ? 'never' : 'always');
    return {
      status: 'price',
      price: linear ? n / size : size / n,
      direction,
      tier: k,
      notional: n,
    };
  }
  // Unreachable: the last bracket is open-ended and the slope is bounded away from zero.
  throw new Error('liquidationPrice: no bracket holds the root');
}
