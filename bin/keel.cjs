#!/usr/bin/env node
// The `keel` command: runs the built CLI (out/main/cli.js), building it once if it is missing.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('keel: first run, building Keel (npm run build)...\n');
  const r = spawnSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['run', 'build', '--silent'],
    { cwd: root, stdio: ['ignore', 2, 2] },
  );
  if (r.status !== 0) {
    process.stderr.write('keel: the build failed; run `npm run build` to see why.\n');
    process.exit(1);
  }
}
require(cli);
