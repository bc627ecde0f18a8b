// The allocation orchestrator: builds the market model a policy asks for, runs its method (and,
// for the comparison table, every other one) under the same constraints, and reports each
// proposal with the same in-sample figures. The LP solver (HiGHS) is passed in: the engine loads
// nothing itself.
import {
  AllocationMethod,
  type AllocationPolicy,
  type AllocationProposal,
  type AllocationReport,
} from '../../../shared/allocation';
import { KeelError } from '../../../shared/errors';
import type { AllocateInput } from './allocate-input';
import { buildModel, type AllocationModel } from './allocation-model';
import { equalWeight, inverseVolatility, waterFill } from './baselines';
import { compileConstraints } from './compile';
import { minCvar } from './cvar';
import { efficientFrontier } from './frontier';
import type { LpSolver } from './highs-model';
import { herc } from './herc';
import { hrp } from './hrp';
import { diagnoseInfeasible } from './infeasibility';
import {
  efficientReturn,
  efficientRisk,
  isInfeasible,
  maxDiversification,
  maxQuadraticUtility,
  maxSharpe,
  minVolatility,
  type MeanVarianceOptions,
} from './mean-variance';
import { proposalStats, type StatsContext } from './proposal-stats';
import { resolveConstraints } from './resolve-constraints';
import { riskBudgeting } from './risk-budget';
import type { AllocationConstraints, LinearSystem } from './types';
import { violatedConstraints } from './violations';

export type Progress = (fraction: number, message?: string) => void;

interface MethodOutcome {
  weights: Float64Array | null;
  notes: string[];
  infeasible?: { conflicting: string[]; message: string };
}

/** Constraints beyond per-asset bounds, which the heuristic methods do not optimise over. */
function extraConstraints(c: AllocationConstraints): string[] {
  const out: string[] = [];
  if (c.groups?.length) out.push('group bounds');
  if (c.turnover) out.push('the turnover limit');
  if (c.maxAssets !== undefined) out.push('the maximum number of assets');
  if (c.minPosition !== undefined) out.push('the minimum position');
  if (c.longOnly === false) out.push('long-short leverage');
  return out;
}

