import { builtResourcesDir } from './boot';
import { runCli } from './cli/run';
import { serveMain } from './serve-command';

// Entry of the `keel` bin (bin/keel.cjs loads the built out/main/cli.js).

// `keel … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'serve') {
    await serveMain(argv.slice(1), __dirname);
    return -1; // keeps running
  }
  return runCli(
    argv,
    { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
    {
      resourcesDir: builtResourcesDir(__dirname),
    },
  );
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`keel: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
