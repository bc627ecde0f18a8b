import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames } from '../src/shared/contract';
import { callChannel } from '../src/shared/ipc';
import { CONTENT_SECURITY_POLICY } from '../src/shared/security';
import { bindIpc } from '../src/main/ipc';
import { isAppUrl, isTrustedSender, windowOptions } from '../src/main/security';
import { REPO } from './helpers/tmp';

// A stand-in for the electron module: records what the app registers, so the desktop wiring is
// checked here without an Electron binary.
const electron = vi.hoisted(() => {
  const appHandlers = new Map<string, (...a: unknown[]) => void>();
  return {
    appHandlers,
    exposed: new Map<string, unknown>(),
    rendererInvoke: vi.fn(async () => ({ ok: true, value: 1 })),
    rendererOn: vi.fn(),
    rendererRemove: vi.fn(),
  };
});
vi.mock('electron', () => ({
  app: {
    on: (name: string, fn: (...a: unknown[]) => void) => electron.appHandlers.set(name, fn),
    setPath: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: () => new Promise(() => {}),
  },
  BrowserWindow: vi.fn(),
  dialog: { showErrorBox: vi.fn() },
  ipcMain: { handle: vi.fn() },
  session: {},
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: electron.rendererInvoke,
    on: electron.rendererOn,
    removeListener: electron.rendererRemove,
  },
}));

describe('desktop window options', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, web security on, no webview', () => {
    const w = windowOptions('/app/out/preload/index.js').webPreferences!;
    expect(w).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('navigation and sender checks', () => {
  const app = 'file:///opt/keel/out/renderer/index.html';
  it('allow only the app page itself', () => {
    expect(isAppUrl('file:///opt/keel/out/renderer/index.html#/risk', app)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
    expect(isAppUrl('https://evil.example/', app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
    expect(isAppUrl(undefined, app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
  it('trust IPC only from the main frame of the app page', () => {
    expect(isTrustedSender(app, app, true)).toBe(true);
    expect(isTrustedSender(app, app, false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', app, true)).toBe(false);
  });
});

describe('Electron main wiring (index.ts)', () => {
  beforeEach(() => {
    vi.resetModules();
    electron.appHandlers.clear();
  });

  it('denies window.open and blocks navigation away from the app for every web contents', async () => {
    await import('../src/main/index');
    const created = electron.appHandlers.get('web-contents-created')!;
    expect(created).toBeTypeOf('function');
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const listeners = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    created(
      {},
      {
        setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
        on: (n: string, fn: never) => listeners.set(n, fn),
      },
    );
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const tryNavigate = (event: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      listeners.get(event)!(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(tryNavigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(tryNavigate('will-redirect', 'https://evil.example/')).toBe(true);
    // under vitest index.ts sits in src/main, so its page is src/renderer/index.html
    const own = new URL(`file://${join(REPO, 'src', 'renderer', 'index.html')}`).href;
    expect(tryNavigate('will-navigate', `${own}#/risk`)).toBe(false);
    expect(tryNavigate('will-navigate', 'file:///elsewhere/index.html')).toBe(true);
    const attach = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('IPC binding', () => {
  it('registers one handler per contract call and answers only the app main frame', async () => {
    const handlers = new Map<string, (e: unknown, input: unknown) => Promise<unknown>>();
    const dispatch = vi.fn(async (name: unknown) => ({ ok: true as const, value: name }));
    bindIpc(
      { handle: (ch: string, fn: never) => handlers.set(ch, fn) } as never,
      dispatch,
      () => 'file:///app/index.html',
    );
    expect([...handlers.keys()].sort()).toEqual(callNames.map(callChannel).sort());
    const mainFrame = { url: 'file:///app/index.html' };
    const h = handlers.get(callChannel('app.info'))!;
    expect(await h({ senderFrame: mainFrame, sender: { mainFrame } }, {})).toEqual({
      ok: true,
      value: 'app.info',
    });
    const sub = { url: 'file:///app/index.html' };
    expect(await h({ senderFrame: sub, sender: { mainFrame } }, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const evil = { url: 'https://evil.example/' };
    expect(await h({ senderFrame: evil, sender: { mainFrame: evil } }, {})).toMatchObject({
      ok: false,
    });
    expect(await h({ senderFrame: null, sender: { mainFrame } }, {})).toMatchObject({ ok: false });
    expect(dispatch).toHaveBeenCalledTimes(1);
  });
});

describe('preload bridge', () => {
  it('exposes only invoke and on, never ipcRenderer', async () => {
    await import('../src/preload/index');
    expect([...electron.exposed.keys()]).toEqual(['keel']);
    const bridge = electron.exposed.get('keel') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    await (bridge.invoke as (n: string, i: unknown) => Promise<unknown>)('holdings.get', {
      asOf: '2025-01-01',
    });
    expect(electron.rendererInvoke).toHaveBeenCalledWith('keel:call:holdings.get', {
      asOf: '2025-01-01',
    });
    const on = bridge.on as (e: string, cb: () => void) => () => void;
    expect(() => on('ipc-anything', () => {})).toThrow(/unknown event/);
    const off = on('progress', () => {});
    expect(electron.rendererOn).toHaveBeenCalledWith('keel:event:progress', expect.any(Function));
    off();
    expect(electron.rendererRemove).toHaveBeenCalledWith(
      'keel:event:progress',
      expect.any(Function),
    );
  });
});

describe('renderer page policy', () => {
  const html = readFileSync(join(REPO, 'src', 'renderer', 'index.html'), 'utf8');
  it('carries the shared CSP in a meta tag, without unsafe-eval or inline script', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(/script-src ([^;]+)/.exec(CONTENT_SECURITY_POLICY)![1]).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
  });
  it('has no inline script and loads nothing remote', () => {
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/src="\.\//);
      expect(m[2]!.trim()).toBe('');
    }
    expect(html).not.toMatch(/https?:\/\//);
  });
});
