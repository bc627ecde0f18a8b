// Prints each benchmark figure against its target. Machines here are noisy: medians of several
// runs, and a missed target is reported, not failed.
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function report(name: string, samplesMs: number[], targetMs: number): void {
  const med = median(samplesMs);
  const status = med <= targetMs ? 'ok  ' : 'MISS';
  const line = `[bench] ${status} ${name.padEnd(52)} median ${med.toFixed(1).padStart(8)} ms   target < ${String(targetMs).padStart(5)} ms   (n=${samplesMs.length}, min ${Math.min(...samplesMs).toFixed(1)}, max ${Math.max(...samplesMs).toFixed(1)})`;
  process.stdout.write(`${line}\n`);
}

export async function sample(n: number, fn: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** A figure the issues set no target for (printed for the record, never a miss). */
export function info(name: string, samplesMs: number[]): void {
  const med = median(samplesMs);
  process.stdout.write(
    `[bench] info ${name.padEnd(52)} median ${med.toFixed(1).padStart(8)} ms   (no target; n=${samplesMs.length}, min ${Math.min(...samplesMs).toFixed(1)}, max ${Math.max(...samplesMs).toFixed(1)})\n`,
  );
}
