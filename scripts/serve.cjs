#!/usr/bin/env node
// npm run serve [-- --port N --data-dir DIR]: build, then browser mode on 127.0.0.1.
'use strict';
const { join } = require('node:path');
const { build, root } = require('./lib.cjs');

build();
process.argv = [process.argv[0], join(root, 'out', 'main', 'serve.js'), ...process.argv.slice(2)];
require(join(root, 'out', 'main', 'serve.js'));