function runMethod(
  method: AllocationMethod,
  model: AllocationModel,
  policy: AllocationPolicy,
  constraints: AllocationConstraints,
  sys: LinearSystem,
  lp: LpSolver,
): MethodOutcome {
  const { mu, cov, symbols } = model;
  const n = symbols.length;
  const mv: MeanVarianceOptions = {
    assetNames: symbols,
    riskFree: policy.riskFree,
    diagnose: (s) => diagnoseInfeasible(s, lp)?.conflicting ?? [],
  };
  const fromMv = (r: ReturnType<typeof minVolatility>): MethodOutcome =>
    isInfeasible(r)
      ? { weights: null, notes: [], infeasible: { conflicting: r.conflicting, message: r.message } }
      : { weights: r.weights, notes: r.notes };
  // The heuristics allocate long-only: their bounds are the per-asset ones floored at 0.
  const lower = Float64Array.from(sys.lb.subarray(0, n), (x) => Math.max(0, x));
  const upper = Float64Array.from(sys.ub.subarray(0, n));
  const heuristic = (
    name: string,
    make: () => Float64Array,
    extra: string[] = [],
  ): MethodOutcome => {
    // a constraint set that cannot hold is named the same way for every method
    const conflict = diagnoseInfeasible(sys, lp);
    if (conflict)
      return {
        weights: null,
        notes: [],
        infeasible: { conflicting: conflict.conflicting, message: conflict.message },
      };
    const skipped = extraConstraints(constraints);
    const notes = [...extra];
    if (skipped.length)
      notes.push(
        `${name} is a heuristic: it honours per-asset bounds but does not optimise over ${skipped.join(', ')}.`,
      );
    return { weights: make(), notes };
  };
  /** Risk parity and HERC have no bounds of their own: weights scaled onto the bounds (water-filling). */
  const bounded = (w: Float64Array, name: string, notes: string[]) => {
    const off = symbols.filter((_, i) => w[i]! < lower[i]! - 1e-12 || w[i]! > upper[i]! + 1e-12);
    if (!off.length) return w;
    notes.push(
      `${name} weights outside their bounds (${off.join(', ')}) were capped and the rest scaled up (water-filling): risk contributions are then no longer exactly ${name === 'Risk parity' ? 'equal' : 'balanced'}.`,
    );
    return waterFill(w, { lower, upper, symbols });
  };
  switch (method) {
    case 'min-volatility':
      return fromMv(minVolatility(mu, cov, constraints, mv));
    case 'max-sharpe':
      return fromMv(maxSharpe(mu, cov, constraints, mv));
    case 'efficient-risk': {
      if (policy.targetVolatility === undefined)
        throw new KeelError('VALIDATION', 'Efficient risk needs a target volatility.', [
          { path: 'policy.targetVolatility', message: 'required for efficient-risk' },
        ]);
      return fromMv(
        efficientRisk(mu, cov, constraints, { ...mv, targetVolatility: policy.targetVolatility }),
      );
    }
    case 'efficient-return': {
      if (policy.targetReturn === undefined)
        throw new KeelError('VALIDATION', 'Efficient return needs a target return.', [
          { path: 'policy.targetReturn', message: 'required for efficient-return' },
        ]);
      return fromMv(
        efficientReturn(mu, cov, constraints, { ...mv, targetReturn: policy.targetReturn }),
      );
    }
    case 'max-utility':
      return fromMv(
        maxQuadraticUtility(mu, cov, constraints, { ...mv, riskAversion: policy.riskAversion }),
      );
    case 'max-diversification':
      return fromMv(maxDiversification(mu, cov, constraints, mv));
    case 'min-cvar': {
      const r = minCvar(lp, {
        scenarios: model.common,
        alpha: policy.alpha,
        system: sys,
        names: symbols,
        ...(constraints.maxAssets !== undefined ? { maxAssets: constraints.maxAssets } : {}),
        ...(constraints.minPosition !== undefined ? { minPosition: constraints.minPosition } : {}),
      });
      if (r.kind === 'infeasible')
        return {
          weights: null,
          notes: [],
          infeasible: { conflicting: r.conflicting, message: r.message },
        };
      return { weights: r.weights, notes: r.notes };
    }
    case 'risk-parity': {
      const budgets = policy.riskBudgets ? riskBudgetsOf(policy.riskBudgets, symbols) : undefined;
      const notes: string[] = [];
      return heuristic(
        'Risk parity',
        () => {
          const r = riskBudgeting(cov, { symbols, ...(budgets ? { budgets } : {}) });
          return bounded(r.weights, 'Risk parity', notes);
        },
        notes,
      );
    }
    case 'hrp':
      return heuristic('HRP', () => hrp(cov, { lower, upper, symbols }).weights);
    case 'herc': {
      const notes: string[] = [];
      return heuristic(
        'HERC',
        () => {
          const r = herc(cov, { symbols });
          notes.push(`${r.k} clusters (elbow of the within-cluster dispersion).`);
          return bounded(r.weights, 'HERC', notes);
        },
        notes,
      );
    }
    case 'equal-weight':
      return heuristic('Equal weight', () => equalWeight(n, { lower, upper, symbols }));
    case 'inverse-volatility':
      return heuristic('Inverse volatility', () =>
        inverseVolatility(cov, { lower, upper, symbols }),
      );
  }
}

/** Risk budgets by symbol, checked: every name in the universe, every budget positive. */
function riskBudgetsOf(budgets: Record<string, number>, symbols: string[]): Float64Array {
  const unknown = Object.keys(budgets).filter((s) => !symbols.includes(s));
  if (unknown.length)
    throw new KeelError(
      'VALIDATION',
      `Risk budgets name assets outside the universe: ${unknown.join(', ')}.`,
      [{ path: 'policy.riskBudgets', message: 'unknown asset' }],
    );
  const missing = symbols.filter((s) => budgets[s] === undefined);
  if (missing.length)
    throw new KeelError(
      'VALIDATION',
      `Risk budgets are missing for ${missing.join(', ')}: give one per asset of the universe.`,
      [{ path: 'policy.riskBudgets', message: 'missing assets' }],
    );
  return Float64Array.from(symbols, (s) => budgets[s]!);
}

