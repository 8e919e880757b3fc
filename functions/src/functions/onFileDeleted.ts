import { onObjectDeleted } from 'firebase-functions/v2/storage';
import { REGION } from '../config';
import { cloudTriggerDeps } from '../runtime/cloudTriggers';
import { fromStorageEvent } from '../triggers/cloudEvent';
import { handleObjectDeleted, type ObjectEventDeps, type StorageObjectInput } from '../triggers/objectEvents';

/** Removes the file's index entry (leaving a tombstone) and updates the counters. */
export const handleFileDeleted = (input: StorageObjectInput, deps: ObjectEventDeps) => handleObjectDeleted(input, deps);

export const onFileDeleted = onObjectDeleted(
  { region: REGION, retry: true, memory: '256MiB', timeoutSeconds: 60 },
  (e) => handleFileDeleted(fromStorageEvent(e), cloudTriggerDeps()).then(() => undefined),
);
