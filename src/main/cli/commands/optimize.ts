import { readFileSync } from 'node:fs';
import { AllocationMethod, ReturnsModel, type AllocationReport } from '../../../shared/allocation';
import { KeelError } from '../../../shared/errors';
import { CovMethod } from '../../../shared/risk';
import { callOrThrow } from '../call';
import { UsageError, type Command } from '../command';
import { readPriceSeries } from '../risk-inputs';
import { num } from '../flags';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function summary(r: AllocationReport): string {
  const p = r.proposal;
  const rows = Object.entries(p.weights)
    .filter(([, w]) => Math.abs(w) > 5e-5)
    .sort((a, b) => b[1] - a[1])
    .map(([s, w]) => `${s.padEnd(10)} ${pct(w).padStart(9)}`);
  return [
    `${r.method}: ${r.observations} daily returns ${r.from} to ${r.to}`,
    `expected return ${pct(p.expectedReturn)}  volatility ${pct(p.volatility)}  Sharpe ${p.sharpe.toFixed(3)}`,
    '',
    ...rows,
    ...p.notes.map((n) => `note: ${n}`),
    ...r.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

/** A constraints file: the policy's constraints object, plus optional instrument tags for groups. */
function readConstraints(file: string): {
  constraints: unknown;
  tags: Record<string, Record<string, string>>;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new KeelError(
      'VALIDATION',
      `Cannot read constraints from ${file}: ${(err as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new KeelError('VALIDATION', `${file}: expected a JSON object of constraints.`);
  const { tags, ...constraints } = parsed as Record<string, unknown>;
  return { constraints, tags: (tags ?? {}) as Record<string, Record<string, string>> };
}

function bounds(v: unknown): { minWeight: number; maxWeight: number } | undefined {
  if (v === undefined) return undefined;
  const parts = String(v).split(',');
  const [lo, hi] = parts.map(Number);
  if (parts.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi))
    throw new UsageError(`--bounds takes LO,HI (e.g. 0,0.4), got '${String(v)}'`);
  return { minWeight: lo!, maxWeight: hi! };
}

/** A flag naming one of a fixed set of values: anything else is a usage error naming the flag. */
function oneOf(v: unknown, flag: string, options: readonly string[]): string | undefined {
  if (v === undefined || options.includes(v as string)) return v as string | undefined;
  throw new UsageError(`--${flag} takes one of ${options.join(', ')}; got '${String(v)}'`);
}

export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'Optimal weights from a prices file or for a stored portfolio under a saved policy',
  usage:
    'keel optimize --prices FILE.csv --method min-volatility|max-sharpe|efficient-risk|efficient-return|max-utility|\n' +
    '  risk-parity|hrp|herc|min-cvar|max-diversification|equal-weight|inverse-volatility\n' +
    '  [--returns mean|compounded|ema|capm] [--cov sample|ledoit-wolf|ledoit-wolf-cc|ewma|semi] [--risk-free R]\n' +
    '  [--periods-per-year N] [--bounds LO,HI] [--target-volatility X] [--target-return X] [--risk-aversion X]\n' +
    '  [--alpha 0.95] [--constraints FILE.json] [--json]\n' +
    'keel optimize --portfolio NAME --policy NAME [--method M] [--json]',
  options: {
    prices: { type: 'string' },
    portfolio: { type: 'string' },
    policy: { type: 'string' },
    method: { type: 'string' },
    returns: { type: 'string' },
    cov: { type: 'string' },
    'risk-free': { type: 'string' },
    'periods-per-year': { type: 'string' },
    bounds: { type: 'string' },
    'target-volatility': { type: 'string' },
    'target-return': { type: 'string' },
    'risk-aversion': { type: 'string' },
    alpha: { type: 'string' },
    constraints: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run({ values, dispatch, io }) {
    const file =
      values.constraints === undefined ? undefined : readConstraints(values.constraints as string);
    const overrides = Object.fromEntries(
      Object.entries({
        method: oneOf(values.method, 'method', AllocationMethod.options),
        returns: oneOf(values.returns, 'returns', ReturnsModel.options),
        cov: oneOf(values.cov, 'cov', CovMethod.options),
        riskFree: num(values['risk-free'], 'risk-free'),
        periodsPerYear: num(values['periods-per-year'], 'periods-per-year'),
        targetVolatility: num(values['target-volatility'], 'target-volatility'),
        targetReturn: num(values['target-return'], 'target-return'),
        riskAversion: num(values['risk-aversion'], 'risk-aversion'),
        alpha: num(values.alpha, 'alpha'),
      }).filter(([, v]) => v !== undefined),
    );
    const constraints = {
      ...((file?.constraints as object) ?? {}),
      ...(bounds(values.bounds) ?? {}),
    };
    let report: AllocationReport;
    if (values.prices !== undefined) {
      if (values.portfolio !== undefined || values.policy !== undefined)
        throw new UsageError('give either --prices or --portfolio/--policy, not both');
      report = await callOrThrow(dispatch(), 'allocation.series', {
        series: await readPriceSeries(values.prices as string),
        policy: { ...overrides, constraints } as never,
        tags: file?.tags ?? {},
      });
    } else {
      if (values.policy === undefined && values.portfolio === undefined)
        throw new UsageError('give --prices FILE.csv, or --portfolio NAME [--policy NAME]');
      const d = dispatch();
      const saved =
        values.policy === undefined
          ? {}
          : ((
              await callOrThrow(d, 'allocation.policies', {
                portfolio: values.portfolio as string | undefined,
              })
            ).find((p) => p.name === values.policy)?.policy ??
            (() => {
              throw new KeelError('NOT_FOUND', `No policy named "${String(values.policy)}".`);
            })());
      const policy = {
        ...saved,
        ...overrides,
        constraints: { ...((saved as { constraints?: object }).constraints ?? {}), ...constraints },
      };
      report = await callOrThrow(d, 'allocation.run', {
        portfolio: values.portfolio as string | undefined,
        asOf: values['as-of'] as string | undefined,
        policy: policy as never,
        compare: false,
      });
    }
    if (report.infeasible) {
      io.err(report.infeasible.message);
      return 3;
    }
    const p = report.proposal;
    io.out(
      values.json
        ? JSON.stringify(
            {
              weights: p.weights,
              expectedReturn: p.expectedReturn,
              volatility: p.volatility,
              sharpe: p.sharpe,
              notes: p.notes,
            },
            null,
            2,
          )
        : summary(report),
    );
    return 0;
  },
};
