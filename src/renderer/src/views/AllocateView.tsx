import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AllocationMethod, AllocationPolicy } from '../../../shared/allocation';
import { InfeasiblePanel, AllocationWarnings } from '../components/allocate/AllocationNotices';
import { AllocationSummaryCards } from '../components/allocate/AllocationSummaryCards';
import { focusField } from '../components/allocate/fields';
import { FrontierChart, type AssetPoint } from '../components/allocate/FrontierChart';
import { MethodComparisonGrid } from '../components/allocate/MethodComparisonGrid';
import { methodColour } from '../components/allocate/methodColours';
import { PastRuns } from '../components/allocate/PastRuns';
import { PolicyEditor } from '../components/allocate/PolicyEditor';
import { RiskShareBars } from '../components/allocate/RiskShareBars';
import { SavedPolicies, type LoadedPolicy } from '../components/allocate/SavedPolicies';
import { useAllocationRun, type AllocationResult } from '../components/allocate/useAllocationRun';
import { WeightsGrid } from '../components/allocate/WeightsGrid';
import { ProgressBar } from '../components/ProgressBar';
import {
  comparisonRows,
  conflictField,
  defaultForm,
  defaultUniverse,
  METHODS,
  formToPolicy,
  groupSuggestions,
  methodLabel,
  policyToForm,
  budgetShares,
  serverErrorKey,
  weightRows,
  weightsCsv,
  type FieldErrors,
  type PolicyForm,
} from '../lib/allocation';
import { downloadText } from '../lib/download';
import { formatConfidence, formatPercent } from '../lib/format';
import { useCall } from '../lib/queries';
import { useTaskProgress } from '../lib/task';
import { useTheme } from '../lib/theme';

const samePolicy = (a: AllocationPolicy | null, b: AllocationPolicy | null) =>
  a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);

