import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { gramWasm, gramWasmAvailable } from '../../src/main/engine/linalg/gram-wasm';
import { GRAM_WASM_MIN_WORK, gram, gramJs, type Matrix } from '../../src/main/engine/linalg/matrix';
import { uniformGenerator } from '../../src/main/engine/stats/random';

// Both Gram kernels (scalar JS, WebAssembly SIMD) and the dispatching `gram`, against the
// textbook definition G_ij = scale · Σ_t c_i[t]·c_j[t], summed left to right in one loop.

function referenceGram(cols: Float64Array[], scale: number): Float64Array {
  const n = cols.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let t = 0; t < cols[i]!.length; t++) s += cols[i]![t]! * cols[j]![t]!;
      out[i * n + j] = s * scale;
      out[j * n + i] = s * scale;
    }
  return out;
}

/** Entry-by-entry identity, reporting the first difference (not a 250,000-entry diff). */
function expectIdentical(actual: Float64Array, expected: Float64Array, n: number): void {
  expect(actual.length).toBe(expected.length);
  const k = actual.findIndex((v, i) => !Object.is(v, expected[i]));
  const where = k < 0 ? '' : `[${Math.floor(k / n)}][${k % n}]: ${actual[k]} vs ${expected[k]}`;
  expect(k, where).toBe(-1);
}

/** Data sets and their references, built once for all kernels (the reference is the slow part). */
function once<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}
const BIG = 501;
const BIG_T = 2001;
const bigInteger = once(() => {
  const cols = integerColumns(BIG, BIG_T, 7);
  return { cols, ref: referenceGram(cols, 1) };
});
const bigUniform = once(() => {
  // offset 1: entries are ~T, far from zero, so a per-entry relative test is meaningful
  const cols = randomColumns(BIG, BIG_T, 11, 1);
  return { cols, ref: referenceGram(cols, 1 / 2000) };
});

function randomColumns(n: number, T: number, seed: number, offset: number): Float64Array[] {
  const u = uniformGenerator(seed);
  return Array.from({ length: n }, () =>
    Float64Array.from({ length: T }, () => offset + u() - 0.5),
  );
}

/** Columns of small integers: every product and partial sum is an exact double, so any kernel
 * that multiplies the right pairs must reproduce the reference bit for bit. */
function integerColumns(n: number, T: number, seed: number): Float64Array[] {
  const u = uniformGenerator(seed);
  return Array.from({ length: n }, () =>
    Float64Array.from({ length: T }, () => Math.floor(u() * 17) - 8),
  );
}

/**
 * |G_ij - ref_ij| <= rtol · |scale| · |c_i|·|c_j| (Cauchy-Schwarz: the natural size of a dot
 * product's rounding error; a plain relative test would be meaningless where the sum cancels).
 */
function expectGramClose(
  g: Matrix,
  cols: Float64Array[],
  scale: number,
  rtol: number,
  ref = referenceGram(cols, scale),
): void {
  const n = cols.length;
  expect([g.rows, g.cols]).toEqual([n, n]);
  const norms = cols.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0)));
  let worst = 0;
  let where = '';
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const err = Math.abs(g.data[i * n + j]! - ref[i * n + j]!);
      const rel = err / (Math.abs(scale) * norms[i]! * norms[j]! || 1);
      if (!(rel <= worst)) {
        worst = rel;
        where = `[${i}][${j}] got ${g.data[i * n + j]} expected ${ref[i * n + j]}`;
      }
    }
  expect(worst, where).toBeLessThanOrEqual(rtol);
}

function expectExactlySymmetric(g: Matrix): void {
  const n = g.rows;
  let where = '';
  for (let i = 0; i < n && !where; i++)
    for (let j = 0; j < i; j++)
      if (!Object.is(g.data[i * n + j], g.data[j * n + i])) {
        where = `[${i}][${j}] ${g.data[i * n + j]} vs [${j}][${i}] ${g.data[j * n + i]}`;
        break;
      }
  expect(where, 'asymmetric').toBe('');
}

const wasm = (cols: Float64Array[], scale: number): Matrix => {
  const g = gramWasm(cols, scale);
  if (!g) throw new Error('gramWasm returned null: the kernel did not run');
  return g;
};

const kernels = { js: gramJs, wasm, gram } as const;

