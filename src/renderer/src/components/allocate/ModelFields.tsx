import type { AllocationMethod, ReturnsModel } from '../../../../shared/allocation';
import type { CovMethod } from '../../../../shared/risk';
import {
  METHODS,
  methodParams,
  RETURNS_MODELS,
  type FieldErrors,
  type PolicyForm,
} from '../../lib/allocation';
import { COVARIANCES } from '../../lib/risk';
import { FormField } from '../FormField';
import { fieldId, NumField } from './fields';

type Setter = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => void;

/** What to optimise and from which estimates: method, its parameters, returns, covariance, window. */
export function ModelFields({
  form,
  set,
  errors,
}: {
  form: PolicyForm;
  set: Setter;
  errors: FieldErrors;
}) {
  const params = methodParams(form.method);
  const method = METHODS.find((m) => m.id === form.method)!;
  const returns = RETURNS_MODELS.find((r) => r.id === form.returns)!;
  const num = (key: keyof PolicyForm, path: string) => ({
    path,
    value: form[key] as string,
    onChange: (v: string) => set(key, v as never),
    errors,
  });
  return (
    <>
      <div className="alloc-fields">
        <FormField label="Method" error={errors.method} wide>
          <select
            id={fieldId('method')}
            value={form.method}
            onChange={(e) => set('method', e.target.value as AllocationMethod)}
            data-testid="alloc-method"
          >
            {METHODS.map((m) => (
              <option key={m.id} value={m.id} title={m.about}>
                {m.label}
              </option>
            ))}
          </select>
          <small className="alloc-field-hint" data-testid="alloc-method-about">
            {method.about}
          </small>
        </FormField>
        {params.targetVolatility && (
          <NumField
            label="Target volatility"
            unit="%"
            placeholder="e.g. 40"
            {...num('targetVolPct', 'targetVolatility')}
          />
        )}
        {params.targetReturn && (
          <NumField
            label="Target return"
            unit="%"
            placeholder="e.g. 25"
            {...num('targetReturnPct', 'targetReturn')}
          />
        )}
        {params.riskAversion && (
          <NumField
            label="Risk aversion"
            hint="λ in return − ½ λ variance"
            placeholder="1"
            {...num('riskAversion', 'riskAversion')}
          />
        )}
        {params.alpha && (
          <NumField
            label="CVaR confidence"
            unit="%"
            placeholder="95"
            hint="the tail is the worst (100 − this) % of days"
            {...num('alphaPct', 'alpha')}
          />
        )}
      </div>
      <div className="alloc-fields">
        <FormField label="Expected returns" error={errors.returns} wide>
          <select
            id={fieldId('returns')}
            value={form.returns}
            onChange={(e) => set('returns', e.target.value as ReturnsModel)}
            data-testid="alloc-returns"
          >
            {RETURNS_MODELS.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
          <small className="alloc-field-hint">{returns.about}</small>
        </FormField>
        {form.returns === 'ema' && (
          <NumField label="EMA span" unit="days" {...num('emaSpan', 'emaSpan')} />
        )}
        <FormField label="Covariance" error={errors.cov} wide>
          <select
            id={fieldId('cov')}
            value={form.cov}
            onChange={(e) => set('cov', e.target.value as CovMethod)}
            data-testid="alloc-cov"
          >
            {COVARIANCES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </FormField>
        <NumField label="Lookback" unit="days" {...num('lookbackDays', 'lookbackDays')} />
        <NumField label="Risk-free rate" unit="%" {...num('riskFreePct', 'riskFree')} />
        <NumField label="Periods per year" {...num('periodsPerYear', 'periodsPerYear')} />
        <NumField label="Frontier points" {...num('frontierPoints', 'frontierPoints')} />
      </div>
    </>
  );
}
