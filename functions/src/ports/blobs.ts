import type { Readable } from 'node:stream';

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
}

export interface BlobPutOptions {
  contentType: string;
  /** Only write when the current generation is this one ('0': only when absent). */
  ifGenerationMatch?: string;
}

export interface BlobRange {
  start: number;
  /** Inclusive. */
  end: number;
}

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
  /** The bytes (all, or `range`) of the current generation; null when absent. */
  read(name: string, range?: BlobRange): Promise<{ info: BlobInfo; body: Readable } | null>;
  /** Server-side copy of the current generation of `from` to `to`; null when `from` is absent. */
  copy(from: string, to: string): Promise<BlobInfo | null>;
  /** True when something was deleted. */
  delete(name: string, options?: { ifGenerationMatch?: string }): Promise<boolean>;
  /** Objects whose names start with `prefix`, sorted by name. */
  list(prefix: string, options: { limit: number; pageToken?: string }): Promise<BlobListPage>;
}

/** Raised by `put`/`delete` when `ifGenerationMatch` does not hold. */
export class BlobPreconditionFailed extends Error {
  constructor(name: string) {
    super(`generation precondition failed for ${name}`);
    this.name = 'BlobPreconditionFailed';
  }
}
