import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { boot, builtResourcesDir } from './boot';
import { startHttpServer } from './http/server';
import { resolveDataDir } from './paths';

// `npm run serve` / `keel serve`: the same services as the desktop app, without Electron, on
// 127.0.0.1 with a fresh token. Prints the URL to open.
export async function serveMain(argv: string[], mainDir: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'Usage: keel serve [--port N] [--data-dir DIR]\nServes Keel in a browser on 127.0.0.1 (browser mode).\n',
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be an integer 0-65535, got '${values.port}'`);
  const dataDir = resolveDataDir(values['data-dir']);
  // The dispatcher emits progress through the server, which is started after it.
  const late: { server?: Awaited<ReturnType<typeof startHttpServer>> } = {};
  const app = boot({
    dataDir,
    mode: 'browser',
    resourcesDir: builtResourcesDir(mainDir),
    workerFile: join(mainDir, 'engine-worker.js'),
    emit: (event, payload) => late.server?.broadcast(event, payload),
  });
  const server = await startHttpServer({
    port,
    rendererDir: join(mainDir, '..', 'renderer'),
    dispatch: app.dispatch,
  });
  late.server = server;
  process.stdout.write(`Keel (browser mode), data in ${dataDir}\nOpen ${server.url}\n`);
  const stop = () => {
    void server
      .close()
      .then(() => app.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
