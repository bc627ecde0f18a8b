import Decimal from 'decimal.js';
import { fail, ok, quote, type Parsed } from './types';

// Numeric text from exports, normalised to exact decimal strings with string operations only:
// a quantity never passes through a binary float. Handles thousands separators (',', '.', ' ',
// no-break spaces, apostrophes), decimal commas, signs (including U+2212 and accounting
// parentheses), scientific notation and currency signs.

export type DecimalSeparator = '.' | ',';
/** 'auto': decide per value when that is unambiguous, refuse when it is not. */
export type DecimalSetting = DecimalSeparator | 'auto';

export interface NumberOptions {
  decimal?: DecimalSetting | undefined;
  /** Maximum decimal places kept (the ledger's DecimalString allows 18). */
  maxPlaces?: number | undefined;
}

const MAX_PLACES = 18;
// Characters that may group thousands. ',' and '.' group only when they are not the decimal mark.
const SPACE_GROUPS = new Set([' ', '\u00a0', '\u202f', "'", '\u2019']);
const CURRENCY_SIGNS = /^[$€£¥₿]|[$€£¥₿]$/;

/** Exact decimal arithmetic for the few derived values (prices from totals). */
export const D = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 60,
});

function stripZeros(intPart: string, frac: string, negative: boolean): string {
  let i = 0;
  while (i < intPart.length - 1 && intPart.charCodeAt(i) === 48) i++;
  const int = intPart.slice(i) || '0';
  let j = frac.length;
  while (j > 0 && frac.charCodeAt(j - 1) === 48) j--;
  const f = frac.slice(0, j);
  const body = f ? `${int}.${f}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

function isDigits(s: string): boolean {
  if (!s) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The decimal mark a value proves on its own, or undefined when it proves nothing ('1234',
 * '1,234'). Used to sniff a file's convention from a sample of its values.
 */
export function decimalEvidence(raw: string): DecimalSeparator | undefined {
  const r = classify(unwrap(raw).body, 'auto');
  return r.ok ? r.value.evidence : undefined;
}

interface Unwrapped {
  body: string;
  negative: boolean;
  exponent: number;
  bad?: string;
}

function unwrap(raw: string): Unwrapped {
  let s = raw.trim();
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // Sign and currency sign in either order: -$1,234.56, $-1,234.56, €1.234,56
  for (let k = 0; k < 2; k++) {
    const c = s[0];
    if (c === '-' || c === '\u2212') {
      negative = !negative;
      s = s.slice(1).trimStart();
    } else if (c === '+') {
      s = s.slice(1).trimStart();
    }
    if (CURRENCY_SIGNS.test(s)) s = s.replace(CURRENCY_SIGNS, '').trim();
  }
  let exponent = 0;
  const e = /[eE]([+-]?\d{1,4})$/.exec(s);
  if (e) {
    exponent = Number(e[1]);
    s = s.slice(0, e.index);
  }
  return { body: s, negative, exponent };
}

interface Classified {
  int: string;
  frac: string;
  evidence: DecimalSeparator | undefined;
}

function classify(body: string, setting: DecimalSetting): Parsed<Classified> {
  if (!body) return fail('no digits');
  let dots = 0;
  let commas = 0;
  let lastSep = -1;
  let spaces = false;
  let digits = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) digits++;
    else if (ch === '.') {
      dots++;
      lastSep = i;
    } else if (ch === ',') {
      commas++;
      lastSep = i;
    } else if (SPACE_GROUPS.has(ch)) spaces = true;
    else return fail(`${quote(body)} is not a number`);
  }
  if (!digits) return fail('no digits');

  let mark: DecimalSeparator | undefined;
  let evidence: DecimalSeparator | undefined;
  if (setting !== 'auto') {
    mark = setting;
  } else if (dots && commas) {
    mark = body[lastSep] as DecimalSeparator;
    evidence = mark;
  } else if (dots + commas > 1) {
    // One kind of separator, several times: it groups thousands; the value is whole.
    mark = dots ? ',' : '.';
    evidence = mark;
  } else if (dots + commas === 1) {
    const sep = body[lastSep] as DecimalSeparator;
    const after = body.length - lastSep - 1;
    const lead = body.slice(0, lastSep).replace(/[\s'\u2019\u00a0\u202f]/g, '');
    if (after !== 3 || lead === '0' || lead === '' || lead.length > 3 || spaces) {
      mark = sep;
      evidence = sep;
    } else {
      return fail(
        `${quote(body)} is ambiguous: ${lead}${body.slice(lastSep + 1)} if '${sep}' groups thousands, ` +
          `${lead}.${body.slice(lastSep + 1)} if '${sep}' is the decimal mark; set the file's decimal ` +
          `separator ('.' or ',')`,
      );
    }
  }

  let intText = body;
  let frac = '';
  if (mark) {
    const at = body.indexOf(mark);
    if (at >= 0) {
      if (body.indexOf(mark, at + 1) >= 0)
        return fail(`${quote(body)} has more than one decimal mark '${mark}'`);
      intText = body.slice(0, at);
      frac = body.slice(at + 1);
      if (frac && !isDigits(frac))
        return fail(`${quote(body)}: unexpected character after the decimal mark '${mark}'`);
    }
  }
  // Whatever separators remain in the whole part group thousands: one kind, groups of three.
  let int = intText;
  if (!isDigits(intText) && intText !== '') {
    let group: string | undefined;
    for (const ch of intText) {
      if (ch >= '0' && ch <= '9') continue;
      if (group === undefined) group = ch;
      else if (ch !== group) return fail(`${quote(body)} mixes thousands separators`);
    }
    if (group === mark) return fail(`${quote(body)} has more than one decimal mark '${mark}'`);
    const parts = intText.split(group!);
    const okGroups =
      parts[0]!.length >= 1 &&
      parts[0]!.length <= 3 &&
      isDigits(parts[0]!) &&
      parts.slice(1).every((p) => p.length === 3 && isDigits(p));
    if (!okGroups) return fail(`${quote(body)}: misplaced thousands separator`);
    int = parts.join('');
    if (mark === undefined && (group === '.' || group === ','))
      evidence = group === ',' ? '.' : ',';
  }
  if (!int && !frac) return fail('no digits');
  return ok({ int: int || '0', frac, evidence });
}

