import { onObjectDeleted } from 'firebase-functions/v2/storage';
import { REGION } from '../config';
import { objectEventFromStorage, type StorageEventInput } from '../adapters/firebase/storageEvents';
import { handleObjectEvent, type ObjectEventDeps } from '../domain/files/objectEventHandler';
import { cloudTriggerDeps } from '../runtime/cloudTriggers';

/** Removes the file's index entry (leaving a tombstone) and updates the counters. */
export const handleFileDeleted = (event: StorageEventInput, deps: ObjectEventDeps) =>
  handleObjectEvent(objectEventFromStorage('deleted', event), deps);

export const onFileDeleted = onObjectDeleted(
  { region: REGION, retry: true, memory: '256MiB', timeoutSeconds: 60 },
  (e) => handleFileDeleted(e, cloudTriggerDeps()).then(() => undefined),
);
