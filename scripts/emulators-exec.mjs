#!/usr/bin/env node
// `npm run emulators:exec -- <command...>`: runs <command> inside the Firebase
// Emulator Suite (auth,firestore,storage,functions; override with
// WEBSPLAT_EMULATORS=auth,firestore) and stops everything afterwards.
// The command gets WEBSPLAT_API_URL (the `api` function's emulator URL) and the
// usual *_EMULATOR_HOST variables. Exit code: the command's (128+n after signal n).
// Project root: WEBSPLAT_PROJECT_ROOT, else the cwd when it has a firebase.json,
// else this repository.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firebaseTools, prepareEmulatorEnv } from './lib/emulator-env.mjs';

const PROJECT = 'demo-websplat';
const REGION = 'us-central1';

const args = process.argv.slice(2);
if (args.length === 0 || args.join('').trim() === '') {
  process.stderr.write(
    'usage: npm run emulators:exec -- <command...>   (WEBSPLAT_EMULATORS=auth,firestore,... to choose)\n',
  );
  process.exit(2);
}
// One argument is a shell command line as is; several are quoted for the shell that firebase runs it with.
const quote = (arg) =>
  /^[\w@%+=:,./-]+$/.test(arg)
    ? arg
    : process.platform === 'win32'
      ? `"${arg.replace(/"/g, '""')}"`
      : `'${arg.replace(/'/g, `'\\''`)}'`;
const command = args.length === 1 ? args[0] : args.map(quote).join(' ');

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const projectRoot =
  process.env.WEBSPLAT_PROJECT_ROOT || (existsSync(join(process.cwd(), 'firebase.json')) ? process.cwd() : repoRoot);

/** Sets one param in functions/.env.local (the emulator's own param file, never deployed). */
function pinEmulatorParam(root, name, value) {
  const file = join(root, 'functions', '.env.local');
  if (!existsSync(dirname(file))) return;
  const lines = (existsSync(file) ? readFileSync(file, 'utf8') : '')
    .split('\n')
    .filter((l) => l && !l.startsWith(`${name}=`));
  writeFileSync(file, `${[...lines, `${name}=${value}`].join('\n')}\n`);
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
env.WEBSPLAT_API_URL = `http://127.0.0.1:${config.emulators?.functions?.port ?? 5001}/${PROJECT}/${REGION}/api`;
// The emulated api sees paths without that prefix: link URLs need to be told the base. A param:
// the Functions emulator takes params from functions/.env.local (where it records their defaults),
// not from this environment, so the value goes there.
pinEmulatorParam(projectRoot, 'WEBSPLAT_PUBLIC_URL', process.env.WEBSPLAT_PUBLIC_URL || env.WEBSPLAT_API_URL);
// Keep the CLI off the network: no npm update check (update-notifier honours this), and
// CI skips the daily "MOTD" fetch, whose remote minVersion could stop this pinned CLI.
// In firebase-tools 15.34.2 CI only does that and words download hints; the command
// inherits it. Usage analytics are sent only if the developer opted in at `firebase login`.
env.NO_UPDATE_NOTIFIER = '1';
// The production-limits check (tests): every process of the run that loads the Firestore SDK (the
// command, the Functions emulator's workers) refuses writes the cloud would refuse, and logs them
// for test/support/emulatorHooks.ts. WEBSPLAT_STRICT_FIRESTORE=0 turns it off (the bench does).
if (process.env.WEBSPLAT_STRICT_FIRESTORE !== '0') {
  const check = join(repoRoot, 'test', 'support', 'firestoreLimits.cjs');
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(check)}`.trim();
  env.WEBSPLAT_STRICT_FIRESTORE_LOG ||= join(tmpdir(), `websplat-firestore-limits-${process.pid}.jsonl`);
  log(`production Firestore limits checked in every process (log ${env.WEBSPLAT_STRICT_FIRESTORE_LOG})`);
}
env.CI ||= 'true';

const only = (process.env.WEBSPLAT_EMULATORS || 'auth,firestore,storage,functions')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean)
  .join(',');
// The Storage emulator checks no signatures: direct uploads get its upload sessions instead of
// V4 signed URLs. Chosen here, by configuration (the Functions emulator passes the environment
// on to the functions), never guessed by the deployed code.
env.WEBSPLAT_DIRECT_UPLOADS = only.split(',').includes('storage') ? 'storage-emulator' : 'signed-url';
const started = Date.now();
log(`starting ${only} for ${projectRoot}`);
// Unattended (stdin not a terminal, e.g. CI or scripts/test.mjs) the CLI gets a process group of
// its own, so that the command and the emulators can be stopped together; interactive runs stay
// in the terminal's group (Ctrl-C reaches everything; a background group could not read the tty).
const ownGroup = process.platform !== 'win32' && !process.stdin.isTTY;
const child = spawn(
  process.execPath,
  [...nodeArgs, firebaseTools().cli, 'emulators:exec', '--project', PROJECT, '--only', only, command],
  { cwd: projectRoot, env, stdio: 'inherit', detached: ownGroup },
);
const signalGroup = (signal) => {
  try {
    if (ownGroup) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
};
// SIGINT or SIGTERM: do what Ctrl-C does in a terminal, SIGINT to the CLI, command and emulators.
// (On SIGTERM firebase-tools stops the emulators but leaves the command running, and a JVM
// emulator exits with 143, which it reports as a crash.) It ignores a repeat within 100 ms.
let received;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    received ??= signal;
    signalGroup('SIGINT');
  });
}
child.on('error', (error) => {
  log(`could not start the firebase CLI: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (ownGroup) signalGroup('SIGTERM'); // whatever the CLI left behind in its group
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (env.WEBSPLAT_STRICT_FIRESTORE_LOG && !process.env.WEBSPLAT_STRICT_FIRESTORE_LOG) {
    rmSync(env.WEBSPLAT_STRICT_FIRESTORE_LOG, { force: true });
  }
  const killedBy = received ?? signal;
  process.exit(killedBy ? 128 + (constants.signals[killedBy] ?? 0) : (code ?? 1));
});
