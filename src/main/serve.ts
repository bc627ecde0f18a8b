import { serveMain } from './serve-command';

// Entry of `npm run serve` (node out/main/serve.js).
serveMain(process.argv.slice(2), __dirname).catch((err: unknown) => {
  process.stderr.write(`keel serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
