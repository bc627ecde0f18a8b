#!/usr/bin/env node
// npm start: the desktop app. Where Electron cannot run (no binary, no display, no Electron
// build of the SQLite module), say so in one line and start browser mode instead.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { build, electronBinary, root } = require('./lib.cjs');

build();
const args = process.argv.slice(2);

function browserMode(reason) {
  console.log(`Keel: ${reason}; starting browser mode instead (npm run serve).`);
  process.argv = [process.argv[0], join(root, 'out', 'main', 'serve.js'), ...args];
  require(join(root, 'out', 'main', 'serve.js'));
}

const exe = electronBinary();
if (!exe) {
  browserMode('the Electron binary is not installed (node_modules/electron/dist is missing)');
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  browserMode('no display to open a window on (DISPLAY is not set)');
} else {
  let native = null;
  try {
    native = require('./electron-native.cjs').ensureElectronNative();
  } catch (err) {
    browserMode(`the SQLite module could not be built for Electron (${err.message})`);
  }
  if (native) {
    const child = spawn(exe, [root, ...args], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
