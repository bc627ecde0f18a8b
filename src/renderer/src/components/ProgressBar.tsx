import type { TaskProgress } from '../lib/task';

/** Progress of a long call running in a worker, with a cancel button. */
export function ProgressBar({
  progress,
  onCancel,
  label,
}: {
  progress: TaskProgress | null;
  onCancel: () => void;
  label: string;
}) {
  const pct = Math.round((progress?.fraction ?? 0) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuenow={pct}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="hint">
        {label}: {progress?.message || 'starting'} {pct} %
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
