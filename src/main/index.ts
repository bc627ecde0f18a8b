import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { eventChannel } from '../shared/ipc';
import { boot, builtResourcesDir, type Booted } from './boot';
import { bindIpc } from './ipc';
import { electronNativeBinding } from './native';
import { resolveDataDir } from './paths';
import { isAppUrl, windowOptions } from './security';

// Desktop entry: Electron lifecycle, the window, the security policy, the IPC binding.

const { values } = parseArgs({
  args: process.argv.slice(1),
  options: { 'data-dir': { type: 'string' } },
  strict: false,
});
const dataDir = resolveDataDir(
  typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined,
);
app.setPath('userData', dataDir);
app.enableSandbox();

let win: BrowserWindow | null = null;
let booted: Booted | null = null;
const rendererFile = join(__dirname, '..', 'renderer', 'index.html');
const devUrl = process.env.ELECTRON_RENDERER_URL;
const appUrl = () => devUrl ?? new URL(`file://${rendererFile}`).href;

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url, appUrl())) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url, appUrl())) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

function createWindow(): void {
  win = new BrowserWindow(windowOptions(join(__dirname, '..', 'preload', 'index.js')));
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererFile);
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  try {
    const appRoot = app.isPackaged ? process.resourcesPath : join(__dirname, '..', '..');
    booted = boot({
      dataDir,
      mode: 'desktop',
      resourcesDir: app.isPackaged
        ? join(process.resourcesPath, 'resources')
        : builtResourcesDir(__dirname),
      workerFile: join(__dirname, 'engine-worker.js'),
      nativeBinding: electronNativeBinding(appRoot, process.versions.electron),
      emit: (event, payload) => win?.webContents.send(eventChannel(event), payload),
    });
  } catch (err) {
    dialog.showErrorBox(
      'Keel cannot open its database',
      err instanceof Error ? err.message : String(err),
    );
    app.exit(1);
    return;
  }
  bindIpc(ipcMain, booted.dispatch, appUrl);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void booted?.close();
});
