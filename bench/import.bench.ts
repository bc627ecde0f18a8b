import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { previewImport } from '../src/main/import';
import { info, report, sample } from './report';

// Prices import: 1,000,000 long-form rows (date,asset,close,volume) parsed, validated
// (dates, positive closes, duplicates per symbol and day) and streamed out through onRow.
// Target: 300,000 rows/s, i.e. under 3,333 ms for the million.

const ROWS = 1_000_000;
// 100 assets × 10,000 days (1990-2017)
const SYMBOLS = Array.from({ length: 100 }, (_, i) => `A${String(i).padStart(2, '0')}`);

async function writeRows(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('date,asset,close,volume\n');
  const day0 = Date.UTC(1990, 0, 1);
  for (let i = 0; i < ROWS;) {
    let chunk = '';
    for (let k = 0; k < 10_000 && i < ROWS; k++, i++) {
      const day = new Date(day0 + Math.floor(i / SYMBOLS.length) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      chunk += `${day},${SYMBOLS[i % SYMBOLS.length]},${(1000 + (i % 977) * 1.37).toFixed(2)},${(i * 7919) % 1_000_000}.5\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

it('prices import throughput', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-import-'));
  try {
    const file = join(dir, 'prices-1m.csv');
    await writeRows(file);
    const run = (fastPath: boolean) => async () => {
      let n = 0;
      const rep = await previewImport(file, { kind: 'prices', fastPath, onRow: () => void n++ });
      if (n !== ROWS || rep.rejectedCount)
        throw new Error(`expected ${ROWS} rows, got ${n} (${rep.rejectedCount} rejected)`);
    };
    await run(true)(); // warm-up
    const fast = await sample(5, run(true));
    report('import: 1M long price rows (fast path)', fast, 3333);
    const lib = await sample(3, run(false));
    // the general parser, for comparison: the product takes the fast path for plain files
    info('import: 1M long price rows (csv-parse only)', lib);
    const rate = (ms: number[]) =>
      Math.round(ROWS / ([...ms].sort((a, b) => a - b)[ms.length >> 1]! / 1000));
    process.stdout.write(
      `[bench]      rows/s: fast path ${rate(fast).toLocaleString('en-US')}, csv-parse only ${rate(lib).toLocaleString('en-US')} (target 300,000)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
