import type { CovMethod, VarMethod } from '../../../shared/risk';
import { formatConfidence, formatNumber } from '../lib/format';
import {
  CONFIDENCES,
  COVARIANCES,
  HORIZONS,
  LOOKBACKS,
  METHODS,
  PATHS,
  type RiskParams,
} from '../lib/risk';

interface Props {
  params: RiskParams;
  onChange: (p: RiskParams) => void;
  onRun: () => void;
  running: boolean;
  /** The settings differ from those of the result on screen. */
  changed: boolean;
}

/** The settings of a risk run and its Run button. */
export function RiskControls({ params, onChange, onRun, running, changed }: Props) {
  const set = <K extends keyof RiskParams>(key: K, value: RiskParams[K]) =>
    onChange({ ...params, [key]: value });
  return (
    <form
      className="panel controls"
      data-testid="risk-controls"
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <label>
        <span>Confidence</span>
        <select
          value={params.alpha}
          onChange={(e) => set('alpha', Number(e.target.value))}
          data-testid="risk-alpha"
        >
          {CONFIDENCES.map((a) => (
            <option key={a} value={a}>
              {formatConfidence(a)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Horizon</span>
        <select
          value={params.horizonDays}
          onChange={(e) => set('horizonDays', Number(e.target.value))}
          data-testid="risk-horizon"
        >
          {HORIZONS.map((h) => (
            <option key={h} value={h}>
              {h === 1 ? '1 day' : `${h} days`}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Headline method</span>
        <select
          value={params.method}
          onChange={(e) => set('method', e.target.value as VarMethod)}
          data-testid="risk-method"
        >
          {METHODS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Covariance</span>
        <select
          value={params.cov}
          onChange={(e) => set('cov', e.target.value as CovMethod)}
          data-testid="risk-cov"
        >
          {COVARIANCES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Lookback</span>
        <select
          value={params.lookbackDays}
          onChange={(e) => set('lookbackDays', Number(e.target.value))}
          data-testid="risk-lookback"
        >
          {LOOKBACKS.map((d) => (
            <option key={d} value={d}>
              {`${d} days (${formatNumber(d / 365, d % 365 ? 1 : 0)} y)`}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Monte Carlo paths</span>
        <select
          value={params.paths}
          onChange={(e) => set('paths', Number(e.target.value))}
          data-testid="risk-paths"
        >
          {PATHS.map((n) => (
            <option key={n} value={n}>
              {formatNumber(n, 0)}
            </option>
          ))}
        </select>
      </label>
      <div className="run">
        {changed && !running && <span className="hint">Settings changed: press Run</span>}
        <button type="submit" className={changed ? 'primary' : ''} data-testid="risk-run">
          {running ? 'Restart' : 'Run'}
        </button>
      </div>
    </form>
  );
}
