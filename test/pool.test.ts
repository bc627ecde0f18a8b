import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { InlineRunner, WorkerPool } from '../src/main/workers/pool';
import { KeelError } from '../src/shared/errors';
import { REPO, tempDir } from './helpers/tmp';

const spinWorker = join(__dirname, 'fixtures', 'spin-worker.cjs');
// Untyped access for the stand-in worker's payloads.
type Loose = {
  run(task: string, payload: unknown, opts?: Parameters<WorkerPool['run']>[2]): Promise<unknown>;
};

let pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});
const pool = (file: string, size: number) => {
  const p = new WorkerPool(file, size);
  pools.push(p);
  return p;
};

describe('WorkerPool', () => {
  it('runs the real engine worker and returns what the same task gives inline', async () => {
    const out = join(tempDir(), 'engine-worker.js');
    buildSync({
      entryPoints: [join(REPO, 'src/main/workers/engine-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: out,
      logLevel: 'silent',
    });
    const payload = {
      nDates: 3,
      nAssets: 2,
      quantities: Float64Array.from([2, 10, 2, 10, 3, 0]),
      closes: Float64Array.from([100, 5, 110, 4, 120, 6]),
      maxStaleDays: 3,
    };
    const progress: number[] = [];
    const inWorker = await pool(out, 1).run('valuation.portfolioValue', payload, {
      onProgress: (f) => progress.push(f),
    });
    const inline = await new InlineRunner().run('valuation.portfolioValue', payload);
    expect([...inWorker.values]).toEqual([250, 260, 360]);
    expect([...inWorker.values]).toEqual([...inline.values]);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('reports progress, queues beyond its size, and keeps order of results per call', async () => {
    const p = pool(spinWorker, 2) as unknown as Loose;
    const seen: string[] = [];
    const results = await Promise.all(
      [1, 2, 3, 4].map((v) =>
        p.run('x', { ms: 30, value: v }, { onProgress: (_f, m) => seen.push(m) }),
      ),
    );
    expect(results).toEqual([1, 2, 3, 4].map((v) => ({ echo: v })));
    expect(seen).toContain('done');
  });

  it('cancels a running task by terminating its worker, and goes on serving others', async () => {
    const p = pool(spinWorker, 1) as unknown as Loose;
    const ctl = new AbortController();
    const long = p.run('x', { ms: 5000 }, { signal: ctl.signal });
    const queued = p.run('x', { ms: 1, value: 'after' });
    const t0 = Date.now();
    setTimeout(() => ctl.abort(), 50);
    await expect(long).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await queued).toEqual({ echo: 'after' });
  });

  it('cancels a queued task without running it, and refuses an already-aborted one', async () => {
    const p = pool(spinWorker, 1) as unknown as Loose;
    const first = p.run('x', { ms: 100, value: 1 });
    const ctl = new AbortController();
    const second = p.run('x', { ms: 1, value: 2 }, { signal: ctl.signal });
    ctl.abort();
    await expect(second).rejects.toBeInstanceOf(KeelError);
    expect(await first).toEqual({ echo: 1 });
    await expect(p.run('x', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('turns a task error or a dying worker into an error, then recovers', async () => {
    const p = pool(spinWorker, 1) as unknown as Loose;
    await expect(p.run('x', { fail: true })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'asked to fail',
    });
    await expect(p.run('x', { crash: true })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/exited \(code 3\)/),
    });
    expect(await p.run('x', { value: 'alive' })).toEqual({ echo: 'alive' });
  });
});
