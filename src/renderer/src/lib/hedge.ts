import type { CallOutput } from '../../../shared/contract';
import {
  HedgeParams,
  type GreeksSummary,
  type OverlayLeg,
  type PayoffOut,
  type ScenarioGridOut,
} from '../../../shared/hedge';
import { formatMoney, formatNumber, formatPrice } from './format';

// The Hedge view's client helpers, free of React and the DOM so that they can be unit-tested:
// the settings form (percent in the form, fractions in the params), the what-if overlay the
// user builds from proposals, the rows of the grids, the payoff lines and the heatmap colours.
// Greeks arrive raw and in desk units; the view shows desk units only (dollar delta, dollar
// gamma per 1 %, vega per vol point, theta per day), plus delta in coins where it adds up.

export type HedgeResult = CallOutput<'hedge.report'>;
export type Theme = 'dark' | 'light';

// ---------------------------------------------------------------------------------------------
// Settings form

export interface HedgeForm {
  /** '' = the service's default: the underlying with the largest dollar delta. */
  underlying: string;
  downsidePct: string;
  maxLossPct: string;
  budgetPct: string;
  horizonDays: string;
}
export type HedgeFormField = Exclude<keyof HedgeForm, 'underlying'>;
export type HedgeFormErrors = Partial<Record<HedgeFormField, string>>;

/** The settings a run is made with; the overlay travels apart (it is built from proposals). */
export interface HedgeRunParams {
  underlying?: string;
  downside: number;
  maxLoss: number;
  budget: number;
  horizonDays: number;
}

const DEFAULTS = HedgeParams.parse({});
/** Fractions shown in percent without float noise (0.07 * 100 = 7.000000000000001). */
const pctText = (fraction: number) => String(Number((fraction * 100).toPrecision(12)));

export const defaultHedgeForm = (): HedgeForm => ({
  underlying: '',
  downsidePct: pctText(DEFAULTS.downside),
  maxLossPct: pctText(DEFAULTS.maxLoss),
  budgetPct: pctText(DEFAULTS.budget),
  horizonDays: String(DEFAULTS.horizonDays),
});

export const paramsToForm = (p: HedgeRunParams): HedgeForm => ({
  underlying: p.underlying ?? '',
  downsidePct: pctText(p.downside),
  maxLossPct: pctText(p.maxLoss),
  budgetPct: pctText(p.budget),
  horizonDays: String(p.horizonDays),
});

/** A number typed in the form: '30', ' 2.5 ', '30 %'; null when it is not one. */
function readNumber(text: string): number | null {
  const t = text.trim().replace(/\s*%$/, '');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
}

const S = HedgeParams.shape;
/** Percent fields: the schema's own check on the fraction, and a message in the form's units. */
const PERCENT_FIELDS: {
  field: 'downsidePct' | 'maxLossPct' | 'budgetPct';
  key: 'downside' | 'maxLoss' | 'budget';
  ok: (fraction: number) => boolean;
  message: string;
}[] = [
  {
    field: 'downsidePct',
    key: 'downside',
    ok: (x) => S.downside.safeParse(x).success,
    message: 'Enter a fall above 0 % and below 100 %.',
  },
  {
    field: 'maxLossPct',
    key: 'maxLoss',
    ok: (x) => S.maxLoss.safeParse(x).success,
    message: 'Enter a loss above 0 % and at most 100 % of the exposure.',
  },
  {
    field: 'budgetPct',
    key: 'budget',
    ok: (x) => S.budget.safeParse(x).success,
    message: 'Enter a budget from 0 % to 100 % of the exposure.',
  },
];

