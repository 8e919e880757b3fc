/**
 * The two stores of either backend, opened for operator commands (purge,
 * reindex, import, migrate, usage) that work on the data directly rather
 * than through the HTTP API.
 */
import { join } from 'node:path';
import { defaultBucketName, firestoreEmulated, projectId } from '../config';
import { closeAdminApp } from '../adapters/firebase/app';
import { firestoreStores } from '../adapters/firebase/firestore';
import { GcsBlobStore } from '../adapters/firebase/gcsBlobStore';
import { DiskBlobStore } from '../adapters/local/diskBlobStore';
import { sqliteStores } from '../adapters/local/sqlite';
import type { BlobStore } from '../ports/blobs';
import type { MetadataPorts } from '../ports';

export type BackendName = 'local' | 'firebase';

export interface Stores {
  backend: BackendName;
  /** Where the data is, for messages: the data folder, or the project and bucket. */
  location: string;
  metadata: MetadataPorts;
  blobs: BlobStore;
  close(): Promise<void>;
}

export function openLocalStores(dataDir: string): Stores {
  const metadata = sqliteStores(dataDir);
  const blobs = new DiskBlobStore(join(dataDir, 'blobs'));
  return {
    backend: 'local',
    location: dataDir,
    metadata,
    blobs,
    async close() {
      await metadata.close();
      await blobs.close();
    },
  };
}

/**
 * Firestore + Cloud Storage: the emulators when FIRESTORE_EMULATOR_HOST and
 * FIREBASE_STORAGE_EMULATOR_HOST are set, otherwise the project of the
 * application default credentials (GOOGLE_CLOUD_PROJECT / GCLOUD_PROJECT).
 */
export function openFirebaseStores(): Stores {
  const emulated = firestoreEmulated();
  return {
    backend: 'firebase',
    location: `project ${projectId()}, bucket ${defaultBucketName()}${emulated ? ' (emulators)' : ''}`,
    metadata: firestoreStores(),
    blobs: new GcsBlobStore(),
    close: closeAdminApp,
  };
}

export function openStores(backend: BackendName, dataDir: string): Stores {
  return backend === 'firebase' ? openFirebaseStores() : openLocalStores(dataDir);
}
