// Item: agent write bursts. An agent writes FILES files into one workspace
// through the API handler, IN_FLIGHT at a time, while each write's Storage
// trigger delivers its (duplicate) finalize event; against FILES raw
// single-document writes with the same concurrency in the same run. Runs on
// the emulators (Firestore + Storage; the handler in this process, as in the
// cost item, with a verifier that takes the token as the uid) and on the
// local backend (SQLite + disk; baseline: raw single-row writes).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRequest, log, median, ROOT, row } from '../lib/common.mjs';

export const meta = { title: 'Agent write bursts', emulators: true };

const FILES = 50;
const IN_FLIGHT = 16;
const ROUNDS = 3;
const BUDGET = 0.8;
const lib = (path) => createRequire(join(ROOT, 'functions', 'package.json'))(`./lib/${path}`);

async function pool(count, concurrency, work) {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function perSecond(work) {
  const started = process.hrtime.bigint();
  await pool(FILES, IN_FLIGHT, work);
  return FILES / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The handler on node:http in this process; resolves its base URL and a close(). */
async function listen(handler) {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * One burst into a fresh workspace: FILES PUTs, IN_FLIGHT at a time; `duplicate(ws, path, file)` runs
 * as the trigger would, right after each write, without holding the agent up. Returns the rate and
 * checks that nothing failed and the counters are exact.
 */
async function burst(base, uid, duplicate) {
  const created = await httpRequest(`${base}/v1/workspaces`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${uid}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'burst' }),
  });
  const ws = JSON.parse(created.body).id;
  const body = (i) => `<p>${'x'.repeat(i)}</p>`;
  const failures = [];
  const triggers = [];
  const rate = await perSecond(async (i) => {
    const path = `gen/page-${i}.html`;
    const res = await httpRequest(`${base}/v1/workspaces/${ws}/files/${path}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${uid}`, 'Content-Type': 'text/html' },
      body: body(i),
    });
    if (res.status !== 201) failures.push(`PUT ${path}: ${res.status} ${res.body}`);
    else if (duplicate) triggers.push(duplicate(ws, path, JSON.parse(res.body)).catch((e) => failures.push(String(e))));
  });
  await Promise.all(triggers);
  const w = JSON.parse(
    (await httpRequest(`${base}/v1/workspaces/${ws}`, { headers: { Authorization: `Bearer ${uid}` } })).body,
  );
  const bytes = Array.from({ length: FILES }, (_, i) => body(i).length).reduce((a, b) => a + b, 0);
  if (failures.length) throw new Error(`${failures.length} writes failed, first: ${failures[0]}`);
  if (w.fileCount !== FILES || w.totalBytes !== bytes) {
    throw new Error(`counters ${w.fileCount} files / ${w.totalBytes} bytes, expected ${FILES} / ${bytes}`);
  }
  return rate;
}

