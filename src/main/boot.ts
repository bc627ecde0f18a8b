import { dirname, join } from 'node:path';
import pkg from '../../package.json';
import { createDispatcher, type Emit } from './dispatch';
import { createHandlers } from './handlers';
import type { ServiceContext } from './services/context';
import { ensureDemoOnFirstStart } from './services/demo';
import { DB_FILE, openStore } from './store/db';
import { TaskRegistry } from './tasks';
import { InlineRunner, WorkerPool } from './workers/pool';

export interface BootOptions {
  dataDir: string;
  mode: ServiceContext['mode'];
  resourcesDir: string;
  /** Engine worker entry; without it engine tasks run inline (CLI, tests). */
  workerFile?: string;
  nativeBinding?: string;
  /** Load the embedded demo on the very first start (default true). */
  seedDemo?: boolean;
  emit?: Emit;
  now?: () => Date;
}

/** Opens the store and wires services, handlers and the dispatcher: the same for every target. */
export function boot(opts: BootOptions) {
  const store = openStore(
    join(opts.dataDir, DB_FILE),
    opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {},
  );
  const runner = opts.workerFile ? new WorkerPool(opts.workerFile) : new InlineRunner();
  const ctx: ServiceContext = {
    store,
    runner,
    resourcesDir: opts.resourcesDir,
    dataDir: opts.dataDir,
    mode: opts.mode,
    version: pkg.version,
    now: opts.now ?? (() => new Date()),
    ...(opts.workerFile
      ? { importWorkerFile: join(dirname(opts.workerFile), 'import-worker.js') }
      : {}),
  };
  try {
    if (opts.seedDemo !== false) ensureDemoOnFirstStart(ctx);
  } catch (err) {
    store.close();
    throw err;
  }
  const tasks = new TaskRegistry();
  const dispatch = createDispatcher(createHandlers(ctx, tasks), tasks, opts.emit ?? (() => {}));
  return {
    ctx,
    dispatch,
    async close() {
      await runner.close();
      store.close();
    },
  };
}

export type Booted = ReturnType<typeof boot>;

/** resources/ beside out/ in a built checkout (out/main/*.js -> ../../resources). */
export const builtResourcesDir = (mainDir: string): string =>
  join(mainDir, '..', '..', 'resources');
