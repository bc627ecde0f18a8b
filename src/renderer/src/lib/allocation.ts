import {
  AllocationPolicy,
  type AllocationMethod,
  type AllocationPolicyInput,
  type AllocationProposal,
  type AllocationReport,
  type GroupDimension,
  type ReturnsModel,
} from '../../../shared/allocation';
import type { CovMethod } from '../../../shared/risk';

// The Allocate view's client helpers: the policy as an editable form (numbers as the strings the
// user types, shares in percent), its validation with messages in the form's own units, and the
// rows the result grids show. Pure: no client, no DOM, so the unit tests run them in Node.

export interface MethodInfo {
  id: AllocationMethod;
  label: string;
  /** One line on what it optimises, for the method picker. */
  about: string;
}

export const METHODS: MethodInfo[] = [
  {
    id: 'max-sharpe',
    label: 'Maximum Sharpe',
    about: 'Tangency portfolio: the most expected excess return per unit of volatility.',
  },
  {
    id: 'min-volatility',
    label: 'Minimum volatility',
    about: 'The least volatile fully invested portfolio; ignores expected returns.',
  },
  {
    id: 'efficient-risk',
    label: 'Efficient risk',
    about: 'The highest expected return whose volatility stays at or below a target.',
  },
  {
    id: 'efficient-return',
    label: 'Efficient return',
    about: 'The lowest volatility that still reaches a target expected return.',
  },
  {
    id: 'max-utility',
    label: 'Maximum utility',
    about: 'Maximises return − ½ λ variance: a risk aversion λ trades return for risk.',
  },
  {
    id: 'risk-parity',
    label: 'Risk parity',
    about: 'Each asset carries an equal share of portfolio volatility (equal risk contributions).',
  },
  {
    id: 'hrp',
    label: 'Hierarchical risk parity',
    about: 'Clusters correlated assets, then splits risk down the tree; no matrix inversion.',
  },
  {
    id: 'herc',
    label: 'Hierarchical equal risk',
    about:
      'Like HRP, but each cluster gets an equal share of risk rather than an inverse-variance split.',
  },
  {
    id: 'min-cvar',
    label: 'Minimum CVaR',
    about: 'The smallest average loss on the worst days of the window (historical scenarios, LP).',
  },
  {
    id: 'max-diversification',
    label: 'Maximum diversification',
    about: 'Maximises the weighted average of volatilities over portfolio volatility.',
  },
  {
    id: 'equal-weight',
    label: 'Equal weight',
    about: '1/N in every asset of the universe: the naive benchmark.',
  },
  {
    id: 'inverse-volatility',
    label: 'Inverse volatility',
    about: 'Weights proportional to 1/σ: risk parity if correlations were all equal.',
  },
];

export const RETURNS_MODELS: { id: ReturnsModel; label: string; about: string }[] = [
  { id: 'mean', label: 'Arithmetic mean', about: 'Mean daily return × periods per year.' },
  { id: 'compounded', label: 'Compounded (CAGR)', about: 'Geometric growth rate over the window.' },
  { id: 'ema', label: 'Exponential mean', about: 'Recent days weigh more (span in days).' },
  { id: 'capm', label: 'CAPM', about: 'Risk-free rate + β × the market’s excess return.' },
  {
    id: 'equilibrium',
    label: 'Equilibrium (implied)',
    about: 'Returns implied by the current weights (reverse optimisation).',
  },
  {
    id: 'black-litterman',
    label: 'Black-Litterman',
    about: 'The equilibrium prior blended with your views, each with a confidence.',
  },
];

export const GROUP_DIMENSIONS: { id: GroupDimension; label: string }[] = [
  { id: 'assetClass', label: 'Asset class' },
  { id: 'chain', label: 'Chain' },
  { id: 'protocol', label: 'Protocol' },
  { id: 'venue', label: 'Venue' },
  { id: 'role', label: 'Role' },
  { id: 'custom', label: 'Custom' },
];

export const methodLabel = (m: string) => METHODS.find((x) => x.id === m)?.label ?? m;
export const returnsLabel = (r: string) => RETURNS_MODELS.find((x) => x.id === r)?.label ?? r;

/** Which method parameters a method reads (the form shows only these). */
export const methodParams = (m: AllocationMethod) => ({
  targetVolatility: m === 'efficient-risk',
  targetReturn: m === 'efficient-return',
  riskAversion: m === 'max-utility',
  alpha: m === 'min-cvar',
});