/** Reads the form into run parameters, or says which fields are wrong and why. */
export function formToParams(form: HedgeForm): {
  params: HedgeRunParams | null;
  errors: HedgeFormErrors;
} {
  const errors: HedgeFormErrors = {};
  const out: Partial<HedgeRunParams> = {};
  for (const f of PERCENT_FIELDS) {
    const pct = readNumber(form[f.field]);
    if (pct === null) {
      errors[f.field] = 'Enter a number (percent).';
      continue;
    }
    const fraction = Number((pct / 100).toPrecision(12));
    if (!f.ok(fraction)) errors[f.field] = f.message;
    else out[f.key] = fraction;
  }
  const days = readNumber(form.horizonDays);
  if (days === null || !S.horizonDays.safeParse(days).success)
    errors.horizonDays = 'Enter whole days from 1 to 365.';
  else out.horizonDays = days;
  if (Object.keys(errors).length) return { params: null, errors };
  const params = out as HedgeRunParams;
  const u = form.underlying.trim();
  return { params: u ? { ...params, underlying: u } : params, errors };
}

export const defaultRunParams = (): HedgeRunParams => formToParams(defaultHedgeForm()).params!;

export const sameRunParams = (a: HedgeRunParams | null, b: HedgeRunParams | null) =>
  a !== null &&
  b !== null &&
  (a.underlying ?? '') === (b.underlying ?? '') &&
  a.downside === b.downside &&
  a.maxLoss === b.maxLoss &&
  a.budget === b.budget &&
  a.horizonDays === b.horizonDays;

// ---------------------------------------------------------------------------------------------
// What-if overlay

/** One hypothetical leg the user applied, remembered with the proposal it came from. */
export interface AppliedLeg {
  /** Unique in the overlay: the proposal's id and the leg's index in it. */
  id: string;
  /** The proposal, as the user saw it ("BTC delta hedge", "ETH collar 2025-09-26"). */
  source: string;
  leg: OverlayLeg;
}

/** The most legs the service takes in one what-if (HedgeParams.overlay). */
export const MAX_OVERLAY_LEGS = 50;

/** Quantities as a desk writes them: up to 4 decimals, no float noise (5.2170000000000005). */
export const formatQuantity = (q: number) => {
  if (!Number.isFinite(q)) return '—';
  const a = Math.abs(q);
  const d = a >= 1000 ? 0 : a >= 1 ? 3 : 4;
  return formatNumber(q, d)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
};

/** A strike as quoted: whole numbers without decimals (2,000), others as prices (0.2750). */
export const formatStrike = (k: number) =>
  Number.isInteger(k) ? formatNumber(k, 0) : formatPrice(k);

/** A leg in words: "short 5.217 BTC perpetual", "buy 198.807 ETH 2,000 put 2025-09-26 @ 317.06". */
export function legText(leg: OverlayLeg): string {
  const side =
    leg.quantity > 0
      ? leg.kind === 'perpetual'
        ? 'long'
        : 'buy'
      : leg.kind === 'perpetual'
        ? 'short'
        : 'sell';
  const size = formatQuantity(Math.abs(leg.quantity));
  if (leg.kind === 'perpetual') return `${side} ${size} ${leg.underlying} perpetual`;
  const premium = leg.premium === undefined ? '' : ` @ ${formatPremium(leg.premium)}`;
  return `${side} ${size} ${leg.underlying} ${formatStrike(leg.strike)} ${leg.right} ${leg.expiryDate}${premium}`;
}

/** Legs of a proposal ready for the overlay: ids, and a readable label for the service's rows. */
export function proposalLegs(proposalId: string, source: string, legs: OverlayLeg[]): AppliedLeg[] {
  return legs.map((leg, i) => ({
    id: `${proposalId}#${i}`,
    source,
    leg: { ...leg, label: `what-if: ${legText(leg)}`.slice(0, 200) },
  }));
}

export const isApplied = (overlay: AppliedLeg[], legs: AppliedLeg[]) =>
  legs.length > 0 && legs.every((l) => overlay.some((o) => o.id === l.id));

