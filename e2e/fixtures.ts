import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  _electron,
  chromium,
  test as base,
  type Browser,
  type ElectronApplication,
  type Page,
} from '@playwright/test';

export const ROOT = resolve(__dirname, '..');
const SERVE_JS = join(ROOT, 'out', 'main', 'serve.js');
const ELECTRON_MAIN = join(ROOT, 'out', 'main', 'index.js');

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Large enough that AG Grid renders every column of the holdings grid. */
export const VIEWPORT = { width: 1680, height: 1050 };

export type Target = 'browser' | 'electron';

export interface KeelServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
}

export interface KeelWorkerOptions {
  target: Target;
}

interface WorkerFixtures extends KeelWorkerOptions {
  /** Starts the worker's browser-mode server on first call (one per worker), then returns it. */
  startKeelServer: () => Promise<KeelServer>;
  /** The built browser-mode server on a fresh temp data dir (demo portfolio seeded). */
  keelServer: KeelServer;
  /** Debian's Chromium, launched on first use only (the electron project never needs it). */
  keelChromium: () => Promise<Browser>;
}

interface TestFixtures {
  /** The app's page on the current target, opened on the Holdings view of the demo portfolio. */
  appPage: Page;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function needBuild(file: string): void {
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npx electron-vite build\` before the e2e suite.`);
  }
}

/** Starts `node out/main/serve.js --port 0 --data-dir DIR` and waits for its "Open URL" line. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; server: KeelServer }> {
  needBuild(SERVE_JS);
  const child = spawn(process.execPath, [SERVE_JS, '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`keel serve printed no URL in 30 s.\nstdout: ${out}\nstderr: ${err}`));
    }, 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `keel serve exited (${code ?? signal}) before printing a URL.\nstdout: ${out}\nstderr: ${err}`,
        ),
      );
    });
  });
  const u = new URL(url);
  const token = /token=([A-Za-z0-9_-]+)/.exec(u.hash)![1]!;
  return { child, server: { url, origin: u.origin, port: Number(u.port), token, dataDir } };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The Electron binary electron's own installer recorded, if it was downloaded. */
export function electronBinary(): string | null {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  target: ['browser', { option: true, scope: 'worker' }],

  // Lazy, so the electron project never needs (or waits on) the browser-mode server.
  startKeelServer: [
    // Playwright reads fixture dependencies from the destructuring pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const state: { started: Promise<{ child: ChildProcess; server: KeelServer }> | null } = {
        started: null,
      };
      const dataDir = tempDir('keel-e2e-serve-');
      try {
        await use(async () => {
          state.started ??= startServer(dataDir);
          return (await state.started).server;
        });
      } finally {
        const started = await state.started?.catch(() => null);
        if (started) await stopProcess(started.child);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  keelServer: [
    async ({ startKeelServer }, use) => {
      await use(await startKeelServer());
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  keelChromium: [
    // Playwright reads fixture dependencies from the destructuring pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const state: { launched: Promise<Browser> | null } = { launched: null };
      await use(() => {
        state.launched ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
        return state.launched;
      });
      if (state.launched) await (await state.launched).close();
    },
    { scope: 'worker' },
  ],

  appPage: async ({ target, startKeelServer, keelChromium }, use) => {
    if (target === 'browser') {
      const keelServer = await startKeelServer();
      const browser = await keelChromium();
      const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
      try {
        const page = await context.newPage();
        await page.goto(keelServer.url);
        await use(page);
      } finally {
        await context.close();
      }
      return;
    }

    const executablePath = electronBinary();
    test.skip(!executablePath, 'Electron binary not installed: desktop target skipped');
    needBuild(ELECTRON_MAIN);
    // A fresh data dir per test: first start seeds the demo, and localStorage (the theme) lives there too.
    const dataDir = tempDir('keel-e2e-electron-');
    const env = { ...process.env } as Record<string, string>;
    delete env.ELECTRON_RENDERER_URL;
    delete env.ELECTRON_RUN_AS_NODE;
    let app: ElectronApplication | null = null;
    try {
      app = await _electron.launch({
        executablePath: executablePath!,
        args: [ELECTRON_MAIN, '--data-dir', dataDir],
        cwd: ROOT,
        env,
      });
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      await use(page);
    } finally {
      await app?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
