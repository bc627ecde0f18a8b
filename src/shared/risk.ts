import { z } from 'zod';
import { IsoDate, SeriesPoint } from './domain';

// The risk engine's options and result, shared by the engine, the services, the CLI and the
// Risk view. Every number is finite: the engine never lets NaN out.

export const VarMethod = z.enum([
  'historical',
  'normal',
  'student-t',
  'cornish-fisher',
  'fhs',
  'monte-carlo',
]);
export type VarMethod = z.infer<typeof VarMethod>;
export const CovMethod = z.enum(['sample', 'ewma', 'ledoit-wolf', 'ledoit-wolf-cc', 'semi']);
export type CovMethod = z.infer<typeof CovMethod>;

export const RiskOptions = z
  .object({
    alpha: z.number().gt(0.5).lt(1).default(0.99),
    horizonDays: z.number().int().min(1).max(365).default(1),
    method: VarMethod.default('historical'),
    // constant-correlation shrinkage keeps each asset's own variance: the identity target pulls
    // every variance towards the average, which wrecks stablecoins' correlations
    cov: CovMethod.default('ledoit-wolf-cc'),
    periodsPerYear: z.number().int().min(1).max(366).default(365),
    ewmaLambda: z.number().gt(0).lt(1).default(0.94),
    paths: z.number().int().min(1000).max(1_000_000).default(100_000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(42),
    riskFree: z.number().min(-1).max(1).default(0),
    participation: z.number().gt(0).max(1).default(0.1),
    rollingWindow: z.number().int().min(10).max(365).default(60),
  })
  .strict();
export type RiskOptions = z.output<typeof RiskOptions>;
export type RiskOptionsInput = z.input<typeof RiskOptions>;

const finite = z.number().finite();

export const RiskReport = z.object({
  method: VarMethod,
  alpha: finite,
  horizonDays: z.number().int(),
  periodsPerYear: z.number().int(),
  cov: CovMethod,
  observations: z.number().int(),
  from: IsoDate,
  to: IsoDate,
  var: finite,
  es: finite,
  volatility: finite,
  methods: z.array(z.object({ method: VarMethod, var: finite, es: finite, note: z.string() })),
  assets: z.array(
    z.object({
      symbol: z.string(),
      weight: finite,
      annualVol: finite,
      ewmaVol: finite,
      garch: z
        .object({ omega: finite, alpha: finite, beta: finite, nu: finite, nextVol: finite })
        .nullable(),
      tNu: finite.nullable(),
      skew: finite,
      excessKurtosis: finite,
      marginalVol: finite,
      componentVol: finite,
      componentEs: finite,
    }),
  ),
  correlation: z.object({
    symbols: z.array(z.string()),
    matrix: z.array(z.array(finite)),
    clusterOrder: z.array(z.number().int()),
  }),
  performance: z.object({
    annualReturn: finite,
    annualVol: finite,
    sharpe: finite,
    sortino: finite,
    calmar: finite,
    maxDrawdown: finite,
    beta: finite.nullable(),
    benchmark: z.string().nullable(),
  }),
  concentration: z.object({ hhi: finite, effectiveAssets: finite, effectiveBets: finite }),
  drawdown: z.array(SeriesPoint),
  rolling: z.object({
    window: z.number().int(),
    volatility: z.array(SeriesPoint),
    averageCorrelation: z.array(SeriesPoint),
    correlationToBenchmark: z.array(z.object({ symbol: z.string(), points: z.array(SeriesPoint) })),
  }),
  liquidity: z
    .object({
      participation: finite,
      exitCost: finite,
      lvar: finite,
      daysToLiquidateBook: finite.nullable(),
      rows: z.array(
        z.object({
          symbol: z.string(),
          value: finite,
          adv: finite,
          daysToLiquidate: finite.nullable(),
          spreadCost: finite,
          impactCost: finite,
        }),
      ),
    })
    .nullable(),
  warnings: z.array(z.string()),
});
export type RiskReport = z.infer<typeof RiskReport>;
