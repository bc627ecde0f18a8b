import type { z } from 'zod';
import { KeelError } from '../../shared/errors';
import type {
  ImpliedVolInput,
  OptionQuote,
  OptionQuoteInput,
  ImpliedVolResult,
} from '../../shared/options';
import { black76Greeks, bsmGreeks } from '../engine/derivatives/greeks';
import { impliedVolBlack76, impliedVolBsm } from '../engine/derivatives/implied-vol';
import { inverseOptionGreeks } from '../engine/derivatives/inverse';

type Parsed<T extends z.ZodType> = z.output<T>;

/** Engine range errors (e.g. an impossible input combination) reach the user as validation errors. */
function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError) throw new KeelError('VALIDATION', err.message);
    throw err;
  }
}

/**
 * One option's price and raw Greeks. Black-76 takes `spot` as the forward (yield unused);
 * Black-Scholes prices off spot with a continuous yield. Inverse: the coin premium's Greeks.
 */
export function optionQuote(i: Parsed<typeof OptionQuoteInput>): OptionQuote {
  return engine(() => {
    if (i.inverse) {
      const g =
        i.model === 'black76'
          ? inverseOptionGreeks(i.kind, 'black-76', i.spot, i.strike, i.years, i.vol, i.rate, 0)
          : inverseOptionGreeks(
              i.kind,
              'black-scholes',
              i.spot,
              i.strike,
              i.years,
              i.vol,
              i.rate,
              i.rate - i.yield,
            );
      return {
        price: g.price,
        delta: g.delta,
        gamma: g.gamma,
        vega: g.vega,
        theta: g.theta,
        rho: g.rho,
        coinDelta: g.coinDelta,
      };
    }
    const g =
      i.model === 'black76'
        ? black76Greeks(i.kind, i.spot, i.strike, i.years, i.vol, i.rate)
        : bsmGreeks(i.kind, i.spot, i.strike, i.years, i.vol, i.rate, i.yield);
    return {
      price: g.price,
      delta: g.delta,
      gamma: g.gamma,
      vega: g.vega,
      theta: g.theta,
      rho: g.rho,
    };
  });
}

export function impliedVol(i: Parsed<typeof ImpliedVolInput>): ImpliedVolResult {
  const settlement = i.inverse ? 'inverse' : 'linear';
  return engine(() =>
    i.model === 'black76'
      ? impliedVolBlack76(i.price, i.kind, i.spot, i.strike, i.years, i.rate, settlement)
      : impliedVolBsm(i.price, i.kind, i.spot, i.strike, i.years, i.rate, i.yield, settlement),
  );
}
