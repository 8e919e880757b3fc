import type { Bucket, File } from '@google-cloud/storage';
import type { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import {
  BlobPreconditionFailed,
  chooseRange,
  type RangeChoice,
  type BlobInfo,
  type BlobListPage,
  type BlobPutOptions,
  type BlobRange,
  type BlobStore,
  type UploadTarget,
} from '../../ports/blobs';
import { defaultBucketName, directUploadMode } from '../../config';
import { DECLARED_SIZE_METADATA } from '../../domain/files/objectEvent';
import { adminApp } from './app';
import { mapGoogleError } from './errors';
import { ApiError } from '../../domain/shared/errors';

function toInfo(file: File): BlobInfo {
  const m = file.metadata;
  return {
    name: file.name,
    size: Number(m.size ?? 0),
    contentType: m.contentType ?? 'application/octet-stream',
    md5: m.md5Hash ?? '',
    generation: String(m.generation ?? ''),
    updatedAt: Date.parse(m.updated ?? m.timeCreated ?? '') || Date.now(),
    metadata: Object.fromEntries(Object.entries(m.metadata ?? {}).map(([k, v]) => [k, String(v)])),
  };
}

const status = (error: unknown) => (error as { code?: unknown })?.code;

/** Bodies up to this size are buffered so that a failed write can be retried (see put). */
const REPLAYABLE_BYTES = 1024 * 1024;
const PUT_ATTEMPTS = 4;

/** A failure of the connection or a passing overload, not an answer about the object. */
function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) return error.code === 'unavailable' || error.code === 'resource_exhausted';
  const code = status((error as { cause?: unknown })?.cause ?? error);
  const message = String((error as Error)?.message ?? '');
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNREFUSED' ||
    code === 'ETIMEDOUT' ||
    code === 429 ||
    (typeof code === 'number' && code >= 500 && code < 600) ||
    /socket hang up|ECONNRESET/.test(message)
  );
}

/** Reads `body` until it ends or more than `limit` bytes have arrived. */
async function readUpTo(body: Readable, limit: number): Promise<{ chunks: Buffer[]; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  // destroyOnReturn: false leaves the rest of a large body readable for the streaming write.
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(bytes);
    size += bytes.length;
    if (size > limit) return { chunks, complete: false };
  }
  return { chunks, complete: true };
}

/** The blob port on a Cloud Storage bucket (or the Storage emulator). */
export class GcsBlobStore implements BlobStore {
  private cached?: Bucket;

  constructor(
    private readonly bucketName: () => string = defaultBucketName,
    /** For tests: a bucket handle from another Storage client (e.g. one with a signing key). */
    bucket?: Bucket,
  ) {
    this.cached = bucket;
  }

  private bucket(): Bucket {
    if (!this.cached) {
      const { getStorage } = require('firebase-admin/storage') as typeof import('firebase-admin/storage');
      this.cached = getStorage(adminApp()).bucket(this.bucketName()) as unknown as Bucket;
    }
    return this.cached;
  }

