import { KeelError, type ErrorPayload } from '../../shared/errors';

// Messages between the pool (main thread) and an engine worker.
export type ToWorker = { type: 'run'; id: number; task: string; payload: unknown };
export type FromWorker =
  | { type: 'progress'; id: number; fraction: number; message: string }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ErrorPayload };

/**
 * An engine failure as the user will read it: the engine throws RangeError for inputs it cannot
 * work with (its messages say what and where), so those are validation errors, not crashes.
 */
export function engineError(err: unknown): KeelError {
  if (err instanceof KeelError) return err;
  if (err instanceof RangeError) return new KeelError('VALIDATION', err.message);
  return new KeelError('INTERNAL', err instanceof Error ? err.message : String(err));
}
