import { DECLARED_SIZE_METADATA, type ObjectEvent } from '../../domain/files/objectEvent';

/** The fields the index needs from a firebase-functions v2 StorageEvent (a CloudEvent of a bucket object). */
export interface StorageEventInput {
  time?: string;
  data: {
    name: string;
    generation?: string | number;
    size?: string | number;
    contentType?: string;
    md5Hash?: string;
    updated?: string | Date;
    /** Custom metadata. */
    metadata?: Record<string, unknown>;
  };
}

/**
 * The ObjectEvent of a Cloud Storage event. Storage reports numbers as
 * strings and may omit fields; the defaults here are what the index records
 * for an object that does not say.
 */
export function objectEventFromStorage(kind: ObjectEvent['kind'], event: StorageEventInput): ObjectEvent {
  const { data } = event;
  const updated = data.updated === undefined ? NaN : new Date(data.updated).getTime();
  const eventTime = event.time === undefined ? NaN : Date.parse(event.time);
  const common = {
    name: data.name,
    generation: String(data.generation ?? ''),
    updatedAt: Number.isFinite(updated) ? updated : Date.now(),
    ...(Number.isFinite(eventTime) && { eventTime }),
  };
  const declared = data.metadata?.[DECLARED_SIZE_METADATA];
  return kind === 'finalized'
    ? {
        kind,
        ...common,
        size: Number(data.size ?? 0),
        contentType: data.contentType || 'application/octet-stream',
        md5: data.md5Hash ?? '',
        ...(declared !== undefined && { declaredSize: /^\d+$/.test(String(declared)) ? Number(declared) : -1 }),
      }
    : { kind, ...common };
}
