import { useTaskProgress } from '../lib/task';
import { ProgressBar } from './ProgressBar';

interface Props {
  /** "Risk", "Hedge": names the run in the bar and the messages; `id` prefixes the test ids. */
  label: string;
  id: string;
  running: { taskId: string } | null;
  failure: { kind: 'error' | 'cancelled'; message: string } | null;
  /** The run on screen, if any (a cancelled run keeps it). */
  shownRunId: number | null;
  onCancel: () => void;
  /** Runs the failed or cancelled request again. */
  onRetry: () => void;
}

/** A view's run status: progress with cancel, or why the last run did not finish and a retry. */
export function RunStatus({ label, id, running, failure, shownRunId, onCancel, onRetry }: Props) {
  return (
    <div className="status" aria-live="polite">
      {running && (
        <RunProgress label={`${label} run`} taskId={running.taskId} onCancel={onCancel} />
      )}
      {failure?.kind === 'error' && (
        <div className="error notice" role="alert" data-testid={`${id}-error`}>
          <span>
            The {label.toLowerCase()} run failed: {failure.message}
          </span>
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
      {failure?.kind === 'cancelled' && (
        <div className="notice" data-testid={`${id}-cancelled`}>
          <span>
            Run cancelled.{' '}
            {shownRunId !== null
              ? `Showing the previous result (run #${shownRunId}).`
              : 'No result yet.'}
          </span>
          <button type="button" onClick={onRetry}>
            Run again
          </button>
        </div>
      )}
    </div>
  );
}

/** Progress of the run; its own component so that progress events re-render only the bar. */
function RunProgress({
  label,
  taskId,
  onCancel,
}: {
  label: string;
  taskId: string;
  onCancel: () => void;
}) {
  const { progress } = useTaskProgress(taskId);
  return <ProgressBar label={label} progress={progress} onCancel={onCancel} />;
}
