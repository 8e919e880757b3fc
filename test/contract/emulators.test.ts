import { strict as assert } from 'node:assert';
import { adminFirestore } from '../../functions/src/adapters/firebase/app';
import { FirestoreMetadataStore } from '../../functions/src/adapters/firebase/firestoreMetadataStore';
import { PurgeService } from '../../functions/src/domain/purge';
import { Reconciler } from '../../functions/src/domain/reconcile';
import { silentLogger } from '../../functions/src/http/logger';
import { GcsBlobStore } from '../../functions/src/adapters/firebase/gcsBlobStore';
import { blobStoreContract } from './blobStore.contract';
import { fileIndexContract } from './fileIndex.contract';
import { lifecycleContract } from './lifecycle.contract';
import { usageContract } from './usage.contract';
import { collabContract } from './collab.contract';
import { userDataContract } from './userData.contract';
import { metadataStoreContract } from './metadataStore.contract';
import { workspaceServiceContract } from './workspaceService.contract';

describe('cloud backend (Firestore + Storage emulators)', () => {
  before(() => {
    for (const name of ['FIRESTORE_EMULATOR_HOST', 'FIREBASE_STORAGE_EMULATOR_HOST']) {
      // Never let these tests reach a real project.
      if (!process.env[name]) throw new Error(`${name} is unset: run under \`npm run emulators:exec\`.`);
    }
  });
  const metadata = new FirestoreMetadataStore();
  const blobs = new GcsBlobStore();

  describe('metadata store contract (Firestore)', () => metadataStoreContract(() => metadata));
  describe('usage counters (Firestore)', () => usageContract(() => metadata));
  describe('workspace service contract (Firestore)', () => workspaceServiceContract(() => metadata));
  describe('file index contract (Firestore)', () => fileIndexContract(() => metadata));
  describe('agents and shared state (Firestore)', () => collabContract(() => metadata));
  describe('blob store contract (Cloud Storage)', () => blobStoreContract(() => blobs));
  describe('sessions and cache expiry (Firestore + Cloud Storage)', () =>
    userDataContract(() => ({ metadata, blobs })));
  // A bucket of its own, outside the Storage triggers' reach: these tests damage the
  // index on purpose and must not have the triggers heal it behind their back.
  const untriggered = new GcsBlobStore(() => 'websplat-lifecycle-tests');
  describe('lifecycle: purge and reconcile (Firestore + Cloud Storage)', () =>
    lifecycleContract(() => ({ metadata, blobs: untriggered })));

  // Firestore only: documents can be written by hand (the console, scripts, the rules tests) with
  // fields missing, which SQLite's schema rules out. The purge must still remove them.
  it('purges a deleted workspace document that lacks most fields', async () => {
    const id = `Malformed${Date.now()}`.slice(0, 20);
    await adminFirestore()
      .collection('workspaces')
      .doc(id)
      .set({ status: 'deleted', memberIds: ['x'] });
    const service = new PurgeService({
      store: metadata,
      blobs: untriggered,
      reconciler: new Reconciler(metadata, untriggered),
      logger: silentLogger,
    });
    const report = await service.runPass({ staleAfterMs: 3650 * 86_400_000, budgetMs: 60_000, reconcileSample: 0 });
    assert.equal(report.workspaces.find((w) => w.workspaceId === id)?.outcome, 'purged');
    assert.equal(await metadata.getWorkspace(id), null);
    assert.equal((await metadata.getPurgeRecord(id))?.state, 'purged');
  });
});
