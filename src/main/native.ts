import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 is compiled for Node by `npm install` (what tests and the CLI use). Electron has
 * another ABI, so `npm start` builds a second copy under .native/electron-<version>/ and the
 * desktop app passes it as better-sqlite3's nativeBinding. node_modules is never rebuilt in place.
 */
export function electronNativeBinding(
  appRoot: string,
  electronVersion: string,
): string | undefined {
  const file = join(appRoot, '.native', `electron-${electronVersion}`, 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}