// ---------------------------------------------------------------------------------------------
// The form

export interface ViewRow {
  kind: 'absolute' | 'relative';
  asset: string;
  long: string;
  short: string;
  /** Annual return, percent. */
  returnPct: string;
  /** Idzorek confidence, percent. */
  confidencePct: string;
}

export interface BoundRow {
  symbol: string;
  minPct: string;
  maxPct: string;
}

export interface GroupRow {
  dimension: GroupDimension;
  name: string;
  /** Custom groups: member symbols, comma or space separated. */
  members: string;
  minPct: string;
  maxPct: string;
}

/** The policy as the form holds it: numbers as typed, shares of the book in percent. */
export interface PolicyForm {
  universe: string[];
  method: AllocationMethod;
  returns: ReturnsModel;
  cov: CovMethod;
  lookbackDays: string;
  periodsPerYear: string;
  riskFreePct: string;
  emaSpan: string;
  targetVolPct: string;
  targetReturnPct: string;
  riskAversion: string;
  alphaPct: string;
  frontierPoints: string;
  views: ViewRow[];
  /**
   * Risk parity's budgets by asset, in % as typed (scaled to sum to 100 % by the engine);
   * null: every asset carries the same share of risk.
   */
  riskBudgets: Record<string, string> | null;
  minWeightPct: string;
  maxWeightPct: string;
  perAsset: BoundRow[];
  longOnly: boolean;
  grossLeverage: string;
  groups: GroupRow[];
  stableFloorPct: string;
  liquidityDays: string;
  maxTurnoverPct: string;
  maxAssets: string;
  minPositionPct: string;
  l2: string;
}

/** A number as a form shows it: up to 10 significant digits, no float noise (0.07 * 100 → "7"). */
export const numText = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? '' : String(Number(x.toPrecision(10)));
const pctText = (x: number | undefined) => (x === undefined ? '' : numText(x * 100));

export function policyToForm(p: AllocationPolicy): PolicyForm {
  const c = p.constraints;
  return {
    universe: [...p.universe],
    method: p.method,
    returns: p.returns,
    cov: p.cov,
    lookbackDays: numText(p.lookbackDays),
    periodsPerYear: numText(p.periodsPerYear),
    riskFreePct: pctText(p.riskFree),
    emaSpan: numText(p.emaSpan),
    targetVolPct: pctText(p.targetVolatility),
    targetReturnPct: pctText(p.targetReturn),
    riskAversion: numText(p.riskAversion),
    alphaPct: pctText(p.alpha),
    frontierPoints: numText(p.frontierPoints),
    views: p.views.map((v) =>
      v.kind === 'absolute'
        ? {
            kind: 'absolute',
            asset: v.asset,
            long: '',
            short: '',
            returnPct: pctText(v.return),
            confidencePct: pctText(v.confidence),
          }
        : {
            kind: 'relative',
            asset: '',
            long: v.long,
            short: v.short,
            returnPct: pctText(v.return),
            confidencePct: pctText(v.confidence),
          },
    ),
    riskBudgets: p.riskBudgets
      ? Object.fromEntries(Object.entries(p.riskBudgets).map(([s, x]) => [s, pctText(x)]))
      : null,
    minWeightPct: pctText(c.minWeight),
    maxWeightPct: pctText(c.maxWeight),
    perAsset: Object.entries(c.perAsset).map(([symbol, b]) => ({
      symbol,
      minPct: pctText(b.min),
      maxPct: pctText(b.max),
    })),
    longOnly: c.longOnly,
    grossLeverage: numText(c.grossLeverage),
    groups: c.groups.map((g) => ({
      dimension: g.dimension,
      name: g.name,
      members: (g.members ?? []).join(', '),
      minPct: pctText(g.min),
      maxPct: pctText(g.max),
    })),
    stableFloorPct: pctText(c.stableFloor),
    liquidityDays: numText(c.liquidityDays),
    maxTurnoverPct: pctText(c.maxTurnover),
    maxAssets: numText(c.maxAssets),
    minPositionPct: pctText(c.minPosition),
    l2: numText(c.l2),
  };
}

/**
 * The same budget for every asset, in % to two places as the form shows it (budgets are
 * scaled to sum to 100 %, so the rounding changes no share).
 */
