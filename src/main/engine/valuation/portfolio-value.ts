// Daily value of a book: quantity held x last known close, summed over assets. Pure, over
// row-major Float64Arrays (dates x assets).

export interface ValueSeriesInput {
  nDates: number;
  nAssets: number;
  /** Quantity held at the end of each day; row-major nDates x nAssets. */
  quantities: Float64Array;
  /** Close of each asset on each day, NaN where the asset has no quote that day. */
  closes: Float64Array;
  /** A close older than this many days no longer values a position (the day is incomplete). */
  maxStaleDays: number;
}

export interface ValueSeries {
  values: Float64Array;
  /** 1 where some held asset had no usable price that day (its value is left out). */
  incomplete: Uint8Array;
}

export function portfolioValueSeries(
  input: ValueSeriesInput,
  onProgress?: (fraction: number) => void,
): ValueSeries {
  const { nDates, nAssets, quantities, closes, maxStaleDays } = input;
  if (quantities.length !== nDates * nAssets || closes.length !== nDates * nAssets) {
    throw new RangeError(
      `expected ${nDates}x${nAssets} matrices, got ${quantities.length} and ${closes.length} cells`,
    );
  }
  const lastClose = new Float64Array(nAssets).fill(NaN);
  const lastSeen = new Int32Array(nAssets).fill(-1);
  const values = new Float64Array(nDates);
  const incomplete = new Uint8Array(nDates);
  const step = Math.max(1, Math.floor(nDates / 20));
  for (let t = 0; t < nDates; t++) {
    let v = 0;
    for (let j = 0; j < nAssets; j++) {
      const c = closes[t * nAssets + j]!;
      if (!Number.isNaN(c)) {
        lastClose[j] = c;
        lastSeen[j] = t;
      }
      const q = quantities[t * nAssets + j]!;
      if (q === 0) continue;
      const seen = lastSeen[j]!;
      if (seen < 0 || t - seen > maxStaleDays) {
        incomplete[t] = 1;
        continue;
      }
      v += q * lastClose[j]!;
    }
    values[t] = v;
    if (onProgress && t % step === 0) onProgress(t / nDates);
  }
  return { values, incomplete };
}
