import { KeelError } from '../shared/errors';

/** How long a cancel that came before its task is remembered, and how many are kept. */
const EARLY_CANCEL_MS = 60_000;
const EARLY_CANCEL_MAX = 256;

/**
 * Long calls in flight, by the client's task id, so they can be cancelled. A cancel can
 * overtake its own call (the client sends both at once, and they travel separately): it is
 * remembered for a minute, and the task starts cancelled instead of running on unseen.
 */
export class TaskRegistry {
  private running = new Map<string, AbortController>();
  private early = new Map<string, number>();

  constructor(private now: () => number = Date.now) {}

  start(taskId: string): AbortController {
    if (this.running.has(taskId))
      throw new KeelError('CONFLICT', `Task ${taskId} is already running.`, [
        { path: 'taskId', message: 'in use' },
      ]);
    const ctl = new AbortController();
    this.running.set(taskId, ctl);
    const at = this.early.get(taskId);
    if (at !== undefined) {
      this.early.delete(taskId);
      if (this.now() - at <= EARLY_CANCEL_MS) ctl.abort();
    }
    return ctl;
  }

  finish(taskId: string): void {
    this.running.delete(taskId);
  }

  /** True when a running task was stopped; an unknown id is remembered for a later start. */
  cancel(taskId: string): boolean {
    const ctl = this.running.get(taskId);
    if (ctl) {
      ctl.abort();
      return true;
    }
    const now = this.now();
    for (const [id, at] of this.early)
      if (now - at > EARLY_CANCEL_MS || this.early.size >= EARLY_CANCEL_MAX) this.early.delete(id);
      else break; // insertion order is time order: the rest are newer
    this.early.delete(taskId); // re-inserted last: the map stays in time order
    this.early.set(taskId, now);
    return false;
  }
}
