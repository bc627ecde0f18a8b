import { memo, useEffect, useMemo, useState } from 'react';
import { AssetRiskTable, assetRiskRows } from '../components/AssetRiskTable';
import { BenchmarkCorrelationChart } from '../components/BenchmarkCorrelationChart';
import { CorrelationHeatmap } from '../components/CorrelationHeatmap';
import { MultiLineChart, type ChartLine } from '../components/MultiLineChart';
import { RiskContributionBars, type Contribution } from '../components/RiskContributionBars';
import { RiskControls } from '../components/RiskControls';
import { RiskSummaryCards } from '../components/RiskSummaryCards';
import { VarMethodsTable } from '../components/VarMethodsTable';
import { formatConfidence, formatNumber, formatPercent, formatSignedPercent } from '../lib/format';
import {
  covLabel,
  DEFAULT_RISK_PARAMS,
  sameParams,
  useRiskRun,
  type RiskParams,
  type RiskResult,
} from '../lib/risk';
import { RunStatus } from '../components/RunStatus';

const pctAxis = (x: number) => `${formatNumber(x * 100, 1)} %`;
const corrAxis = (x: number) => formatNumber(x, 2);

export function RiskView({ portfolio }: { portfolio: string }) {
  // risk and allocation are computed in USD whatever the portfolio's base currency
  const currency = 'USD';
  const [params, setParams] = useState<RiskParams>(DEFAULT_RISK_PARAMS);
  const { result, running, failure, run, cancel } = useRiskRun(portfolio);

  // One run with the defaults when the view opens.
  useEffect(() => {
    run(DEFAULT_RISK_PARAMS);
  }, [run]);

  const changed = result ? !sameParams(params, result.params) : false;

  return (
    <div className="view risk" data-testid="risk-view">
      <RiskControls
        params={params}
        onChange={setParams}
        onRun={() => run(params)}
        running={running !== null}
        changed={changed}
      />

      <RunStatus
        label="Risk"
        id="risk"
        running={running}
        failure={failure}
        shownRunId={result ? result.report.runId : null}
        onCancel={cancel}
        onRetry={() => failure && run(failure.params)}
      />

      {result ? (
        <div
          className={`risk-results ${running ? 'stale' : ''}`}
          aria-busy={running !== null}
          data-testid="risk-results"
        >
          <RiskResults report={result.report} currency={currency} />
        </div>
      ) : (
        !failure && <div className="loading">Measuring the risk of {portfolio}…</div>
      )}
    </div>
  );
}

/** Everything drawn from one report; memoised, so progress and settings do not redraw it. */
const RiskResults = memo(function RiskResults({
  report,
  currency,
}: {
  report: RiskResult;
  currency: string;
}) {
  const [clustered, setClustered] = useState(false);
  const assets = useMemo(() => assetRiskRows(report), [report]);
  const contributions = useMemo<Contribution[]>(
    () => assets.map((a) => ({ symbol: a.symbol, vol: a.volShare, es: a.esShare })),
    [assets],
  );
  const weights = useMemo(() => new Map(report.assets.map((a) => [a.symbol, a.weight])), [report]);
  const w = report.rolling.window;
  const volLines = useMemo<ChartLine[]>(
    () => [{ key: 'vol', label: 'Volatility', points: report.rolling.volatility }],
    [report],
  );
  const corrLines = useMemo<ChartLine[]>(
    () => [
      { key: 'corr', label: 'Average correlation', points: report.rolling.averageCorrelation },
    ],
    [report],
  );
  const ddLines = useMemo<ChartLine[]>(
    () => [{ key: 'dd', label: 'Drawdown', points: report.drawdown }],
    [report],
  );
  const lastVol = report.rolling.volatility.at(-1);
  const lastCorr = report.rolling.averageCorrelation.at(-1);
  const lastDd = report.drawdown.at(-1);

  return (
    <>
      <RiskSummaryCards report={report} currency={currency} />

      {report.warnings.length > 0 && (
        <section className="panel warnings-panel">
          <header>
            <h2>Warnings</h2>
          </header>
          <ul className="warnings" data-testid="risk-warnings">
            {report.warnings.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="panel">
        <header>
          <h2>VaR and ES by method</h2>
          <span className="hint">
            {formatConfidence(report.alpha)} confidence,{' '}
            {report.horizonDays === 1 ? '1 day' : `${report.horizonDays} days`}, losses as a share
            of the book
          </span>
        </header>
        <VarMethodsTable
          methods={report.methods}
          headline={report.method}
          value={report.value}
          currency={currency}
        />
      </section>

      <section className="split">
        <div className="panel">
          <header>
            <h2>Correlation</h2>
            <span className="hint">{covLabel(report.cov)} estimate, daily returns</span>
            <label className="toggle">
              <input
                type="checkbox"
                checked={clustered}
                onChange={(e) => setClustered(e.target.checked)}
                data-testid="clustered-toggle"
              />
              Clustered order
            </label>
          </header>
          <CorrelationHeatmap
            symbols={report.correlation.symbols}
            matrix={report.correlation.matrix}
            clusterOrder={report.correlation.clusterOrder}
            clustered={clustered}
          />
        </div>
        <div className="panel">
          <header>
            <h2>Risk contributions</h2>
            <span className="hint">volatility {formatPercent(report.volatility)}</span>
          </header>
          <RiskContributionBars rows={contributions} />
        </div>
      </section>

      <section className="panel">
        <header>
          <h2>Per asset</h2>
          <span className="hint">annualised volatilities; tails from daily returns</span>
        </header>
        <AssetRiskTable rows={assets} currency={currency} />
      </section>

      <section className="charts">
        <div className="panel">
          <header>
            <h2>Rolling volatility</h2>
            <span className="hint">
              {lastVol ? `${formatPercent(lastVol.value)} on ${lastVol.date}` : ''}
            </span>
          </header>
          <MultiLineChart lines={volLines} testId="rolling-vol-chart" priceFormatter={pctAxis} />
          <p className="caption">
            Annualised volatility of the book’s daily returns over a {w}-day window.
          </p>
        </div>
        <div className="panel">
          <header>
            <h2>Average pairwise correlation</h2>
            <span className="hint">
              {lastCorr ? `${formatNumber(lastCorr.value)} on ${lastCorr.date}` : ''}
            </span>
          </header>
          <MultiLineChart lines={corrLines} testId="avg-corr-chart" priceFormatter={corrAxis} />
          <p className="caption">
            It rises in sell-offs: when everything falls together, diversification disappears just
            when it is needed.
          </p>
        </div>
        <div className="panel">
          <header>
            <h2>Correlation to {report.performance.benchmark ?? 'the benchmark'}</h2>
          </header>
          <BenchmarkCorrelationChart
            series={report.rolling.correlationToBenchmark}
            weights={weights}
            benchmark={report.performance.benchmark}
            window={w}
          />
        </div>
        <div className="panel">
          <header>
            <h2>Drawdown</h2>
            <span className="hint">
              {lastDd
                ? `${formatSignedPercent(lastDd.value)} on ${lastDd.date}, worst ${formatSignedPercent(-report.performance.maxDrawdown)}`
                : ''}
            </span>
          </header>
          <MultiLineChart
            lines={ddLines}
            testId="drawdown-chart"
            priceFormatter={pctAxis}
            belowZero
          />
          <p className="caption">
            Fall of the book from its running peak, day by day over the window.
          </p>
        </div>
      </section>
    </>
  );
});