/**
 * Parses numeric text to a canonical decimal string ('-1234.5', '0.00000015', '0'). The
 * decimal mark comes from the file's setting; with 'auto' a value that could be read two ways
 * ('1,234' is 1234 or 1.234) is refused rather than guessed.
 */
export function parseDecimal(raw: string, opts: NumberOptions = {}): Parsed<string> {
  const text = raw.trim();
  if (!text) return fail('empty');
  const maxPlaces = opts.maxPlaces ?? MAX_PLACES;
  // Fast path: plain digits with an optional '.' fraction (the common case in exports).
  if (opts.decimal !== ',' && /^-?\d+(\.\d+)?$/.test(text)) {
    if (opts.decimal === undefined || opts.decimal === 'auto') {
      // '1.234' alone is ambiguous in a file whose convention is unknown.
      const dot = text.indexOf('.');
      if (dot >= 0 && text.length - dot - 1 === 3) {
        const lead = text.slice(text[0] === '-' ? 1 : 0, dot);
        if (lead !== '0' && lead.length <= 3) return parseSlow(text, opts, maxPlaces);
      }
    }
    const neg = text[0] === '-';
    const body = neg ? text.slice(1) : text;
    const dot = body.indexOf('.');
    const int = dot < 0 ? body : body.slice(0, dot);
    const frac = dot < 0 ? '' : body.slice(dot + 1);
    const out = stripZeros(int, frac, neg);
    return placesOk(out, maxPlaces, text);
  }
  return parseSlow(text, opts, maxPlaces);
}

