import { KeelError } from '../../../shared/errors';
import { zeros, type Matrix } from '../linalg/matrix';

export interface PriceSeries {
  symbol: string;
  /** YYYY-MM-DD, strictly increasing. */
  dates: string[];
  closes: ArrayLike<number>;
}

export type ReturnKind = 'simple' | 'log';
/**
 * 'common': only days on which every kept asset has a return (a complete matrix).
 * 'pairwise': every day any asset has a return; NaN where one has none (for pairwise
 * covariance followed by a PSD repair).
 */
export type MissingPolicy = 'common' | 'pairwise';

export interface ReturnsPanel {
  symbols: string[];
  dates: string[];
  /** T x N, NaN where an asset has no return that day (pairwise policy only). */
  returns: Matrix;
  /** Assets left out, and why. */
  excluded: { symbol: string; reason: string }[];
  warnings: string[];
}

/**
 * Checks every price series (finite, positive, dates strictly increasing) and turns it into
 * returns between consecutive closes; a return belongs to the later day. Assets with too few
 * returns, or whose price never moves, are excluded with a stated reason rather than poisoning
 * the covariance.
 */
export function buildReturns(
  series: readonly PriceSeries[],
  opts: { kind?: ReturnKind; policy?: MissingPolicy; minObservations?: number } = {},
): ReturnsPanel {
  const kind = opts.kind ?? 'simple';
  const policy = opts.policy ?? 'common';
  const minObs = opts.minObservations ?? 30;
  const seen = new Set<string>();
  const perAsset: { symbol: string; byDate: Map<string, number> }[] = [];
  const excluded: { symbol: string; reason: string }[] = [];
  for (const s of series) {
    if (seen.has(s.symbol))
      throw new KeelError('VALIDATION', `Asset ${s.symbol} appears twice.`, [
        { path: s.symbol, message: 'duplicate asset' },
      ]);
    seen.add(s.symbol);
    if (s.dates.length !== s.closes.length)
      throw new KeelError(
        'VALIDATION',
        `${s.symbol}: ${s.dates.length} dates but ${s.closes.length} closes.`,
      );
    const byDate = new Map<string, number>();
    let moves = false;
    for (let i = 0; i < s.dates.length; i++) {
      const d = s.dates[i]!;
      const p = s.closes[i]!;
      if (!Number.isFinite(p) || p <= 0) {
        throw new KeelError(
          'VALIDATION',
          `${s.symbol} on ${d}: price ${p} is not a positive finite number.`,
          [{ path: `${s.symbol}.${d}`, message: 'bad price' }],
        );
      }
      if (i > 0) {
        const prev = s.dates[i - 1]!;
        if (d === prev)
          throw new KeelError('VALIDATION', `${s.symbol}: date ${d} appears twice.`, [
            { path: `${s.symbol}.${d}`, message: 'duplicate date' },
          ]);
        if (d < prev)
          throw new KeelError(
            'VALIDATION',
            `${s.symbol}: dates are not in order (${d} after ${prev}).`,
            [{ path: `${s.symbol}.${d}`, message: 'unsorted dates' }],
          );
        const q = s.closes[i - 1]!;
        if (p !== q) moves = true;
        byDate.set(d, kind === 'simple' ? p / q - 1 : Math.log(p / q));
      }
    }
    if (byDate.size < minObs)
      excluded.push({
        symbol: s.symbol,
        reason: `only ${byDate.size} returns (at least ${minObs} needed)`,
      });
    else if (!moves)
      excluded.push({ symbol: s.symbol, reason: 'its price never changes (zero variance)' });
    else perAsset.push({ symbol: s.symbol, byDate });
  }
  if (!perAsset.length)
    throw new KeelError(
      'VALIDATION',
      `No asset has enough usable history${excluded.length ? `: ${excluded.map((e) => `${e.symbol} ${e.reason}`).join('; ')}` : ''}.`,
    );

  const allDates = new Set<string>();
  for (const a of perAsset) for (const d of a.byDate.keys()) allDates.add(d);
  let dates = [...allDates].sort();
  if (policy === 'common') dates = dates.filter((d) => perAsset.every((a) => a.byDate.has(d)));
  const warnings: string[] = [];
  if (policy === 'common' && dates.length < minObs) {
    const shortest = perAsset.reduce((a, b) => (a.byDate.size <= b.byDate.size ? a : b));
    throw new KeelError(
      'VALIDATION',
      `The assets share only ${dates.length} days of returns (at least ${minObs} needed); ${shortest.symbol} has the shortest history. Drop it, or use the pairwise policy.`,
    );
  }
  const T = dates.length;
  const N = perAsset.length;
  const returns = zeros(T, N);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < N; j++) returns.data[t * N + j] = perAsset[j]!.byDate.get(dates[t]!) ?? NaN;
  }
  for (const e of excluded) warnings.push(`${e.symbol} left out: ${e.reason}.`);
  return { symbols: perAsset.map((a) => a.symbol), dates, returns, excluded, warnings };
}