/** Adds a proposal's legs (once); refuses beyond the service's limit, saying so. */
export function addLegs(
  overlay: AppliedLeg[],
  legs: AppliedLeg[],
): { overlay: AppliedLeg[]; error: string | null } {
  const fresh = legs.filter((l) => !overlay.some((o) => o.id === l.id));
  if (overlay.length + fresh.length > MAX_OVERLAY_LEGS)
    return {
      overlay,
      error: `A what-if holds at most ${MAX_OVERLAY_LEGS} legs: remove some before adding ${fresh.length} more.`,
    };
  return { overlay: [...overlay, ...fresh], error: null };
}

export const removeLeg = (overlay: AppliedLeg[], id: string) => overlay.filter((o) => o.id !== id);

export const overlayLegs = (overlay: AppliedLeg[]): OverlayLeg[] => overlay.map((o) => o.leg);

/** Ids of proposals: stable across runs with the same settings, distinct between proposals. */
export const deltaProposalId = (underlying: string, instrument: string) =>
  `delta:${underlying}:${instrument}`;
export const tailProposalId = (s: {
  kind: string;
  expiryDate: string;
  legs: { right: string; strike: number; quantity: number }[];
}) =>
  `tail:${s.kind}:${s.expiryDate}:${s.legs.map((l) => `${l.quantity > 0 ? '+' : '-'}${l.right}${l.strike}`).join(',')}`;

// ---------------------------------------------------------------------------------------------
// Greeks grid

export type GreeksMode = 'underlying' | 'expiry' | 'position';

export interface GreeksRow {
  id: string;
  underlying: string;
  /** Expiry bucket label (per-expiry and per-position rows). */
  bucket: string | null;
  symbol: string | null;
  account: string | null;
  kind: string | null;
  quantity: number | null;
  expiryDate: string | null;
  strike: number | null;
  vol: number | null;
  spot: number | null;
  value: number;
  /** Coins of the underlying; null on the totals row (coins of different assets do not add). */
  delta: number | null;
  dollarDelta: number;
  dollarGamma1pct: number;
  vegaPerPoint: number;
  thetaPerDay: number;
  isTotal?: boolean;
}

const BUCKETS: Record<string, string> = {
  none: 'No expiry',
  '<=1d': '≤ 1 day',
  '<=1w': '≤ 1 week',
  '<=1m': '≤ 1 month',
  '<=3m': '≤ 3 months',
  '<=6m': '≤ 6 months',
  '<=1y': '≤ 1 year',
  '>1y': '> 1 year',
};
export const bucketLabel = (b: string) =>
  BUCKETS[b] ??
  b
    .replace(/^<=/, '≤ ')
    .replace(/^>=/, '≥ ')
    .replace(/^>(?=\S)/, '> ');

const blank = {
  bucket: null,
  symbol: null,
  account: null,
  kind: null,
  quantity: null,
  expiryDate: null,
  strike: null,
  vol: null,
  spot: null,
};

export function greeksRows(g: GreeksSummary, mode: GreeksMode): GreeksRow[] {
  const desk = (l: {
    value: number;
    delta: number;
    dollarDelta: number;
    dollarGamma1pct: number;
    vegaPerPoint: number;
    thetaPerDay: number;
  }) => ({
    value: l.value,
    delta: l.delta,
    dollarDelta: l.dollarDelta,
    dollarGamma1pct: l.dollarGamma1pct,
    vegaPerPoint: l.vegaPerPoint,
    thetaPerDay: l.thetaPerDay,
  });
  if (mode === 'underlying')
    return g.byUnderlying.map((l) => ({
      ...blank,
      id: l.underlying,
      underlying: l.underlying,
      spot: l.spot,
      ...desk(l),
    }));
  if (mode === 'expiry')
    return g.byExpiry.map((l) => ({
      ...blank,
      id: `${l.underlying}|${l.bucket}`,
      underlying: l.underlying,
      bucket: bucketLabel(l.bucket),
      ...desk(l),
    }));
  // Positions: symbols repeat across venues, and what-if legs may share a label.
  return g.positions.map((p, i) => ({
    id: `${i}|${p.account}|${p.symbol}`,
    underlying: p.underlying,
    bucket: bucketLabel(p.bucket),
    symbol: p.symbol,
    account: p.account,
    kind: p.kind,
    quantity: p.quantity,
    expiryDate: p.expiryDate,
    strike: p.strike,
    vol: p.vol,
    spot: null,
    ...desk(p),
  }));
}

