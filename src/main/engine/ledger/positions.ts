import Decimal from 'decimal.js';

// Ledger quantities carry up to 18 decimal places: they are summed as exact decimals, never as
// binary floats. 60 significant digits hold any realistic balance exactly.
const D = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 60,
});

export interface LedgerEntry {
  key: string;
  date: string;
  /** Signed quantity change, as exact decimal text. */
  quantity: string;
}

/** Balance per key of every entry dated on or before asOf (all entries when asOf is omitted). */
export function balances(entries: readonly LedgerEntry[], asOf?: string): Map<string, string> {
  const sums = new Map<string, Decimal>();
  for (const e of entries) {
    if (asOf !== undefined && e.date > asOf) continue;
    sums.set(e.key, (sums.get(e.key) ?? new D(0)).plus(new D(e.quantity)));
  }
  const out = new Map<string, string>();
  for (const [k, v] of sums) out.set(k, v.toFixed());
  return out;
}

/** Exact sum of decimal strings, as a decimal string. */
export function sumDecimals(values: readonly string[]): string {
  return values.reduce((acc, v) => acc.plus(new D(v)), new D(0)).toFixed();
}

/**
 * Balances after each distinct day of a date-sorted ledger, computed in one pass: the state of
 * the book at every day on which something changed.
 */
export function balanceSteps(
  sorted: readonly LedgerEntry[],
): { date: string; balances: Map<string, string> }[] {
  const sums = new Map<string, Decimal>();
  const steps: { date: string; balances: Map<string, string> }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (i > 0 && e.date < sorted[i - 1]!.date)
      throw new RangeError(`ledger not sorted by date at entry ${i}`);
    sums.set(e.key, (sums.get(e.key) ?? new D(0)).plus(new D(e.quantity)));
    if (i + 1 === sorted.length || sorted[i + 1]!.date !== e.date) {
      steps.push({ date: e.date, balances: new Map([...sums].map(([k, v]) => [k, v.toFixed()])) });
    }
  }
  return steps;
}
