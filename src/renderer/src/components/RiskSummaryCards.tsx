import {
  formatConfidence,
  formatDays,
  formatMoney,
  formatNumber,
  formatPercent,
  formatSignedPercent,
} from '../lib/format';
import { covLabel, methodLabel, type RiskResult } from '../lib/risk';
import { Card, DateRange } from './Card';

const money = (fraction: number | null | undefined, value: number, currency: string) =>
  fraction === null || fraction === undefined || !Number.isFinite(fraction)
    ? '—'
    : `${formatMoney(fraction * value)} ${currency}`;

/** The headline figures of a risk run, as desk cards. */
export function RiskSummaryCards({ report, currency }: { report: RiskResult; currency: string }) {
  const usd = (fraction: number | null | undefined, v: number) => money(fraction, v, currency);
  const { value, performance: perf, concentration: conc, liquidity: liq } = report;
  const horizon = report.horizonDays === 1 ? '1 day' : `${report.horizonDays} days`;
  const basis = `${formatConfidence(report.alpha)}, ${horizon}, ${methodLabel(report.method)}`;
  let slowest: { symbol: string; days: number } | null = null;
  for (const r of liq?.rows ?? [])
    if (r.daysToLiquidate !== null && (!slowest || r.daysToLiquidate > slowest.days))
      slowest = { symbol: r.symbol, days: r.daysToLiquidate };

  return (
    <section className="cards risk-cards" data-testid="risk-cards">
      <Card
        testId="card-var"
        label="Value at Risk"
        figure={formatPercent(report.var)}
        sub={
          <>
            <span className="money">{usd(report.var, value)}</span>
            <br />
            {basis}
          </>
        }
      />
      <Card
        testId="card-es"
        label="Expected Shortfall"
        figure={formatPercent(report.es)}
        sub={
          <>
            <span className="money">{usd(report.es, value)}</span>
            <br />
            mean loss beyond VaR, {methodLabel(report.method)}
          </>
        }
      />
      <Card
        testId="card-vol"
        label="Volatility (annualised)"
        figure={formatPercent(report.volatility)}
        sub={
          <>
            {covLabel(report.cov)} covariance
            <br />
            realised {formatPercent(perf.annualVol)}
            {perf.beta !== null && perf.benchmark
              ? `, β to ${perf.benchmark} ${formatNumber(perf.beta)}`
              : ''}
          </>
        }
      />
      <Card
        testId="card-drawdown"
        label="Maximum drawdown"
        figure={formatSignedPercent(-perf.maxDrawdown)}
        sub={
          <>
            peak-to-trough fall in the window
            <br />
            Calmar {formatNumber(perf.calmar)}
          </>
        }
      />
      <Card
        testId="card-sharpe"
        label="Sharpe ratio"
        figure={formatNumber(perf.sharpe)}
        sub={
          <>
            Sortino {formatNumber(perf.sortino)}
            <br />
            annual return {formatPercent(perf.annualReturn)}
          </>
        }
      />
      <Card
        testId="card-bets"
        label="Effective number of bets"
        figure={formatNumber(conc.effectiveBets)}
        sub={
          <>
            effective assets {formatNumber(conc.effectiveAssets)} of {report.assets.length}
            <br />
            HHI {formatNumber(conc.hhi, 3)}
          </>
        }
      />
      <Card
        testId="card-lvar"
        label="Liquidity-adjusted VaR"
        figure={liq ? formatPercent(liq.lvar) : '—'}
        sub={
          liq ? (
            <>
              <span className="money">{usd(liq.lvar, value)}</span>
              <br />
              VaR + exit cost {formatPercent(liq.exitCost)}
            </>
          ) : (
            'no liquidity data'
          )
        }
      />
      <Card
        testId="card-liquidate"
        label="Days to liquidate the book"
        figure={liq ? formatDays(liq.daysToLiquidateBook) : '—'}
        sub={
          liq ? (
            <>
              trading {formatPercent(liq.participation, 0)} of daily volume
              <br />
              {liq.daysToLiquidateBook === null
                ? `${liq.rows
                    .filter((r) => r.daysToLiquidate === null)
                    .map((r) => r.symbol)
                    .join(', ')}: no volume on record`
                : slowest
                  ? `slowest: ${slowest.symbol}`
                  : ''}
            </>
          ) : (
            'no liquidity data'
          )
        }
      />
      <Card
        testId="card-window"
        label="Window"
        figure={
          <span className="dates">
            <DateRange from={report.from} to={report.to} />
          </span>
        }
        sub={
          <>
            {formatNumber(report.observations, 0)} daily returns
            <br />
            rolling views over {report.rolling.window} days
          </>
        }
      />
      <Card
        testId="card-run"
        label="Run"
        figure={<span data-testid="run-id">#{report.runId}</span>}
        sub={
          <>
            {report.portfolio}, as of {report.asOf}
            <br />
            book {formatMoney(value)} {currency}
          </>
        }
      />
    </section>
  );
}