function parseSlow(text: string, opts: NumberOptions, maxPlaces: number): Parsed<string> {
  const u = unwrap(text);
  const c = classify(u.body, opts.decimal ?? 'auto');
  if (!c.ok) return fail(c.reason === 'no digits' ? `${quote(text)} is not a number` : c.reason);
  let { int, frac } = c.value;
  if (u.exponent) {
    const digits = int + frac;
    const point = int.length + u.exponent;
    if (point <= 0) {
      int = '0';
      frac = '0'.repeat(-point) + digits;
    } else if (point >= digits.length) {
      int = digits + '0'.repeat(point - digits.length);
      frac = '';
    } else {
      int = digits.slice(0, point);
      frac = digits.slice(point);
    }
  }
  return placesOk(stripZeros(int, frac, u.negative), maxPlaces, text);
}

function placesOk(out: string, maxPlaces: number, text: string): Parsed<string> {
  const dot = out.indexOf('.');
  if (dot >= 0 && out.length - dot - 1 > maxPlaces)
    return fail(`${quote(text)} has more than ${maxPlaces} decimal places`);
  return ok(out);
}

/** Picks the file's decimal mark from sample values when they agree; undefined otherwise. */
export function sniffDecimal(values: Iterable<string>): {
  decimal: DecimalSeparator | undefined;
  conflict: boolean;
} {
  let dot = 0;
  let comma = 0;
  for (const v of values) {
    const e = decimalEvidence(v);
    if (e === '.') dot++;
    else if (e === ',') comma++;
  }
  if (dot && comma) return { decimal: undefined, conflict: true };
  return { decimal: dot ? '.' : comma ? ',' : undefined, conflict: false };
}

export const isNegative = (d: string): boolean => d.startsWith('-');
export const isZero = (d: string): boolean => d === '0';
export const abs = (d: string): string => (d.startsWith('-') ? d.slice(1) : d);
export const negate = (d: string): string =>
  d === '0' ? d : d.startsWith('-') ? d.slice(1) : `-${d}`;

/** Canonical decimal string of a decimal.js value, rounded half-even to 18 places. */
export function fromDecimal(x: Decimal): string {
  const s = x.toDecimalPlaces(MAX_PLACES, Decimal.ROUND_HALF_EVEN).toFixed();
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  return stripZeros(dot < 0 ? body : body.slice(0, dot), dot < 0 ? '' : body.slice(dot + 1), neg);
}

/** a / b, rounded half-even to 18 decimal places (prices derived from totals). */
export function divide(a: string, b: string): string {
  return fromDecimal(new D(a).div(new D(b)));
}

/** a × b / c, rounded half-even to 18 decimal places. */
export function mulDiv(a: string, b: string, c: string): string {
  return fromDecimal(new D(a).times(new D(b)).div(new D(c)));
}

export function subtract(a: string, b: string): string {
  return fromDecimal(new D(a).minus(new D(b)));
}

export function compare(a: string, b: string): number {
  return new D(a).cmp(new D(b));
}

/**
 * Splits an amount carrying its unit, '0.5BTC' or '15,000.00 USDT', into number text and unit.
 * When the caller knows the candidate units (a pair's base and quote), the longest candidate
 * that ends the text wins: Binance writes '10.51INCH' for 10.5 of 1INCH.
 */
export function splitUnit(
  raw: string,
  candidates: readonly string[] = [],
): { amount: string; unit: string } | undefined {
  const s = raw.trim();
  const upper = s.toUpperCase();
  for (const c of [...candidates].sort((a, b) => b.length - a.length)) {
    if (c && upper.endsWith(c.toUpperCase())) {
      const amount = s.slice(0, s.length - c.length).trim();
      if (/\d$/.test(amount)) return { amount, unit: c.toUpperCase() };
    }
  }
  const m = /^(.*?\d)\s*([A-Za-z][A-Za-z0-9._-]*)$/.exec(s);
  if (!m) return undefined;
  return { amount: m[1]!, unit: m[2]!.toUpperCase() };
}
