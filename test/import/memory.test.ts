import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { previewImport, readCsv } from '../../src/main/import';

// The reader is streaming: a file of any size (the target is 2 GB) is read in constant memory,
// one batch of rows at a time. A ~50 MB file stands in for it here: the live heap, measured
// after a full garbage collection at checkpoints, must not grow with the rows read.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

async function writeBig(file: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(file);
  // 40 assets: about a century of daily rows from 1990 for 50 MB
  const syms = Array.from({ length: 40 }, (_, i) => `A${String(i).padStart(2, '0')}`);
  out.write('date,asset,close,volume,note\n');
  let rows = 0;
  let bytes = 0;
  const day0 = Date.UTC(1990, 0, 1);
  let day = '';
  let dayOf = -1;
  while (bytes < targetBytes) {
    let chunk = '';
    for (let k = 0; k < 5000; k++, rows++) {
      const i = Math.floor(rows / syms.length);
      if (i !== dayOf) {
        dayOf = i;
        day = new Date(day0 + i * 86_400_000).toISOString().slice(0, 10);
      }
      const d = day;
      // in the last tenth of the file every 10th row is quoted, with a delimiter inside: a
      // prices import takes its fast path, then hands the rest of the file to csv-parse
      const note = bytes > targetBytes * 0.9 && rows % 10 === 0 ? '"rebalanced, manual"' : 'auto';
      chunk += `${d},${syms[rows % syms.length]},${(1000 + (rows % 997) * 1.37).toFixed(2)},${rows * 3},${note}\n`;
    }
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

describe('bounded memory', () => {
  let file = '';
  let rows = 0;
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'keel-big-')), 'big.csv');
    rows = await writeBig(file, 50 * MB);
    return () => rmSync(dirname(file), { recursive: true, force: true });
  }, 120_000);

  it(
    'streams a ~50 MB file through the reader with a flat live heap',
    { timeout: 180_000 },
    async () => {
      expect(statSync(file).size).toBeGreaterThan(48 * MB);

      gc();
      const base = process.memoryUsage().heapUsed;
      const live: number[] = [];
      let n = 0;
      let lastLine = 0;
      for await (const r of readCsv(file)) {
        n++;
        lastLine = r.line;
        if (n % 400_000 === 0) {
          gc();
          live.push(process.memoryUsage().heapUsed - base);
        }
      }
      gc();
      live.push(process.memoryUsage().heapUsed - base);
      expect(n).toBe(rows);
      expect(lastLine).toBe(rows + 1);
      expect(live.length).toBeGreaterThan(3);
      for (const g of live) expect(g).toBeLessThan(64 * MB);
      // and it does not creep with the rows read
      expect(Math.max(...live) - live[0]!).toBeLessThan(16 * MB);
      process.stdout.write(
        `[memory] reader: ${rows} rows; live heap growth at checkpoints (MB): ${live.map((g) => (g / MB).toFixed(1)).join(', ')}\n`,
      );
    },
  );

  it(
    'streams the same file through a prices import without keeping rows',
    { timeout: 180_000 },
    async () => {
      gc();
      const base = process.memoryUsage().heapUsed;
      let seen = 0;
      let peakLive = 0;
      const rep = await previewImport(file, {
        kind: 'prices',
        onRow: () => {
          seen++;
          if (seen % 400_000 === 0) {
            gc();
            peakLive = Math.max(peakLive, process.memoryUsage().heapUsed - base);
          }
        },
      });
      expect(rep.parsed).toBe(rows);
      expect(seen).toBe(rows);
      expect(rep.rows).toEqual([]);
      // the duplicate index is per symbol and day, not per row
      expect(peakLive).toBeLessThan(64 * MB);
      process.stdout.write(
        `[memory] prices import: peak live heap growth ${(peakLive / MB).toFixed(1)} MB\n`,
      );
    },
  );
});
