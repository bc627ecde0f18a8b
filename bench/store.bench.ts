import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { boot } from '../src/main/boot';
import { openStore } from '../src/main/store/db';
import { report, sample } from './report';

const RESOURCES = join(__dirname, '..', 'resources');

it('database open + migrate', async () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'keel-bench-'));
    dirs.push(d);
    return join(d, 'keel.db');
  };
  openStore(fresh()).close(); // warm-up: module load, first native call
  report(
    'database open + migrate (new file)',
    await sample(20, () => openStore(fresh()).close()),
    50,
  );
  const existing = fresh();
  openStore(existing).close();
  report(
    'database open + migration check (existing file)',
    await sample(20, () => openStore(existing).close()),
    20,
  );
  report(
    'first start: open + load demo (31k prices)',
    await sample(5, async () => {
      const app = boot({ dataDir: join(fresh(), '..'), mode: 'cli', resourcesDir: RESOURCES });
      await app.close();
    }),
    1500,
  );
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
