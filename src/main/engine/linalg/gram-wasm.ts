import { GRAM_TILE_COLS, GRAM_TILE_ROWS, GRAM_WASM_BYTES } from './gram-wasm-bytes';
import type { Matrix } from './matrix';

// The Gram product on WebAssembly SIMD (f64x2): ~4x the scalar JS kernel, as V8 gives JS no
// vector arithmetic. The module (414 bytes, emitted by scripts/build-wasm-gram.cjs) is compiled
// once when this file loads; each call gets its own memory and instance, so calls share nothing
// and worker threads each compile their own copy.

const R = GRAM_TILE_ROWS;
const C = GRAM_TILE_COLS;

/** The slice of the WebAssembly JS API used here (tsconfig.node has no DOM lib to declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => { buffer: ArrayBuffer };
}

type TileFn = (pa: number, pb: number, bytes: number, out: number, outStride: number) => void;

const WASM = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** null where WebAssembly or its SIMD is missing: gram then keeps to its JS kernel. */
const GRAM_MODULE: object | null = (() => {
  try {
    return WASM ? new WASM.Module(GRAM_WASM_BYTES) : null;
  } catch {
    return null;
  }
})();

export const gramWasmAvailable = GRAM_MODULE !== null;

// Byte offsets are i32 in the module; staying under 2 GiB keeps them positive as JS passes them.
const MAX_BYTES = 2 ** 31;

/**
 * G_ij = scale · <c_i, c_j>, both halves filled, as `gram` in matrix.ts, whose input checks
 * (equal lengths, finite values) it relies on. null when WebAssembly is unavailable or the memory
 * cannot be had (too large, or refused): the caller falls back to the JS kernel.
 *
 * Layout in the module's memory: columns padded with zero columns to a multiple of R and with a
 * zero day to an even length (zeros add nothing to a dot product, so the kernel has no edge
 * cases), in panels of R columns interleaved by pairs of days (column c's days 2g, 2g+1 at
 * panel(c) + 16·(R·g + c mod R) bytes); then the padded np x np output.
 */
export function gramWasm(cols: Float64Array[], scale: number): Matrix | null {
  if (!GRAM_MODULE || !WASM) return null;
  const n = cols.length;
  const T = n ? cols[0]!.length : 0;
  const g: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
  if (n === 0 || T === 0) return g; // empty sums; the kernel needs at least one pair of days
  const np = Math.ceil(n / R) * R;
  const Tp = T + (T % 2);
  const panelDoubles = Tp * R;
  const dataBytes = np * Tp * 8; // a multiple of 16·R: the output stays aligned after it
  const totalBytes = dataBytes + np * np * 8;
  if (totalBytes > MAX_BYTES) return null;

  let tile: TileFn;
  let buffer: ArrayBuffer;
  try {
    const memory = new WASM.Memory({ initial: Math.ceil(totalBytes / 65536) });
    tile = new WASM.Instance(GRAM_MODULE, { env: { mem: memory } }).exports.tile as TileFn;
    buffer = memory.buffer;
  } catch {
    return null; // address space or memory refused: the JS kernel needs far less
  }

  const mem = new Float64Array(buffer, 0, np * Tp);
  for (let c = 0; c < n; c++) {
    const col = cols[c]!;
    let k = Math.floor(c / R) * panelDoubles + (c % R) * 2;
    let t = 0;
    for (; t + 1 < T; t += 2, k += 2 * R) {
      mem[k] = col[t]!;
      mem[k + 1] = col[t + 1]!;
    }
    if (t < T) mem[k] = col[t]!;
  }

  // Upper triangle by R x C tiles; tiles on the diagonal also fill a few lower entries, unread.
  const panelBytes = panelDoubles * 8;
  const outStride = np * 8;
  for (let i = 0; i < np; i += R) {
    const pa = (i / R) * panelBytes;
    for (let j = i; j < np; j += C) {
      const pb = Math.floor(j / R) * panelBytes + (j % R) * 16;
      tile(pa, pb, panelBytes, dataBytes + (i * np + j) * 8, outStride);
    }
  }

  const out = new Float64Array(buffer, dataBytes, np * np);
  const d = g.data;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = out[i * np + j]! * scale;
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return g;
}
