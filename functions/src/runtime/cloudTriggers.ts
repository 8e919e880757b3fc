import { eventMaxAgeMs } from '../config';
import { firestoreStores } from '../adapters/firebase/firestore';
import { functionsLogger } from '../adapters/firebase/functionsLogger';
import { GcsBlobStore } from '../adapters/firebase/gcsBlobStore';
import { FileIndexer } from '../domain/files/fileIndexer';
import type { ObjectEventDeps } from '../domain/files/objectEventHandler';

let triggerDeps: ObjectEventDeps | undefined;

/** What the Storage triggers need: the index over Firestore, built on the first event. */
export function cloudTriggerDeps(): ObjectEventDeps {
  return (triggerDeps ??= {
    indexer: new FileIndexer(firestoreStores()),
    blobs: new GcsBlobStore(),
    logger: functionsLogger(),
    maxEventAgeMs: eventMaxAgeMs(),
  });
}
