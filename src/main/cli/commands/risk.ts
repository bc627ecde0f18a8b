import type { RiskReport } from '../../../shared/risk';
import { callOrThrow } from '../call';
import { UsageError, type Command } from '../command';
import { readPriceSeries, readWeights } from '../risk-inputs';
import { num } from '../flags';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function summary(r: RiskReport & { portfolio?: string }): string {
  const lines = [
    `${r.portfolio ? `${r.portfolio}: ` : ''}${r.observations} daily returns ${r.from} to ${r.to}, covariance ${r.cov}`,
    `VaR ${pct(r.var)}  ES ${pct(r.es)}  (${r.method}, ${r.alpha} confidence, ${r.horizonDays} day${r.horizonDays > 1 ? 's' : ''})`,
    `volatility ${pct(r.volatility)} a year; max drawdown ${pct(r.performance.maxDrawdown)}; Sharpe ${r.performance.sharpe.toFixed(2)}`,
    '',
    'method            VaR        ES',
    ...r.methods.map(
      (m) => `${m.method.padEnd(15)} ${pct(m.var).padStart(8)}  ${pct(m.es).padStart(8)}`,
    ),
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n');
}

export const riskCommand: Command = {
  name: 'risk',
  summary: 'VaR, ES and the risk picture of a stored portfolio or of given prices and weights',
  usage:
    'keel risk (--portfolio NAME | --prices FILE.csv --weights FILE.json) [--alpha 0.99] [--horizon-days 1]\n' +
    '  [--method historical|normal|student-t|cornish-fisher|fhs|monte-carlo] [--periods-per-year 365]\n' +
    '  [--cov sample|ewma|ledoit-wolf|ledoit-wolf-cc|semi] [--paths 100000] [--seed 42] [--as-of DATE] [--lookback-days 730] [--json]',
  options: {
    prices: { type: 'string' },
    weights: { type: 'string' },
    portfolio: { type: 'string' },
    alpha: { type: 'string' },
    'horizon-days': { type: 'string' },
    method: { type: 'string' },
    'periods-per-year': { type: 'string' },
    cov: { type: 'string' },
    paths: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    'lookback-days': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run({ values, dispatch, io }) {
    const options = Object.fromEntries(
      Object.entries({
        alpha: num(values.alpha, 'alpha'),
        horizonDays: num(values['horizon-days'], 'horizon-days'),
        method: values.method,
        periodsPerYear: num(values['periods-per-year'], 'periods-per-year'),
        cov: values.cov,
        paths: num(values.paths, 'paths'),
        seed: num(values.seed, 'seed'),
      }).filter(([, v]) => v !== undefined),
    );
    const fromFiles = values.prices !== undefined || values.weights !== undefined;
    if (fromFiles && (values.prices === undefined || values.weights === undefined))
      throw new UsageError('--prices and --weights go together');
    if (fromFiles && values.portfolio !== undefined)
      throw new UsageError('give either --portfolio or --prices/--weights, not both');
    const report = fromFiles
      ? await callOrThrow(dispatch(), 'risk.series', {
          series: await readPriceSeries(values.prices as string),
          weights: readWeights(values.weights as string),
          options: options as never,
        })
      : await callOrThrow(dispatch(), 'risk.portfolio', {
          portfolio: values.portfolio as string | undefined,
          asOf: values['as-of'] as string | undefined,
          ...(values['lookback-days'] !== undefined
            ? { lookbackDays: num(values['lookback-days'], 'lookback-days') }
            : {}),
          options: options as never,
        });
    io.out(values.json ? JSON.stringify(report, null, 2) : summary(report));
    return 0;
  },
};