async function emulatorRun() {
  process.env.GCLOUD_PROJECT ||= 'demo-websplat';
  process.env.WEBSPLAT_BUCKET ||= `${process.env.GCLOUD_PROJECT}.appspot.com`;
  const { firestoreStores, FirestoreChangeFeed } = lib('adapters/firebase/firestore/index.js');
  const { GcsBlobStore } = lib('adapters/firebase/gcsBlobStore.js');
  const { adminFirestore, closeAdminApp } = lib('adapters/firebase/app.js');
  const { buildServices } = lib('runtime/services.js');
  const { createApiHandler } = lib('http/app.js');
  const { silentLogger } = lib('ports/logger.js');
  const { FileIndexer } = lib('domain/files/fileIndexer.js');
  const { handleObjectEvent } = lib('domain/files/objectEventHandler.js');
  const { objectEventFromStorage } = lib('adapters/firebase/storageEvents.js');
  const { objectName } = lib('domain/files/paths.js');
  const metadata = firestoreStores();
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
  // Transaction attempts: more than one per transaction means contention (an aborted attempt, retried).
  const contention = { transactions: 0, attempts: 0 };
  const runner = metadata.transactions;
  const runTransaction = runner.run.bind(runner);
  runner.run = (work, ...rest) => {
    contention.transactions += 1;
    return runTransaction(
      (tx) => {
        contention.attempts += 1;
        return work(tx);
      },
      ...rest,
    );
  };
  const server = await listen(handler);
  const triggerDeps = { indexer: new FileIndexer(metadata), logger: silentLogger, maxEventAgeMs: 3600_000 };
  const duplicate = (ws, path, file) =>
    handleObjectEvent(
      objectEventFromStorage('finalized', {
        data: {
          name: objectName(ws, path),
          generation: file.generation,
          size: file.size,
          contentType: file.contentType,
          md5Hash: file.md5,
          updated: file.updatedAt,
        },
      }),
      triggerDeps,
    );
  const db = adminFirestore();
  const raw = db.collection(`benchBurst${randomBytes(4).toString('hex')}`);
  const { FieldValue } = createRequire(join(ROOT, 'functions', 'package.json'))('firebase-admin/firestore');
  const { Readable } = await import('node:stream');
  const blobs = new GcsBlobStore();
  // What one PUT cannot do without, each part alone at the same concurrency: the byte write
  // to the Storage emulator, and a transaction that reads one entry and writes it, a commit
  // record and a counter increment on a document every write shares.
  const blobFloor = (round) =>
    perSecond((i) =>
      blobs.put(
        `bench/burst/${round}-${i}-${randomBytes(3).toString('hex')}`,
        Readable.from([Buffer.from(`<p>${i}</p>`)]),
        {
          contentType: 'text/html',
          ifGenerationMatch: '0',
        },
      ),
    );
  const shared = raw.doc(`counters-${randomBytes(3).toString('hex')}`);
  await shared.set({ n: 0 });
  const indexTransaction = (name, i) =>
    db.runTransaction(async (tx) => {
      const entry = raw.doc(name);
      await tx.get(entry);
      tx.set(entry, { n: i });
      tx.set(raw.doc(`${name}-commit`), { n: i });
      tx.update(shared, { n: FieldValue.increment(1) });
    });
  const txFloor = (round) => perSecond((i) => indexTransaction(`t${round}-${i}`, i));
  // Both parts one after the other, as a PUT does them, with nothing of ours around them.
  const bothFloor = (round) =>
    perSecond(async (i) => {
      await blobs.put(
        `bench/burst/both-${round}-${i}-${randomBytes(3).toString('hex')}`,
        Readable.from([Buffer.from(`<p>${i}</p>`)]),
        {
          contentType: 'text/html',
          ifGenerationMatch: '0',
        },
      );
      await indexTransaction(`b${round}-${i}`, i);
    });
  const uid = `burst-${randomBytes(4).toString('hex')}`;
  try {
    await perSecond((i) => raw.doc(`warm${i}`).set({ n: i })); // warm-up
    await burst(server.base, uid, duplicate);
    const rates = { raw: [], burst: [], blob: [], tx: [], both: [] };
    contention.transactions = contention.attempts = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      rates.raw.push(await perSecond((i) => raw.doc(`r${round}-${i}`).set({ n: i, at: Date.now() })));
      rates.blob.push(await blobFloor(round));
      rates.tx.push(await txFloor(round));
      rates.both.push(await bothFloor(round));
      rates.burst.push(await burst(server.base, uid, duplicate));
      log(
        'burst',
        `emulators round ${round + 1}: raw ${rates.raw.at(-1).toFixed(0)}/s, blob ${rates.blob.at(-1).toFixed(0)}/s, ` +
          `transaction ${rates.tx.at(-1).toFixed(0)}/s, both ${rates.both.at(-1).toFixed(0)}/s, burst ${rates.burst.at(-1).toFixed(0)}/s`,
      );
    }
    return {
      raw: median(rates.raw),
      burst: median(rates.burst),
      blob: median(rates.blob),
      tx: median(rates.tx),
      both: median(rates.both),
      attemptsPerTransaction: contention.attempts / Math.max(1, contention.transactions),
      transactions: contention.transactions,
      rates,
    };
  } finally {
    await server.close();
    await closeAdminApp();
  }
}

