/** Object events as the Storage triggers receive them, built through the same conversion the triggers use. */
import { objectEventFromStorage, type StorageEventInput } from '@functions/adapters/firebase/storageEvents';
import { handleObjectEvent, type ObjectEventDeps } from '@functions/domain/files/objectEventHandler';

/** The object fields of a Cloud Storage event, plus when the event was emitted (RFC 3339). */
export type StorageObjectInput = StorageEventInput['data'] & { eventTime?: string };

const event = (kind: 'finalized' | 'deleted', { eventTime, ...data }: StorageObjectInput) =>
  objectEventFromStorage(kind, { data, ...(eventTime !== undefined && { time: eventTime }) });

export const handleObjectFinalized = (input: StorageObjectInput, deps: ObjectEventDeps) =>
  handleObjectEvent(event('finalized', input), deps);
export const handleObjectDeleted = (input: StorageObjectInput, deps: ObjectEventDeps) =>
  handleObjectEvent(event('deleted', input), deps);
