/**
 * Per-user data that belongs to no workspace: session data (JSON with an
 * expiry) and the response cache (bytes with a TTL). Only their user ever
 * sees them; expired ones read as not found at once, and the purge removes
 * them later.
 */
import { Readable } from 'node:stream';
import { ApiError, notFound } from '../shared/errors';
import type { Principal } from '../../ports/auth';
import type { BlobInfo, BlobStore } from '../../ports/blobs';
import type { MetadataPorts } from '../../ports';
import type { StoredRecord } from '../../ports/records';

export const SESSION_DATA_MAX_BYTES = 256 * 1024;
export const SESSION_TTL_DEFAULT_S = 7 * 24 * 3600;
export const SESSION_TTL_MAX_S = 90 * 24 * 3600;
export const CACHE_TTL_DEFAULT_S = 24 * 3600;
export const CACHE_TTL_MAX_S = 30 * 24 * 3600;
export const CACHE_ENTRY_MAX_BYTES = 32 * 1024 * 1024;

export interface Session {
  id: string;
  data: unknown;
  createdAt: string;
  expiresAt: string;
}

export interface CacheEntry {
  key: string;
  size: number;
  contentType: string;
  md5: string;
  expiresAt: string;
  etag: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function toSession(r: StoredRecord): Session {
  const d = r.data as { dataJson: string; createdAt: number };
  return { id: r.key, data: JSON.parse(d.dataJson), createdAt: iso(d.createdAt), expiresAt: iso(r.expiresAt!) };
}

const EXPIRES = 'websplatExpiresAt';

/** Where every user's cache entries live in the bucket (the purge sweeps expired ones). */
export const CACHE_PREFIX = 'cache/';

/** True once a cache entry's TTL has passed (entries without an expiry count as expired). */
export function cacheEntryExpired(info: BlobInfo, now: number): boolean {
  return Number(info.metadata[EXPIRES] ?? 0) <= now;
}

/** The bucket object of a user's cache entry (outside `workspaces/`, so the file index ignores it). */
export function cacheObjectName(uid: string, key: string): string {
  return `${CACHE_PREFIX}${Buffer.from(uid).toString('base64url')}/${key}`;
}

export class UserDataService {
  constructor(
    private readonly stores: Pick<MetadataPorts, 'transactions' | 'sessions'>,
    private readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
  ) {}

  async putSession(
    caller: Principal,
    id: string,
    body: { data: unknown; ttlSeconds?: number },
  ): Promise<{ session: Session; created: boolean }> {
    const dataJson = JSON.stringify(body.data);
    if (Buffer.byteLength(dataJson) > SESSION_DATA_MAX_BYTES) {
      throw new ApiError('payload_too_large', `Session data may be at most ${SESSION_DATA_MAX_BYTES} bytes of JSON.`, [
        { field: 'body.data', reason: `is more than ${SESSION_DATA_MAX_BYTES} bytes of JSON` },
      ]);
    }
    const now = this.now();
    return this.stores.transactions.run(async (tx) => {
      const current = await tx.getSession(caller.uid, id);
      const live = current && current.expiresAt !== null && current.expiresAt > now ? current : null;
      const record: StoredRecord = {
        key: id,
        data: { dataJson, createdAt: live ? (live.data as { createdAt: number }).createdAt : now },
        version: (current?.version ?? 0) + 1,
        updatedAt: now,
        updatedBy: caller.uid,
        expiresAt: now + (body.ttlSeconds ?? SESSION_TTL_DEFAULT_S) * 1000,
      };
      tx.putSession(caller.uid, record);
      return { session: toSession(record), created: !live };
    });
  }

  async getSession(caller: Principal, id: string): Promise<Session> {
    const record = await this.stores.sessions.getSession(caller.uid, id);
    if (!record || record.expiresAt === null || record.expiresAt <= this.now()) throw notFound('No such session.');
    return toSession(record);
  }

  async deleteSession(caller: Principal, id: string): Promise<void> {
    await this.getSession(caller, id);
    await this.stores.transactions.run(async (tx) => {
      await tx.getSession(caller.uid, id);
      tx.deleteSession(caller.uid, id);
    });
  }

  async putCache(
    caller: Principal,
    key: string,
    body: Readable,
    options: { contentType: string; ttlSeconds: number; contentLength?: number },
  ): Promise<{ entry: CacheEntry; created: boolean }> {
    if (options.contentLength !== undefined && options.contentLength > CACHE_ENTRY_MAX_BYTES) {
      throw new ApiError('payload_too_large', `A cache entry may be at most ${CACHE_ENTRY_MAX_BYTES} bytes.`);
    }
    const name = cacheObjectName(caller.uid, key);
    const existing = await this.liveCache(name);
    const expiresAt = this.now() + options.ttlSeconds * 1000;
    const info = await this.blobs.put(name, body, {
      contentType: options.contentType || 'application/octet-stream',
      metadata: { [EXPIRES]: String(expiresAt) },
    });
    if (info.size > CACHE_ENTRY_MAX_BYTES) {
      await this.blobs.delete(name, { ifGenerationMatch: info.generation });
      throw new ApiError('payload_too_large', `A cache entry may be at most ${CACHE_ENTRY_MAX_BYTES} bytes.`);
    }
    return { entry: this.toEntry(key, info), created: !existing };
  }

  async readCache(caller: Principal, key: string): Promise<{ entry: CacheEntry; body: Readable }> {
    const name = cacheObjectName(caller.uid, key);
    const found = await this.blobs.read(name);
    if (!found || this.expired(found.info)) {
      found?.body.destroy();
      throw notFound('No such cache entry (or it has expired).');
    }
    return { entry: this.toEntry(key, found.info), body: found.body };
  }

  async deleteCache(caller: Principal, key: string): Promise<void> {
    const name = cacheObjectName(caller.uid, key);
    const live = await this.liveCache(name);
    if (!live) throw notFound('No such cache entry (or it has expired).');
    await this.blobs.delete(name);
  }

  private async liveCache(name: string): Promise<BlobInfo | null> {
    const info = await this.blobs.stat(name);
    return info && !this.expired(info) ? info : null;
  }

  private expired(info: BlobInfo): boolean {
    return cacheEntryExpired(info, this.now());
  }

  private toEntry(key: string, info: BlobInfo): CacheEntry {
    return {
      key,
      size: info.size,
      contentType: info.contentType,
      md5: info.md5,
      expiresAt: iso(Number(info.metadata[EXPIRES])),
      etag: `g${info.generation}`,
    };
  }
}
