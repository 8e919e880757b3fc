import type { StorageObjectInput } from './objectEvents';

/** The fields the index needs from a firebase-functions v2 StorageEvent. */
export function fromStorageEvent(event: {
  time?: string;
  data: {
    name: string;
    generation?: string | number;
    size?: string | number;
    contentType?: string;
    md5Hash?: string;
    updated?: string | Date;
  };
}): StorageObjectInput {
  return {
    name: event.data.name,
    generation: String(event.data.generation ?? ''),
    ...(event.data.size !== undefined && { size: event.data.size }),
    ...(event.data.contentType !== undefined && { contentType: event.data.contentType }),
    ...(event.data.md5Hash !== undefined && { md5Hash: event.data.md5Hash }),
    ...(event.data.updated !== undefined && { updated: new Date(event.data.updated).toISOString() }),
    ...(event.time !== undefined && { eventTime: event.time }),
  };
}
