import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Keel keeps its database when no --data-dir or KEEL_DATA_DIR is given. The same folder
 * for the desktop app (set as Electron's userData), browser mode and the CLI, so all three see
 * one book: the XDG data folder on Linux, Application Support on macOS, %APPDATA% on Windows.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Keel');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Keel');
  const xdg =
    env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/')
      ? env.XDG_DATA_HOME
      : join(homedir(), '.local', 'share');
  return join(xdg, 'keel');
}

/** --data-dir beats KEEL_DATA_DIR beats the platform default. */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (flag) return resolve(flag);
  if (env.KEEL_DATA_DIR) return resolve(env.KEEL_DATA_DIR);
  return defaultDataDir(env);
}
