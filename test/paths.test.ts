import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../src/main/paths';

describe('data folder', () => {
  it('follows XDG on Linux, Application Support on macOS, APPDATA on Windows', () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.local', 'share', 'keel'));
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/xdg' }, 'linux')).toBe('/data/xdg/keel');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative/ignored' }, 'linux')).toBe(
      join(homedir(), '.local', 'share', 'keel'),
    );
    expect(defaultDataDir({}, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', 'Keel'),
    );
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'Keel'),
    );
  });
  it('--data-dir beats KEEL_DATA_DIR beats the default', () => {
    expect(resolveDataDir('here', { KEEL_DATA_DIR: '/env' })).toBe(resolve('here'));
    expect(resolveDataDir(undefined, { KEEL_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/x' })).toBe(
      process.platform === 'linux' ? '/x/keel' : defaultDataDir({ XDG_DATA_HOME: '/x' }),
    );
  });
});
