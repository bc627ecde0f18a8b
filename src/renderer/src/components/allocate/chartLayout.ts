// Geometry of the frontier chart, kept apart from React so the unit tests can check it:
// "nice" axis ticks and the placement of point labels so that none overlaps another label,
// a marker or the plot's edge.

/**
 * Heckbert's nice number: a 1, 2 or 5 times a power of ten close to x (rounded) or not below x.
 * P. Heckbert, "Nice Numbers for Graph Labels", Graphics Gems (1990), pp. 61-63.
 */
export function niceNumber(x: number, round: boolean): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`niceNumber: x must be > 0, got ${x}`);
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  const nf = round
    ? f < 1.5
      ? 1
      : f < 3
        ? 2
        : f < 7
          ? 5
          : 10
    : f <= 1
      ? 1
      : f <= 2
        ? 2
        : f <= 5
          ? 5
          : 10;
  return nf * 10 ** exp;
}

export interface Ticks {
  /** The axis runs from lo to hi, both multiples of step. */
  lo: number;
  hi: number;
  step: number;
  values: number[];
  /** Decimals that print every tick exactly. */
  decimals: number;
}

/**
 * Heckbert's "loose labelling": about `count` ticks at a nice step, the axis widened to the
 * ticks around [min, max]. A zero-width range is widened around its value first.
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max)
    throw new RangeError(`niceTicks: need finite min <= max, got [${min}, ${max}]`);
  if (count < 2) throw new RangeError(`niceTicks: count must be >= 2, got ${count}`);
  if (max - min < 1e-12 * Math.max(1, Math.abs(min))) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 0.01;
    min -= pad;
    max += pad;
  }
  const range = niceNumber(max - min, false);
  const step = niceNumber(range / (count - 1), true);
  const decimals = Math.max(-Math.floor(Math.log10(step)), 0);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const values: number[] = [];
  // Rounded to the step's decimals, so 0.1 + 0.2 prints and compares as 0.3.
  for (let k = 0; lo + k * step <= hi + step / 2; k++)
    values.push(Number((lo + k * step).toFixed(decimals + 2)));
  return { lo: values[0]!, hi: values[values.length - 1]!, step, values, decimals };
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const overlaps = (a: Box, b: Box, gap = 0) =>
  a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;

export interface LabelRequest {
  key: string;
  /** The point, in pixels. */
  x: number;
  y: number;
  /** The label's size in pixels. */
  w: number;
  h: number;
}

export interface PlacedLabel {
  key: string;
  box: Box;
  /** True when the label sits away from its point and needs a leader line to it. */
  leader: boolean;
}

// Offsets tried around a point, nearest first: right, left, above, below, then the diagonals;
// each ring further out than the last.
const DIRECTIONS: [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, -1],
  [0, 1],
  [1, -1],
  [1, 1],
  [-1, -1],
  [-1, 1],
];
const RINGS = [7, 18, 32, 48];

/**
 * Places labels in the order given (most important first): each takes the nearest candidate
 * spot inside `bounds` that overlaps no label placed before it and no marker (`obstacles`).
 * A label with no free spot is left out: the caller lists it elsewhere (the tooltip still names it).
 */
export function placeLabels(
  requests: LabelRequest[],
  obstacles: Box[],
  bounds: Box,
): { placed: PlacedLabel[]; hidden: string[] } {
  const taken: Box[] = [];
  const placed: PlacedLabel[] = [];
  const hidden: string[] = [];
  const inside = (b: Box) =>
    b.x >= bounds.x &&
    b.y >= bounds.y &&
    b.x + b.w <= bounds.x + bounds.w &&
    b.y + b.h <= bounds.y + bounds.h;
  for (const r of requests) {
    let found: PlacedLabel | null = null;
    search: for (const [ring, d] of RINGS.entries()) {
      for (const [dx, dy] of DIRECTIONS) {
        // Anchor the box on the side facing the point.
        const x = dx > 0 ? r.x + d : dx < 0 ? r.x - d - r.w : r.x - r.w / 2;
        const y = dy > 0 ? r.y + d : dy < 0 ? r.y - d - r.h : r.y - r.h / 2;
        const box = { x, y, w: r.w, h: r.h };
        if (!inside(box)) continue;
        if (taken.some((t) => overlaps(box, t, 2))) continue;
        if (obstacles.some((o) => overlaps(box, o))) continue;
        found = { key: r.key, box, leader: ring > 0 };
        break search;
      }
    }
    if (found) {
      taken.push(found.box);
      placed.push(found);
    } else hidden.push(r.key);
  }
  return { placed, hidden };
}