export function greeksTotalRow(g: GreeksSummary, mode: GreeksMode): GreeksRow {
  const n =
    mode === 'underlying'
      ? g.byUnderlying.length
      : mode === 'expiry'
        ? g.byExpiry.length
        : g.positions.length;
  const what = mode === 'position' ? 'positions' : mode === 'expiry' ? 'buckets' : 'underlyings';
  return {
    ...blank,
    id: 'total',
    underlying: 'Total',
    symbol: mode === 'position' ? `${n} ${what}` : null,
    bucket: mode === 'expiry' ? `${n} ${what}` : null,
    value: g.total.value,
    delta: null,
    dollarDelta: g.total.dollarDelta,
    dollarGamma1pct: g.total.dollarGamma1pct,
    vegaPerPoint: g.total.vegaPerPoint,
    thetaPerDay: g.total.thetaPerDay,
    isTotal: true,
  };
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvNum = (x: number | null, decimals: number) =>
  x === null || !Number.isFinite(x) ? '' : x.toFixed(decimals);

/** The grid's rows and its totals row as CSV, in desk units, plain numbers (no separators). */
export function greeksCsv(rows: GreeksRow[], total: GreeksRow, mode: GreeksMode): string {
  const lead =
    mode === 'underlying'
      ? ['Underlying', 'Spot (USD)']
      : mode === 'expiry'
        ? ['Underlying', 'Expiry bucket']
        : ['Position', 'Venue', 'Kind', 'Underlying', 'Quantity', 'Expiry', 'Strike', 'Vol'];
  const head = [
    ...lead,
    'Value (USD)',
    'Delta (coins)',
    'Dollar delta (USD)',
    'Dollar gamma per 1 % (USD)',
    'Vega per vol point (USD)',
    'Theta per day (USD)',
  ];
  const leadCells = (r: GreeksRow) =>
    mode === 'underlying'
      ? [csvField(r.underlying), csvNum(r.spot, 8)]
      : mode === 'expiry'
        ? [csvField(r.underlying), csvField(r.bucket ?? '')]
        : [
            csvField(r.isTotal ? 'Total' : (r.symbol ?? '')),
            csvField(r.account ?? ''),
            csvField(r.kind ?? ''),
            csvField(r.isTotal ? '' : r.underlying),
            csvNum(r.quantity, 8),
            csvField(r.expiryDate ?? ''),
            csvNum(r.strike, 8),
            csvNum(r.vol, 6),
          ];
  const line = (r: GreeksRow) =>
    [
      ...leadCells(r),
      csvNum(r.value, 2),
      csvNum(r.delta, 8),
      csvNum(r.dollarDelta, 2),
      csvNum(r.dollarGamma1pct, 4),
      csvNum(r.vegaPerPoint, 4),
      csvNum(r.thetaPerDay, 4),
    ].join(',');
  return [head.map(csvField).join(','), ...rows.map(line), line(total)].join('\r\n') + '\r\n';
}

/** The totals the cards compare, before and with the what-if. */
export const TOTAL_METRICS = [
  {
    key: 'value',
    label: 'Book value',
    hint: 'positions on a moving underlying (stablecoins and debts aside), mark-to-model, USD',
  },
  { key: 'dollarDelta', label: 'Dollar delta', hint: 'USD per 1.00 relative move' },
  { key: 'dollarGamma1pct', label: 'Dollar gamma, 1 %', hint: 'gamma P&L of a 1 % move, USD' },
  { key: 'vegaPerPoint', label: 'Vega', hint: 'USD per vol point' },
  { key: 'thetaPerDay', label: 'Theta', hint: 'USD per day' },
] as const;
export type TotalMetric = (typeof TOTAL_METRICS)[number]['key'];

// ---------------------------------------------------------------------------------------------
// Numbers

/** A signed amount with a typographic minus: "−1,234", "+1,234" (with plus), "0". */
export function formatSigned(x: number | null | undefined, decimals = 0, plus = false): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = formatNumber(x, decimals); // negatives already carry the typographic minus
  if (s.startsWith('−')) return s;
  return plus && /[1-9]/.test(s) ? `+${s}` : s;
}

