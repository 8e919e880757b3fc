// Item 5: purge. Time to purge a workspace of 1,000 files on the emulators
// with the purge pass (claim, paged object deletes 16 at a time, BulkWriter
// document deletes, finish), against a naive loop that deletes one object
// and one index document at a time. Both start from identical workspaces.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { benchWorkspace, log, row, ROOT } from '../lib/common.mjs';

export const meta = { title: 'Purge of 1,000 files', emulators: true };

const FILES = 1000;
const ANCIENT = Date.UTC(2015, 0, 1);

export async function run() {
  if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_STORAGE_EMULATOR_HOST) {
    throw new Error('needs the Firestore and Storage emulators (run through bench/run.mjs)');
  }
  process.env.GCLOUD_PROJECT ||= 'demo-websplat';
  const lib = (path) => createRequire(join(ROOT, 'functions', 'package.json'))(`./lib/${path}`);
  const { firestoreStores, fileDocId } = lib('adapters/firebase/firestore/index.js');
  const { GcsBlobStore } = lib('adapters/firebase/gcsBlobStore.js');
  const { adminFirestore, closeAdminApp } = lib('adapters/firebase/app.js');
  const { newId } = lib('domain/shared/ids.js');
  const { objectName, workspaceRootPrefix } = lib('domain/files/paths.js');
  const { mapWithConcurrency } = lib('domain/shared/pool.js');
  const { PurgeService } = lib('domain/lifecycle/purge.js');
  const { Reconciler } = lib('domain/lifecycle/reconcile.js');
  const { silentLogger } = lib('ports/logger.js');
  const store = firestoreStores();
  // Its own bucket, which no trigger watches.
  const blobs = new GcsBlobStore(() => 'websplat-bench-purge');
  try {
    const seed = async () => {
      const id = newId();
      await store.transactions.run(async (tx) => tx.createWorkspace(benchWorkspace(id, ANCIENT)));
      const paths = Array.from({ length: FILES }, (_, i) => `site/p${String(i).padStart(4, '0')}.html`);
      const entries = await mapWithConcurrency(paths, 16, async (path) => {
        const info = await blobs.put(objectName(id, path), Readable.from([Buffer.from(`<p>${path}</p>`)]), {
          contentType: 'text/html',
        });
        return { path, ...info, deleted: false };
      });
      for (let i = 0; i < entries.length; i += 250) {
        const batch = entries.slice(i, i + 250);
        await store.transactions.run(async (tx) => {
          for (const e of batch) tx.putFileEntry(id, e);
          tx.adjustCounters(id, { files: batch.length, bytes: batch.reduce((n, e) => n + e.size, 0) });
        });
      }
      return id;
    };
    const timed = async (work) => {
      const started = process.hrtime.bigint();
      await work();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };

    log('purge', `seeding two workspaces of ${FILES} files`);
    const forNaive = await seed();
    const forPurge = await seed();

    const db = adminFirestore();
    const naiveMs = await timed(async () => {
      const ws = db.collection('workspaces').doc(forNaive);
      for (let i = 0; i < FILES; i++) {
        const path = `site/p${String(i).padStart(4, '0')}.html`;
        await blobs.delete(objectName(forNaive, path));
        await ws.collection('files').doc(fileDocId(path)).delete();
      }
      await ws.delete();
    });
    log('purge', `naive loop: ${naiveMs.toFixed(0)} ms`);

    const service = new PurgeService({
      stores: store,
      blobs,
      reconciler: new Reconciler(store, blobs, silentLogger),
      logger: silentLogger,
    });
    let report;
    const purgeMs = await timed(async () => {
      report = await service.runPass({
        staleAfterMs: Date.now() - Date.UTC(2016, 0, 1),
        budgetMs: 10 * 60_000,
        reconcileSample: 0,
      });
    });
    const mine = report.workspaces.find((w) => w.workspaceId === forPurge);
    const left = (await blobs.list(workspaceRootPrefix(forPurge), { limit: 1 })).items.length;
    if (mine?.outcome !== 'purged' || left !== 0 || (await store.workspaces.getWorkspace(forPurge))) {
      throw new Error(`purge did not finish: ${JSON.stringify(mine)}, ${left} objects left`);
    }
    log('purge', `purge pass: ${purgeMs.toFixed(0)} ms (${report.workspaces.length} workspaces in the pass)`);
    return {
      rows: [
        row({
          item: 'purge',
          name: `purge a workspace of ${FILES} files`,
          figure: purgeMs,
          baseline: naiveMs,
          unit: 'ms',
          budget: '≤ 0.5x',
          met: purgeMs / naiveMs <= 0.5,
          detail: `${mine.objectsDeleted} objects, ${mine.documentsDeleted} documents; baseline deletes one object and one document at a time`,
        }),
      ],
    };
  } finally {
    await closeAdminApp();
  }
}
