// Constant-product liquidity (Uniswap v2 full range, v3 concentrated range) of a token against a
// USD stablecoin, price P in USD per token. With liquidity L and range [Pa, Pb]
// (Adams et al., Uniswap v3 Core white paper, 2021: real reserves of a position):
//   P ≤ Pa:       tokens x = L(1/√Pa − 1/√Pb),  USD y = 0
//   Pa < P < Pb:  x = L(1/√P − 1/√Pb),          y = L(√P − √Pa)
//   P ≥ Pb:       x = 0,                        y = L(√Pb − √Pa)
// Value V = x·P + y. In range dV/dP = x (the y and x terms' P-derivatives cancel), so the delta of
// an LP position is the amount of the token it holds; gamma = dx/dP = −L/(2P^{3/2}) (short gamma).
// Full range (v2): Pa = 0, Pb = ∞: x = L/√P, y = L√P, V = 2L√P.

function checkRange(where: string, L: number, P: number, lower: number, upper: number): void {
  if (!(L >= 0 && L < Infinity)) throw new RangeError(`${where}: liquidity must be >= 0, got ${L}`);
  if (!(P > 0 && P < Infinity)) throw new RangeError(`${where}: price must be positive, got ${P}`);
  if (!(lower >= 0 && upper > lower))
    throw new RangeError(
      `${where}: range must satisfy 0 <= lower < upper, got [${lower}, ${upper}]`,
    );
}

/** Token (base) and USD (quote) amounts held at price P. */
export function lpHoldings(
  L: number,
  P: number,
  lower = 0,
  upper = Infinity,
): { base: number; quote: number } {
  checkRange('lpHoldings', L, P, lower, upper);
  const sa = Math.sqrt(lower);
  const invSb = upper === Infinity ? 0 : 1 / Math.sqrt(upper);
  if (P <= lower) return { base: L * (1 / sa - invSb), quote: 0 };
  if (P >= upper) return { base: 0, quote: L * (Math.sqrt(upper) - sa) };
  const sp = Math.sqrt(P);
  return { base: L * (1 / sp - invSb), quote: L * (sp - sa) };
}

/** USD value x·P + y. */
export function lpValue(L: number, P: number, lower = 0, upper = Infinity): number {
  const h = lpHoldings(L, P, lower, upper);
  return h.base * P + h.quote;
}

/** dV/dP: the tokens held. */
export const lpDelta = (L: number, P: number, lower = 0, upper = Infinity): number =>
  lpHoldings(L, P, lower, upper).base;

/** d²V/dP²: −L/(2P^{3/2}) inside the range, 0 outside. */
export function lpGamma(L: number, P: number, lower = 0, upper = Infinity): number {
  checkRange('lpGamma', L, P, lower, upper);
  return P > lower && P < upper ? -L / (2 * P * Math.sqrt(P)) : 0;
}

/**
 * Liquidity of a position from the amounts deposited at price P (the smaller of the two amounts'
 * liquidities when they are not in the pool's ratio, as the v3 periphery does).
 */
export function lpLiquidityFromAmounts(
  base: number,
  quote: number,
  P: number,
  lower = 0,
  upper = Infinity,
): number {
  checkRange('lpLiquidityFromAmounts', 0, P, lower, upper);
  if (!(base >= 0) || !(quote >= 0))
    throw new RangeError(`lpLiquidityFromAmounts: amounts must be >= 0, got ${base} and ${quote}`);
  const sa = Math.sqrt(lower);
  const invSb = upper === Infinity ? 0 : 1 / Math.sqrt(upper);
  if (P <= lower) return base / (1 / sa - invSb);
  if (P >= upper) return quote / (Math.sqrt(upper) - sa);
  const sp = Math.sqrt(P);
  return Math.min(base / (1 / sp - invSb), quote / (sp - sa));
}
