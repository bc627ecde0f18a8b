import { it } from 'vitest';
import { black76GreeksBatch } from '../src/main/engine/derivatives/greeks';
import { impliedVolBatch } from '../src/main/engine/derivatives/implied-vol';
import { portfolioGreeks } from '../src/main/engine/derivatives/portfolio-greeks';
import type { BookPosition, MarketMap } from '../src/main/engine/derivatives/positions';
import { black76PriceBatch } from '../src/main/engine/derivatives/pricing';
import { scenarioGrid } from '../src/main/engine/derivatives/scenario-grid';
import { fitSvi, sviTotalVariance } from '../src/main/engine/derivatives/smile';
import { uniformGenerator } from '../src/main/engine/stats/random';
import { report, sample } from './report';

function optionBatch(n: number, seed: number) {
  const u = uniformGenerator(seed);
  const F = 60000;
  return {
    isCall: Uint8Array.from({ length: n }, () => (u() < 0.5 ? 1 : 0)),
    forward: new Float64Array(n).fill(F),
    strike: Float64Array.from({ length: n }, () => F * Math.exp(2 * u() - 1)),
    expiry: Float64Array.from({ length: n }, () =>
      Math.exp(Math.log(1 / 8760) + u() * Math.log(5 * 8760)),
    ),
    vol: Float64Array.from({ length: n }, () => 0.2 + 1.3 * u()),
    rate: new Float64Array(n).fill(0.04),
  };
}

function book(n: number, seed: number): BookPosition[] {
  const u = uniformGenerator(seed);
  const out: BookPosition[] = [];
  for (let i = 0; i < n; i++) {
    const underlying = u() < 0.6 ? 'BTC' : 'ETH';
    const S = underlying === 'BTC' ? 60000 : 3000;
    const r = u();
    if (r < 0.7)
      out.push({
        kind: 'option',
        underlying,
        right: u() < 0.5 ? 'call' : 'put',
        strike: S * Math.exp(0.6 * (u() - 0.5)),
        expiry: 1 / 365 + u(),
        settlement: u() < 0.5 ? 'inverse' : 'linear',
        model: 'black-76',
        quantity: 20 * (u() - 0.5),
      });
    else if (r < 0.85)
      out.push({
        kind: 'future',
        underlying,
        quantity: 10 * (u() - 0.5),
        expiry: u(),
        entryPrice: S,
        settlement: 'linear',
      });
    else if (r < 0.95)
      out.push({
        kind: 'perpetual',
        underlying,
        quantity: 1000 * (u() - 0.5),
        entryPrice: S,
        settlement: 'inverse',
        contractSize: 10,
        fundingRate: 0.1,
      });
    else out.push({ kind: 'spot', underlying, quantity: 5 * u() });
  }
  return out;
}

it('options engine figures', async () => {
  const markets: MarketMap = {
    BTC: { spot: 60000, rate: 0.04, carry: 0.08, vol: 0.55 },
    ETH: { spot: 3000, rate: 0.04, carry: 0.07, vol: 0.7 },
  };

  const b = optionBatch(100_000, 1);
  black76GreeksBatch(optionBatch(1000, 2)); // warm-up (JIT)
  report('Black-76 prices, 100,000 options', await sample(7, () => void black76PriceBatch(b)), 50);
  report(
    'Black-76 price + 5 Greeks, 100,000 options',
    await sample(7, () => void black76GreeksBatch(b)),
    100,
  );

  // quotes within 4 standard deviations of the forward (further out, short-dated prices underflow)
  const q = optionBatch(10_000, 3);
  const uq = uniformGenerator(7);
  for (let i = 0; i < q.strike.length; i++) {
    const sd = q.vol[i]! * Math.sqrt(q.expiry[i]!);
    q.strike[i] = q.forward[i]! * Math.exp(Math.max(-1.5, Math.min(1.5, 4 * sd * (2 * uq() - 1))));
  }
  const price = black76PriceBatch(q);
  const quotes = {
    price,
    isCall: q.isCall,
    forward: q.forward,
    strike: q.strike,
    expiry: q.expiry,
    rate: q.rate,
  };
  impliedVolBatch({ ...quotes }); // warm-up
  let failures = 0;
  report(
    'implied vol, 10,000 quotes (1h-5y, within 4 sd)',
    await sample(7, () => {
      failures = impliedVolBatch(quotes).failures;
    }),
    50,
  );
  process.stdout.write(`[bench]      (quotes without time value: ${failures})\n`);

  const positions = book(1000, 4);
  scenarioGrid(book(50, 5), markets); // warm-up
  report(
    'scenario grid, 1,000 positions x 9 spot x 3 vol x 2 horizons',
    await sample(7, () => void scenarioGrid(positions, markets, { horizons: [0, 7 / 365] })),
    100,
  );
  report(
    'portfolio Greeks, 1,000 positions',
    await sample(7, () => void portfolioGreeks(positions, markets)),
    20,
  );

  const truth = { a: 0.01, b: 0.08, rho: -0.35, m: 0.02, sigma: 0.15 };
  const ks = Array.from({ length: 25 }, (_, i) => -0.6 + (1.1 * i) / 24);
  const u = uniformGenerator(6);
  const vols = ks.map(
    (k) => Math.sqrt(sviTotalVariance(truth, k) / 0.25) * (1 + 0.006 * (u() - 0.5)),
  );
  const strikes = ks.map((k) => 100 * Math.exp(k));
  report(
    'SVI fit, one expiry of 25 quotes',
    await sample(7, () => void fitSvi({ forward: 100, expiry: 0.25, strikes, vols })),
    50,
  );
});