describe('Gram kernels', () => {
  it('the WebAssembly kernel compiles and runs here (Node 20 has wasm SIMD)', () => {
    // otherwise every wasm case below would silently test the JS fallback
    expect(gramWasmAvailable).toBe(true);
    expect(gramWasm([Float64Array.of(1, 2, 3)], 1)?.data).toEqual(Float64Array.of(14));
  });

  for (const [name, kernel] of Object.entries(kernels)) {
    describe(name, () => {
      it.each([
        [1, 1],
        [3, 7],
        [4, 2],
        [5, 3],
        [8, 8],
        [9, 13],
      ])('reproduces integer data exactly, %i columns x %i days', (n, T) => {
        const cols = integerColumns(n, T, 100 * n + T);
        const g = kernel(cols, 1);
        expect([g.rows, g.cols]).toEqual([n, n]);
        expectIdentical(g.data, referenceGram(cols, 1), n);
      });

      it('reproduces 501 x 2,001 integer data exactly (ragged tiles, odd day count)', () => {
        const { cols, ref } = bigInteger();
        expectIdentical(kernel(cols, 1).data, ref, BIG);
      });

      it('matches the reference to 1e-12 relative on 501 x 2,001 uniform data, entry by entry', () => {
        const { cols, ref } = bigUniform();
        const g = kernel(cols, 1 / 2000);
        let worst = 0;
        for (let k = 0; k < ref.length; k++)
          worst = Math.max(worst, Math.abs(g.data[k]! - ref[k]!) / Math.abs(ref[k]!));
        expect(worst).toBeLessThan(1e-12);
        expectExactlySymmetric(g);
      });

      it('matches the reference on centred data of random shapes (fast-check)', () => {
        fc.assert(
          fc.property(
            fc.integer({ min: 1, max: 13 }),
            fc.integer({ min: 1, max: 41 }),
            fc.integer({ min: 1, max: 2 ** 30 }),
            fc.double({ min: -3, max: 3, noNaN: true }),
            (n, T, seed, scale) => {
              const cols = randomColumns(n, T, seed, 0);
              const g = kernel(cols, scale);
              expectGramClose(g, cols, scale, 1e-14);
              expectExactlySymmetric(g);
            },
          ),
          { numRuns: 150 },
        );
      });

      it('handles no columns and no days', () => {
        expect(kernel([], 1)).toEqual({ rows: 0, cols: 0, data: new Float64Array(0) });
        const g = kernel([new Float64Array(0), new Float64Array(0)], 1);
        expect([g.rows, g.cols]).toEqual([2, 2]);
        expect(Array.from(g.data)).toEqual([0, 0, 0, 0]);
      });
    });
  }

  it('the WebAssembly kernel agrees with the JS kernel on 500 x 2,000 returns-like data', () => {
    // centred and heavy in cancellation, as covariance of demeaned returns is
    const cols = randomColumns(500, 2000, 5, 0).map((c) => c.map((v) => 0.02 * v));
    const scale = 1 / 1999;
    const ref = referenceGram(cols, scale);
    expectGramClose(wasm(cols, scale), cols, scale, 1e-14, ref);
    expectGramClose(gramJs(cols, scale), cols, scale, 1e-14, ref);
  });
});

describe('gram: dispatch and input checks', () => {
  it('takes the WebAssembly kernel for large products and the JS kernel below the threshold', () => {
    const big = randomColumns(60, 200, 3, 0); // 360,000 multiply-adds
    const small = randomColumns(20, 200, 4, 0); // 40,000
    expect((60 * 60 * 200) / 2).toBeGreaterThanOrEqual(GRAM_WASM_MIN_WORK);
    expect((20 * 20 * 200) / 2).toBeLessThan(GRAM_WASM_MIN_WORK);
    const gBig = gram(big, 0.5);
    expect(gBig.data).toEqual(wasm(big, 0.5).data);
    // the two kernels round differently on this data, so the test tells them apart
    expect(gBig.data).not.toEqual(gramJs(big, 0.5).data);
    expect(gram(small, 0.5).data).toEqual(gramJs(small, 0.5).data);
  });

  it('falls back to the JS kernel when WebAssembly is missing', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const m = await import('../../src/main/engine/linalg/matrix');
      const w = await import('../../src/main/engine/linalg/gram-wasm');
      expect(w.gramWasmAvailable).toBe(false);
      const cols = randomColumns(60, 200, 3, 0);
      expect(m.gram(cols, 1).data).toEqual(gramJs(cols, 1).data);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('falls back to the JS kernel when the memory is refused', async () => {
    // the real constructors, typed loosely (tsconfig.node has no DOM lib declaring WebAssembly)
    const real = (globalThis as unknown as { WebAssembly: Record<string, unknown> }).WebAssembly;
    vi.resetModules();
    vi.stubGlobal('WebAssembly', {
      Module: real['Module'],
      Instance: real['Instance'],
      Memory: class {
        constructor() {
          throw new RangeError('WebAssembly.Memory(): could not allocate memory');
        }
      },
    });
    try {
      const m = await import('../../src/main/engine/linalg/matrix');
      const w = await import('../../src/main/engine/linalg/gram-wasm');
      expect(w.gramWasmAvailable).toBe(true);
      const cols = randomColumns(60, 200, 3, 0);
      expect(w.gramWasm(cols, 1)).toBeNull();
      expect(m.gram(cols, 1).data).toEqual(gramJs(cols, 1).data);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('says which column is short, which value is not finite or overflows; refuses a non-finite scale', () => {
    const ok = Float64Array.of(1, 2, 3);
    expect(() => gram([ok, ok, Float64Array.of(1, 2)], 1)).toThrow(
      /column 2 has 2 values, column 0 has 3/,
    );
    expect(() => gram([ok, Float64Array.of(1, NaN, 3)], 1)).toThrow(/column 1 holds NaN at row 1/);
    expect(() => gram([Float64Array.of(Infinity, 0, 0), ok], 1)).toThrow(
      /column 0 holds Infinity at row 0/,
    );
    expect(() => gram([ok], NaN)).toThrow(/scale must be finite/);
    expect(() => gram([ok, Float64Array.of(1, 1e200, 0)], 1)).toThrow(
      /sum of squares of column 1, times the scale, overflows/,
    );
    // the same checks on the WebAssembly path (a product above the threshold)
    const cols = randomColumns(60, 200, 3, 0);
    cols[41]![117] = NaN;
    expect(() => gram(cols, 1)).toThrow(/column 41 holds NaN at row 117/);
    cols[41]![117] = -Infinity;
    expect(() => gram(cols, 1)).toThrow(/column 41 holds -Infinity at row 117/);
  });
});
