import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historicalVarEs, selectInPlace, tailCount } from '../../src/main/engine/risk/var';

// The selection behind historical VaR/ES, checked against a full sort on arbitrary samples
// (ties, duplicates, sorted and reversed input included).
// (+ 0 turns −0 into 0: the selection need not order the two zeros, a sort does)
const sample = fc.array(
  fc.double({ min: -1, max: 1, noNaN: true }).map((x) => x + 0),
  { minLength: 2, maxLength: 400 },
);

describe('selectInPlace', () => {
  it('puts the k-th smallest value at k, nothing larger before and nothing smaller after', () => {
    fc.assert(
      fc.property(sample, fc.nat(), (xs, kRaw) => {
        const k = kRaw % xs.length;
        const a = Float64Array.from(xs);
        const sorted = Float64Array.from(xs).sort();
        expect(selectInPlace(a, k)).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]!);
        for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]!);
        expect(Float64Array.from(a).sort()).toEqual(sorted);
      }),
    );
  });

  it('handles sorted, reversed and constant arrays', () => {
    const up = Float64Array.from({ length: 1001 }, (_, i) => i);
    expect(selectInPlace(Float64Array.from(up), 500)).toBe(500);
    expect(selectInPlace(Float64Array.from(up).reverse(), 10)).toBe(10);
    expect(selectInPlace(new Float64Array(50).fill(3), 49)).toBe(3);
  });
});

describe('historicalVarEs by selection', () => {
  it('refuses a NaN scenario', () => {
    expect(() => historicalVarEs([0.01, NaN, -0.02], 0.95)).toThrow(/scenario 1 is not a number/);
  });

  it('equals the sorted-losses definition: m-th worst loss and the mean of the m worst', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom(0.9, 0.95, 0.975, 0.99), (xs, alpha) => {
        const losses = Float64Array.from(xs, (x) => -x).sort();
        const n = losses.length;
        const m = tailCount(n, alpha);
        let s = 0;
        for (let k = n - m; k < n; k++) s += losses[k]!;
        const got = historicalVarEs(xs, alpha);
        expect(got.var).toBe(losses[n - m]);
        expect(got.es).toBeCloseTo(s / m, 12);
      }),
    );
  });
});
