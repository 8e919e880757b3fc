// Item 1: cold start. From spawning functions-framework to the first 200, for
// the deployed module (functions/lib, target `api`) against a bare hello-world
// module (bench/fixtures/hello), medians of RUNS interleaved runs. Runs inside
// the emulators (Firestore + Auth) for the authenticated GET, once over gRPC and
// once over REST (FIRESTORE_PREFER_REST, see functions/src/adapters/firebase/app.ts).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BIN, firstOk, freePort, httpRequest, log, median, ROOT, row, stop } from '../lib/common.mjs';

export const meta = { title: 'Cold start', emulators: true };

const RUNS = 7;
const HEALTHZ_BUDGET = 1.1;
const FIRST_GET_BUDGET = 2;
// The framework's own entry (what `npx functions-framework` runs, without npx's own start-up).
const FRAMEWORK = join(
  dirname(createRequire(join(ROOT, 'functions', 'package.json')).resolve('@google-cloud/functions-framework')),
  'main.js',
);
const PROJECT = 'demo-websplat';

/** Milliseconds from spawn to the first 200 of `path`, then the server is stopped. */
async function coldStart({ source, path, headers, env, argv }) {
  const port = await freePort();
  const started = performance.now();
  const args = argv ? argv(port) : [FRAMEWORK, '--target=api', `--source=${source}`, `--port=${port}`];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  try {
    await firstOk(`http://127.0.0.1:${port}${path}`, { headers, child });
    return performance.now() - started;
  } catch (error) {
    throw new Error(`${error.message}\n${stderr.slice(-2000)}`);
  } finally {
    await stop(child, 'SIGKILL');
  }
}

async function idToken() {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  const res = await httpRequest(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${randomBytes(4).toString('hex')}@example.com`,
      password: 'secret-pw',
      returnSecureToken: true,
    }),
  });
  return JSON.parse(res.body).idToken;
}

/** Creates a workspace through a running copy of the api function. */
async function seedWorkspace(env, auth) {
  const port = await freePort();
  const child = spawn(process.execPath, [FRAMEWORK, '--target=api', '--source=functions/lib', `--port=${port}`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  try {
    await firstOk(`http://127.0.0.1:${port}/v1/healthz`, { child });
    const res = await httpRequest(`http://127.0.0.1:${port}/v1/workspaces`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'cold start' }),
    });
    if (res.status !== 201) throw new Error(`seeding a workspace: ${res.status} ${res.body}`);
    return JSON.parse(res.body).id;
  } finally {
    await stop(child, 'SIGKILL');
  }
}

export async function run() {
  if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_AUTH_EMULATOR_HOST) {
    throw new Error('needs the Firestore and Auth emulators (run through bench/run.mjs)');
  }
  const env = {
    FIREBASE_CONFIG: JSON.stringify({ projectId: PROJECT, storageBucket: `${PROJECT}.appspot.com` }),
    GCLOUD_PROJECT: PROJECT,
    WEBSPLAT_PAGE_TOKEN_KEY: randomBytes(32).toString('base64url'),
    NODE_ENV: 'production',
  };
  const auth = { Authorization: `Bearer ${await idToken()}` };
  const id = await seedWorkspace(env, auth);
  const lib = join(ROOT, 'functions', 'lib');
  const dataDir = mkdtempSync(join(tmpdir(), 'websplat-bench-cold-'));
  const variants = {
    bare: { source: join(ROOT, 'bench', 'fixtures', 'hello'), path: '/' },
    healthz: { source: lib, path: '/v1/healthz', env },
    serve: {
      argv: (port) => [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'],
      path: '/v1/healthz',
      env: { WEBSPLAT_DATA_DIR: dataDir },
    },
    getGrpc: {
      source: lib,
      path: `/v1/workspaces/${id}`,
      headers: auth,
      env: { ...env, FIRESTORE_PREFER_REST: 'false' },
    },
    getRest: {
      source: lib,
      path: `/v1/workspaces/${id}`,
      headers: auth,
      env: { ...env, FIRESTORE_PREFER_REST: 'true' },
    },
  };
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  // One unmeasured round warms the file cache; then the variants take turns, so noise spreads evenly.
  try {
    for (let round = 0; round <= RUNS; round += 1) {
      for (const [name, variant] of Object.entries(variants)) {
        const ms = await coldStart(variant);
        if (round > 0) times[name].push(ms);
      }
      if (round > 0) {
        const last = Object.entries(times).map(([k, v]) => `${k} ${v.at(-1).toFixed(0)} ms`);
        log('coldStart', `run ${round}/${RUNS}: ${last.join(', ')}`);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const base = { item: 'coldStart', unit: 'ms', baseline: m.bare };
  const spread = (k) => `runs ${times[k].map((t) => t.toFixed(0)).join(', ')} ms`;
  return {
    rows: [
      row({
        ...base,
        name: 'cold start to first 200: GET /v1/healthz',
        figure: m.healthz,
        budget: `≤ ${HEALTHZ_BUDGET}x`,
        met: m.healthz / m.bare <= HEALTHZ_BUDGET,
        detail: spread('healthz'),
      }),
      row({
        ...base,
        name: 'cold start to first 200: `websplat serve` GET /v1/healthz',
        figure: m.serve,
        budget: `≤ ${HEALTHZ_BUDGET}x`,
        met: m.serve / m.bare <= HEALTHZ_BUDGET,
        detail: `${spread('serve')}; from spawning the CLI (local backend, an existing data folder)`,
      }),
      row({
        ...base,
        name: 'cold start to first 200: authenticated GET workspace (Firestore over gRPC)',
        figure: m.getGrpc,
        budget: 'none (reported)',
        met: null,
        detail: spread('getGrpc'),
      }),
      row({
        ...base,
        name: 'cold start to first 200: authenticated GET workspace (Firestore over REST)',
        figure: m.getRest,
        budget: `≤ ${FIRST_GET_BUDGET}x`,
        met: m.getRest / m.bare <= FIRST_GET_BUDGET,
        detail: `${spread('getRest')}; vs gRPC ${(m.getRest / m.getGrpc).toFixed(2)}x`,
      }),
    ],
  };
}
