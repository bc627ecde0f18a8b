// The pricing module's own normal CDF (FreeBSD erfc with native exp) against mpmath at 60 digits
// (gen_options.py) and against stats/distributions.normalCdf (stdlib, the same algorithm).
import { describe, expect, it } from 'vitest';
import { erfc, normCdf } from '../../src/main/engine/derivatives/normal-cdf';
import { normalCdf } from '../../src/main/engine/stats/distributions';
import { optionsFixture } from './_options';

const { normal } = optionsFixture();
const EPS = Number.EPSILON;

describe('normCdf', () => {
  it('matches mpmath to a few ulps (tails: the argument rounding, ~x²·ε)', () => {
    expect(normal.x.length).toBeGreaterThan(400);
    normal.x.forEach((x, i) => {
      const want = normal.cdf[i]!;
      const got = normCdf(x);
      const tol = 4 * EPS * (1 + x * x) * want + 1e-300;
      expect(Math.abs(got - want), `x = ${x}: got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
    });
  });

  it('agrees with stats/distributions.normalCdf', () => {
    for (let x = -37; x <= 8.5; x += 0.01237) {
      const a = normCdf(x);
      const b = normalCdf(x);
      expect(Math.abs(a - b), `x = ${x}`).toBeLessThanOrEqual(4 * EPS * b);
    }
  });

  it('limits and special values', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(NaN)).toBeNaN();
    expect(erfc(0)).toBe(1);
    expect(erfc(-30)).toBe(2);
    expect(erfc(30)).toBe(0);
  });
});