export const equalRiskBudgets = (assets: readonly string[]): Record<string, string> =>
  Object.fromEntries(assets.map((s) => [s, numText(Math.round(10_000 / assets.length) / 100)]));

/** Each asset's budget as a share of their total (what the engine aims at), or null. */
export function budgetShares(
  budgets: Record<string, number> | undefined,
): Map<string, number> | null {
  if (!budgets) return null;
  const total = Object.values(budgets).reduce((a, b) => a + b, 0);
  return total > 0 ? new Map(Object.entries(budgets).map(([s, x]) => [s, x / total])) : null;
}

export const DEFAULT_POLICY: AllocationPolicy = AllocationPolicy.parse({});
export const defaultForm = (): PolicyForm => policyToForm(DEFAULT_POLICY);

/** Field errors keyed by the policy's own paths ("constraints.maxWeight", "views.0.return"). */
export type FieldErrors = Record<string, string>;

interface NumRule {
  /** Field path in the policy (also the error key). */
  path: string;
  /** Percent fields are typed in % and stored as fractions. */
  pct?: boolean;
  int?: boolean;
  required?: boolean;
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  gt?: number;
  lt?: number;
}

const fmt = (x: number, pct: boolean) => `${numText(x)}${pct ? ' %' : ''}`;

/**
 * Reads one numeric field. Returns undefined for an empty optional field; records an error (in
 * the units the user typed) and returns undefined when the text is not a number in range.
 */
/** A number as typed: spaces and thousands separators dropped, a typographic minus, a trailing %. */
const typedText = (text: string) =>
  text.trim().replace(/\s/g, '').replace(/,/g, '').replace(/^−/, '-').replace(/%$/, '');

/** A typed number read as readNumber reads it (NaN when it is not one, or empty). */
export const typedNumber = (text: string): number => {
  const t = typedText(text);
  return t === '' ? NaN : Number(t);
};

function readNumber(text: string, rule: NumRule, errors: FieldErrors): number | undefined {
  const t = typedText(text);
  if (t === '') {
    if (rule.required) errors[rule.path] = 'Required.';
    return undefined;
  }
  const x = Number(t);
  const pct = rule.pct === true;
  if (!Number.isFinite(x)) {
    errors[rule.path] = `“${text.trim()}” is not a number.`;
    return undefined;
  }
  if (rule.int && !Number.isInteger(x)) errors[rule.path] = 'A whole number.';
  else if (rule.min !== undefined && x < rule.min)
    errors[rule.path] = `At least ${fmt(rule.min, pct)}.`;
  else if (rule.max !== undefined && x > rule.max)
    errors[rule.path] = `At most ${fmt(rule.max, pct)}.`;
  else if (rule.gt !== undefined && x <= rule.gt) errors[rule.path] = `Above ${fmt(rule.gt, pct)}.`;
  else if (rule.lt !== undefined && x >= rule.lt) errors[rule.path] = `Below ${fmt(rule.lt, pct)}.`;
  if (errors[rule.path]) return undefined;
  return pct ? x / 100 : x;
}

const splitSymbols = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The form as a policy, or the errors that stop it. Ranges follow the shared schema
 * (src/shared/allocation.ts), in the form's units; cross-field rules (min ≤ max, a target for
 * the efficient methods, unique rows) are checked here too, so the user sees them before a run.
 * `assets` are the symbols the run will allocate across (views and bounds must name them).
 */
