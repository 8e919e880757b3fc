import { FirestoreMetadataStore } from '../../functions/src/adapters/firebase/firestoreMetadataStore';
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
});
