#!/usr/bin/env node
// `npm run emulators:exec -- <command>`: runs <command> inside the Firebase
// Emulator Suite (Auth, Firestore, Storage, Functions by default; override with
// WEBSPLAT_EMULATORS=auth,firestore) and stops everything afterwards.
// The command gets WEBSPLAT_API_URL (the deployed `api` function's URL) and
// the usual *_EMULATOR_HOST variables. Exit code: the command's.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareEmulatorEnv } from './lib/emulator-env.mjs';

const PROJECT = 'demo-websplat';
const REGION = 'us-central1';

const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const projectRoot =
  process.env.WEBSPLAT_PROJECT_ROOT || (existsSync(join(process.cwd(), 'firebase.json')) ? process.cwd() : defaultRoot);

const command = process.argv.slice(2).join(' ').trim();
if (!command) {
  process.stderr.write('usage: npm run emulators:exec -- <command>\n');
  process.exit(2);
}

const log = (message) => process.stderr.write(`emulators: ${message}\n`);
let prepared;
try {
  prepared = await prepareEmulatorEnv({ projectRoot, log });
} catch (error) {
  log(error.message);
  process.exit(1);
}
const { env, nodeArgs } = prepared;
const config = JSON.parse(readFileSync(join(projectRoot, 'firebase.json'), 'utf8'));
const functionsPort = config.emulators?.functions?.port ?? 5001;
env.WEBSPLAT_API_URL = `http://127.0.0.1:${functionsPort}/${PROJECT}/${REGION}/api`;
env.GCLOUD_PROJECT = PROJECT;

const only = process.env.WEBSPLAT_EMULATORS || 'auth,firestore,storage,functions';
const firebaseBin = join(
  dirname(createRequire(join(projectRoot, 'package.json')).resolve('firebase-tools/package.json')),
  'lib',
  'bin',
  'firebase.js',
);
const started = Date.now();
log(`starting ${only} (project ${PROJECT})`);
const child = spawn(
  process.execPath,
  [...nodeArgs, firebaseBin, 'emulators:exec', '--project', PROJECT, '--only', only, command],
  { cwd: projectRoot, env, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
