// Monte Carlo computed in a second worker must give the report exactly what computing it inside
// riskReport gives (same covariance, marginals and seed): the split is a speed-up, not a change.
import { describe, expect, it } from 'vitest';
import { zeros } from '../../src/main/engine/linalg/matrix';
import { monteCarloReport, riskReport, withMonteCarlo } from '../../src/main/engine/risk/report';
import { normalGenerator } from '../../src/main/engine/stats/random';
import { RiskOptions } from '../../src/shared/risk';

function input(method: 'historical' | 'monte-carlo') {
  const g = normalGenerator(7);
  const T = 400;
  const N = 4;
  const X = zeros(T, N);
  for (let t = 0; t < T; t++) {
    const m = g();
    for (let j = 0; j < N; j++) X.data[t * N + j] = 0.02 * (0.5 * m + g() * (1 + j / 4));
  }
  const dates = Array.from({ length: T }, (_, i) =>
    new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10),
  );
  return {
    symbols: ['A', 'B', 'C', 'D'],
    dates,
    returns: X,
    weights: Float64Array.from([0.4, 0.3, 0.2, 0.1]),
    options: RiskOptions.parse({ method, paths: 5000 }),
  };
}

describe('Monte Carlo apart', () => {
  it('gives the same report as Monte Carlo inside', () => {
    const i = input('historical');
    const whole = riskReport(i);
    const split = withMonteCarlo(riskReport({ ...i, monteCarlo: 'deferred' }), monteCarloReport(i));
    expect(split).toEqual(whole);
    expect(whole.methods.find((m) => m.method === 'monte-carlo')!.var).toBeGreaterThan(0);
  });

  it('cannot defer the chosen method', () => {
    const i = input('monte-carlo');
    expect(() => riskReport({ ...i, monteCarlo: 'deferred' })).toThrow(/cannot be deferred/);
  });
});
