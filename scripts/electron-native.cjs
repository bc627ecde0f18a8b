#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .native/electron-<version>/better_sqlite3.node,
// leaving node_modules (built for Node, used by tests and the CLI) untouched. Tries the
// project's prebuilt binary first (prebuild-install), then compiles with node-gyp against
// Electron's headers. Both need the internet once; the result is reused afterwards.
'use strict';
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, rmSync, copyFileSync } = require('node:fs');
const { join, dirname } = require('node:path');
const { root, electronVersion } = require('./lib.cjs');

function ensureElectronNative() {
  const version = electronVersion();
  const dest = join(root, '.native', `electron-${version}`, 'better_sqlite3.node');
  if (existsSync(dest)) return dest;
  const work = join(root, '.native', 'build', 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), work, {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  const run = (cmd, args) =>
    spawnSync(cmd, args, {
      cwd: work,
      stdio: 'inherit',
      env: {
        ...process.env,
        npm_config_runtime: 'electron',
        npm_config_target: version,
        npm_config_disturl: 'https://electronjs.org/headers',
      },
    });
  let ok = false;
  try {
    const prebuild = require.resolve('prebuild-install/bin.js', {
      paths: [join(root, 'node_modules', 'better-sqlite3')],
    });
    ok =
      run(process.execPath, [
        prebuild,
        '--runtime',
        'electron',
        '--target',
        version,
        '--arch',
        process.arch,
      ]).status === 0;
  } catch {
    ok = false;
  }
  if (!ok) {
    const gyp =
      process.env.npm_config_node_gyp ||
      join(
        dirname(process.execPath),
        '..',
        'lib',
        'node_modules',
        'npm',
        'node_modules',
        'node-gyp',
        'bin',
        'node-gyp.js',
      );
    ok =
      run(process.execPath, [
        gyp,
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${version}`,
        '--dist-url=https://electronjs.org/headers',
      ]).status === 0;
  }
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (!ok || !existsSync(built))
    throw new Error(`could not build better-sqlite3 for Electron ${version}`);
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(built, dest);
  rmSync(join(root, '.native', 'build'), { recursive: true, force: true });
  return dest;
}

module.exports = { ensureElectronNative };
if (require.main === module) {
  try {
    console.log(ensureElectronNative());
  } catch (err) {
    console.error(`electron-native: ${err.message}`);
    process.exit(1);
  }
}
