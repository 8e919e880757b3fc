#!/usr/bin/env node
'use strict';
// The `websplat` command. The code lives in the functions codebase (compiled to functions/lib).
const path = require('node:path');
const entry = path.join(__dirname, '..', 'functions', 'lib', 'cli', 'main.js');
let cli;
try {
  cli = require(entry);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    process.stderr.write('websplat: the functions code is not built yet; run `npm run build` (or `npm ci`).\n');
    process.exit(1);
  }
  throw error;
}
cli.run(process.argv.slice(2));
