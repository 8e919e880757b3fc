// Item 7: history. A commit of 30 files (about 4 KiB each) through POST .../commits
// against 30 sequential PUTs of the same files, on the Firestore and Storage
// emulators, through the real HTTP handler in this process (as the cost item
// does). Reports the ratio and the Firestore writes per commit (operation meter).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { httpRequest, log, median, row, ROOT } from '../lib/common.mjs';

export const meta = { title: 'Commit of 30 files vs 30 PUTs', emulators: true };

const FILES = 30;
const ROUNDS = 3;

export async function run() {
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
  const pageKey = randomBytes(32);
  const deps = buildServices({
    metadata,
    blobs: new GcsBlobStore(),
    changes: new FirestoreChangeFeed(),
    sseMaxMs: 60_000,
    pageTokenKey: () => pageKey,
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
  const call = async (method, path, body, type = 'application/json') => {
    const headers = { Authorization: `Bearer ${uid}`, 'Content-Type': type };
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await httpRequest(`${base}${path}`, { method, headers, body: payload });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
    return JSON.parse(res.body);
  };
  const timed = async (work) => {
    const started = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const files = (round) =>
    Array.from({ length: FILES }, (_, i) => ({
      path: `site/page${i}.html`,
      content: `<p>${round} ${i}</p>${'x'.repeat(4096)}`,
      contentType: 'text/html',
    }));
  try {
    const putsMs = [];
    const commitMs = [];
    let writesPerCommit = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const a = (await call('POST', '/v1/workspaces', { name: `puts ${round}` })).id;
      const b = (await call('POST', '/v1/workspaces', { name: `commit ${round}` })).id;
      putsMs.push(
        await timed(async () => {
          for (const f of files(round))
            await call('PUT', `/v1/workspaces/${a}/files/${f.path}`, f.content, f.contentType);
        }),
      );
      counts.writes = 0;
      commitMs.push(await timed(() => call('POST', `/v1/workspaces/${b}/commits`, { changes: files(round) })));
      writesPerCommit = counts.writes;
      log(
        'history',
        `round ${round}: 30 PUTs ${putsMs[round].toFixed(0)} ms, one commit ${commitMs[round].toFixed(0)} ms`,
      );
    }
    const puts = median(putsMs);
    const commit = median(commitMs);
    return {
      rows: [
        row({
          item: 'history',
          name: `commit of ${FILES} files (4 KiB each)`,
          figure: commit,
          baseline: puts,
          unit: 'ms',
          budget: '≤ 0.33x (3x faster)',
          met: commit / puts <= 1 / 3,
          detail: `median of ${ROUNDS}; baseline: ${FILES} sequential PUTs; ${writesPerCommit} Firestore writes per commit (${FILES} entries, the commit, the counters)`,
        }),
      ],
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await closeAdminApp();
  }
}