  /**
   * Bodies up to REPLAYABLE_BYTES are read into memory first, so a write that
   * fails on the way (a reset keep-alive socket, a 503) can be sent again; a
   * larger body streams through once, and its failure reaches the caller.
   */
  async put(name: string, body: Readable, options: BlobPutOptions): Promise<BlobInfo> {
    const head = await readUpTo(body, REPLAYABLE_BYTES);
    if (!head.complete) return this.writeOnce(name, head.chunks, body, options);
    const bytes = Buffer.concat(head.chunks);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(name, [bytes], undefined, options);
      } catch (error) {
        // An earlier attempt may have landed before its answer was lost: the
        // precondition then fails against our own bytes, which is success.
        if (error instanceof BlobPreconditionFailed && attempt > 1) {
          const found = await this.stat(name);
          if (found && found.md5 === createHash('md5').update(bytes).digest('base64')) return found;
        }
        if (attempt >= PUT_ATTEMPTS || !isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  private async writeOnce(
    name: string,
    prefix: Buffer[],
    rest: Readable | undefined,
    options: BlobPutOptions,
  ): Promise<BlobInfo> {
    const file = this.bucket().file(name);
    const stream = file.createWriteStream({
      resumable: false,
      contentType: options.contentType,
      ...(options.metadata && { metadata: { contentType: options.contentType, metadata: options.metadata } }),
      validation: 'md5',
      ...(options.ifGenerationMatch !== undefined && {
        preconditionOpts: { ifGenerationMatch: Number(options.ifGenerationMatch) },
      }),
    });
    async function* source() {
      yield* prefix;
      if (rest) yield* rest;
    }
    try {
      await pipeline(source(), stream);
    } catch (error) {
      if (status(error) === 412) throw new BlobPreconditionFailed(name);
      throw mapGoogleError(error);
    }
    return toInfo(file);
  }

  async copy(from: string, to: string): Promise<BlobInfo | null> {
    const destination = this.bucket().file(to);
    try {
      await this.bucket().file(from).copy(destination);
      await destination.getMetadata();
      return toInfo(destination);
    } catch (error) {
      if (status(error) === 404) return null;
      throw mapGoogleError(error);
    }
  }

  /**
   * A V4 signed PUT URL. The signature covers Content-Type and
   * x-goog-content-length-range (pinned to the announced size), so the
   * client cannot change either; the finalize trigger indexes the object.
   */
  async uploadUrl(
    name: string,
    options: { contentType: string; size: number; expiresAt: number },
  ): Promise<UploadTarget> {
    if (directUploadMode() === 'storage-emulator') return this.emulatorUploadSession(name, options);
    const headers = {
      'Content-Type': options.contentType,
      'x-goog-content-length-range': `${options.size},${options.size}`,
    };
    try {
      const [url] = await this.bucket()
        .file(name)
        .getSignedUrl({
          version: 'v4',
          action: 'write',
          expires: options.expiresAt,
          contentType: options.contentType,
          extensionHeaders: { 'x-goog-content-length-range': headers['x-goog-content-length-range'] },
        });
      return { url, method: 'PUT', headers };
    } catch (error) {
      throw mapGoogleError(error);
    }
  }
  /**
   * The Storage emulator checks no signatures, so (WEBSPLAT_DIRECT_UPLOADS=storage-emulator)
   * the upload URL is a resumable upload session the server opens for this one object: its
   * upload id is the credential, and the client PUTs the bytes to it once. The session fixes
   * the content type; the size it cannot bind travels as custom metadata, and the finalize
   * trigger refuses (deletes) an object of any other size.
   */
  private async emulatorUploadSession(
    name: string,
    options: { contentType: string; size: number },
  ): Promise<UploadTarget> {
    try {
      const [url] = await this.bucket()
        .file(name)
        .createResumableUpload({
          metadata: {
            contentType: options.contentType,
            metadata: { [DECLARED_SIZE_METADATA]: String(options.size) },
          },
        });
      return { url, method: 'PUT', headers: { 'Content-Type': options.contentType } };
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async stat(name: string): Promise<BlobInfo | null> {
    const file = this.bucket().file(name);
    try {
      await file.getMetadata();
      return toInfo(file);
    } catch (error) {
      if (status(error) === 404) return null;
      throw mapGoogleError(error);
    }
  }

  async read(
    name: string,
    choice?: RangeChoice,
  ): Promise<{ info: BlobInfo; body: Readable; range?: BlobRange } | null> {
    const info = await this.stat(name);
    if (!info) return null;
    const range = chooseRange(choice, info);
    // Pin the generation we just described, so the bytes match the metadata.
    const file = this.bucket().file(name, { generation: Number(info.generation) });
    const body = file.createReadStream({
      validation: false,
      ...(range && { start: range.start, end: range.end }),
    });
    return { info, body, ...(range && { range }) };
  }

  async delete(name: string, options: { ifGenerationMatch?: string } = {}): Promise<boolean> {
    try {
      await this.bucket()
        .file(name)
        .delete(
          options.ifGenerationMatch !== undefined ? { ifGenerationMatch: Number(options.ifGenerationMatch) } : {},
        );
      return true;
    } catch (error) {
      if (status(error) === 404) return false;
      if (status(error) === 412) throw new BlobPreconditionFailed(name);
      throw mapGoogleError(error);
    }
  }

  async list(prefix: string, options: { limit: number; pageToken?: string }): Promise<BlobListPage> {
    try {
      const [files, next] = await this.bucket().getFiles({
        prefix,
        maxResults: options.limit,
        autoPaginate: false,
        ...(options.pageToken && { pageToken: options.pageToken }),
      });
      const page: BlobListPage = { items: files.map(toInfo) };
      const token = (next as { pageToken?: string } | null)?.pageToken;
      if (token) page.nextPageToken = token;
      return page;
    } catch (error) {
      throw mapGoogleError(error);
    }
  }
}
