import type { BrowserWindowConstructorOptions } from 'electron';

// The desktop window's security policy as plain data and pure predicates, so tests can check
// it without an Electron binary. index.ts applies it.

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Keel',
    backgroundColor: '#10151c',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Same document as the app's own page (query and hash may differ), nothing else. */
export function isAppUrl(candidate: string | undefined, appUrl: string): boolean {
  if (!candidate) return false;
  let a: URL;
  let b: URL;
  try {
    a = new URL(candidate);
    b = new URL(appUrl);
  } catch {
    return false;
  }
  if (a.protocol !== b.protocol) return false;
  if (b.protocol === 'file:') return a.pathname === b.pathname && a.host === b.host;
  return a.origin === b.origin;
}

/** IPC is answered only for the app's own top-level page. */
export function isTrustedSender(
  frameUrl: string | undefined,
  appUrl: string,
  isMainFrame: boolean,
): boolean {
  return isMainFrame && isAppUrl(frameUrl, appUrl);
}
