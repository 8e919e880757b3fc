import { onObjectFinalized } from 'firebase-functions/v2/storage';
import { REGION } from '../config';
import { cloudTriggerDeps } from '../runtime/cloudTriggers';
import { fromStorageEvent } from '../triggers/cloudEvent';
import { handleObjectFinalized, type ObjectEventDeps, type StorageObjectInput } from '../triggers/objectEvents';

/** Upserts the file's index entry and the workspace counters (idempotent, generation-aware). */
export const handleFileFinalized = (input: StorageObjectInput, deps: ObjectEventDeps) =>
  handleObjectFinalized(input, deps);

export const onFileFinalized = onObjectFinalized(
  { region: REGION, retry: true, memory: '256MiB', timeoutSeconds: 60 },
  (e) => handleFileFinalized(fromStorageEvent(e), cloudTriggerDeps()).then(() => undefined),
);
