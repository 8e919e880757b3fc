/** A user's sessions and response cache. */
import { z } from 'zod';
import { CACHE_TTL_MAX_S, SESSION_TTL_MAX_S } from '../domain/userData/userData';
import { Key } from './common';

export const SessionParams = z.strictObject({ sessionId: Key('a session id') });
export const SessionBody = z
  .strictObject({
    data: z.unknown().refine((v) => v !== undefined, 'is required'),
    ttlSeconds: z.number().int().min(60).max(SESSION_TTL_MAX_S).optional(),
  })
  .meta({ id: 'SessionRequest' });
export const SessionSchema = z
  .object({ id: z.string(), data: z.unknown(), createdAt: z.string(), expiresAt: z.string() })
  .meta({ id: 'Session' });

export const CacheParams = z.strictObject({ key: Key('a cache key') });
/** X-Cache-TTL: seconds until a cache entry expires. */
export const CacheTtl = z.coerce.number().int().min(1).max(CACHE_TTL_MAX_S);
export const CacheEntrySchema = z
  .object({
    key: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    md5: z.string(),
    expiresAt: z.string(),
    etag: z.string(),
  })
  .meta({ id: 'CacheEntry' });
