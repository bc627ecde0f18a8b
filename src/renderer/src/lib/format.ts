// Numbers as a desk reads them: thousands separators, fixed decimals, explicit percentages.

const groups = (intPart: string) => intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function formatMoney(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Prices span 0.00001 to 100,000: enough decimals to show about six significant digits. */
export function formatPrice(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  const decimals = a >= 1000 ? 2 : a >= 1 ? 4 : a >= 0.01 ? 5 : 8;
  return formatMoney(x, decimals);
}

export function formatPercent(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(decimals)} %`;
}

/** An exact decimal string with thousands separators, digits untouched (no float rounding). */
export function formatDecimalString(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${groups(m[2]!)}${m[3] ? `.${m[3]}` : ''}`;
}

export function formatCompact(x: number): string {
  return x.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });
}
