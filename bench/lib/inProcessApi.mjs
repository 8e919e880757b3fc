// The real HTTP handler on the Firestore and Storage emulators, in this process,
// with an operation meter on the Firestore adapter and a token verifier that takes
// the bearer token as the user id: the cost, history and checkpoint items.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { httpRequest, ROOT } from './common.mjs';

export async function inProcessApi() {
  if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_STORAGE_EMULATOR_HOST) {
    throw new Error('needs the Firestore and Storage emulators (run through bench/run.mjs)');
  }
  process.env.GCLOUD_PROJECT ||= 'demo-websplat';
  process.env.WEBSPLAT_BUCKET ||= 'demo-websplat.appspot.com';
  const lib = (path) => createRequire(join(ROOT, 'functions', 'package.json'))(`./lib/${path}`);
  const { firestoreStores, FirestoreChangeFeed } = lib('adapters/firebase/firestore/index.js');
  const { GcsBlobStore } = lib('adapters/firebase/gcsBlobStore.js');
  const { closeAdminApp } = lib('adapters/firebase/app.js');
  const { buildServices } = lib('runtime/services.js');
  const { createApiHandler } = lib('http/app.js');
  const { silentLogger } = lib('ports/logger.js');

  const counts = { reads: 0, writes: 0 };
  const meter = { reads: (n) => (counts.reads += n), writes: (n) => (counts.writes += n) };
  const metadata = firestoreStores({ meter });
  const blobs = new GcsBlobStore();
  const pageKey = randomBytes(32);
  const deps = buildServices({
    metadata,
    blobs,
    changes: new FirestoreChangeFeed(),
    sseMaxMs: 60_000,
    pageTokenKey: () => pageKey,
    linkKey: () => pageKey,
  });
  const handler = createApiHandler({
    backend: 'firebase',
    deps: () => deps,
    auth: () => ({ verify: async (token) => ({ uid: token }) }),
    logger: silentLogger,
  });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const uid = `bench-${randomBytes(4).toString('hex')}`;
  /** One API call as the bench user (JSON answers parsed); a non-2xx answer throws. */
  const call = async (method, path, body, type = 'application/json', extra = {}) => {
    const headers = { Authorization: `Bearer ${uid}`, ...extra };
    if (body !== undefined) headers['Content-Type'] = type;
    const payload =
      body === undefined || Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
    const res = await httpRequest(`${base}${path}`, { method, headers, body: payload });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
    return res.headers['content-type']?.includes('json') ? JSON.parse(res.body) : res.body;
  };
  const close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await closeAdminApp();
  };
  return { call, counts, metadata, blobs, uid, lib, close };
}

/** Milliseconds one piece of work takes. */
export async function timed(work) {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
