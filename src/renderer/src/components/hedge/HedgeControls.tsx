import type { HedgeForm, HedgeFormErrors, HedgeFormField } from '../../lib/hedge';

interface Props {
  form: HedgeForm;
  onChange: (f: HedgeForm) => void;
  /** Errors to show (after a first attempt to run). */
  errors: HedgeFormErrors;
  /** Underlyings of the book, largest dollar delta first (empty before the first result). */
  underlyings: string[];
  /** The underlying the service picked when the form says "auto". */
  autoUnderlying: string | null;
  onRun: () => void;
  running: boolean;
  /** The settings differ from those of the result on screen. */
  changed: boolean;
}

const NUMBER_FIELDS: {
  field: HedgeFormField;
  label: string;
  unit: string;
  title: string;
}[] = [
  {
    field: 'downsidePct',
    label: 'Tail downside',
    unit: '%',
    title: 'Protect the underlying down to this fall (30 = a fall of 30 % from spot)',
  },
  {
    field: 'maxLossPct',
    label: 'Max loss',
    unit: '% exp.',
    title: 'Largest acceptable loss over that fall, as a share of the exposure’s value',
  },
  {
    field: 'budgetPct',
    label: 'Premium budget',
    unit: '% exp.',
    title: 'Most premium to pay for the tail hedge, as a share of the exposure’s value',
  },
  {
    field: 'horizonDays',
    label: 'Grid horizon',
    unit: 'days',
    title: 'The scenario grid is shown now and after this many days (theta and decay)',
  },
];

/** The settings of a hedge run and its Run button. */
export function HedgeControls({
  form,
  onChange,
  errors,
  underlyings,
  autoUnderlying,
  onRun,
  running,
  changed,
}: Props) {
  const options =
    underlyings.includes(form.underlying) || !form.underlying
      ? underlyings
      : [form.underlying, ...underlyings];
  return (
    <form
      className="panel controls hedge-controls"
      data-testid="hedge-controls"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <label title="Underlying of the payoff chart and of the tail hedge">
        <span>Underlying</span>
        <select
          value={form.underlying}
          onChange={(e) => onChange({ ...form, underlying: e.target.value })}
          data-testid="hedge-underlying"
        >
          <option value="">
            {autoUnderlying
              ? `Auto (largest $ delta: ${autoUnderlying})`
              : 'Auto (largest $ delta)'}
          </option>
          {options.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </label>
      {NUMBER_FIELDS.map(({ field, label, unit, title }) => (
        <label key={field} title={title} className={errors[field] ? 'hedge-invalid' : undefined}>
          <span>{label}</span>
          <span className="hedge-num">
            <input
              type="text"
              inputMode="decimal"
              value={form[field]}
              onChange={(e) => onChange({ ...form, [field]: e.target.value })}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `hedge-err-${field}` : undefined}
              data-testid={`hedge-${field}`}
            />
            <em>{unit}</em>
          </span>
          {errors[field] && (
            <em className="field-error" id={`hedge-err-${field}`} role="alert">
              {errors[field]}
            </em>
          )}
        </label>
      ))}
      <div className="run">
        {changed && !running && <span className="hint">Settings changed: press Run</span>}
        <button type="submit" className={changed ? 'primary' : ''} data-testid="hedge-run">
          {running ? 'Restart' : 'Run'}
        </button>
      </div>
    </form>
  );
}
