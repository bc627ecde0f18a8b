import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

// Browser-mode benches: the built app served on 127.0.0.1 with a fresh data folder, and
// Debian's Chromium with the flags it needs on a closed network.

const ROOT = join(__dirname, '..');
const CHROMIUM = process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs `fn` with the app's URL (token included) and a browser; cleans up whatever happens. */
export async function withKeelBrowser(
  prefix: string,
  fn: (url: string, browser: Browser) => Promise<void>,
): Promise<void> {
  if (!existsSync(join(ROOT, 'out', 'main', 'serve.js')))
    throw new Error('run `npm run build` first (npm run bench does)');
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const server = spawn(
    process.execPath,
    [join(ROOT, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      server.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(buf);
        if (m) resolve(m[0]);
      });
      server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      await fn(url, browser);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
