import { onObjectFinalized } from 'firebase-functions/v2/storage';
import { REGION } from '../config';
import { objectEventFromStorage, type StorageEventInput } from '../adapters/firebase/storageEvents';
import { handleObjectEvent, type ObjectEventDeps } from '../domain/files/objectEventHandler';
import { cloudTriggerDeps } from '../runtime/cloudTriggers';

/** Upserts the file's index entry and the workspace counters (idempotent, generation-aware). */
export const handleFileFinalized = (event: StorageEventInput, deps: ObjectEventDeps) =>
  handleObjectEvent(objectEventFromStorage('finalized', event), deps);

export const onFileFinalized = onObjectFinalized(
  { region: REGION, retry: true, memory: '256MiB', timeoutSeconds: 60 },
  (e) => handleFileFinalized(e, cloudTriggerDeps()).then(() => undefined),
);