export function AllocateView({ portfolio }: { portfolio: string }) {
  // risk and allocation are computed in USD whatever the portfolio's base currency
  const currency = 'USD';
  const instruments = useCall('instruments.list', {});
  const holdings = useCall('holdings.get', { portfolio });
  const [form, setForm] = useState<PolicyForm>(defaultForm);
  const [loaded, setLoaded] = useState<LoadedPolicy | null>(null);
  // Field errors show once the user has tried to run or save, then follow every edit.
  const [checking, setChecking] = useState(false);
  const [saveIssues, setSaveIssues] = useState<FieldErrors>({});
  const { result, running, failure, run, open, cancel } = useAllocationRun(portfolio);

  // What the book holds now, largest first: the default universe (allocatable kinds only).
  const held = useMemo(
    () =>
      defaultUniverse(
        holdings.data?.rows ?? [],
        new Map((instruments.data ?? []).map((i) => [i.symbol, i.kind])),
      ),
    [holdings.data, instruments.data],
  );
  const assets = form.universe.length ? form.universe : held;
  const suggestions = useMemo(
    () => groupSuggestions(instruments.data ?? [], assets, holdings.data?.rows ?? []),
    [instruments.data, assets, holdings.data],
  );

  const checked = useMemo(
    () =>
      formToPolicy(
        form,
        (holdings.data && instruments.data) || form.universe.length ? assets : null,
      ),
    [form, holdings.data, instruments.data, assets],
  );
  const serverErrors = useMemo(() => {
    const out: FieldErrors = {};
    for (const i of failure?.issues ?? []) out[serverErrorKey(i.path, form)] = i.message;
    return out;
    // Keyed to the failure: edits after it do not move its messages between rows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [failure]);
  const errors = useMemo<FieldErrors>(
    () => ({ ...serverErrors, ...saveIssues, ...(checking ? checked.errors : {}) }),
    [serverErrors, saveIssues, checking, checked.errors],
  );
  const highlight = useMemo(
    () =>
      new Set(
        (result?.report.infeasible?.conflicting ?? [])
          .map((c) => conflictField(c, form))
          .filter((x): x is string => x !== null),
      ),
    [result, form],
  );

  const submit = () => {
    setChecking(true);
    setSaveIssues({});
    if (!checked.policy) {
      const first = Object.keys(checked.errors)[0];
      if (first) focusField(first);
      return;
    }
    run(checked.policy);
  };

  // A reopened run brings its policy into the form, so that Run reproduces it.
  useEffect(() => {
    if (result?.reopened && result.policy) {
      setForm(policyToForm(result.policy));
      setLoaded(null);
    }
  }, [result]);

  // The infeasibility panel maps labels to fields of the form as it is when clicked.
  const formRef = useRef(form);
  formRef.current = form;
  const fieldOf = useCallback((label: string) => conflictField(label, formRef.current), []);

  const changed = result ? !samePolicy(checked.policy, result.policy) : false;
  const theme = useTheme().theme;
  const colourOf = useCallback((m: AllocationMethod) => methodColour(theme, m), [theme]);

  return (
    <div className="view alloc-view" data-testid="allocate-view">
      <div className="alloc-layout">
        <aside className="alloc-side">
          <PolicyEditor
            form={form}
            onChange={setForm}
            errors={errors}
            highlight={highlight}
            assets={assets}
            held={held}
            instruments={instruments.data ?? []}
            suggestions={suggestions}
            saved={
              <SavedPolicies
                key={portfolio}
                portfolio={portfolio}
                loaded={loaded}
                onLoad={(policy, at) => {
                  setForm(policyToForm(policy));
                  setLoaded(at);
                  setSaveIssues({});
                }}
                onSaved={setLoaded}
                currentPolicy={() => {
                  setChecking(true);
                  return checked.policy;
                }}
                onError={(err) => {
                  const issues =
                    err && typeof err === 'object' && 'issues' in err && Array.isArray(err.issues)
                      ? (err.issues as { path: string; message: string }[])
                      : [];
                  setSaveIssues(
                    Object.fromEntries(
                      issues.map((i) => [serverErrorKey(i.path, form), i.message]),
                    ),
                  );
                }}
              />
            }
            onRun={submit}
            onReset={() => {
              setForm(defaultForm());
              setLoaded(null);
              setChecking(false);
            }}
            running={running !== null}
            changed={changed}
            errorCount={checking ? Object.keys(checked.errors).length : 0}
          />
        </aside>

        <section className="alloc-main">
          <div className="status" aria-live="polite">
            {running && (
              <RunProgress taskId={running.taskId} label={running.label} onCancel={cancel} />
            )}
            {failure?.kind === 'error' && (
              <div className="error notice" role="alert" data-testid="alloc-error">
                <span>The optimisation failed: {failure.message}</span>
                <button type="button" onClick={submit} data-testid="alloc-retry">
                  Retry
                </button>
                {failure.issues.length > 0 && (
                  <ul>
                    {failure.issues.map((i, k) => (
                      <li key={k}>
                        {i.path}: {i.message}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {failure?.kind === 'cancelled' && (
              <div className="notice" data-testid="alloc-cancelled">
                <span>
                  Run cancelled.{' '}
                  {result
                    ? `Showing the previous result (run #${result.runId}).`
                    : 'No result yet.'}
                </span>
              </div>
            )}
          </div>

          {result ? (
            <div
              className={`alloc-results ${running ? 'stale' : ''}`}
              aria-busy={running !== null}
              data-testid="alloc-results"
            >
              <AllocationResults
                key={result.runId}
                result={result}
                currency={currency}
                colourOf={colourOf}
                fieldOf={fieldOf}
              />
            </div>
          ) : (
            !running && (
              <div className="panel alloc-empty" data-testid="alloc-empty">
                <h2>No optimisation on screen</h2>
                <p>
                  Set the policy on the left and press <strong>Run</strong>: every method is run
                  side by side on the same estimates, with the efficient frontier, the target
                  weights against the book and the trades to get there. Or reopen a past run below.
                </p>
              </div>
            )
          )}

          <PastRuns openId={result?.runId ?? null} busy={running !== null} onOpen={open} />
        </section>
      </div>
    </div>
  );
}

function RunProgress({
  taskId,
  label,
  onCancel,
}: {
  taskId: string;
  label: string;
  onCancel: () => void;
}) {
  const { progress } = useTaskProgress(taskId);
  return <ProgressBar label={label} progress={progress} onCancel={onCancel} />;
}

/** Everything drawn from one result; memoised, so progress and form edits do not redraw it. */
const AllocationResults = memo(function AllocationResults({
  result,
  currency,
  colourOf,
  fieldOf,
}: {
  result: AllocationResult;
  currency: string;
  colourOf: (m: AllocationMethod) => string;
  fieldOf: (label: string) => string | null;
}) {
  const { report } = result;
  const [selected, setSelected] = useState<AllocationMethod>(report.proposal.method);
  const methods = useMemo(() => comparisonRows(report), [report]);
  const shown = methods.find((m) => m.method === selected) ?? report.proposal;
  const { rows, totals } = useMemo(
    () => weightRows(report, shown, result.value),
    [report, shown, result.value],
  );
  const assetPoints = useMemo<AssetPoint[]>(
    () =>
      report.symbols
        .filter(
          (s) => report.volatilities[s] !== undefined && report.expectedReturns[s] !== undefined,
        )
        .map((s) => ({
          symbol: s,
          volatility: report.volatilities[s]!,
          expectedReturn: report.expectedReturns[s]!,
        })),
    [report],
  );
  const isProposal = selected === report.proposal.method;
  const notCompared = METHODS.filter((m) => !methods.some((x) => x.method === m.id)).map((m) =>
    m.id === 'efficient-risk'
      ? `${m.label} (needs a target volatility: pick it as the method)`
      : m.id === 'efficient-return'
        ? `${m.label} (needs a target return: pick it as the method)`
        : m.label,
  );
  const alpha = result.policy?.alpha ?? null;
  // risk parity's targets, shown beside the shares of risk it reached
  const budgets = shown.method === 'risk-parity' ? budgetShares(result.policy?.riskBudgets) : null;
  const drawable = report.frontier.length > 0 || methods.some((m) => m.ok);

  const exportCsv = () =>
    downloadText(
      `keel-allocation-run${result.runId}-${selected}.csv`,
      weightsCsv(rows, totals, currency),
    );

  return (
    <>
      {report.infeasible && (
        <InfeasiblePanel infeasible={report.infeasible} fieldOf={fieldOf} onEdit={focusField} />
      )}

      <AllocationSummaryCards result={result} shown={shown} totals={totals} currency={currency} />

      <AllocationWarnings warnings={report.warnings} notes={shown.notes} />

      <section className="panel">
        <header>
          <h2>Efficient frontier</h2>
          <span className="hint">
            {report.frontier.length} frontier portfolios under the constraints; each method’s result
            marked; click one to see its weights
          </span>
        </header>
        {drawable ? (
          <FrontierChart
            frontier={report.frontier}
            methods={methods}
            proposal={report.proposal.method}
            current={report.currentStats}
            assets={assetPoints}
            selected={selected}
            onSelect={setSelected}
            colourOf={colourOf}
          />
        ) : (
          <div className="chart-empty static" data-testid="frontier-chart">
            No feasible portfolio to draw.
          </div>
        )}
      </section>

      <section className="panel">
        <header>
          <h2>Methods compared</h2>
          <span className="hint">
            same estimates and constraints; CVaR at{' '}
            {alpha ? formatConfidence(alpha) : 'the policy’s confidence'} of daily returns, drawdown
            in sample
          </span>
        </header>
        <MethodComparisonGrid
          methods={methods}
          current={report.currentStats}
          proposal={report.proposal.method}
          selected={selected}
          alpha={alpha}
          onSelect={setSelected}
          colourOf={colourOf}
        />
        {notCompared.length > 0 && (
          <p className="caption" data-testid="alloc-not-compared">
            Not compared: {notCompared.join('; ')}.
          </p>
        )}
      </section>

      <section className="split alloc-split">
        <div className="panel">
          <header>
            <h2>
              Weights: {methodLabel(selected)}
              {isProposal ? ' (proposal)' : ''}
            </h2>
            <span className="hint">
              {totals.turnover !== null
                ? `one-way turnover ${formatPercent(totals.turnover)}`
                : 'no current holdings to compare'}
            </span>
            <span className="exports">
              {!isProposal && (
                <button type="button" onClick={() => setSelected(report.proposal.method)}>
                  Back to the proposal
                </button>
              )}
              {shown.ok && (
                <button type="button" onClick={exportCsv} data-testid="alloc-export-csv">
                  Export CSV
                </button>
              )}
            </span>
          </header>
          {shown.ok ? (
            <WeightsGrid rows={rows} totals={totals} currency={currency} />
          ) : (
            <div className="alloc-no-weights" data-testid="alloc-no-weights">
              <strong>{methodLabel(selected)} found no weights.</strong>
              {shown.notes.length > 0 && (
                <ul>
                  {shown.notes.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
        <div className="panel">
          <header>
            <h2>Risk contributions</h2>
            <span className="hint">
              {shown.ok ? `volatility ${formatPercent(shown.volatility)}` : 'no weights'}
            </span>
          </header>
          {shown.ok && (
            <RiskShareBars
              rows={rows.map((r) => ({
                symbol: r.symbol,
                weight: r.target,
                risk: r.risk,
                ...(budgets ? { budget: budgets.get(r.symbol) ?? null } : {}),
              }))}
            />
          )}
        </div>
      </section>
    </>
  );
});
