// Scenario grid: P&L of a book over spot moves × vol shifts × horizons by FULL revaluation of
// every position (no Taylor expansion), so gamma, vega convexity, expiries inside the horizon and
// inverse payoffs are all exact. Scenario semantics are those of position-value.ts (forwards move
// with spot at fixed carry, sticky-strike vols plus an additive shift floored at 0, time decays
// options, accrues funding and lending interest, settles what expires).
import { checkPosition, marketOf, optionVol, positionValue } from './position-value';
import type { BookPosition, MarketMap } from './positions';

/** ±16 % in 9 steps. */
export const DEFAULT_SPOT_MOVES: readonly number[] = [
  -0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16,
];
/** Crash and squeeze moves around the default grid. */
export const EXTENDED_SPOT_MOVES: readonly number[] = [
  -0.5, -0.4, -0.3, -0.2, -0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16, 0.2, 0.3, 0.5, 1,
];
/** −10, 0, +10 vol points. */
export const DEFAULT_VOL_SHIFTS: readonly number[] = [-0.1, 0, 0.1];

export interface ScenarioGridSpec {
  /** Relative spot moves (0.04 = +4 %), each > −1. */
  spotMoves?: readonly number[];
  /** Additive implied-vol shifts (0.1 = +10 vol points). */
  volShifts?: readonly number[];
  /** Horizons in years (0 = now). Default [0]. */
  horizons?: readonly number[];
  /** Underlyings that move; the others stay at their base spot and vol. Default: all. */
  underlyings?: readonly string[];
}

export interface ScenarioGrid {
  spotMoves: Float64Array;
  volShifts: Float64Array;
  horizons: Float64Array;
  /** Book value now, in USD. */
  baseValue: number;
  /** P&L against baseValue, laid out [horizon][volShift][spotMove]: index (h·nVol + v)·nSpot + s. */
  pnl: Float64Array;
  /** The same grid per underlying. */
  byUnderlying: Record<string, Float64Array>;
  /** pnl at (horizon index, vol index, spot index). */
  at: (h: number, v: number, s: number) => number;
}

function checkAxis(
  name: string,
  xs: readonly number[],
  ok: (x: number) => boolean,
  rule: string,
): Float64Array {
  if (xs.length === 0) throw new RangeError(`scenario grid: ${name} is empty`);
  xs.forEach((x, i) => {
    if (!ok(x)) throw new RangeError(`scenario grid: ${name}[${i}] = ${x} ${rule}`);
  });
  return Float64Array.from(xs);
}

/** Full-revaluation P&L grid of a book. */
export function scenarioGrid(
  positions: readonly BookPosition[],
  markets: MarketMap,
  spec: ScenarioGridSpec = {},
): ScenarioGrid {
  const spotMoves = checkAxis(
    'spotMoves',
    spec.spotMoves ?? DEFAULT_SPOT_MOVES,
    (x) => x > -1 && x < Infinity,
    'must be a move > −100 %',
  );
  const volShifts = checkAxis(
    'volShifts',
    spec.volShifts ?? DEFAULT_VOL_SHIFTS,
    Number.isFinite,
    'must be finite',
  );
  const horizons = checkAxis(
    'horizons',
    spec.horizons ?? [0],
    (x) => x >= 0 && x < Infinity,
    'must be >= 0 years',
  );
  const moving = spec.underlyings ? new Set(spec.underlyings) : null;
  const nS = spotMoves.length;
  const nV = volShifts.length;
  const nH = horizons.length;
  const size = nS * nV * nH;
  const pnl = new Float64Array(size);
  const byUnderlying: Record<string, Float64Array> = {};
  let baseValue = 0;
  const sc = { spotFactor: 1, volShift: 0, elapsed: 0 };
  const firstRow = new Float64Array(nS);

  positions.forEach((p, i) => {
    checkPosition(p, i);
    const m = marketOf(markets, p, i);
    const vol = p.kind === 'option' ? optionVol(p, m, i) : undefined;
    const moves = !moving || moving.has(p.underlying);
    const base = positionValue(p, m, {}, vol);
    baseValue += base;
    const acc = (byUnderlying[p.underlying] ??= new Float64Array(size));
    const volSensitive = p.kind === 'option';
    for (let h = 0; h < nH; h++) {
      sc.elapsed = horizons[h]!;
      for (let v = 0; v < nV; v++) {
        const row = (h * nV + v) * nS;
        // only options see the vol shift: other kinds repeat the first vol row of this horizon
        if (v > 0 && !volSensitive) {
          for (let s = 0; s < nS; s++) {
            acc[row + s]! += firstRow[s]!;
            pnl[row + s]! += firstRow[s]!;
          }
          continue;
        }
        sc.volShift = moves ? volShifts[v]! : 0;
        for (let s = 0; s < nS; s++) {
          sc.spotFactor = moves ? 1 + spotMoves[s]! : 1;
          const d = positionValue(p, m, sc, vol) - base;
          if (v === 0) firstRow[s] = d;
          acc[row + s]! += d;
          pnl[row + s]! += d;
        }
      }
    }
  });
  return {
    spotMoves,
    volShifts,
    horizons,
    baseValue,
    pnl,
    byUnderlying,
    at: (h, v, s) => {
      if (!(h >= 0 && h < nH && v >= 0 && v < nV && s >= 0 && s < nS))
        throw new RangeError(
          `scenario grid: index (${h}, ${v}, ${s}) outside ${nH} x ${nV} x ${nS}`,
        );
      return pnl[(h * nV + v) * nS + s]!;
    },
  };
}
