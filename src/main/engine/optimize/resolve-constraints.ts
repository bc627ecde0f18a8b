import type { AllocationConstraintsSpec, GroupDimension } from '../../../shared/allocation';
import { KeelError } from '../../../shared/errors';
import type { AllocationConstraints, GroupConstraint } from './types';

const DIMENSION_LABEL: Record<GroupDimension, string> = {
  assetClass: 'asset class',
  chain: 'chain',
  protocol: 'protocol',
  venue: 'venue',
  role: 'role',
  custom: 'group',
};

const pct = (x: number) => `${+(x * 100).toFixed(4)}%`;

export interface ResolveContext {
  symbols: string[];
  /** symbol -> dimension -> values */
  tags: Record<string, Record<string, string[]>>;
  current: Record<string, number> | null;
  adv: Record<string, number>;
  portfolioValue: number | null;
}

/**
 * Turns a policy's named constraints (asset classes, chains, venues, a stablecoin floor,
 * liquidity in days of volume) into the engine's index form. Names that match nothing are
 * errors that say so: a constraint silently applying to no asset is worse than none.
 */
export function resolveConstraints(
  spec: AllocationConstraintsSpec,
  ctx: ResolveContext,
): { constraints: AllocationConstraints; notes: string[] } {
  const { symbols, tags } = ctx;
  const n = symbols.length;
  const index = new Map(symbols.map((s, i) => [s, i]));
  const notes: string[] = [];
  const longOnly = spec.longOnly;
  const minWeight = spec.minWeight ?? (longOnly ? 0 : -spec.maxWeight);
  if (minWeight > spec.maxWeight)
    throw new KeelError(
      'VALIDATION',
      `Minimum weight ${pct(minWeight)} is above the maximum weight ${pct(spec.maxWeight)}.`,
      [{ path: 'constraints.minWeight', message: 'above constraints.maxWeight' }],
    );
  const negative =
    longOnly &&
    (minWeight < 0 || Object.values(spec.perAsset).some((b) => b.min !== undefined && b.min < 0));
  if (negative)
    notes.push(
      'Long-only: negative minimum weights are read as 0. Turn long-only off to allow shorts.',
    );
  const lower = new Float64Array(n).fill(longOnly ? Math.max(0, minWeight) : minWeight);
  const upper = new Float64Array(n).fill(spec.maxWeight);
  for (const [s, b] of Object.entries(spec.perAsset)) {
    const i = index.get(s);
    if (i === undefined)
      throw new KeelError(
        'VALIDATION',
        `Bounds name ${s}, which is not in the universe (${symbols.join(', ')}).`,
        [{ path: `constraints.perAsset.${s}`, message: 'not in the universe' }],
      );
    if (b.min !== undefined) lower[i] = longOnly ? Math.max(0, b.min) : b.min;
    if (b.max !== undefined) upper[i] = b.max;
  }
  for (let i = 0; i < n; i++)
    if (lower[i]! > upper[i]!)
      throw new KeelError(
        'VALIDATION',
        `Bounds of ${symbols[i]} are crossed: minimum ${pct(lower[i]!)} above maximum ${pct(upper[i]!)}.`,
        [{ path: `constraints.perAsset.${symbols[i]}`, message: 'min > max' }],
      );

  const groups: GroupConstraint[] = spec.groups.map((g, k) => {
    // compiled rows read "group <name> <= x%": a custom group is its own name
    const label = g.dimension === 'custom' ? g.name : `${DIMENSION_LABEL[g.dimension]} ${g.name}`;
    let members: number[];
    if (g.dimension === 'custom') {
      if (!g.members?.length)
        throw new KeelError('VALIDATION', `Custom group ${g.name} lists no members.`, [
          { path: `constraints.groups.${k}.members`, message: 'empty' },
        ]);
      const missing = g.members.filter((s) => !index.has(s));
      if (missing.length)
        throw new KeelError(
          'VALIDATION',
          `Group ${g.name} names assets outside the universe: ${missing.join(', ')}.`,
          [{ path: `constraints.groups.${k}.members`, message: 'not in the universe' }],
        );
      members = g.members.map((s) => index.get(s)!);
    } else {
      const want = g.name.toLowerCase();
      members = symbols
        .map((s, i) =>
          (tags[s]?.[g.dimension] ?? []).some((v) => v.toLowerCase() === want) ? i : -1,
        )
        .filter((i) => i >= 0);
      if (!members.length)
        throw new KeelError(
          'VALIDATION',
          `No asset of the universe has ${label}. Known values: ${knownValues(tags, symbols, g.dimension)}.`,
          [{ path: `constraints.groups.${k}.name`, message: 'matches no asset' }],
        );
    }
    if (g.min !== undefined && g.max !== undefined && g.min > g.max)
      throw new KeelError(
        'VALIDATION',
        `Group ${label}: minimum ${pct(g.min)} above maximum ${pct(g.max)}.`,
        [{ path: `constraints.groups.${k}`, message: 'min > max' }],
      );
    // the bounds are not part of the name: the compiled rows' labels add them
    return {
      name: label,
      members,
      ...(g.min !== undefined ? { lower: g.min } : {}),
      ...(g.max !== undefined ? { upper: g.max } : {}),
    };
  });

  if (spec.stableFloor !== undefined && spec.stableFloor > 0) {
    const stable = (s: string) =>
      tags[s]?.stable?.[0] === 'yes' ||
      (tags[s]?.assetClass ?? []).some((c) => ['stablecoin', 'cash'].includes(c.toLowerCase()));
    const members = symbols.map((s, i) => (stable(s) ? i : -1)).filter((i) => i >= 0);
    if (!members.length)
      throw new KeelError(
        'VALIDATION',
        `A stablecoin floor of ${pct(spec.stableFloor)} needs a stablecoin or cash in the universe; there is none.`,
        [{ path: 'constraints.stableFloor', message: 'no stablecoin in the universe' }],
      );
    groups.push({ name: 'stablecoins and cash', members, lower: spec.stableFloor });
  }

  const caps: AllocationConstraints['caps'] = [];
  if (spec.liquidityDays !== undefined) {
    if (!ctx.portfolioValue)
      throw new KeelError(
        'VALIDATION',
        'A liquidity cap (days of volume) needs a portfolio value: optimise a stored portfolio.',
        [{ path: 'constraints.liquidityDays', message: 'no portfolio value' }],
      );
    for (let i = 0; i < n; i++) {
      const adv = ctx.adv[symbols[i]!] ?? 0;
      if (!(adv > 0)) {
        notes.push(`No traded volume known for ${symbols[i]}: no liquidity cap on it.`);
        continue;
      }
      caps.push({
        asset: i,
        max: (spec.liquidityDays * adv) / ctx.portfolioValue,
        reason: `liquidity: ${spec.liquidityDays} days of average volume`,
      });
    }
  }

  const constraints: AllocationConstraints = {
    lower,
    upper,
    longOnly,
    groups,
    caps,
    l2: spec.l2,
    ...(longOnly ? {} : { grossLeverage: spec.grossLeverage }),
    ...(spec.maxAssets !== undefined ? { maxAssets: spec.maxAssets } : {}),
    ...(spec.minPosition !== undefined ? { minPosition: spec.minPosition } : {}),
  };
  if (spec.maxTurnover !== undefined) {
    if (!ctx.current)
      throw new KeelError(
        'VALIDATION',
        'A turnover limit needs current holdings: optimise a stored portfolio or give current weights.',
        [{ path: 'constraints.maxTurnover', message: 'no current weights' }],
      );
    constraints.turnover = {
      current: Float64Array.from(symbols, (s) => ctx.current![s] ?? 0),
      maxTurnover: spec.maxTurnover,
    };
  }
  return { constraints, notes };
}

function knownValues(tags: ResolveContext['tags'], symbols: string[], dim: string): string {
  const vals = new Set(symbols.flatMap((s) => tags[s]?.[dim] ?? []));
  return vals.size ? [...vals].sort().join(', ') : 'none';
}
