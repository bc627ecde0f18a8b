// Efficient risk when the constraints add auxiliary variables (long-short gross leverage,
// turnover): the frontier search must not warm-start the QP with a weights-only vector
// (regression: "QP: x0 has 15 entries, expected 45").
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/main/engine/linalg/matrix';
import { efficientRisk, isInfeasible } from '../../src/main/engine/optimize/mean-variance';

const vols = [0.8, 0.6, 0.5, 0.3, 0.9];
const n = vols.length;
const cov = fromRows(vols.map((a, i) => vols.map((b, j) => (i === j ? a * a : 0.5 * a * b))));
const mu = Float64Array.from([0.9, 0.5, 0.3, 0.1, -0.2]);

describe('efficient risk with auxiliary variables', () => {
  it.each([
    ['long-short', { longOnly: false, lower: new Float64Array(n).fill(-0.2), grossLeverage: 1.5 }],
    ['turnover', { turnover: { current: new Float64Array(n).fill(0.2), maxTurnover: 0.6 } }],
    [
      'both',
      {
        longOnly: false,
        lower: new Float64Array(n).fill(-0.2),
        grossLeverage: 1.5,
        turnover: { current: new Float64Array(n).fill(0.2), maxTurnover: 0.8 },
      },
    ],
  ])('%s: hits the target volatility within every limit', (_, constraints) => {
    const target = 0.45;
    const r = efficientRisk(mu, cov, constraints, { targetVolatility: target });
    if (isInfeasible(r)) throw new Error(r.message);
    const w = r.weights;
    let v = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) v += w[i]! * cov.data[i * n + j]! * w[j]!;
    expect(Math.sqrt(v)).toBeLessThanOrEqual(target + 1e-7);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    if ('grossLeverage' in constraints)
      expect(w.reduce((a, b) => a + Math.abs(b), 0)).toBeLessThanOrEqual(1.5 + 1e-8);
    if ('turnover' in constraints && constraints.turnover)
      expect(w.reduce((a, b) => a + Math.abs(b - 0.2), 0)).toBeLessThanOrEqual(
        constraints.turnover.maxTurnover + 1e-8,
      );
  });

  it('the highest-return portfolio under turnover is the closed form: T/2 moved from the worst to the best', () => {
    // from 20 % each, a 60 % turnover moves 30 %: all of the −20 % asset and 10 % of the 10 % one, into the 90 % one
    const r = efficientRisk(
      mu,
      cov,
      { turnover: { current: new Float64Array(n).fill(0.2), maxTurnover: 0.6 } },
      { targetVolatility: 10 },
    );
    if (isInfeasible(r)) throw new Error(r.message);
    const expected = 0.2 * (0.9 + 0.5 + 0.3 + 0.1 - 0.2) + 0.3 * 0.9 + 0.2 * 0.2 - 0.1 * 0.1;
    expect(r.expectedReturn).toBeCloseTo(expected, 9);
  });
});
