import { defineConfig } from 'vitest/config';

// `npm run bench`: vitest is only the runner here (TypeScript, ?raw imports). Each bench file
// prints its figures against their targets; targets never fail the run (machines are noisy).
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    disableConsoleIntercept: true,
  },
});