/** A P&L short enough for a heatmap cell: "−277.2k", "+1.25M", "+950". */
export function formatPnlShort(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  const [v, unit, d] = a >= 1e6 ? [x / 1e6, 'M', 2] : a >= 1e4 ? [x / 1e3, 'k', 1] : [x, '', 0];
  const s = formatSigned(v, d, true);
  return s === '0' || s === '—' ? s : `${s}${unit}`;
}

/** USD with no decimals for amounts of a thousand or more, two below; an exact zero as 0. */
export const formatUsd = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : x === 0
      ? '0'
      : formatSigned(x, Math.abs(x) >= 1000 ? 0 : 2);

export const spotMoveLabel = (m: number) => formatSigned(m * 100, 0, true) + ' %';
export const volShiftLabel = (v: number) =>
  Math.abs(v) < 1e-12 ? 'vol unchanged' : `vol ${formatSigned(v * 100, 0, true)} pts`;
export const horizonLabel = (d: number) => (d === 0 ? 'Now' : `In ${formatNumber(d, 0)} d`);

// ---------------------------------------------------------------------------------------------
// Scenario heatmap

export interface ScenarioRow {
  id: string;
  horizonDays: number;
  volShift: number;
  /** P&L per spot move, USD. */
  values: number[];
}

/** Rows of the grid: horizon by horizon, vol shift by vol shift; columns are the spot moves. */
export function scenarioRows(grid: ScenarioGridOut): ScenarioRow[] {
  const rows: ScenarioRow[] = [];
  grid.horizonsDays.forEach((h, hi) =>
    grid.volShifts.forEach((v, vi) => {
      const values = grid.pnl[hi]?.[vi];
      if (!values || values.length !== grid.spotMoves.length)
        throw new Error(
          `scenario grid: row for horizon ${h} d, vol shift ${v} has ${values?.length ?? 0} cells, expected ${grid.spotMoves.length}`,
        );
      rows.push({ id: `${hi}:${vi}`, horizonDays: h, volShift: v, values });
    }),
  );
  return rows;
}

/** The largest loss or gain over the grids: one colour scale for the book and the what-if. */
export function pnlScale(...grids: (ScenarioGridOut | null | undefined)[]): number {
  let m = 0;
  for (const g of grids)
    for (const h of g?.pnl ?? [])
      for (const row of h)
        for (const x of row) if (Number.isFinite(x)) m = Math.max(m, Math.abs(x));
  return m;
}

type Rgb = [number, number, number];
const PNL_STOPS: Record<Theme, { loss: Rgb; mid: Rgb; gain: Rgb }> = {
  // mid = the panel colour of each theme, so a flat cell blends into the panel
  dark: { loss: [214, 58, 64], mid: [19, 26, 35], gain: [38, 166, 108] },
  light: { loss: [198, 40, 40], mid: [255, 255, 255], gain: [22, 136, 79] },
};

/** WCAG relative luminance of an sRGB colour. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
// Pure white and black: with them every background keeps a contrast of at least √(1.05/0.05)
// ≈ 4.58 (WCAG AA); the theme's off-white and off-black fall to about 4.2 mid-ramp.
const LIGHT_TEXT: Rgb = [255, 255, 255];
const DARK_TEXT: Rgb = [0, 0, 0];
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * Cell colours of a P&L: red for a loss, green for a gain, deeper with the size against the
 * scale (linear, so twice the loss looks twice as deep); the text keeps the better contrast.
 */
