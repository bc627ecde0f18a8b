import type { AllocationProposal } from '../../../../shared/allocation';
import { methodLabel, returnsLabel, type WeightTotals } from '../../lib/allocation';
import {
  formatConfidence,
  formatMoney,
  formatNumber,
  formatPercent,
  formatSignedPercent,
} from '../../lib/format';
import type { AllocationResult } from './useAllocationRun';
import { Card, DateRange } from '../Card';

/** "current 12.30 %" under a figure, when the run knew the current book. */
const vsCurrent = (cur: AllocationProposal | null, f: (p: AllocationProposal) => string) =>
  cur ? `current ${f(cur)}` : 'no current book';

/** The headline figures of the shown method against the current book. */
export function AllocationSummaryCards({
  result,
  shown,
  totals,
  currency,
}: {
  result: AllocationResult;
  /** The proposal, or the method picked in the comparison. */
  shown: AllocationProposal;
  totals: WeightTotals;
  currency: string;
}) {
  const { report } = result;
  // A method that found no weights has no figures of its own (its stats are of a stand-in).
  const ok = shown.ok;
  const fig = (f: (p: AllocationProposal) => string) => (ok ? f(shown) : '—');
  const cur = report.currentStats;
  const alpha = result.policy?.alpha ?? null;
  return (
    <section className="cards alloc-cards" data-testid="alloc-cards">
      <Card
        testId="alloc-card-return"
        label="Expected return"
        figure={fig((p) => formatSignedPercent(p.expectedReturn))}
        sub={
          <>
            {vsCurrent(cur, (p) => formatSignedPercent(p.expectedReturn))}
            <br />
            {result.policy ? `${returnsLabel(result.policy.returns)} model` : 'annual'}
          </>
        }
      />
      <Card
        testId="alloc-card-vol"
        label="Volatility"
        figure={fig((p) => formatPercent(p.volatility))}
        sub={
          <>
            {vsCurrent(cur, (p) => formatPercent(p.volatility))}
            <br />
            annualised
          </>
        }
      />
      <Card
        testId="alloc-card-sharpe"
        label="Sharpe ratio"
        figure={fig((p) => formatNumber(p.sharpe))}
        sub={
          <>
            {vsCurrent(cur, (p) => formatNumber(p.sharpe))}
            <br />
            risk-free {result.policy ? formatPercent(result.policy.riskFree) : '—'}
          </>
        }
      />
      <Card
        testId="alloc-card-cvar"
        label={alpha ? `CVaR ${formatConfidence(alpha)}, 1 day` : 'CVaR, 1 day'}
        figure={fig((p) => formatPercent(p.cvar))}
        sub={
          <>
            {vsCurrent(cur, (p) => formatPercent(p.cvar))}
            <br />
            max drawdown {fig((p) => formatSignedPercent(-p.maxDrawdown))} in sample
          </>
        }
      />
      <Card
        testId="alloc-card-assets"
        label="Effective assets"
        figure={fig((p) => formatNumber(p.effectiveAssets, 1))}
        sub={
          <>
            {ok
              ? `${Object.values(shown.weights).filter((w) => Math.abs(w) > 1e-6).length} held of ${report.symbols.length}`
              : 'no proposal'}
            <br />
            {vsCurrent(cur, (p) => formatNumber(p.effectiveAssets, 1))}
          </>
        }
      />
      <Card
        testId="alloc-card-turnover"
        label="Turnover (one-way)"
        figure={ok ? formatPercent(totals.turnover) : '—'}
        sub={
          <>
            {!ok ? (
              'no proposal'
            ) : totals.grossTrade === null ? (
              'no value to price trades'
            ) : (
              <span className="money">
                {formatMoney(totals.grossTrade)} {currency} traded
              </span>
            )}
            <br />
            buys plus sells
          </>
        }
      />
      <Card
        testId="alloc-card-window"
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
            {report.symbols.length} assets in the universe
          </>
        }
      />
      <Card
        testId="alloc-card-run"
        label="Run"
        figure={<span data-testid="alloc-run-id">#{result.runId}</span>}
        sub={
          <>
            {methodLabel(report.method)}
            {result.portfolio ? `, ${result.portfolio}` : ''}
            {result.asOf ? ` as of ${result.asOf}` : ''}
            <br />
            {result.value !== null
              ? `universe ${formatMoney(result.value)} ${currency}`
              : 'no value to price trades'}
            {result.reopened
              ? `, reopened (${result.reopened.createdAt.slice(0, 16).replace('T', ' ')})`
              : ''}
          </>
        }
      />
    </section>
  );
}
