import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  niceNumber,
  niceTicks,
  overlaps,
  placeLabels,
  type LabelRequest,
} from '../../src/renderer/src/components/allocate/chartLayout';

// The frontier chart's geometry. Ticks follow P. Heckbert, "Nice Numbers for Graph Labels",
// Graphics Gems (1990), pp. 61-63, whose worked example labels [105, 543] with 5 ticks as
// 100, 200, ..., 600.

const isNice = (step: number) => {
  const exp = Math.floor(Math.log10(step) + 1e-9);
  const f = step / 10 ** exp;
  return [1, 2, 5, 10].some((n) => Math.abs(f - n) < 1e-9);
};

describe('niceNumber', () => {
  it('rounds to 1, 2, 5 or 10 times a power of ten (Heckbert)', () => {
    // Rounded: f < 1.5 → 1, < 3 → 2, < 7 → 5, else 10.
    expect(niceNumber(125, true)).toBe(100);
    expect(niceNumber(0.0149, true)).toBeCloseTo(0.01, 15);
    expect(niceNumber(2.9, true)).toBe(2);
    expect(niceNumber(6.9, true)).toBe(5);
    expect(niceNumber(7, true)).toBe(10);
    // Ceiling: the smallest nice number not below x.
    expect(niceNumber(438, false)).toBe(500);
    expect(niceNumber(100, false)).toBe(100);
    expect(niceNumber(101, false)).toBe(200);
    expect(niceNumber(0.51, false)).toBeCloseTo(1, 15);
  });
  it('refuses zero, negative and non-finite input', () => {
    expect(() => niceNumber(0, true)).toThrow(RangeError);
    expect(() => niceNumber(-1, false)).toThrow(/x must be > 0/);
    expect(() => niceNumber(Number.NaN, false)).toThrow(RangeError);
  });
});

describe('niceTicks', () => {
  it("reproduces Heckbert's worked example: [105, 543], 5 ticks → 100 … 600 by 100", () => {
    const t = niceTicks(105, 543, 5);
    expect(t.step).toBe(100);
    expect(t.values).toEqual([100, 200, 300, 400, 500, 600]);
    expect(t.lo).toBe(100);
    expect(t.hi).toBe(600);
    expect(t.decimals).toBe(0);
  });
  it('prints fractional steps exactly (no 0.30000000000000004)', () => {
    const t = niceTicks(0.03, 0.91, 5);
    expect(t.step).toBeCloseTo(0.2, 15);
    expect(t.values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(t.decimals).toBe(1);
  });
  it('covers a negative range and one around zero', () => {
    expect(niceTicks(-0.37, 1.42, 6).values).toEqual([-0.5, 0, 0.5, 1, 1.5]);
    const neg = niceTicks(-0.8, -0.1, 4);
    expect(neg.lo).toBeLessThanOrEqual(-0.8);
    expect(neg.hi).toBeGreaterThanOrEqual(-0.1);
  });
  it('widens a zero-width range around its value', () => {
    const t = niceTicks(0.25, 0.25, 5);
    expect(t.lo).toBeLessThan(0.25);
    expect(t.hi).toBeGreaterThan(0.25);
    const z = niceTicks(0, 0, 5);
    expect(z.lo).toBeLessThan(0);
    expect(z.hi).toBeGreaterThan(0);
  });
  it('refuses a reversed or non-finite range and fewer than two ticks', () => {
    expect(() => niceTicks(2, 1)).toThrow(/min <= max/);
    expect(() => niceTicks(0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => niceTicks(0, 1, 1)).toThrow(/count/);
  });
  it('always: a nice step, ends on multiples of it, covering [min, max], evenly spaced', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 1e-6, max: 100, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        (min, width, count) => {
          const max = min + width;
          const t = niceTicks(min, max, count);
          expect(isNice(t.step)).toBe(true);
          expect(t.lo).toBeLessThanOrEqual(min + 1e-9 * Math.max(1, Math.abs(min)));
          expect(t.hi).toBeGreaterThanOrEqual(max - 1e-9 * Math.max(1, Math.abs(max)));
          expect(Math.abs(t.lo / t.step - Math.round(t.lo / t.step))).toBeLessThan(1e-6);
          // No more than one step of slack on each side beyond the data.
          expect(t.lo).toBeGreaterThan(min - t.step - 1e-9);
          expect(t.hi).toBeLessThan(max + t.step + 1e-9);
          for (let k = 1; k < t.values.length; k++)
            expect(t.values[k]! - t.values[k - 1]!).toBeCloseTo(t.step, 9);
          // Heckbert's loose labels give between 2 and about twice the asked count.
          expect(t.values.length).toBeGreaterThanOrEqual(2);
          expect(t.values.length).toBeLessThanOrEqual(2 * count + 2);
        },
      ),
    );
  });
});

describe('placeLabels', () => {
  const bounds = { x: 0, y: 0, w: 600, h: 400 };

  it('puts a lone label just right of its point, without a leader', () => {
    const { placed, hidden } = placeLabels(
      [{ key: 'a', x: 100, y: 100, w: 40, h: 12 }],
      [],
      bounds,
    );
    expect(hidden).toEqual([]);
    expect(placed).toEqual([{ key: 'a', box: { x: 107, y: 94, w: 40, h: 12 }, leader: false }]);
  });

  it('moves to the left at the right edge, and hides what cannot fit anywhere', () => {
    const edge = placeLabels([{ key: 'e', x: 590, y: 200, w: 40, h: 12 }], [], bounds);
    expect(edge.placed[0]!.box.x + 40).toBeLessThanOrEqual(590 - 7);
    const tooWide = placeLabels([{ key: 'w', x: 300, y: 200, w: 700, h: 12 }], [], bounds);
    expect(tooWide).toEqual({ placed: [], hidden: ['w'] });
  });

  it('never overlaps another label or a marker, stays inside, accounts for every label', () => {
    const req = fc.record({
      x: fc.integer({ min: 0, max: 600 }),
      y: fc.integer({ min: 0, max: 400 }),
      w: fc.integer({ min: 10, max: 120 }),
    });
    fc.assert(
      fc.property(fc.array(req, { minLength: 1, maxLength: 40 }), (pts) => {
        const requests: LabelRequest[] = pts.map((p, i) => ({ key: `k${i}`, ...p, h: 12 }));
        const obstacles = pts.map((p) => ({ x: p.x - 4, y: p.y - 4, w: 8, h: 8 }));
        const { placed, hidden } = placeLabels(requests, obstacles, bounds);
        expect([...placed.map((p) => p.key), ...hidden].sort()).toEqual(
          requests.map((r) => r.key).sort(),
        );
        for (const [i, a] of placed.entries()) {
          expect(a.box.x).toBeGreaterThanOrEqual(0);
          expect(a.box.y).toBeGreaterThanOrEqual(0);
          expect(a.box.x + a.box.w).toBeLessThanOrEqual(600);
          expect(a.box.y + a.box.h).toBeLessThanOrEqual(400);
          for (const o of obstacles) expect(overlaps(a.box, o)).toBe(false);
          for (const b of placed.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
        }
      }),
    );
  });

  it('gives the first (most important) label its nearest spot even when crowded', () => {
    const crowd: LabelRequest[] = Array.from({ length: 8 }, (_, i) => ({
      key: `m${i}`,
      x: 300 + i,
      y: 200,
      w: 60,
      h: 12,
    }));
    const { placed } = placeLabels(crowd, [], bounds);
    expect(placed[0]).toEqual({ key: 'm0', box: { x: 307, y: 194, w: 60, h: 12 }, leader: false });
  });
});
