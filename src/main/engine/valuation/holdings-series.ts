// Daily value of a book per instrument, in a base currency, with each instrument's weight.
// Pure, over row-major Float64Arrays (dates x columns). A column is one quantity valued at one
// close series; several columns may belong to one instrument (a margined contract adds its
// entry notional in a column of its own), so values are summed per group of columns.
//
// Closes are carried forward over missing days up to maxStaleDays, as portfolioValueSeries
// does; the base currency's close follows the same rule. value_base = value_usd / close(base).

export interface HoldingsSeriesInput {
  nDates: number;
  nColumns: number;
  /** Quantity held at the end of each day; row-major nDates x nColumns. */
  quantities: Float64Array;
  /** USD close of each column on each day, NaN where it has no quote that day. */
  closes: Float64Array;
  /** The group (instrument) of each column, 0 .. nGroups - 1. */
  groupOf: Int32Array;
  nGroups: number;
  /** USD close of the base currency per day (NaN where none); left out for a USD base. */
  baseCloses?: Float64Array;
  /** A close older than this many days no longer values anything (the day is incomplete). */
  maxStaleDays: number;
  /** Names of the columns, for error messages. */
  columnNames?: readonly string[];
}

/** Bits of HoldingsSeries.incomplete. */
export const MISSING_ASSET_CLOSE = 1;
export const MISSING_BASE_CLOSE = 2;

export interface HoldingsSeries {
  /** Value per day and group in the base currency; NaN where a held column has no usable close. */
  values: Float64Array;
  /** Value of the book per day in the base currency (the sum of the groups that are valued). */
  totals: Float64Array;
  /** The same in USD (before the base conversion). */
  totalsUsd: Float64Array;
  /** values / totals on complete days with a positive total; NaN otherwise. */
  weights: Float64Array;
  /** Per day: 0, or MISSING_ASSET_CLOSE | MISSING_BASE_CLOSE. */
  incomplete: Uint8Array;
}

function checkInput(input: HoldingsSeriesInput): void {
  const { nDates, nColumns, nGroups, quantities, closes, groupOf, baseCloses, maxStaleDays } =
    input;
  const name = (j: number) => input.columnNames?.[j] ?? `column ${j}`;
  for (const [k, v] of Object.entries({ nDates, nColumns, nGroups, maxStaleDays }))
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`${k} must be a whole number >= 0, got ${v}`);
  if (quantities.length !== nDates * nColumns || closes.length !== nDates * nColumns)
    throw new RangeError(
      `expected ${nDates}x${nColumns} quantities and closes, got ${quantities.length} and ${closes.length} cells`,
    );
  if (groupOf.length !== nColumns)
    throw new RangeError(`groupOf has ${groupOf.length} entries for ${nColumns} columns`);
  for (let j = 0; j < nColumns; j++) {
    const g = groupOf[j]!;
    if (g < 0 || g >= nGroups)
      throw new RangeError(`${name(j)} belongs to group ${g}, outside 0..${nGroups - 1}`);
  }
  if (baseCloses && baseCloses.length !== nDates)
    throw new RangeError(`baseCloses has ${baseCloses.length} days, expected ${nDates}`);
  for (let t = 0; t < nDates; t++) {
    for (let j = 0; j < nColumns; j++) {
      const q = quantities[t * nColumns + j]!;
      const c = closes[t * nColumns + j]!;
      if (!Number.isFinite(q))
        throw new RangeError(`quantity of ${name(j)} on day ${t} is not a finite number: ${q}`);
      if (!(Number.isNaN(c) || (c > 0 && c < Infinity)))
        throw new RangeError(`close of ${name(j)} on day ${t} must be positive (or missing): ${c}`);
    }
    const b = baseCloses?.[t];
    if (b !== undefined && !(Number.isNaN(b) || (b > 0 && b < Infinity)))
      throw new RangeError(
        `close of the base currency on day ${t} must be positive (or missing): ${b}`,
      );
  }
}

export function holdingsValueSeries(
  input: HoldingsSeriesInput,
  onProgress?: (fraction: number) => void,
): HoldingsSeries {
  checkInput(input);
  const {
    nDates,
    nColumns: m,
    nGroups,
    quantities,
    closes,
    groupOf,
    baseCloses,
    maxStaleDays,
  } = input;
  const lastClose = new Float64Array(m).fill(NaN);
  const lastSeen = new Int32Array(m).fill(-1);
  let baseClose = NaN;
  let baseSeen = -1;
  const values = new Float64Array(nDates * nGroups);
  const totals = new Float64Array(nDates);
  const totalsUsd = new Float64Array(nDates);
  const weights = new Float64Array(nDates * nGroups).fill(NaN);
  const incomplete = new Uint8Array(nDates);
  const usd = new Float64Array(nGroups);
  const unpriced = new Uint8Array(nGroups);
  const step = Math.max(1, Math.floor(nDates / 20));
  for (let t = 0; t < nDates; t++) {
    usd.fill(0);
    unpriced.fill(0);
    for (let j = 0; j < m; j++) {
      const c = closes[t * m + j]!;
      if (!Number.isNaN(c)) {
        lastClose[j] = c;
        lastSeen[j] = t;
      }
      const q = quantities[t * m + j]!;
      if (q === 0) continue;
      const g = groupOf[j]!;
      const seen = lastSeen[j]!;
      if (seen < 0 || t - seen > maxStaleDays) unpriced[g] = 1;
      else usd[g]! += q * lastClose[j]!;
    }
    let divisor = 1;
    if (baseCloses) {
      const b = baseCloses[t]!;
      if (!Number.isNaN(b)) {
        baseClose = b;
        baseSeen = t;
      }
      divisor = baseSeen < 0 || t - baseSeen > maxStaleDays ? NaN : baseClose;
    }
    let flags = Number.isNaN(divisor) ? MISSING_BASE_CLOSE : 0;
    let totalUsd = 0;
    let total = 0;
    for (let g = 0; g < nGroups; g++) {
      if (unpriced[g]) {
        flags |= MISSING_ASSET_CLOSE;
        values[t * nGroups + g] = NaN;
        continue;
      }
      const v = usd[g]! / divisor;
      values[t * nGroups + g] = v;
      totalUsd += usd[g]!;
      total += v;
    }
    totalsUsd[t] = totalUsd;
    totals[t] = Number.isNaN(divisor) ? NaN : total;
    incomplete[t] = flags;
    if (flags === 0 && total > 0)
      for (let g = 0; g < nGroups; g++) weights[t * nGroups + g] = values[t * nGroups + g]! / total;
    if (onProgress && t % step === 0) onProgress(t / nDates);
  }
  return { values, totals, totalsUsd, weights, incomplete };
}
