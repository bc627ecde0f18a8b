import { z } from 'zod';

// One option's price and Greeks, and an implied volatility, as `keel option` / `keel implied-vol`
// and the Hedge view's calculator ask for them. Greeks are RAW derivatives (DESIGN.md): vega per
// 1.00 of volatility, theta per year, rho per 1.00 of rate.

const positive = z.number().finite().gt(0);

export const OptionModelName = z.enum(['black-scholes', 'black76']);

export const OptionContract = z
  .object({
    kind: z.enum(['call', 'put']),
    /** Spot for Black-Scholes; the forward for Black-76. */
    spot: positive,
    strike: positive,
    years: positive.max(100),
    rate: z.number().finite().min(-1).max(1).default(0),
    /** Continuous yield (Black-Scholes only). */
    yield: z.number().finite().min(-1).max(1).default(0),
    model: OptionModelName.default('black-scholes'),
    /** Coin-settled (premium in the underlying, as on Deribit). */
    inverse: z.boolean().default(false),
  })
  .strict();

export const OptionQuoteInput = OptionContract.extend({ vol: positive.max(20) }).strict();
export type OptionQuoteInput = z.input<typeof OptionQuoteInput>;

const finite = z.number().finite();
export const OptionQuote = z.object({
  /** USD per coin when linear; coins per coin when inverse. */
  price: finite,
  delta: finite,
  gamma: finite,
  vega: finite,
  theta: finite,
  rho: finite,
  /** Inverse only: Deribit's coin-denominated delta (Δ_usd − premium in coins). */
  coinDelta: finite.optional(),
});
export type OptionQuote = z.infer<typeof OptionQuote>;

export const ImpliedVolInput = OptionContract.extend({
  /** Premium in the settlement currency (USD, or coins when inverse). */
  price: positive,
}).strict();
export type ImpliedVolInput = z.input<typeof ImpliedVolInput>;

export const ImpliedVolResult = z.union([
  z.object({ ok: z.literal(true), vol: finite, iterations: z.number().int() }),
  z.object({ ok: z.literal(false), reason: z.string(), message: z.string() }),
]);
export type ImpliedVolResult = z.infer<typeof ImpliedVolResult>;
