// Exact decimal arithmetic for the ledger, in fixed point: a value v is the bigint v x 10^36.
// Quantities and prices carry up to 18 decimal places, so a product (quantity x price) carries
// up to 36: every sum, difference and such product the book makes is exact, at any magnitude.
// Only divisions (a partial lot's share of a basis, an average cost, a unit cost, a liquidity
// split) do not terminate in general; they are rounded half-even to 36 places, and the
// remainder is always obtained by subtraction, so a basis split in two still adds up exactly
// to what it was. (bigint rather than decimal.js: several times faster on 100,000 transactions.)

export type Dec = bigint;

export const PLACES = 36;
export const SCALE = 10n ** 36n;
export const ZERO: Dec = 0n;
export const ONE: Dec = SCALE;

/** The shape of a ledger decimal field: optional sign, at most 18 decimal places. */
export const DECIMAL_TEXT = /^-?\d+(\.\d{1,18})?$/;
/** Any plain decimal this module can read exactly (up to 36 places). */
const PLAIN = /^-?\d+(\.\d{1,36})?$/;

const POW10: bigint[] = Array.from({ length: PLACES + 1 }, (_, i) => 10n ** BigInt(i));

/** Reads plain decimal text with at most 36 decimal places (exactly). */
export function parseDec(text: string): Dec {
  if (!PLAIN.test(text)) throw new RangeError(`not a plain decimal number: "${text}"`);
  return parseValid(text);
}

/** parseDec for text already known to be plain with at most 36 places. */
export function parseValid(text: string): Dec {
  const dot = text.indexOf('.');
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  const places = dot < 0 ? 0 : text.length - dot - 1;
  // Up to 15 characters is an integer below 2^53: Number reads it exactly, and faster.
  const int = digits.length <= 15 ? BigInt(Number(digits)) : BigInt(digits);
  return int * POW10[PLACES - places]!;
}

/** Exact decimal text: no exponent, no trailing zeros, never "-0". */
export function fmt(x: Dec): string {
  if (x === 0n) return '0';
  const neg = x < 0n;
  const digits = (neg ? -x : x).toString().padStart(PLACES + 1, '0');
  const int = digits.slice(0, -PLACES);
  let end = digits.length;
  while (end > int.length && digits.charCodeAt(end - 1) === 48) end--;
  const frac = digits.slice(int.length, end);
  return (neg ? '-' : '') + int + (frac ? `.${frac}` : '');
}

/** n / d rounded half-even to an integer (d not zero). */
export function roundDiv(n: bigint, d: bigint): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d;
  let r = n % d;
  if (r === 0n) return q;
  const neg = r < 0n;
  if (neg) r = -r;
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) !== 0n)) return neg ? q - 1n : q + 1n;
  return q;
}

export const abs = (x: Dec): Dec => (x < 0n ? -x : x);
export const min = (a: Dec, b: Dec): Dec => (a < b ? a : b);

/** a x b (exact when the true product has at most 36 places, else rounded half-even). */
export const mul = (a: Dec, b: Dec): Dec => roundDiv(a * b, SCALE);

/** a x b / c, rounded half-even to 36 places. */
export const mulDiv = (a: Dec, b: Dec, c: Dec): Dec => roundDiv(a * b, c);

/** a / b rounded half-even to 36 places. */
export const divMoney = (a: Dec, b: Dec): Dec => roundDiv(a * SCALE, b);
