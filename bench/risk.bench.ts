import { it } from 'vitest';
import { ledoitWolf, sampleCovariance } from '../src/main/engine/cov/estimators';
import { gramWasm } from '../src/main/engine/linalg/gram-wasm';
import { columns, gramJs, zeros } from '../src/main/engine/linalg/matrix';
import { monteCarloTCopula } from '../src/main/engine/risk/monte-carlo';
import { normalGenerator } from '../src/main/engine/stats/random';
import { fitGarchT } from '../src/main/engine/vol/garch';
import { report, sample } from './report';

function returnsMatrix(T: number, N: number, seed: number) {
  const g = normalGenerator(seed);
  const X = zeros(T, N);
  for (let t = 0; t < T; t++) {
    const market = g();
    for (let i = 0; i < N; i++) X.data[t * N + i] = 0.02 * (0.6 * market + 0.8 * g());
  }
  return X;
}

it('risk engine figures', async () => {
  const X = returnsMatrix(2000, 500, 1);
  sampleCovariance(returnsMatrix(200, 50, 2)); // warm-up (JIT)
  report(
    'sample covariance, 500 assets x 2,000 days',
    await sample(5, () => void sampleCovariance(X)),
    150,
  );
  report(
    'Ledoit-Wolf (identity target), 500 x 2,000',
    await sample(5, () => void ledoitWolf(X, 'identity')),
    150,
  );
  // the kernel under both covariances above, each implementation on its own (no centring)
  const cols = columns(X);
  report(
    'Gram product, WebAssembly SIMD kernel, 500 x 2,000',
    await sample(7, () => void gramWasm(cols, 1)),
    75,
  );
  report(
    'Gram product, JS fallback kernel, 500 x 2,000',
    await sample(3, () => void gramJs(cols, 1)),
    250,
  );
  report(
    'Ledoit-Wolf (constant correlation), 500 x 2,000',
    await sample(3, () => void ledoitWolf(X, 'constant-correlation')),
    450,
  );

  const N = 50;
  const corr = zeros(N, N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) corr.data[i * N + j] = i === j ? 1 : 0.4;
  const marginals = Array.from({ length: N }, (_, i) => ({
    nu: 3 + (i % 5),
    loc: 0.0005,
    scale: 0.02 + 0.001 * i,
  }));
  const weights = new Float64Array(N).fill(1 / N);
  const mc = () =>
    void monteCarloTCopula({
      corr,
      marginals,
      weights,
      copulaNu: 5,
      paths: 100_000,
      seed: 3,
      alpha: 0.99,
    });
  mc();
  report('Monte Carlo VaR/ES, t copula, 100,000 paths x 50 assets', await sample(5, mc), 1000);

  const eps = Float64Array.from(returnsMatrix(2000, 1, 4).data);
  fitGarchT(eps);
  report('GARCH(1,1)-t fit, 2,000 points', await sample(10, () => void fitGarchT(eps)), 50);
});
