import { it } from 'vitest';
import { type Matrix, zeros } from '../src/main/engine/linalg/matrix';
import { efficientFrontier } from '../src/main/engine/optimize/frontier';
import {
  maxQuadraticUtility,
  maxSharpe,
  minVolatility,
} from '../src/main/engine/optimize/mean-variance';
import type { AllocationConstraints } from '../src/main/engine/optimize/types';
import { normalGenerator, uniformGenerator } from '../src/main/engine/stats/random';
import { report, sample } from './report';

/**
 * Crypto-like market: daily returns from a factor model (market, 5 sector factors, fat-ish
 * idiosyncratic noise), two years of days, annualised sample covariance (365 days).
 */
function market(n: number, seed: number): { mu: Float64Array; cov: Matrix; sector: number[] } {
  const g = normalGenerator(seed);
  const u = uniformGenerator(seed + 1);
  const T = 730;
  const sector = Array.from({ length: n }, (_, i) => i % 5);
  const beta = Array.from({ length: n }, () => 0.6 + 0.8 * u());
  const sbeta = Array.from({ length: n }, () => 0.3 + 0.7 * u());
  const idio = Array.from({ length: n }, () => 0.02 + 0.04 * u());
  const X = new Float64Array(T * n);
  for (let t = 0; t < T; t++) {
    const m = 0.035 * g();
    const s = Array.from({ length: 5 }, () => 0.02 * g());
    for (let i = 0; i < n; i++)
      X[t * n + i] = beta[i]! * m + sbeta[i]! * s[sector[i]!]! + idio[i]! * g();
  }
  const mean = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mean[i] = mean[i]! + X[t * n + i]! / T;
  const cov = zeros(n, n);
  for (let t = 0; t < T; t++)
    for (let i = 0; i < n; i++) {
      const xi = X[t * n + i]! - mean[i]!;
      for (let j = 0; j <= i; j++)
        cov.data[i * n + j] = cov.data[i * n + j]! + xi * (X[t * n + j]! - mean[j]!);
    }
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = (cov.data[i * n + j]! * 365) / (T - 1);
      cov.data[i * n + j] = v;
      cov.data[j * n + i] = v;
    }
  const mu = Float64Array.from({ length: n }, () => -0.2 + 0.8 * u());
  return { mu, cov, sector };
}

function constraints(n: number, sector: number[]): AllocationConstraints {
  const groups = [0, 1, 2, 3, 4].map((s) => ({
    name: `sector ${s}`,
    members: sector.flatMap((v, i) => (v === s ? [i] : [])),
    upper: 0.35,
    lower: s === 0 ? 0.1 : undefined,
  }));
  return { upper: new Float64Array(n).fill(Math.max(0.05, 5 / n)), groups };
}

/** CPU time of this process per run (user + system): steadier than wall time on a shared machine. */
async function cpuSample(k: number, fn: () => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    out.push((d.user + d.system) / 1000);
  }
  return out;
}

/** Wall-clock median (the target) and CPU-time median (for a loaded machine). */
async function both(name: string, k: number, fn: () => void, target: number): Promise<void> {
  report(name, await sample(k, fn), target);
  report(`  (cpu time) ${name}`.slice(0, 52), await cpuSample(k, fn), target);
}

it('mean-variance figures', async () => {
  const small = market(100, 1);
  const large = market(500, 2);
  const c100 = constraints(100, small.sector);
  const c500 = constraints(500, large.sector);
  minVolatility(small.mu, small.cov, c100); // warm-up (JIT)
  maxQuadraticUtility(small.mu, small.cov, c100, { riskAversion: 2 });
  await both(
    'min volatility, box + budget + 5 groups, 100 assets',
    21,
    () => void minVolatility(small.mu, small.cov, c100),
    10,
  );
  await both(
    'max utility (δ = 2), same constraints, 100 assets',
    21,
    () => void maxQuadraticUtility(small.mu, small.cov, c100, { riskAversion: 2 }),
    10,
  );
  await both(
    'min volatility, box + budget + 5 groups, 500 assets',
    7,
    () => void minVolatility(large.mu, large.cov, c500),
    150,
  );
  await both(
    'max utility (δ = 2), same constraints, 500 assets',
    7,
    () => void maxQuadraticUtility(large.mu, large.cov, c500, { riskAversion: 2 }),
    150,
  );
  await both(
    'efficient frontier, 50 points, 100 assets',
    7,
    () => void efficientFrontier(small.mu, small.cov, c100, { points: 50 }),
    300,
  );
  await both(
    'max Sharpe, same constraints, 100 assets',
    11,
    () => void maxSharpe(small.mu, small.cov, c100),
    30,
  );
  await both(
    'max Sharpe, same constraints, 500 assets',
    5,
    () => void maxSharpe(large.mu, large.cov, c500),
    300,
  );
  // rebalancing: turnover <= 30% from equal weights; long-short with gross leverage 150%
  const current = new Float64Array(500).fill(1 / 500);
  await both(
    'max utility + turnover 30%, 500 assets',
    5,
    () =>
      void maxQuadraticUtility(
        large.mu,
        large.cov,
        { ...c500, turnover: { current, maxTurnover: 0.3 } },
        { riskAversion: 2 },
      ),
    300,
  );
  await both(
    'max utility, long-short, gross 150%, 500 assets',
    5,
    () =>
      void maxQuadraticUtility(
        large.mu,
        large.cov,
        { ...c500, longOnly: false, lower: new Float64Array(500).fill(-0.05), grossLeverage: 1.5 },
        { riskAversion: 2 },
      ),
    300,
  );
});
