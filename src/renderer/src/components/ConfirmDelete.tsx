import { useState } from 'react';

/**
 * A two-step delete: "Delete…" asks the question, then Delete or Keep. Give it a `key` of the
 * edited item so the question closes when another item is picked.
 */
export function ConfirmDelete({
  question,
  busy,
  onConfirm,
  testId,
}: {
  question: string;
  busy: boolean;
  onConfirm: () => void;
  testId: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="danger-outline"
        onClick={() => setAsking(true)}
        data-testid={testId}
      >
        Delete…
      </button>
    );
  }
  return (
    <span className="confirm" data-testid={`${testId}-confirm`}>
      {question}{' '}
      <button
        type="button"
        className="danger"
        disabled={busy}
        onClick={onConfirm}
        data-testid={`${testId}-yes`}
      >
        Delete
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}
