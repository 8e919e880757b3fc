import { Readable } from 'node:stream';

/**
 * A body whose bytes are already in memory (the local store's recent small
 * files): a Readable like any other, and its `bytes` let the HTTP layer answer
 * with one write instead of piping a stream.
 */
export class InMemoryBody extends Readable {
  constructor(readonly bytes: Buffer) {
    super({ read() {} });
    if (bytes.length > 0) this.push(bytes);
    this.push(null);
  }
}

/** What the blob port knows about one stored object. */
export interface BlobInfo {
  name: string;
  size: number;
  contentType: string;
  /** Base64 MD5 of the bytes, as Cloud Storage reports it. */
  md5: string;
  /** Decimal string; increases with every write of the same name. */
  generation: string;
  updatedAt: number;
  /** Custom string metadata stored with the object (e.g. a cache entry's expiry). */
  metadata: Record<string, string>;
}

export interface BlobPutOptions {
  contentType: string;
  /** Only write when the current generation is this one ('0': only when absent). */
  ifGenerationMatch?: string;
  metadata?: Record<string, string>;
}

export interface BlobRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export type RangeChoice = BlobRange | ((info: BlobInfo) => BlobRange | undefined);

export const chooseRange = (choice: RangeChoice | undefined, info: BlobInfo): BlobRange | undefined =>
  typeof choice === 'function' ? choice(info) : choice;

export interface BlobListPage {
  items: BlobInfo[];
  nextPageToken?: string;
}

/**
 * The blob port: named byte streams (a Cloud Storage bucket, or files on
 * disk). Bodies are streams both ways so no whole file is held in memory.
 */
export interface BlobStore {
  put(name: string, body: Readable, options: BlobPutOptions): Promise<BlobInfo>;
  stat(name: string): Promise<BlobInfo | null>;
  /**
   * The bytes (all, or a range) of the current generation; null when absent.
   * A function picks the range from that generation's description, so size
   * and bytes can never come from two different writes.
   */
  read(name: string, range?: RangeChoice): Promise<{ info: BlobInfo; body: Readable; range?: BlobRange } | null>;
  /** Server-side copy of the current generation of `from` to `to`; null when `from` is absent. */
  copy(from: string, to: string): Promise<BlobInfo | null>;
  /** A direct-upload URL for `name`, valid until `expiresAt`, for exactly this type and size. */
  uploadUrl(name: string, options: { contentType: string; size: number; expiresAt: number }): Promise<UploadTarget>;
  /** True when something was deleted. */
  delete(name: string, options?: { ifGenerationMatch?: string }): Promise<boolean>;
  /** Objects whose names start with `prefix`, sorted by name. */
  list(prefix: string, options: { limit: number; pageToken?: string }): Promise<BlobListPage>;
}

/** A URL a client PUTs one object's bytes to directly, bound to its type and size. */
export interface UploadTarget {
  /** Absolute, or a path on this API's host (the HTTP layer makes it absolute). */
  url: string;
  method: 'PUT';
  /** Headers the client must send with exactly these values. */
  headers: Record<string, string>;
}

/** What one direct-upload URL allows: one object, of exactly this type and size. */
export interface UploadGrant {
  name: string;
  contentType: string;
  size: number;
}

/**
 * The local backend's stand-in for signed URLs: the token in an upload URL
 * it handed out, redeemed once for what it grants (404 when unknown, used or
 * expired).
 */
export interface UploadGrants {
  redeem(token: string): Promise<UploadGrant>;
}

/** Raised by `put`/`delete` when `ifGenerationMatch` does not hold. */
export class BlobPreconditionFailed extends Error {
  constructor(name: string) {
    super(`generation precondition failed for ${name}`);
    this.name = 'BlobPreconditionFailed';
  }
}