export function allocate(input: AllocateInput, progress: Progress, lp: LpSolver): AllocationReport {
  const { policy } = input;
  progress(0.05, 'estimating expected returns and covariance');
  const model = buildModel(input.series, policy, input.current);
  const { symbols } = model;
  const n = symbols.length;
  const { constraints, notes: constraintNotes } = resolveConstraints(policy.constraints, {
    symbols,
    tags: input.tags,
    current: input.current,
    adv: input.adv,
    portfolioValue: input.portfolioValue,
  });
  const sys = compileConstraints(constraints, n, symbols);
  const stats: StatsContext = {
    symbols,
    mu: model.mu,
    cov: model.cov,
    riskFree: policy.riskFree,
    common: model.common,
    alpha: policy.alpha,
  };
  const propose = (method: AllocationMethod) => {
    const out = runMethod(method, model, policy, constraints, sys, lp);
    if (!out.weights) return { proposal: null, infeasible: out.infeasible ?? null };
    const broken = violatedConstraints(sys, out.weights, constraints);
    const notes = [...out.notes];
    if (broken.length) notes.push(`Breaks: ${broken.join('; ')}.`);
    return { proposal: proposalStats(method, out.weights, stats, notes), infeasible: null };
  };

  progress(0.15, `optimising (${policy.method})`);
  const main = propose(policy.method);
  const current = input.current && Float64Array.from(symbols, (s) => input.current![s] ?? 0);
  const currentStats = current
    ? proposalStats(policy.method, current, stats, [
        'The current holdings of the universe (they may not sum to 100 %).',
      ])
    : null;
  const fallback = (): AllocationProposal =>
    proposalStats(
      policy.method,
      current ?? new Float64Array(n).fill(1 / n),
      stats,
      ['No proposal: the constraints cannot all hold.'],
      false,
    );
  const proposal = main.proposal ?? fallback();
  proposal.notes.unshift(...constraintNotes);

  progress(0.35, 'tracing the efficient frontier');
  let frontier: AllocationReport['frontier'] = [];
  if (!main.infeasible) {
    try {
      const f = efficientFrontier(model.mu, model.cov, constraints, {
        points: policy.frontierPoints,
        assetNames: symbols,
        riskFree: policy.riskFree,
      });
      if ('points' in f)
        frontier = f.points.map((p) => ({
          expectedReturn: p.expectedReturn,
          volatility: p.volatility,
          sharpe: p.sharpe,
        }));
    } catch (err) {
      model.warnings.push(`The efficient frontier could not be traced: ${(err as Error).message}`);
    }
  }

  const comparison: AllocationProposal[] = [];
  if (input.compare) {
    const methods = AllocationMethod.options.filter(
      (m) =>
        !(m === 'efficient-risk' && policy.targetVolatility === undefined) &&
        !(m === 'efficient-return' && policy.targetReturn === undefined),
    );
    methods.forEach((m, k) => {
      progress(0.45 + (0.5 * k) / methods.length, `comparing: ${m}`);
      if (m === policy.method) {
        comparison.push(proposal);
        return;
      }
      try {
        const r = propose(m);
        comparison.push(
          r.proposal ??
            proposalStats(
              m,
              new Float64Array(n),
              stats,
              [r.infeasible?.message ?? 'no solution'],
              false,
            ),
        );
      } catch (err) {
        comparison.push(
          proposalStats(m, new Float64Array(n), stats, [(err as Error).message], false),
        );
      }
    });
  }
  progress(1, 'done');
  return {
    method: policy.method,
    symbols,
    from: model.from,
    to: model.to,
    observations: model.observations,
    expectedReturns: Object.fromEntries(symbols.map((s, i) => [s, model.mu[i]!])),
    volatilities: Object.fromEntries(
      symbols.map((s, i) => [s, Math.sqrt(Math.max(0, model.cov.data[i * n + i]!))]),
    ),
    universeValue: input.portfolioValue,
    current: current ? Object.fromEntries(symbols.map((s, i) => [s, current[i]!])) : null,
    currentStats,
    proposal,
    infeasible: main.infeasible,
    frontier,
    comparison,
    warnings: model.warnings,
  };
}
