import { KeelError } from '../shared/errors';

/** Long calls in flight, by the client's task id, so they can be cancelled. */
export class TaskRegistry {
  private running = new Map<string, AbortController>();

  start(taskId: string): AbortController {
    if (this.running.has(taskId))
      throw new KeelError('CONFLICT', `Task ${taskId} is already running.`, [
        { path: 'taskId', message: 'in use' },
      ]);
    const ctl = new AbortController();
    this.running.set(taskId, ctl);
    return ctl;
  }

  finish(taskId: string): void {
    this.running.delete(taskId);
  }

  cancel(taskId: string): boolean {
    const ctl = this.running.get(taskId);
    if (!ctl) return false;
    ctl.abort();
    return true;
  }
}
