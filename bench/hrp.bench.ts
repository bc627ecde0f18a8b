import { it } from 'vitest';
import { sampleCovariance } from '../src/main/engine/cov/estimators';
import { zeros } from '../src/main/engine/linalg/matrix';
import { herc } from '../src/main/engine/optimize/herc';
import { hrp } from '../src/main/engine/optimize/hrp';
import { riskBudgeting } from '../src/main/engine/optimize/risk-budget';
import { normalGenerator } from '../src/main/engine/stats/random';
import { report, sample } from './report';

// 500 assets in 10 sectors over 1,000 days: a market factor, a sector factor and noise, so the
// tree has structure to find.
function returnsMatrix(T: number, N: number, seed: number) {
  const g = normalGenerator(seed);
  const X = zeros(T, N);
  for (let t = 0; t < T; t++) {
    const market = g();
    const sectors = Array.from({ length: 10 }, () => g());
    for (let i = 0; i < N; i++)
      X.data[t * N + i] =
        (0.01 + 0.0001 * (i % 37)) * (0.5 * market + 0.5 * sectors[i % 10]! + 0.7 * g());
  }
  return X;
}

it('hierarchical allocation figures', async () => {
  const cov = sampleCovariance(returnsMatrix(1000, 500, 5));
  hrp(sampleCovariance(returnsMatrix(200, 50, 6))); // warm-up (JIT)
  report('HRP, 500 assets (single linkage, O(n²))', await sample(7, () => void hrp(cov)), 200);
  report(
    'HRP, 500 assets, ward linkage',
    await sample(5, () => void hrp(cov, { linkage: 'ward' })),
    200,
  );
  report(
    'HRP, 500 assets, paper distance of distances (O(n³))',
    await sample(3, () => void hrp(cov, { distance: 'paper' })),
    1000,
  );
  report('HERC, 500 assets, ward, elbow k', await sample(5, () => void herc(cov)), 300);
  report(
    'risk budgeting (ERC), 500 assets, Newton',
    await sample(3, () => void riskBudgeting(cov)),
    1000,
  );
});