export function formToPolicy(
  f: PolicyForm,
  assets: readonly string[] | null = null,
): { policy: AllocationPolicy | null; errors: FieldErrors } {
  const e: FieldErrors = {};
  const params = methodParams(f.method);
  const known = assets ? new Set(assets) : null;
  const checkAsset = (path: string, s: string) => {
    if (!s) e[path] = 'Pick an asset.';
    else if (known && !known.has(s)) e[path] = `${s} is not in the universe.`;
  };

  const lookbackDays = readNumber(
    f.lookbackDays,
    { path: 'lookbackDays', int: true, required: true, min: 60, max: 3650 },
    e,
  );
  const periodsPerYear = readNumber(
    f.periodsPerYear,
    { path: 'periodsPerYear', int: true, required: true, min: 1, max: 366 },
    e,
  );
  const riskFree = readNumber(
    f.riskFreePct,
    { path: 'riskFree', pct: true, required: true, min: -100, max: 100 },
    e,
  );
  const emaSpan =
    f.returns === 'ema'
      ? readNumber(f.emaSpan, { path: 'emaSpan', int: true, required: true, min: 2, max: 5000 }, e)
      : undefined;
  const targetVolatility = params.targetVolatility
    ? readNumber(
        f.targetVolPct,
        { path: 'targetVolatility', pct: true, required: true, gt: 0, max: 1000 },
        e,
      )
    : undefined;
  const targetReturn = params.targetReturn
    ? readNumber(
        f.targetReturnPct,
        { path: 'targetReturn', pct: true, required: true, min: -500, max: 5000 },
        e,
      )
    : undefined;
  const riskAversion = params.riskAversion
    ? readNumber(f.riskAversion, { path: 'riskAversion', required: true, gt: 0, max: 1000 }, e)
    : undefined;
  const alpha = params.alpha
    ? readNumber(f.alphaPct, { path: 'alpha', pct: true, required: true, gt: 50, lt: 100 }, e)
    : undefined;
  const frontierPoints = readNumber(
    f.frontierPoints,
    { path: 'frontierPoints', int: true, required: true, min: 2, max: 200 },
    e,
  );

  const views: AllocationPolicyInput['views'] = [];
  if (f.returns === 'black-litterman') {
    if (f.views.length === 0)
      e.views = 'Black-Litterman needs at least one view (or pick the equilibrium model).';
    f.views.forEach((v, i) => {
      const ret = readNumber(
        v.returnPct,
        { path: `views.${i}.return`, pct: true, required: true, min: -500, max: 5000 },
        e,
      );
      const confidence = readNumber(
        v.confidencePct,
        { path: `views.${i}.confidence`, pct: true, required: true, gt: 0, max: 100 },
        e,
      );
      if (v.kind === 'absolute') {
        checkAsset(`views.${i}.asset`, v.asset);
        if (ret !== undefined && confidence !== undefined && v.asset)
          views.push({ kind: 'absolute', asset: v.asset, return: ret, confidence });
      } else {
        checkAsset(`views.${i}.long`, v.long);
        checkAsset(`views.${i}.short`, v.short);
        if (v.long && v.long === v.short) e[`views.${i}.short`] = 'The same asset on both sides.';
        if (ret !== undefined && confidence !== undefined && v.long && v.short)
          views.push({ kind: 'relative', long: v.long, short: v.short, return: ret, confidence });
      }
    });
  }

  // Risk budgets: one positive share per asset of the universe (those of assets that left the
  // universe are dropped); without the universe, the ones typed.
  let riskBudgets: Record<string, number> | undefined;
  if (f.riskBudgets) {
    riskBudgets = {};
    for (const s of assets ?? Object.keys(f.riskBudgets)) {
      const x = readNumber(
        f.riskBudgets[s] ?? '',
        { path: `riskBudgets.${s}`, pct: true, required: true, gt: 0, max: 10_000 },
        e,
      );
      if (x !== undefined) riskBudgets[s] = x;
    }
  }

  const minWeight = readNumber(
    f.minWeightPct,
    // empty: the engine's default, 0 long-only and −max weight long-short
    { path: 'constraints.minWeight', pct: true, min: -1000, max: 1000 },
    e,
  );
  const maxWeight = readNumber(
    f.maxWeightPct,
    { path: 'constraints.maxWeight', pct: true, required: true, min: -1000, max: 1000 },
    e,
  );
  if (minWeight !== undefined && maxWeight !== undefined && minWeight > maxWeight)
    e['constraints.maxWeight'] = 'Below the minimum weight.';
  if (f.longOnly && minWeight !== undefined && minWeight < 0)
    e['constraints.minWeight'] = 'Long-only: at least 0 %.';

  const perAsset: Record<string, { min?: number; max?: number }> = {};
  f.perAsset.forEach((b, i) => {
    const path = `constraints.perAsset.${i}`;
    checkAsset(`${path}.symbol`, b.symbol);
    if (b.symbol && perAsset[b.symbol])
      e[`${path}.symbol`] = `${b.symbol} has bounds above already.`;
    const min = readNumber(b.minPct, { path: `${path}.min`, pct: true, min: -1000, max: 1000 }, e);
    const max = readNumber(b.maxPct, { path: `${path}.max`, pct: true, min: -1000, max: 1000 }, e);
    if (!b.minPct.trim() && !b.maxPct.trim())
      e[`${path}.max`] = 'Give a minimum, a maximum or both.';
    if (min !== undefined && max !== undefined && min > max)
      e[`${path}.max`] = 'Below the minimum.';
    if (f.longOnly && min !== undefined && min < 0) e[`${path}.min`] = 'Long-only: at least 0 %.';
    if (b.symbol && !perAsset[b.symbol])
      perAsset[b.symbol] = {
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
  });

  const grossLeverage = f.longOnly
    ? undefined
    : readNumber(
        f.grossLeverage,
        { path: 'constraints.grossLeverage', required: true, min: 1, max: 10 },
        e,
      );

  const groups: NonNullable<AllocationPolicyInput['constraints']>['groups'] = [];
  f.groups.forEach((g, i) => {
    const path = `constraints.groups.${i}`;
    const name = g.name.trim();
    if (!name)
      e[`${path}.name`] = g.dimension === 'custom' ? 'Name the group.' : 'Which value (e.g. DeFi)?';
    const members = g.dimension === 'custom' ? splitSymbols(g.members) : undefined;
    if (members) {
      if (!members.length) e[`${path}.members`] = 'List the member symbols.';
      const outside = known ? members.filter((s) => !known.has(s)) : [];
      if (outside.length) e[`${path}.members`] = `Not in the universe: ${outside.join(', ')}.`;
    }
    const min = readNumber(g.minPct, { path: `${path}.min`, pct: true, min: -1000, max: 1000 }, e);
    const max = readNumber(g.maxPct, { path: `${path}.max`, pct: true, min: -1000, max: 1000 }, e);
    if (!g.minPct.trim() && !g.maxPct.trim())
      e[`${path}.max`] = 'Give a minimum, a maximum or both.';
    if (min !== undefined && max !== undefined && min > max)
      e[`${path}.max`] = 'Below the minimum.';
    if (name)
      groups.push({
        dimension: g.dimension,
        name,
        ...(members ? { members } : {}),
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      });
  });

  const stableFloor = readNumber(
    f.stableFloorPct,
    { path: 'constraints.stableFloor', pct: true, min: 0, max: 100 },
    e,
  );
  const liquidityDays = readNumber(
    f.liquidityDays,
    { path: 'constraints.liquidityDays', gt: 0, max: 365 },
    e,
  );
  const maxTurnover = readNumber(
    f.maxTurnoverPct,
    { path: 'constraints.maxTurnover', pct: true, gt: 0, max: 400 },
    e,
  );
  const maxAssets = readNumber(
    f.maxAssets,
    { path: 'constraints.maxAssets', int: true, min: 1, max: 2000 },
    e,
  );
  const minPosition = readNumber(
    f.minPositionPct,
    { path: 'constraints.minPosition', pct: true, gt: 0, max: 100 },
    e,
  );
  const l2 = readNumber(f.l2, { path: 'constraints.l2', required: true, min: 0, max: 100 }, e);
  if (minPosition !== undefined && maxWeight !== undefined && minPosition > maxWeight)
    e['constraints.minPosition'] = 'Above the maximum weight: no position could be held.';

  if (Object.keys(e).length) return { policy: null, errors: e };

  const input: AllocationPolicyInput = {
    universe: f.universe,
    method: f.method,
    returns: f.returns,
    cov: f.cov,
    lookbackDays,
    periodsPerYear,
    riskFree,
    ...(emaSpan !== undefined ? { emaSpan } : {}),
    ...(targetVolatility !== undefined ? { targetVolatility } : {}),
    ...(targetReturn !== undefined ? { targetReturn } : {}),
    ...(riskAversion !== undefined ? { riskAversion } : {}),
    ...(alpha !== undefined ? { alpha } : {}),
    ...(riskBudgets ? { riskBudgets } : {}),
    frontierPoints,
    views,
    constraints: {
      ...(minWeight !== undefined ? { minWeight } : {}),
      maxWeight,
      perAsset,
      longOnly: f.longOnly,
      ...(grossLeverage !== undefined ? { grossLeverage } : {}),
      groups,
      ...(stableFloor !== undefined ? { stableFloor } : {}),
      ...(liquidityDays !== undefined ? { liquidityDays } : {}),
      ...(maxTurnover !== undefined ? { maxTurnover } : {}),
      ...(maxAssets !== undefined ? { maxAssets } : {}),
      ...(minPosition !== undefined ? { minPosition } : {}),
      l2,
    },
  };
  // The shared schema has the last word (what the checks above missed, it names by path).
  const parsed = AllocationPolicy.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      e[path || 'policy'] = issue.message;
    }
    return { policy: null, errors: e };
  }
  return { policy: parsed.data, errors: {} };
}

