// Liquidity: how long positions take to exit at a sustainable share of market volume, and what
// exiting costs. Costs are fractions of each position's value.

export interface LiquidityInput {
  symbols: string[];
  /** Position values in the base currency (sign ignored: exits cost either way). */
  values: ArrayLike<number>;
  /** Average daily traded value (same currency) per asset. */
  adv: ArrayLike<number>;
  /** Daily return volatility per asset. */
  dailyVol: ArrayLike<number>;
  /** Full relative bid-ask spread per asset (0.001 = 10 bp). */
  spread: ArrayLike<number>;
  /** Share of daily volume one may trade (0.1 = 10 %). */
  participation: number;
  /** Square-root impact coefficient Y in cost = Y·σ·sqrt(Q / ADV); about 1 in the empirical literature. */
  impactCoefficient?: number;
}

export interface LiquidityRow {
  symbol: string;
  value: number;
  adv: number;
  daysToLiquidate: number;
  spreadCost: number;
  impactCost: number;
}

/**
 * Days to liquidate = |value| / (participation · ADV). Exit cost = half the spread plus
 * square-root market impact Y·σ_daily·sqrt(|value| / ADV) (Almgren et al. 2005; Tóth et al. 2011),
 * both as fractions of the position. Liquidity-adjusted VaR adds the book's total exit cost to
 * VaR (Bangia et al. 1999, with a constant spread).
 */
export function liquidity(input: LiquidityInput, portfolioValue: number, varFraction: number) {
  if (!(input.participation > 0 && input.participation <= 1))
    throw new RangeError(`participation must be in (0, 1], got ${input.participation}`);
  const Y = input.impactCoefficient ?? 1;
  const rows: LiquidityRow[] = input.symbols.map((symbol, i) => {
    const v = Math.abs(input.values[i]!);
    const adv = input.adv[i]!;
    const liquid = adv > 0;
    return {
      symbol,
      value: v,
      adv,
      daysToLiquidate: liquid ? v / (input.participation * adv) : Infinity,
      spreadCost: input.spread[i]! / 2,
      impactCost: liquid ? Y * input.dailyVol[i]! * Math.sqrt(v / adv) : 0,
    };
  });
  const cost = rows.reduce((s, r) => s + r.value * (r.spreadCost + r.impactCost), 0);
  const costFraction = portfolioValue > 0 ? cost / portfolioValue : 0;
  return {
    rows,
    exitCost: costFraction,
    lvar: varFraction + costFraction,
    daysToLiquidateBook: Math.max(0, ...rows.map((r) => r.daysToLiquidate)),
  };
}
