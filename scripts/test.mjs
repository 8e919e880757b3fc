#!/usr/bin/env node
// `npm test`: the whole suite, in order of cost, stopping at the first red stage:
//   1. lint (eslint + prettier)   2. build (tsc, as deployed)   3. typecheck (the tests too)
//   4. local tier: unit, local-backend contracts, HTTP on the local server, CLI
//   5. browser tier: headless Chromium (Debian's package, installed when missing) driven by
//      playwright-core, from a page on another 127.0.0.1 origin against `websplat serve`
//   6. emulator tier: cloud contracts and HTTP against the deployed `api` function,
//      inside the Firebase Emulator Suite (started and stopped by scripts/emulators-exec.mjs)
// Ends with one line "tests: N passed, N failed" over the three mocha tiers.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './lib/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const totals = { passed: 0, failed: 0, pending: 0 };

function run(label, command, args, { count = false, before } = {}) {
  const started = Date.now();
  process.stdout.write(`\n== ${label}\n`);
  let env = process.env;
  try {
    env = { ...env, ...before?.() };
  } catch (error) {
    process.stdout.write(`${error.message}\n== ${label}: FAILED\n`);
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk).slice(-4000);
    });
    child.on('close', (code) => {
      if (count) {
        // Mocha's spec reporter closes with "N passing", "N pending", "N failing".
        for (const [key, word] of [
          ['passed', 'passing'],
          ['failed', 'failing'],
          ['pending', 'pending'],
        ]) {
          const match = new RegExp(`(\\d+) ${word}`).exec(tail);
          if (match) totals[key] += Number(match[1]);
        }
      }
      process.stdout.write(
        `== ${label}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      resolve(code ?? 1);
    });
  });
}

const stages = [
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['typecheck (sources and tests)', 'npm', ['run', '--silent', 'typecheck']],
  [
    'local tier (unit, local contracts, HTTP on the local server, CLI)',
    process.execPath,
    [mocha, '--config', 'test/mocharc.local.json'],
    { count: true },
  ],
  [
    'browser tier (headless Chromium, a page on another origin, websplat serve)',
    process.execPath,
    [mocha, '--config', 'test/mocharc.browser.json'],
    // Found, or installed with apt-get (it says so), before mocha starts.
    { count: true, before: () => ({ CHROMIUM_PATH: ensureChromium() }) },
  ],
  [
    'emulator tier (cloud contracts, HTTP on the api function)',
    process.execPath,
    [join(root, 'scripts', 'emulators-exec.mjs'), `node ${mocha} --config test/mocharc.emulators.json`],
    { count: true },
  ],
];

let failedStage;
for (const [label, command, args, options] of stages) {
  if ((await run(label, command, args, options)) !== 0) {
    failedStage = label;
    break;
  }
}
if (failedStage && totals.failed === 0) totals.failed = 1; // a red non-mocha stage still fails the run
process.stdout.write(
  `\n${failedStage ? `FAILED at: ${failedStage}\n` : ''}tests: ${totals.passed} passed, ${totals.failed} failed${totals.pending ? `, ${totals.pending} skipped` : ''}\n`,
);
process.exit(failedStage ? 1 : 0);