/**
 * The form key an error path from the server belongs to. The schema keys per-asset bounds by
 * symbol (constraints.perAsset.BTC) while the form keys its rows by index; other paths match.
 */
export function serverErrorKey(path: string, f: PolicyForm): string {
  const p = path.replace(/^policy\./, '');
  const m = /^constraints\.perAsset\.([^.]+)(?:\.(min|max))?$/.exec(p);
  if (m) {
    const i = f.perAsset.findIndex((b) => b.symbol === m[1]);
    if (i >= 0) return `constraints.perAsset.${i}.${m[2] ?? 'symbol'}`;
  }
  const g = /^constraints\.groups\.(\d+)$/.exec(p);
  if (g) return `constraints.groups.${g[1]}.name`;
  const v = /^views\.(\d+)$/.exec(p);
  if (v) return `views.${v[1]}.return`;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Results

export interface WeightRow {
  symbol: string;
  /** Current share of the book; null when the run had no current holdings. */
  current: number | null;
  target: number;
  /** target − current (null without current weights). */
  drift: number | null;
  /** drift × book value, in the base currency (null without a value). */
  trade: number | null;
  /** Share of the proposal's variance. */
  risk: number | null;
}

export interface WeightTotals {
  current: number | null;
  target: number;
  /** Σ drift: zero for a fully invested book moved to a fully invested target. */
  drift: number | null;
  trade: number | null;
  risk: number;
  /** One-way turnover, ½ Σ |drift|. */
  turnover: number | null;
  /** Σ |trade|: buys plus sells. */
  grossTrade: number | null;
}

/** Target against current weights, one row per asset of the report (proposal or another method's). */
export function weightRows(
  report: Pick<AllocationReport, 'symbols' | 'current'>,
  proposal: Pick<AllocationProposal, 'weights' | 'riskContributions'>,
  value: number | null,
): { rows: WeightRow[]; totals: WeightTotals } {
  const symbols = [...new Set([...report.symbols, ...Object.keys(proposal.weights)])];
  const rows = symbols.map((symbol): WeightRow => {
    const target = proposal.weights[symbol] ?? 0;
    const current = report.current ? (report.current[symbol] ?? 0) : null;
    const drift = current === null ? null : target - current;
    return {
      symbol,
      current,
      target,
      drift,
      trade: drift === null || value === null ? null : drift * value,
      risk: proposal.riskContributions[symbol] ?? null,
    };
  });
  const sum = (k: 'current' | 'drift' | 'trade') =>
    rows.some((r) => r[k] === null) ? null : rows.reduce((s, r) => s + r[k]!, 0);
  const absSum = (k: 'drift' | 'trade') =>
    rows.some((r) => r[k] === null) ? null : rows.reduce((s, r) => s + Math.abs(r[k]!), 0);
  const gross = absSum('drift');
  return {
    rows,
    totals: {
      current: sum('current'),
      target: rows.reduce((s, r) => s + r.target, 0),
      drift: sum('drift'),
      trade: sum('trade'),
      risk: rows.reduce((s, r) => s + (r.risk ?? 0), 0),
      turnover: gross === null ? null : gross / 2,
      grossTrade: absSum('trade'),
    },
  };
}

/** The comparison table: the proposal's method first, then the others in the picker's order. */
export function comparisonRows(
  report: Pick<AllocationReport, 'comparison' | 'proposal'>,
): AllocationProposal[] {
  const byMethod = new Map(report.comparison.map((p) => [p.method, p]));
  byMethod.set(report.proposal.method, report.proposal);
  const order = METHODS.map((m) => m.id);
  return [...byMethod.values()].sort(
    (a, b) =>
      Number(b.method === report.proposal.method) - Number(a.method === report.proposal.method) ||
      order.indexOf(a.method) - order.indexOf(b.method),
  );
}

/** What a reopened run's stored inputs say, read defensively (older runs, CLI series runs). */
export function storedRunInputs(inputs: unknown): {
  portfolio: string | null;
  asOf: string | null;
  policy: AllocationPolicy | null;
} {
  const o = (inputs && typeof inputs === 'object' ? inputs : {}) as Record<string, unknown>;
  const parsed = AllocationPolicy.safeParse(o.policy);
  return {
    portfolio: typeof o.portfolio === 'string' ? o.portfolio : null,
    asOf: typeof o.asOf === 'string' ? o.asOf : null,
    policy: parsed.success ? parsed.data : null,
  };
}

/** Minimal instrument and holding shapes the suggestions read (as instruments.list / holdings.get give). */
interface InstrumentLike {
  symbol: string;
  assetClass: string;
  chain: string | null;
  attrs: Record<string, unknown>;
  tags: { dimension: string; name: string }[];
}

/**
 * Values a group bound can name, per dimension, among the given assets: the same sources the
 * service reads tags from (asset class, chain list, role and protocol attributes, tags, venues).
 */
export function groupSuggestions(
  instruments: InstrumentLike[],
  assets: readonly string[],
  venues: { symbol: string; account: string }[],
): Record<GroupDimension, string[]> {
  const want = new Set(assets);
  const out: Record<GroupDimension, Set<string>> = {
    assetClass: new Set(),
    chain: new Set(),
    protocol: new Set(),
    venue: new Set(),
    role: new Set(),
    custom: new Set(),
  };
  const dims = new Set<string>(Object.keys(out));
  for (const i of instruments) {
    if (!want.has(i.symbol)) continue;
    out.assetClass.add(i.assetClass);
    for (const c of (i.chain ?? '').split(',')) if (c.trim()) out.chain.add(c.trim());
    if (typeof i.attrs.role === 'string') out.role.add(i.attrs.role);
    if (typeof i.attrs.protocol === 'string') out.protocol.add(i.attrs.protocol);
    for (const t of i.tags) {
      const d = t.dimension === 'asset_class' ? 'assetClass' : t.dimension;
      if (dims.has(d) && d !== 'custom') out[d as GroupDimension].add(t.name);
    }
  }
  for (const v of venues) if (want.has(v.symbol)) out.venue.add(v.account);
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return {
    assetClass: sorted(out.assetClass),
    chain: sorted(out.chain),
    protocol: sorted(out.protocol),
    venue: sorted(out.venue),
    role: sorted(out.role),
    custom: [],
  };
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvNum = (x: number | null, decimals: number) =>
  x === null || !Number.isFinite(x) ? '' : x.toFixed(decimals);

/**
 * The weights table as CSV (RFC 4180): shares in percent to 4 decimals, trades in the base
 * currency to cents, a totals line last. Numbers are plain (no separators) for spreadsheets.
 */
export function weightsCsv(rows: WeightRow[], totals: WeightTotals, currency: string): string {
  const head = [
    'Asset',
    'Current %',
    'Target %',
    'Drift %',
    `Trade (${currency})`,
    'Risk contribution %',
  ];
  const line = (sym: string, r: Omit<WeightRow, 'symbol'> | WeightTotals) =>
    [
      csvField(sym),
      csvNum(r.current === null ? null : r.current * 100, 4),
      csvNum(r.target * 100, 4),
      csvNum(r.drift === null ? null : r.drift * 100, 4),
      csvNum(r.trade, 2),
      csvNum(r.risk === null ? null : r.risk * 100, 4),
    ].join(',');
  return (
    [
      head.map(csvField).join(','),
      ...rows.map((r) => line(r.symbol, r)),
      line('Total', totals),
    ].join('\r\n') + '\r\n'
  );
}

const DIMENSION_WORDS: Record<string, GroupDimension> = {
  'asset class': 'assetClass',
  chain: 'chain',
  protocol: 'protocol',
  venue: 'venue',
  role: 'role',
  group: 'custom',
};

/**
 * A conflicting constraint's label as shown: the engine's group rows repeat the bound their
 * name already states ("group stablecoins and cash >= 60% >= 60%"); once is enough.
 */
export const conflictText = (label: string) =>
  label.trim().replace(/( (?:<=|>=) -?[\d.]+%)\1$/, '$1');

/**
 * The form field behind a constraint the engine names in an infeasibility (its labels read
 * "group stablecoins and cash >= 60%", "group asset class DeFi <= 20%", "bounds BTC 0%..10%",
 * "turnover <= 30%"…), so the panel can take the user to it; null when no single field is
 * behind it (the budget: weights sum to 1).
 */
export function conflictField(label: string, f: PolicyForm): string | null {
  const l = conflictText(label).replace(/^group /i, '');
  const lower = l.toLowerCase();
  if (lower.startsWith('budget')) return null;
  if (lower.startsWith('stablecoins and cash')) return 'constraints.stableFloor';
  for (const [word, dim] of Object.entries(DIMENSION_WORDS)) {
    if (!lower.startsWith(`${word} `)) continue;
    const rest = l.slice(word.length + 1);
    const i = f.groups.findIndex(
      (g) =>
        g.dimension === dim &&
        g.name.trim() !== '' &&
        rest.toLowerCase().startsWith(`${g.name.trim().toLowerCase()} `),
    );
    if (i >= 0) return `constraints.groups.${i}.${/>=/.test(rest) ? 'min' : 'max'}`;
  }
  // a custom group's label is its own name: "group Majors >= 50%"
  const custom = f.groups.findIndex(
    (g) =>
      g.dimension === 'custom' &&
      g.name.trim() !== '' &&
      lower.startsWith(`${g.name.trim().toLowerCase()} `),
  );
  if (custom >= 0) return `constraints.groups.${custom}.${/>=/.test(l) ? 'min' : 'max'}`;
  if (lower.includes('liquidity')) return 'constraints.liquidityDays';
  if (lower.includes('turnover')) return 'constraints.maxTurnover';
  if (/max(imum)?[ -]assets|cardinality|number of assets/.test(lower))
    return 'constraints.maxAssets';
  if (/min(imum)?[ -]position/.test(lower)) return 'constraints.minPosition';
  if (/gross|leverage/.test(lower)) return 'constraints.grossLeverage';
  const asset = /\b(?:bounds?|weight|cap)\s+(?:of\s+)?([A-Za-z0-9._-]+)/i.exec(l)?.[1];
  if (asset) {
    const i = f.perAsset.findIndex((b) => b.symbol === asset);
    if (i >= 0) return `constraints.perAsset.${i}.max`;
    return 'constraints.maxWeight';
  }
  if (/max(imum)? weight/.test(lower)) return 'constraints.maxWeight';
  if (/min(imum)? weight/.test(lower)) return 'constraints.minWeight';
  return null;
}

/**
 * Instrument kinds a desk allocates capital across; derivatives and debts are overlays on the
 * book (the Hedge view). The same rule as the service's default universe
 * (src/main/services/allocation.ts), which the contract does not carry.
 */
export const ALLOCATABLE_KINDS: ReadonlySet<string> = new Set([
  'spot',
  'stablecoin',
  'staked',
  'lp',
  'lending-supply',
]);

/**
 * The universe an empty policy list stands for: held instruments of an allocatable kind with a
 * value, largest position first (values summed over venues).
 */
export function defaultUniverse(
  rows: { symbol: string; value: number | null; name?: string }[],
  kindOf: ReadonlyMap<string, string>,
): string[] {
  const value = new Map<string, number>();
  for (const r of rows)
    if (
      r.value !== null &&
      r.value !== 0 &&
      // a debt is financing, not a holding (the service leaves it out the same way)
      !r.name?.endsWith('(borrowed)') &&
      ALLOCATABLE_KINDS.has(kindOf.get(r.symbol) ?? '')
    )
      value.set(r.symbol, (value.get(r.symbol) ?? 0) + r.value);
  return [...value.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([s]) => s);
}

/**
 * The value target weights are fractions of: the universe's positions summed over venues, a
 * net short counting as zero (as the service values the universe for a run).
 */
export function universeValue(
  rows: { symbol: string; value: number | null }[],
  symbols: readonly string[],
): number {
  const want = new Set(symbols);
  const by = new Map<string, number>();
  for (const r of rows)
    if (want.has(r.symbol) && r.value !== null) by.set(r.symbol, (by.get(r.symbol) ?? 0) + r.value);
  let total = 0;
  for (const v of by.values()) total += Math.max(0, v);
  return total;
}
