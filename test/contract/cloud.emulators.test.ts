import { strict as assert } from 'node:assert';
import { adminFirestore } from '@functions/adapters/firebase/app';
import { FirestoreChangeFeed, firestoreStores } from '@functions/adapters/firebase/firestore';
import { PurgeService } from '@functions/domain/lifecycle/purge';
import { Reconciler } from '@functions/domain/lifecycle/reconcile';
import { silentLogger } from '@functions/ports/logger';
import { GcsBlobStore } from '@functions/adapters/firebase/gcsBlobStore';
import { blobStoreContract } from './blobs.suite';
import { changeFeedContract } from './changes.suite';
import { collabContract } from './collaboration.suite';
import { fileIndexContract } from './fileIndex.suite';
import { historyContract } from './history.suite';
import { checkpointsContract } from './checkpoints.suite';
import { lifecycleContract } from './lifecycle.suite';
import { retentionContract } from './retention.suite';
import { linksContract } from './links.suite';
import { transactionsContract } from './transactions.suite';
import { usageContract } from './usage.suite';
import { userDataContract } from './userData.suite';
import { workspaceServiceContract } from './workspaceService.suite';
import { workspacesContract } from './workspaces.suite';

describe('cloud backend (Firestore + Storage emulators)', () => {
  before(() => {
    for (const name of ['FIRESTORE_EMULATOR_HOST', 'FIREBASE_STORAGE_EMULATOR_HOST']) {
      // Never let these tests reach a real project.
      if (!process.env[name]) throw new Error(`${name} is unset: run under \`npm run emulators:exec\`.`);
    }
  });
  const metadata = firestoreStores();
  const blobs = new GcsBlobStore();

  describe('transactions contract (Firestore)', () => transactionsContract(() => metadata));
  describe('workspaces contract (Firestore)', () => workspacesContract(() => metadata));
  describe('usage counters (Firestore)', () => usageContract(() => metadata));
  describe('workspace service contract (Firestore)', () => workspaceServiceContract(() => metadata));
  describe('links contract (Firestore)', () => linksContract(() => metadata));
  describe('file index contract (Firestore)', () => fileIndexContract(() => metadata));
  describe('agents and shared state (Firestore)', () => collabContract(() => metadata));
  describe('blob store contract (Cloud Storage)', () => blobStoreContract(() => blobs));
  const changes = new FirestoreChangeFeed();
  describe('change feed contract (Firestore listeners)', () =>
    changeFeedContract(
      () => ({ metadata, changes }),
      // The next instance: new stores and a new feed over the same database.
      async () => ({ metadata: firestoreStores(), changes: new FirestoreChangeFeed(), close: async () => undefined }),
    ));
  describe('sessions and cache expiry (Firestore + Cloud Storage)', () =>
    userDataContract(() => ({ metadata, blobs })));
  // A bucket of its own, outside the Storage triggers' reach: these tests damage the
  // index on purpose and must not have the triggers heal it behind their back.
  const untriggered = new GcsBlobStore(() => 'websplat-lifecycle-tests');
  describe('lifecycle: purge and reconcile (Firestore + Cloud Storage)', () =>
    lifecycleContract(() => ({ metadata, blobs: untriggered })));
  // Also outside the triggers' reach: these tests play the trigger's part themselves.
  describe('history: commits and versions (Firestore + Cloud Storage)', () =>
    historyContract(() => ({ metadata, blobs: untriggered, changes })));
  describe('checkpoints (Firestore + Cloud Storage)', () =>
    checkpointsContract(() => ({ metadata, blobs: untriggered })));
  // Outside the triggers' reach too: the sweep's deletes and the staged objects are the test's own.
  describe('history: retention and the sweep (Firestore + Cloud Storage)', () =>
    retentionContract(() => ({ metadata, blobs: untriggered })));

  // Firestore only: documents can be written by hand (the console, scripts, the rules tests) with
  // fields missing, which SQLite's schema rules out. The purge must still remove them.
  it('purges a deleted workspace document that lacks most fields', async () => {
    const id = `Malformed${Date.now()}`.slice(0, 20);
    await adminFirestore()
      .collection('workspaces')
      .doc(id)
      .set({ status: 'deleted', memberIds: ['x'] });
    const service = new PurgeService({
      stores: metadata,
      blobs: untriggered,
      reconciler: new Reconciler(metadata, untriggered),
      logger: silentLogger,
    });
    const report = await service.runPass({ staleAfterMs: 3650 * 86_400_000, budgetMs: 60_000, reconcileSample: 0 });
    assert.equal(report.workspaces.find((w) => w.workspaceId === id)?.outcome, 'purged');
    assert.equal(await metadata.workspaces.getWorkspace(id), null);
    assert.equal((await metadata.lifecycle.getPurgeRecord(id))?.state, 'purged');
  });
});