export function pnlColour(
  value: number,
  scale: number,
  theme: Theme,
): { background: string; color: string; rgb: Rgb; text: Rgb } {
  const { loss, mid, gain } = PNL_STOPS[theme];
  const t = scale > 0 && Number.isFinite(value) ? Math.min(1, Math.abs(value) / scale) : 0;
  const end = value < 0 ? loss : gain;
  const rgb = mid.map((m, i) => Math.round(m + (end[i]! - m) * t)) as Rgb;
  const l = luminance(rgb);
  const text =
    contrast(l, luminance(LIGHT_TEXT)) >= contrast(l, luminance(DARK_TEXT))
      ? LIGHT_TEXT
      : DARK_TEXT;
  return { background: `rgb(${rgb.join(',')})`, color: `rgb(${text.join(',')})`, rgb, text };
}

// ---------------------------------------------------------------------------------------------
// Payoff chart

export type PayoffKey = 'before-today' | 'before-expiry' | 'after-today' | 'after-expiry';

export interface PayoffLine {
  key: PayoffKey;
  label: string;
  after: boolean;
  /** Dashed: at expiry; solid: now. */
  dashed: boolean;
  /** Strictly increasing prices, finite P&L. */
  points: { price: number; pnl: number }[];
}

function points(prices: number[], pnl: number[]): { price: number; pnl: number }[] {
  const out: { price: number; pnl: number }[] = [];
  const n = Math.min(prices.length, pnl.length);
  for (let i = 0; i < n; i++) {
    const price = prices[i]!;
    const y = pnl[i]!;
    if (!Number.isFinite(price) || !Number.isFinite(y)) continue;
    if (out.length && price <= out[out.length - 1]!.price) continue;
    out.push({ price, pnl: y });
  }
  return out;
}

/**
 * The payoff lines: the book now and at the first option expiry, and the same with the what-if
 * overlay. A payoff with no option expiry has no expiry line (it would repeat the line for now).
 */
export function payoffLines(before: PayoffOut | null, after: PayoffOut | null): PayoffLine[] {
  const lines: PayoffLine[] = [];
  const add = (p: PayoffOut, isAfter: boolean) => {
    const who = isAfter ? 'With what-if' : 'Book';
    const k = isAfter ? 'after' : 'before';
    lines.push({
      key: `${k}-today`,
      label: `${who}, now`,
      after: isAfter,
      dashed: false,
      points: points(p.prices, p.today),
    });
    if (p.expiryDate)
      lines.push({
        key: `${k}-expiry`,
        label: `${who}, at expiry ${p.expiryDate}`,
        after: isAfter,
        dashed: true,
        points: points(p.prices, p.atExpiry),
      });
  };
  if (before) add(before, false);
  if (after) add(after, true);
  return lines;
}

/** Decimals of prices on the horizontal axis, from the spot's size. */
export const priceAxisDecimals = (spot: number) =>
  spot >= 1000 ? 0 : spot >= 10 ? 2 : spot >= 0.1 ? 4 : 6;

/** The fractional index of a price among increasing prices (for a marker between points). */
export function fractionalIndex(prices: number[], x: number): number | null {
  const n = prices.length;
  if (n === 0 || !Number.isFinite(x) || x < prices[0]! || x > prices[n - 1]!) return null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (prices[mid]! <= x) lo = mid;
    else hi = mid;
  }
  if (prices[lo] === x || lo === hi) return lo;
  return lo + (x - prices[lo]!) / (prices[hi]! - prices[lo]!);
}

// ---------------------------------------------------------------------------------------------
// Margin and liquidation

type Perp = HedgeResult['perps'][number];

