import type { Store } from '../store/db';
import type { TaskRunner } from '../workers/pool';

/** What every service needs, assembled once by the composition root (desktop, serve, cli). */
export interface ServiceContext {
  store: Store;
  runner: TaskRunner;
  resourcesDir: string;
  /** Built worker that parses price files for imports (absent in tests: parsed inline). */
  importWorkerFile?: string;
  dataDir: string;
  mode: 'desktop' | 'browser' | 'cli';
  version: string;
  now: () => Date;
}

/** Passed to a long call: report progress, notice cancellation. */
export interface CallContext {
  progress(fraction: number, message: string): void;
  signal: AbortSignal;
}

export const noopCall: CallContext = { progress: () => {}, signal: new AbortController().signal };