async function localRun() {
  const dataDir = mkdtempSync(join(tmpdir(), 'websplat-bench-burst-'));
  const { createLocalRuntime } = lib('runtime/local.js');
  const { silentLogger } = lib('ports/logger.js');
  const runtime = createLocalRuntime({ dataDir, logger: silentLogger });
  const server = await listen((req, res) => runtime.handler(req, res));
  const Database = createRequire(join(ROOT, 'functions', 'package.json'))('better-sqlite3');
  const db = new Database(join(dataDir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE raw (id TEXT PRIMARY KEY, data TEXT)');
  const insert = db.prepare('INSERT OR REPLACE INTO raw (id, data) VALUES (?, ?)');
  const uid = 'burst';
  const token = runtime.tokens.mint(uid, { ttlSeconds: 3600 });
  // The irreducible work of a local PUT, on bare node:http: body to a temp file, rename, one row.
  const { writeFile, rename } = await import('node:fs/promises');
  let n = 0;
  const bare = await listen((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const file = join(dataDir, `bare-${(n += 1)}`);
      await writeFile(`${file}.tmp`, Buffer.concat(chunks));
      await rename(`${file}.tmp`, file);
      insert.run(file, JSON.stringify({ size: chunks.length }));
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  const bareRound = () =>
    perSecond((i) => httpRequest(`${bare.base}/f${i}`, { method: 'PUT', body: `<p>${'x'.repeat(i)}</p>` }));
  try {
    // The local backend has no Storage trigger; its writes index inline, as the API's do on Firebase.
    const rates = { raw: [], burst: [], bare: [] };
    await burst(server.base, token);
    for (let round = 0; round < ROUNDS; round += 1) {
      rates.raw.push(await perSecond(async (i) => insert.run(`r${round}-${i}`, JSON.stringify({ n: i }))));
      rates.bare.push(await bareRound());
      rates.burst.push(await burst(server.base, token));
      log(
        'burst',
        `local round ${round + 1}: raw ${rates.raw.at(-1).toFixed(0)}/s, bare PUT ${rates.bare.at(-1).toFixed(0)}/s, ` +
          `burst ${rates.burst.at(-1).toFixed(0)}/s`,
      );
    }
    return { raw: median(rates.raw), burst: median(rates.burst), bare: median(rates.bare), rates };
  } finally {
    await bare.close();
    db.close();
    await server.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run() {
  if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_STORAGE_EMULATOR_HOST) {
    throw new Error('needs the Firestore and Storage emulators (run through bench/run.mjs)');
  }
  const emulators = await emulatorRun();
  const local = await localRun();
  const detail = (r, what) =>
    `${FILES} PUTs into one workspace, ${IN_FLIGHT} in flight${what}; no error, counters exact; medians of ${ROUNDS} rounds (${r.rates.burst.map((x) => x.toFixed(0)).join(', ')} vs ${r.rates.raw.map((x) => x.toFixed(0)).join(', ')})`;
  return {
    rows: [
      row({
        item: 'burst',
        name: 'agent burst on the emulators: files/s vs raw single-document writes',
        figure: emulators.burst,
        baseline: emulators.raw,
        unit: 'writes/s',
        budget: `≥ ${BUDGET}x`,
        met: emulators.burst / emulators.raw >= BUDGET,
        detail: detail(emulators, ', each with its trigger duplicate'),
      }),
      row({
        item: 'burst',
        name: 'agent burst on the local backend: files/s vs raw single-row SQLite writes',
        figure: local.burst,
        baseline: local.raw,
        unit: 'writes/s',
        budget: `≥ ${BUDGET}x`,
        met: local.burst / local.raw >= BUDGET,
        detail: detail(local, ''),
      }),
      row({
        item: 'burst',
        name: 'why on the emulators: a blob write, then its index transaction, vs raw single-document writes',
        figure: emulators.both,
        baseline: emulators.raw,
        unit: 'writes/s',
        budget: 'none (ceiling)',
        met: null,
        detail: `a PUT stores its bytes before it indexes them (an entry must never name bytes not yet there): the burst can be no faster than the two in sequence with nothing of ours around them (${emulators.rates.both.map((x) => x.toFixed(0)).join(', ')}); the blob write alone ${emulators.blob.toFixed(0)}/s (${emulators.rates.blob.map((x) => x.toFixed(0)).join(', ')})`,
      }),
      row({
        item: 'burst',
        name: 'why on the local backend: a bare node:http PUT (temp file, rename, one row) vs raw single-row writes',
        figure: local.bare,
        baseline: local.raw,
        unit: 'writes/s',
        budget: 'none (ceiling)',
        met: null,
        detail: `an HTTP request and a file per write, nothing of ours: no PUT can be faster (${local.rates.bare.map((x) => x.toFixed(0)).join(', ')}); a burst of many files is one commit request instead (see "commit of 30 files")`,
      }),
      row({
        item: 'burst',
        name: 'agent burst on the emulators vs the slower of its two parts alone (blob write, index transaction)',
        figure: emulators.burst,
        baseline: Math.min(emulators.blob, emulators.tx),
        unit: 'writes/s',
        budget: 'none (reported)',
        met: null,
        detail: `transactions alone ${emulators.tx.toFixed(0)}/s (read an entry, write it, a commit record and a shared counter increment; ${emulators.rates.tx.map((x) => x.toFixed(0)).join(', ')})`,
      }),
      row({
        item: 'burst',
        name: 'agent burst on the emulators vs its two parts in sequence (blob write, then the index transaction)',
        figure: emulators.burst,
        baseline: emulators.both,
        unit: 'writes/s',
        budget: 'none (reported)',
        met: null,
        detail: `the gap is our code (HTTP handling, the access check, the trigger duplicates' reads, in the same two cores as the emulators); the bursts' ${emulators.transactions} commit transactions took ${emulators.attemptsPerTransaction.toFixed(2)} attempts each (1.00: no contention on the workspace's counters)`,
      }),
      row({
        item: 'burst',
        name: 'agent burst on the local backend vs a bare node:http PUT (temp file, rename, one row)',
        figure: local.burst,
        baseline: local.bare,
        unit: 'writes/s',
        budget: 'none (reported)',
        met: null,
        detail: `the gap is our code at the same concurrency: the access check, the blob index and the metadata commit (two SQLite transactions), the change feed`,
      }),
    ],
  };
}
