// Numbers as a desk reads them: thousands separators, fixed decimals, explicit percentages.

const groups = (intPart: string) => intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// toLocaleString with options builds a new Intl.NumberFormat per call (slow in grids and chart
// axes that format thousands of numbers): one cached formatter per number of decimals.
const fixedFormats = new Map<number, Intl.NumberFormat>();
const fixed = (decimals: number) => {
  let f = fixedFormats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    fixedFormats.set(decimals, f);
  }
  return f;
};
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/**
 * Negative figures take the typographic minus (−, as wide as +), everywhere the same; a value
 * that rounds to zero shows no sign at all ("0.00", never "−0.00").
 */
function minus(s: string): string {
  if (!s.startsWith('-')) return s;
  const rest = s.slice(1);
  return /[1-9]/.test(rest) ? `−${rest}` : rest;
}

export function formatMoney(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return minus(fixed(decimals).format(x));
}

/** A gain or loss: the sign always shown (+1,234.56, −0.40), never "−0.00". */
export function formatSignedMoney(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (Math.abs(x) < 0.5 * 10 ** -decimals) return fixed(decimals).format(0);
  const s = fixed(decimals).format(Math.abs(x));
  return x > 0 ? `+${s}` : `−${s}`;
}

/** Prices span 0.00001 to 100,000: enough decimals to show about six significant digits. */
export function formatPrice(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  // (zero, e.g. an axis's bottom tick, is "0.00", not "0.00000000")
  const decimals = a >= 1000 || a === 0 ? 2 : a >= 1 ? 4 : a >= 0.01 ? 5 : 8;
  return formatMoney(x, decimals);
}

export function formatPercent(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${minus((x * 100).toFixed(decimals))} %`;
}

/** An exact decimal string with thousands separators, digits untouched (no float rounding). */
export function formatDecimalString(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  return minus(`${m[1]}${groups(m[2]!)}${m[3] ? `.${m[3]}` : ''}`);
}

/**
 * A held quantity for a grid: the exact decimal string rounded half up to at most `maxDecimals`
 * places (a staked token's 18 places are noise on screen), with thousands separators. Exact
 * digit arithmetic on the string, no float.
 */
export function formatQuantity(s: string, maxDecimals = 8): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = ''] = m;
  if (frac.length <= maxDecimals) return formatDecimalString(s);
  let digits = BigInt(`${int}${frac.slice(0, maxDecimals)}`);
  if (frac[maxDecimals]! >= '5') digits += 1n;
  const text = digits.toString().padStart(maxDecimals + 1, '0');
  const cut = text.length - maxDecimals;
  const kept =
    maxDecimals > 0 ? `${text.slice(0, cut)}.${text.slice(cut)}`.replace(/\.?0+$/, '') : text;
  return formatDecimalString(`${sign}${kept}`);
}

export function formatCompact(x: number): string {
  return minus(compact.format(x));
}

/** A plain number with thousands separators and fixed decimals; never "-0.00". */
export function formatNumber(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const r = Math.abs(x) < 0.5 * 10 ** -decimals ? 0 : x;
  return minus(fixed(decimals).format(r));
}

/** A percentage with its sign always shown (+1.25 %, −0.40 %), for shares that may be negative. */
export function formatSignedPercent(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return formatPercent(Math.abs(x) < 0.5 * 10 ** -(decimals + 2) ? 0 : x, decimals);
}

/** A confidence level as desks write it: 0.99 → "99 %", 0.975 → "97.5 %". */
export function formatConfidence(alpha: number): string {
  if (!Number.isFinite(alpha)) return '—';
  return `${Number((alpha * 100).toFixed(2))} %`;
}

/** Days to exit a position; below a hundredth of a day the figure is just "< 0.01". */
export function formatDays(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x > 0 && x < 0.005) return '< 0.01';
  return formatNumber(x, 2);
}

/** Basis points (0.0001 = 1 bp). */
export function formatBp(x: number | null | undefined, decimals = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${formatNumber(x * 10_000, decimals)} bp`;
}
