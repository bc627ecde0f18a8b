// Messages between the pool (main thread) and an engine worker.
export type ToWorker = { type: 'run'; id: number; task: string; payload: unknown };
export type FromWorker =
  | { type: 'progress'; id: number; fraction: number; message: string }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string };
