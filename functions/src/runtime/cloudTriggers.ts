import { eventMaxAgeSeconds, intValue } from '../config';
import { FileIndexer } from '../domain/fileIndexer';
import type { ObjectEventDeps } from '../triggers/objectEvents';
import { FirestoreMetadataStore } from '../adapters/firebase/firestoreMetadataStore';
import { GcsBlobStore } from '../adapters/firebase/gcsBlobStore';
import { functionsLogger } from '../http/logger';

let triggerDeps: ObjectEventDeps | undefined;

/** What the Storage triggers need: the index over Firestore, built on the first event. */
export function cloudTriggerDeps(): ObjectEventDeps {
  return (triggerDeps ??= {
    indexer: new FileIndexer(new FirestoreMetadataStore()),
    blobs: new GcsBlobStore(),
    logger: functionsLogger(),
    maxEventAgeMs: intValue(eventMaxAgeSeconds, 6 * 3600) * 1000,
  });
}