/** The liquidation price of a perpetual in words when there is no price to show. */
export function liquidationText(p: Perp): string {
  if (p.liquidationStatus === 'never') return 'none';
  if (p.liquidationStatus === 'always') return 'below maintenance now';
  const x = p.liquidationPrice!;
  return x >= 10_000 ? formatNumber(x, 0) : formatPrice(x);
}

export interface LendingLine {
  id: string;
  account: string;
  asset: string;
  price: number | null;
  movePct: number | null;
  note: string;
}

/** One line per collateral asset of each lending account. */
export const lendingLines = (lending: HedgeResult['lending']): LendingLine[] =>
  lending.flatMap((a) =>
    a.liquidations.map((l) => ({
      id: `${a.account}|${l.asset}`,
      account: a.account,
      asset: l.asset,
      price: l.price,
      movePct: l.movePct,
      note: l.note,
    })),
  );

// ---------------------------------------------------------------------------------------------
// Proposals

export interface DeltaHedgeRow {
  id: string;
  underlying: string;
  netDelta: number;
  spot: number;
  instrument: string;
  side: string;
  contracts: number;
  residualDelta: number;
  notionalUsd: number;
  costPerDayUsd: number;
  costPerYearUsd: number;
  marginUsd: number | null;
  legs: AppliedLeg[];
}

export function deltaHedgeRows(hedges: HedgeResult['deltaHedges']): DeltaHedgeRow[] {
  return hedges.flatMap((h) =>
    h.proposals.map((p) => {
      const id = deltaProposalId(h.underlying, p.instrument);
      return {
        id,
        underlying: h.underlying,
        netDelta: h.netDelta,
        spot: h.spot,
        instrument: p.instrument,
        side: p.side,
        contracts: p.contracts,
        residualDelta: p.residualDelta,
        notionalUsd: p.notionalUsd,
        costPerDayUsd: p.costPerDayUsd,
        costPerYearUsd: p.costPerYearUsd,
        marginUsd: p.marginUsd,
        legs: proposalLegs(id, `${h.underlying} delta hedge (${p.instrument})`, p.overlay),
      };
    }),
  );
}

export const KIND_LABELS: Record<string, string> = {
  put: 'Protective put',
  'put-spread': 'Put spread',
  collar: 'Collar',
};
export const structureKindLabel = (k: string) => KIND_LABELS[k] ?? k;

/** A premium in USD per coin: cents, or more digits below a dollar. */
export const formatPremium = (x: number) => (Math.abs(x) >= 1 ? formatMoney(x, 2) : formatPrice(x));

/** A leg of a tail structure: "+198.81 put 2,000 @ 317.06". */
export const structureLegText = (l: {
  right: string;
  strike: number;
  quantity: number;
  price: number;
}) =>
  `${l.quantity > 0 ? '+' : '−'}${formatQuantity(Math.abs(l.quantity))} ${l.right} ${formatStrike(l.strike)} @ ${formatPremium(l.price)}`;

/** Funding of a delta hedge per day: the service gives a cost (positive: paid). */
export const fundingText = (costPerDay: number) =>
  !Number.isFinite(costPerDay)
    ? '—'
    : Math.abs(costPerDay) < 0.005
      ? '0'
      : costPerDay > 0
        ? `pays ${formatMoney(costPerDay, costPerDay >= 1000 ? 0 : 2)}`
        : `earns ${formatMoney(-costPerDay, -costPerDay >= 1000 ? 0 : 2)}`;

/** Funding of a held perpetual per day: the service gives its P&L (positive: received). */
export const perpFundingText = (pnlPerDay: number) => fundingText(-pnlPerDay);

/** Delta in coins: fewer decimals as the figure grows, fixed within a size so a column lines up. */
export const formatCoins = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : x === 0
      ? '0'
      : formatSigned(x, Math.abs(x) >= 1000 ? 0 : Math.abs(x) >= 1 ? 3 : 4);
