import { it } from 'vitest';
import {
  liquidationPrice,
  type LiquidationInput,
} from '../src/main/engine/derivatives/liquidation';
import { buildTiers } from '../src/main/engine/derivatives/margin';
import { maxLeverage } from '../src/main/engine/derivatives/leverage-limits';
import { type ChainQuote, tailHedge } from '../src/main/engine/derivatives/tail-hedge';
import { uniformGenerator } from '../src/main/engine/stats/random';
import { report, sample } from './report';

// Binance BTCUSDT-like brackets (10 tiers).
const tiers = buildTiers(
  [0, 5e4, 2.5e5, 1e6, 1e7, 2e7, 5e7, 1e8, 2e8, 3e8].map((floor, i) => ({
    floor,
    maintenanceRate: [0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5][i]!,
  })),
);

function positions(n: number, seed: number): LiquidationInput[] {
  const u = uniformGenerator(seed);
  return Array.from({ length: n }, () => {
    const linear = u() < 0.5;
    const entry = 1_000 + 90_000 * u();
    const size = 10 ** (-2 + 6 * u());
    const lev = 1 + 99 * u();
    const qty = (u() < 0.5 ? 1 : -1) * (linear ? size : Math.ceil((size * entry) / 100));
    const n0 = linear ? size * entry : (Math.abs(qty) * 100) / entry;
    return {
      position: {
        quantity: qty,
        entryPrice: entry,
        settlement: linear ? 'linear' : 'inverse',
        contractSize: linear ? 1 : 100,
      },
      mode: 'isolated',
      collateral: n0 / lev,
      tiers,
    };
  });
}

/** A Deribit-sized chain: `expiries` × `strikes` puts and calls around spot 100. */
function chain(expiries: number, strikes: number): ChainQuote[] {
  const out: ChainQuote[] = [];
  for (let e = 1; e <= expiries; e++)
    for (let k = 0; k < strikes; k++) {
      const K = 40 + (120 * k) / (strikes - 1);
      const tv = 8 * Math.sqrt(e / 4) * Math.exp(-(((K - 100) / 30) ** 2));
      for (const right of ['put', 'call'] as const) {
        const mid = Math.max(right === 'put' ? K - 100 : 100 - K, 0) + tv;
        out.push({ expiry: e / 12, strike: K, right, bid: mid * 0.97, ask: mid * 1.03, mark: mid });
      }
    }
  return out;
}

it('margin and hedge figures', async () => {
  const book = positions(100_000, 7);
  for (const p of book.slice(0, 1_000)) liquidationPrice(p); // warm-up (JIT)
  report(
    'liquidation price, 100,000 positions (10 brackets)',
    await sample(7, () => book.forEach((p) => void liquidationPrice(p))),
    150,
  );
  report(
    'max leverage, 100,000 calls',
    await sample(7, () => {
      for (let i = 0; i < 100_000; i++)
        maxLeverage({
          side: i % 2 ? 'long' : 'short',
          settlement: i % 3 ? 'linear' : 'inverse',
          price: 50_000,
          stressedMove: 0.05 + (i % 50) / 100,
          tiers,
          notionalUsd: 1e3 * (1 + (i % 1000)),
        });
    }),
    150,
  );

  const big = chain(10, 40);
  const base = { spot: 100, chain: big, downside: 0.6, maxLoss: { usd: 200 }, budget: 60 };
  const sampled = { prices: [1, 85, 100, 1_000], pnl: [-99 * 10 - 4 * 84, -150, 0, 9_000] };
  tailHedge({ ...base, chain: chain(2, 10), exposure: sampled });
  report(
    'tail hedge, 10 expiries x 40 strikes, sampled exposure',
    await sample(5, () => void tailHedge({ ...base, exposure: sampled })),
    500,
  );
  report(
    'tail hedge, same chain, callback on 2,001 points',
    await sample(5, () => void tailHedge({ ...base, exposure: { pnlAt: (x) => 10 * (x - 100) } })),
    500,
  );
  const r = tailHedge({ ...base, exposure: sampled });
  process.stdout.write(
    `[bench]      (${r.counts.evaluated} structures evaluated, ${r.counts.feasible} feasible)\n`,
  );
});
