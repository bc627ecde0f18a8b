import { parentPort } from 'node:worker_threads';
import { engineTasks } from './engine-tasks';
import { engineError, type FromWorker, type ToWorker } from './protocol';

// Entry of an engine worker thread: runs one task at a time, posts progress, then the result.
const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');

port.on('message', async (msg: ToWorker) => {
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    const fn = (
      engineTasks as Record<string, (p: unknown, pr: (f: number, m?: string) => void) => unknown>
    )[msg.task];
    if (!fn) throw new Error(`unknown engine task ${msg.task}`);
    const result = await fn(msg.payload, (fraction, message = '') =>
      send({ type: 'progress', id: msg.id, fraction, message }),
    );
    send({ type: 'done', id: msg.id, result });
  } catch (err) {
    send({ type: 'error', id: msg.id, error: engineError(err).toPayload() });
  }
});
