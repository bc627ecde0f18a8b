import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KeelError } from '../../shared/errors';
import {
  runEngineTask,
  type EngineTaskName,
  type EngineTaskPayload,
  type EngineTaskResult,
} from './engine-tasks';
import { engineError, type FromWorker, type ToWorker } from './protocol';

export interface RunOptions {
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
}

/** Runs engine tasks off the caller's thread (pool) or on it (inline, for tests and the CLI). */
export interface TaskRunner {
  run<T extends EngineTaskName>(
    task: T,
    payload: EngineTaskPayload<T>,
    opts?: RunOptions,
  ): Promise<EngineTaskResult<T>>;
  close(): Promise<void>;
}

const cancelled = () => new KeelError('CANCELLED', 'The task was cancelled.');

/** Same thread: fine where no UI waits on the thread (CLI, tests). */
export class InlineRunner implements TaskRunner {
  async run<T extends EngineTaskName>(
    task: T,
    payload: EngineTaskPayload<T>,
    opts: RunOptions = {},
  ): Promise<EngineTaskResult<T>> {
    if (opts.signal?.aborted) throw cancelled();
    try {
      return (await runEngineTask(task, payload, (f, m = '') =>
        opts.onProgress?.(f, m),
      )) as EngineTaskResult<T>;
    } catch (err) {
      throw engineError(err);
    }
  }
  async close() {}
}

interface Job {
  id: number;
  msg: ToWorker;
  opts: RunOptions;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/**
 * A fixed set of worker threads running engine tasks, one task per worker at a time, queued
 * beyond that. Cancelling a running task terminates its worker (engine code is synchronous and
 * cannot be interrupted otherwise) and a fresh worker takes its place.
 */
export class WorkerPool implements TaskRunner {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly workerFile: string,
    // at least two: a long task (a risk run) must not queue behind another view's task
    private readonly size = Math.max(2, Math.min(4, availableParallelism() - 1)),
  ) {}

  run<T extends EngineTaskName>(
    task: T,
    payload: EngineTaskPayload<T>,
    opts: RunOptions = {},
  ): Promise<EngineTaskResult<T>> {
    if (this.closed) return Promise.reject(new KeelError('INTERNAL', 'The worker pool is closed.'));
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = {
        id,
        msg: { type: 'run', id, task, payload },
        opts,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      opts.signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.workerFile), job: null };
    slot.worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    slot.worker.on('error', (err) =>
      this.fail(slot, new KeelError('INTERNAL', `Engine worker failed: ${err.message}`)),
    );
    slot.worker.on('exit', (code) => {
      if (slot.job)
        this.fail(
          slot,
          new KeelError('INTERNAL', `Engine worker exited (code ${code}) during a task.`),
        );
      this.slots = this.slots.filter((s) => s !== slot);
      this.pump();
    });
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage(job.msg);
    }
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    if (m.type === 'progress') {
      job.opts.onProgress?.(m.fraction, m.message);
      return;
    }
    slot.job = null;
    if (m.type === 'done') job.resolve(m.result);
    else job.reject(KeelError.fromPayload(m.error));
    this.pump();
  }

  private fail(slot: Slot, err: KeelError): void {
    const job = slot.job;
    slot.job = null;
    job?.reject(err);
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(cancelled());
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    slot.job = null;
    job.reject(cancelled());
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate();
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(cancelled());
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
