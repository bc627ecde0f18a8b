import { defineConfig } from '@playwright/test';
import type { KeelWorkerOptions } from './e2e/fixtures';

// End-to-end suite. The same specs run against both targets:
//  - browser:  `node out/main/serve.js` (browser mode) driven by Debian's Chromium;
//  - electron: the desktop app via Playwright's _electron (skipped when no Electron binary).
// Needs a build first: `npx electron-vite build` (`npm run test:e2e` does it).
export default defineConfig<KeelWorkerOptions>({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/artifacts',
  projects: [
    { name: 'browser', use: { target: 'browser' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});
