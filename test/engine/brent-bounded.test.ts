import { describe, expect, it } from 'vitest';
import { minimizeBounded } from '../../src/main/engine/optim/brent-bounded';

// Minima known in closed form; the method must land within its x tolerance and, on smooth
// functions, in far fewer evaluations than golden section's ~30 for the same bracket.
describe('minimizeBounded (Brent, bounded)', () => {
  it('finds the vertex of a parabola', () => {
    const r = minimizeBounded((x) => (x - 2) ** 2 + 1, 0, 5, 1e-8);
    expect(r.x).toBeCloseTo(2, 7);
    expect(r.fx).toBeCloseTo(1, 12);
    expect(r.evaluations).toBeLessThan(12);
  });

  it('finds the minimum of -x·e^(-x) at x = 1 and of cos at π', () => {
    const a = minimizeBounded((x) => -x * Math.exp(-x), 0, 10, 1e-9);
    expect(Math.abs(a.x - 1)).toBeLessThan(1e-6);
    expect(a.fx).toBeCloseTo(-Math.exp(-1), 12);
    const b = minimizeBounded(Math.cos, 3, 4, 1e-9);
    expect(Math.abs(b.x - Math.PI)).toBeLessThan(1e-6);
    expect(b.evaluations).toBeLessThan(15);
  });

  it('stops at the bound when the function falls towards it', () => {
    const r = minimizeBounded((x) => x, 1, 2, 1e-6);
    expect(r.x).toBeGreaterThanOrEqual(1);
    expect(r.x - 1).toBeLessThan(1e-5);
  });

  it('needs a < b', () => {
    expect(() => minimizeBounded((x) => x, 2, 1)).toThrow(/a < b/);
  });
});
