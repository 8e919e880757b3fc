/**
 * Object events: what happened to one object of the bucket, in one typed
 * shape whatever its source. Each source builds it once (a Cloud Storage
 * event in adapters/firebase/storageEvents.ts; a write through a BlobStore
 * here), and the file index applies it (see objectEventHandler.ts).
 */
import type { BlobInfo } from '../../ports/blobs';

/** Custom object metadata carrying a direct upload's announced size (see `declaredSize`). */
export const DECLARED_SIZE_METADATA = 'websplatDeclaredSize';

export type ObjectEvent =
  | {
      kind: 'finalized';
      /** The object's name in the bucket. */
      name: string;
      /** Decimal string; grows with every write of the name. */
      generation: string;
      size: number;
      contentType: string;
      md5: string;
      /** When the object changed (epoch ms). */
      updatedAt: number;
      /** When the event was emitted (epoch ms), for dropping events too old to trust. */
      eventTime?: number;
      /**
       * The size a direct upload announced, where the store could not bind it (the Storage
       * emulator's upload sessions): an object of any other size is refused when it lands.
       */
      declaredSize?: number;
    }
  | { kind: 'deleted'; name: string; generation: string; updatedAt: number; eventTime?: number };

/** The event of bytes just written through a BlobStore (an API write, a local upload, a migration copy). */
export const finalizedEvent = (info: BlobInfo): ObjectEvent => ({
  kind: 'finalized',
  name: info.name,
  generation: info.generation,
  size: info.size,
  contentType: info.contentType,
  md5: info.md5,
  updatedAt: info.updatedAt,
});

/** The event of a generation just deleted through a BlobStore. */
export const deletedEvent = (name: string, generation: string, updatedAt: number): ObjectEvent => ({
  kind: 'deleted',
  name,
  generation,
  updatedAt,
});
