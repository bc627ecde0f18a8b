import type { ReactNode } from 'react';
import type { GroupDimension } from '../../../../shared/allocation';
import type { InstrumentSummary } from '../../../../shared/domain';
import type { FieldErrors, PolicyForm } from '../../lib/allocation';
import { ConstraintsEditor } from './ConstraintsEditor';
import { ModelFields } from './ModelFields';
import { RiskBudgetsEditor } from './RiskBudgetsEditor';
import { UniversePicker } from './UniversePicker';
import { ViewsEditor } from './ViewsEditor';

function Section({
  title,
  hint,
  children,
  testId,
}: {
  title: string;
  hint?: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <details className="alloc-section" open data-testid={testId}>
      <summary>
        <span>{title}</span>
        {hint && <span className="hint">{hint}</span>}
      </summary>
      <div className="alloc-section-body">{children}</div>
    </details>
  );
}

/** The policy form: saved policies, universe, method and estimates, views, constraints, Run. */
export function PolicyEditor({
  form,
  onChange,
  errors,
  highlight,
  assets,
  held,
  instruments,
  suggestions,
  saved,
  onRun,
  onReset,
  running,
  changed,
  errorCount,
}: {
  form: PolicyForm;
  onChange: (f: PolicyForm) => void;
  errors: FieldErrors;
  /** Fields behind the constraints of an infeasibility, outlined. */
  highlight: Set<string>;
  /** The symbols the run allocates across. */
  assets: string[];
  held: string[];
  instruments: InstrumentSummary[];
  suggestions: Record<GroupDimension, string[]>;
  /** The saved-policy picker, placed at the top. */
  saved: ReactNode;
  onRun: () => void;
  onReset: () => void;
  running: boolean;
  /** The form differs from the policy of the result on screen. */
  changed: boolean;
  errorCount: number;
}) {
  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) =>
    onChange({ ...form, [key]: value });
  const c = form;
  const nConstraints =
    c.perAsset.length +
    c.groups.length +
    [c.stableFloorPct, c.liquidityDays, c.maxTurnoverPct, c.maxAssets, c.minPositionPct].filter(
      (x) => x.trim(),
    ).length;
  return (
    <form
      className="panel alloc-policy"
      data-testid="alloc-policy"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <header>
        <h2>Policy</h2>
        <button type="button" className="link" onClick={onReset} data-testid="alloc-reset">
          Defaults
        </button>
      </header>
      {saved}
      <Section
        title="Universe"
        hint={form.universe.length ? `${form.universe.length} chosen` : 'current holdings'}
        testId="alloc-section-universe"
      >
        <UniversePicker
          universe={form.universe}
          onChange={(u) => set('universe', u)}
          instruments={instruments}
          held={held}
          error={errors.universe}
        />
      </Section>
      <Section title="Method and estimates" testId="alloc-section-model">
        <ModelFields form={form} set={set} errors={errors} />
        {(form.method === 'risk-parity' || form.riskBudgets) && (
          <>
            <h3>Risk budgets</h3>
            <p className="hint alloc-table-note">
              The share of the portfolio’s risk each asset carries under risk parity (also in the
              comparison when another method is picked).
            </p>
            <RiskBudgetsEditor
              budgets={form.riskBudgets}
              assets={assets}
              onChange={(b) => set('riskBudgets', b)}
              errors={errors}
            />
          </>
        )}
        {form.returns === 'black-litterman' && (
          <>
            <h3>Views</h3>
            <ViewsEditor
              views={form.views}
              onChange={(v) => set('views', v)}
              assets={assets}
              errors={errors}
            />
          </>
        )}
      </Section>
      <Section
        title="Constraints"
        hint={`${nConstraints ? `${nConstraints} set beyond ` : ''}bounds ${form.minWeightPct || '0'}–${form.maxWeightPct || '?'} %`}
        testId="alloc-section-constraints"
      >
        <ConstraintsEditor
          form={form}
          set={set}
          errors={errors}
          highlight={highlight}
          assets={assets}
          suggestions={suggestions}
        />
      </Section>
      <div className="alloc-runbar">
        {errorCount > 0 ? (
          <span className="error" data-testid="alloc-form-errors">
            {errorCount === 1 ? '1 field needs attention' : `${errorCount} fields need attention`}
          </span>
        ) : (
          changed && !running && <span className="hint">Policy changed: press Run</span>
        )}
        <button type="submit" className="primary" data-testid="alloc-run">
          {running ? 'Restart' : 'Run'}
        </button>
      </div>
    </form>
  );
}
