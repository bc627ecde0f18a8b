import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { GreeksGrid } from '../components/hedge/GreeksGrid';
import { GreeksTotals } from '../components/hedge/GreeksTotals';
import { HedgeControls } from '../components/hedge/HedgeControls';
import { MarginPanel } from '../components/hedge/MarginPanel';
import { PayoffChart } from '../components/hedge/PayoffChart';
import { DeltaHedgeTable, TailHedgeTable } from '../components/hedge/Proposals';
import { ScenarioHeatmap } from '../components/hedge/ScenarioHeatmap';
import { useHedgeRun, type HedgeRunRequest } from '../components/hedge/useHedgeRun';
import { WhatIfBar } from '../components/hedge/WhatIfBar';
import { formatPercent, formatPrice } from '../lib/format';
import {
  addLegs,
  defaultHedgeForm,
  defaultRunParams,
  deltaHedgeRows,
  formToParams,
  horizonLabel,
  pnlScale,
  removeLeg,
  sameRunParams,
  type AppliedLeg,
  type HedgeForm,
  type HedgeResult,
} from '../lib/hedge';
import { RunStatus } from '../components/RunStatus';

const sameOverlay = (a: AppliedLeg[], b: AppliedLeg[]) =>
  a.length === b.length && a.every((l, i) => l.id === b[i]!.id);

export function HedgeView({ portfolio }: { portfolio: string }) {
  const [form, setForm] = useState<HedgeForm>(defaultHedgeForm);
  // Field errors show once the user has tried to run, then follow every edit.
  const [checking, setChecking] = useState(false);
  const [overlay, setOverlay] = useState<AppliedLeg[]>([]);
  const [overlayError, setOverlayError] = useState<string | null>(null);
  const { result, running, failure, run, cancel } = useHedgeRun(portfolio);

  // One run with the defaults when the view opens.
  useEffect(() => {
    run({ params: defaultRunParams(), overlay: [] });
  }, [run]);

  const checked = useMemo(() => formToParams(form), [form]);
  const errors = checking ? checked.errors : {};
  const shown = result?.request ?? null;
  const changed = shown ? !sameRunParams(checked.params, shown.params) : false;

  const submit = () => {
    setChecking(true);
    if (checked.params) run({ params: checked.params, overlay });
  };

  // A change of the what-if re-runs with the settings of the figures on screen, not with
  // settings typed since and not yet run.
  const rerunWith = useCallback(
    (next: AppliedLeg[]) => {
      setOverlay(next);
      const params = (running?.request ?? result?.request)?.params ?? defaultRunParams();
      run({ params, overlay: next });
    },
    [run, running, result],
  );
  const apply = useCallback(
    (legs: AppliedLeg[]) => {
      const r = addLegs(overlay, legs);
      setOverlayError(r.error);
      if (!r.error) rerunWith(r.overlay);
    },
    [overlay, rerunWith],
  );
  const remove = useCallback(
    (id: string) => {
      setOverlayError(null);
      rerunWith(removeLeg(overlay, id));
    },
    [overlay, rerunWith],
  );
  const clear = useCallback(() => {
    setOverlayError(null);
    rerunWith([]);
  }, [rerunWith]);

  const underlyings = useMemo(
    () =>
      [...(result?.report.greeks.byUnderlying ?? [])]
        .sort((a, b) => Math.abs(b.dollarDelta) - Math.abs(a.dollarDelta))
        .map((u) => u.underlying),
    [result],
  );
  const autoUnderlying =
    result && !result.request.params.underlying ? (result.report.payoff?.underlying ?? null) : null;
  const pending = shown !== null && !sameOverlay(overlay, shown.overlay);

  return (
    <div className="view hedge-view" data-testid="hedge-view">
      <HedgeControls
        form={form}
        onChange={setForm}
        errors={errors}
        underlyings={underlyings}
        autoUnderlying={autoUnderlying}
        onRun={submit}
        running={running !== null}
        changed={changed}
      />

      <RunStatus
        label="Hedge"
        id="hedge"
        running={running}
        failure={failure}
        shownRunId={result ? result.report.runId : null}
        onCancel={cancel}
        onRetry={() => failure && run(failure.request)}
      />

      <WhatIfBar
        overlay={overlay}
        pending={pending}
        onRemove={remove}
        onClear={clear}
        error={overlayError}
      />

      {result ? (
        <div
          className={`hedge-results ${running ? 'stale' : ''}`}
          aria-busy={running !== null}
          data-testid="hedge-results"
        >
          <HedgeResults
            report={result.report}
            request={result.request}
            overlay={overlay}
            onApply={apply}
            portfolio={portfolio}
          />
        </div>
      ) : (
        !failure && <div className="loading">Computing the Greeks and hedges of {portfolio}…</div>
      )}
    </div>
  );
}

