import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { previewImport } from '../import';

// Parses a prices file off the main thread and posts the rows in columnar batches, so the
// main thread can insert one batch while the next is being parsed.

interface Job {
  path?: string;
  content?: string;
  label: string;
  known: string[];
}

const port = parentPort!;
const job = workerData as Job;
const BATCH = 20_000;
let symbols: string[] = [];
let dates: string[] = [];
let closes: number[] = [];
let volumes: number[] = [];
const sample: unknown[] = [];

const post = () => {
  if (!symbols.length) return;
  const c = Float64Array.from(closes);
  const v = Float64Array.from(volumes);
  port.postMessage({ type: 'rows', symbols, dates, closes: c, volumes: v }, [c.buffer, v.buffer]);
  symbols = [];
  dates = [];
  closes = [];
  volumes = [];
};

const known = new Set(job.known);
previewImport(job.path ?? Readable.from([job.content!]), {
  kind: 'prices',
  label: job.label,
  keepRows: 0,
  maxRejected: 1000,
  knownInstrument: (s: string) => known.has(s),
  onProgress: (p: { fraction?: number | null }) =>
    port.postMessage({ type: 'progress', fraction: p.fraction ?? 0 }),
  onRow: (r: { date: string; symbol: string; close: number; volume?: number }) => {
    if (sample.length < 100) sample.push(r);
    symbols.push(r.symbol);
    dates.push(r.date);
    closes.push(r.close);
    volumes.push(r.volume ?? NaN);
    if (symbols.length === BATCH) post();
  },
} as never).then(
  (report) => {
    post();
    port.postMessage({ type: 'done', report: { ...(report as object), rows: [] }, sample });
  },
  (err: unknown) => {
    const e = err as { code?: string; message?: string; issues?: unknown };
    port.postMessage({
      type: 'error',
      error: { code: e.code ?? 'INTERNAL', message: e.message ?? String(err), issues: e.issues },
    });
  },
);
