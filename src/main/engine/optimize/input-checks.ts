// Input checks shared by the allocation methods of this folder (returns models, Black-Litterman,
// HRP/HERC, risk budgeting, baselines): bad input throws a RangeError that names the function,
// the field and the asset, never a NaN weight later on.
import type { Matrix } from '../linalg/matrix';

/** "BTC" when symbols are given, else "asset 3" (0-based index, as the caller passed them). */
export function assetName(i: number, symbols?: readonly string[]): string {
  return symbols?.[i] ?? `asset ${i}`;
}

/** A square, finite, symmetric covariance with a positive diagonal (every asset has risk). */
export function checkCovariance(cov: Matrix, where: string, symbols?: readonly string[]): void {
  const n = cov.rows;
  if (n < 1 || cov.cols !== n || cov.data.length !== n * n)
    throw new RangeError(
      `${where}: covariance must be square and non-empty, got ${cov.rows} x ${cov.cols}`,
    );
  if (symbols && symbols.length !== n)
    throw new RangeError(`${where}: ${symbols.length} symbols for a ${n} x ${n} covariance`);
  for (let i = 0; i < n; i++) {
    const v = cov.data[i * n + i]!;
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(
        `${where}: variance of ${assetName(i, symbols)} is ${v} (must be positive and finite)`,
      );
    for (let j = 0; j < i; j++) {
      const a = cov.data[i * n + j]!;
      const b = cov.data[j * n + i]!;
      if (!Number.isFinite(a) || !Number.isFinite(b))
        throw new RangeError(
          `${where}: covariance of ${assetName(i, symbols)} and ${assetName(j, symbols)} is not finite`,
        );
      if (Math.abs(a - b) > 1e-10 * Math.sqrt(v * cov.data[j * n + j]!))
        throw new RangeError(
          `${where}: covariance is not symmetric at ${assetName(i, symbols)} / ${assetName(j, symbols)} (${a} vs ${b})`,
        );
    }
  }
}

/** A vector of n finite numbers (optionally each > 0 or >= 0). */
export function checkVector(
  v: ArrayLike<number>,
  n: number,
  field: string,
  where: string,
  opts: { sign?: 'positive' | 'non-negative'; symbols?: readonly string[] } = {},
): Float64Array {
  if (v.length !== n)
    throw new RangeError(`${where}: ${field} has ${v.length} entries, expected ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    const bad =
      !Number.isFinite(x) ||
      (opts.sign === 'positive' && !(x > 0)) ||
      (opts.sign === 'non-negative' && !(x >= 0));
    if (bad)
      throw new RangeError(
        `${where}: ${field} of ${assetName(i, opts.symbols)} is ${x}${opts.sign ? ` (must be ${opts.sign} and finite)` : ' (must be finite)'}`,
      );
    out[i] = x;
  }
  return out;
}

/**
 * Long-only per-asset bounds: 0 <= lower <= upper, sum(lower) <= 1 <= sum(upper) (otherwise no
 * fully invested portfolio fits them). Defaults 0 and 1.
 */
export function checkBounds(
  n: number,
  where: string,
  bounds: { lower?: ArrayLike<number>; upper?: ArrayLike<number> },
  symbols?: readonly string[],
): { lower: Float64Array; upper: Float64Array } {
  const lower = bounds.lower
    ? checkVector(bounds.lower, n, 'lower bound', where, { sign: 'non-negative', symbols })
    : new Float64Array(n);
  const upper = bounds.upper
    ? checkVector(bounds.upper, n, 'upper bound', where, { sign: 'non-negative', symbols })
    : new Float64Array(n).fill(1);
  let sl = 0;
  let su = 0;
  for (let i = 0; i < n; i++) {
    if (lower[i]! > upper[i]!)
      throw new RangeError(
        `${where}: lower bound ${lower[i]} of ${assetName(i, symbols)} is above its upper bound ${upper[i]}`,
      );
    sl += lower[i]!;
    su += upper[i]!;
  }
  if (sl > 1 + 1e-12)
    throw new RangeError(
      `${where}: the lower bounds add up to ${sl}, more than the whole portfolio`,
    );
  if (su < 1 - 1e-12)
    throw new RangeError(
      `${where}: the upper bounds add up to ${su}, less than the whole portfolio`,
    );
  return { lower, upper };
}