/** Everything drawn from one report; memoised, so progress and settings do not redraw it. */
const HedgeResults = memo(function HedgeResults({
  report,
  request,
  overlay,
  onApply,
  portfolio,
}: {
  report: HedgeResult;
  request: HedgeRunRequest;
  overlay: AppliedLeg[];
  onApply: (legs: AppliedLeg[]) => void;
  portfolio: string;
}) {
  const after = report.after;
  const scale = useMemo(() => pnlScale(report.grid, after?.grid), [report, after]);
  const deltaRows = useMemo(() => deltaHedgeRows(report.deltaHedges), [report]);
  const payoff = report.payoff;
  const market = report.underlyings.find((u) => u.underlying === payoff?.underlying);
  const horizon = report.grid.horizonsDays.find((d) => d > 0);
  const fileStem = `${portfolio.replace(/[^\w.-]+/g, '-')}-${report.asOf}`;

  return (
    <>
      <p className="hint hedge-runline" data-testid="hedge-runline">
        Run <span data-testid="hedge-run-id">#{report.runId}</span> on {report.portfolio}, marks as
        of {report.asOf}
        {request.overlay.length > 0 && (
          <>
            {' '}
            ·{' '}
            <strong className="hedge-whatif-tag">with {request.overlay.length} what-if legs</strong>
          </>
        )}
      </p>

      <GreeksTotals before={report.greeks.total} after={after?.greeks.total ?? null} />

      {report.warnings.length > 0 && (
        <section className="panel warnings-panel">
          <header>
            <h2>Warnings</h2>
          </header>
          <ul className="warnings" data-testid="hedge-warnings">
            {report.warnings.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
        </section>
      )}

      <GreeksGrid book={report.greeks} after={after?.greeks ?? null} fileStem={fileStem} />

      <section className="panel" data-testid="hedge-payoff">
        <header>
          <h2>Payoff{payoff ? `: ${payoff.underlying}` : ''}</h2>
          {payoff && (
            <span className="hint">
              spot {formatPrice(payoff.spot)}
              {market ? `, ATM vol ${formatPercent(market.atmVol, 1)}` : ''}
            </span>
          )}
        </header>
        {payoff ? (
          <>
            <PayoffChart key={payoff.underlying} before={payoff} after={after?.payoff ?? null} />
            <p className="caption">
              P&L in USD of the book’s {payoff.underlying} positions if {payoff.underlying} moved to
              each price, the other assets unchanged: now (solid) and{' '}
              {payoff.expiryDate
                ? `at the first option expiry, ${payoff.expiryDate} (dashed)`
                : 'with no option on it, the same at any date'}
              .
              {after?.payoff &&
                ' The what-if lines add the overlay legs and count their premium as paid today.'}
              {market && ` Vol: ${market.volSource}.`}
            </p>
          </>
        ) : (
          <p className="chart-empty static">No underlying with a price to draw a payoff for.</p>
        )}
      </section>

      <section className="panel" data-testid="hedge-scenarios">
        <header>
          <h2>Scenario P&L</h2>
          <span className="hint">
            full revaluation, USD against today’s value; every underlying moves by the same
            percentage
            {horizon !== undefined ? `; now and ${horizonLabel(horizon).toLowerCase()}` : ''}
          </span>
        </header>
        <div className={after ? 'hedge-heat-pair' : ''}>
          <div>
            {after && <h3>Book</h3>}
            <ScenarioHeatmap grid={report.grid} scale={scale} testId="hedge-heatmap" />
          </div>
          {after && (
            <div>
              <h3 className="hedge-whatif-tag">With what-if</h3>
              <ScenarioHeatmap grid={after.grid} scale={scale} testId="hedge-heatmap-after" />
            </div>
          )}
        </div>
      </section>

      <section className="panel" data-testid="hedge-proposals">
        <header>
          <h2>Hedge proposals</h2>
          <span className="hint">
            “Apply as what-if” adds the legs to the overlay above and recomputes; nothing is traded
            or written to the ledger
          </span>
        </header>
        <h3>Delta-neutral with perpetuals</h3>
        <DeltaHedgeTable rows={deltaRows} overlay={overlay} onApply={onApply} />
        <h3>Tail hedge{report.tailHedge ? ` on ${report.tailHedge.underlying}` : ''}</h3>
        {report.tailHedge ? (
          <TailHedgeTable
            tail={report.tailHedge}
            spot={payoff?.underlying === report.tailHedge.underlying ? payoff.spot : null}
            overlay={overlay}
            onApply={onApply}
          />
        ) : (
          <p className="hint" data-testid="hedge-tail-none">
            No tail hedge for {payoff?.underlying ?? 'this book'}: it needs an option chain loaded
            for the underlying and a long exposure to protect. Pick another underlying above, or
            import a chain in the Data view.
          </p>
        )}
      </section>

      <MarginPanel report={report} />
    </>
  );
});
