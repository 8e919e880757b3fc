import { CACHE_TTL_DEFAULT_S } from '../../domain/userData/userData';
import { invalidArgument } from '../../domain/shared/errors';
import {
  CacheEntrySchema,
  CacheParams,
  CacheTtl,
  SessionBody,
  SessionParams,
  SessionSchema,
} from '../../schemas/userData';
import type { ApiDeps } from '../deps';
import { etagHeader, header, requestBytes } from '../io';
import { ETAG, errorResponses as errors, route, type Reply, type Route } from '../route';

type UserDataDeps = Pick<ApiDeps, 'userData'>;

/** The caller's own sessions and response cache (no workspace). */
export function userDataRoutes(): Route<UserDataDeps>[] {
  const userData = route<UserDataDeps>();
  return [
    userData({
      method: 'PUT',
      path: '/v1/sessions/{sessionId}',
      operationId: 'sessions.put',
      summary: "Create or replace the caller's session data (expires after ttlSeconds, default 7 days).",
      auth: true,
      params: SessionParams,
      body: SessionBody,
      maxBodyBytes: 2 * 256 * 1024,
      responses: {
        200: { description: 'Replaced', schema: SessionSchema },
        201: { description: 'Created', schema: SessionSchema },
        ...errors(400, 401, 413, 415),
      },
      async handle({ deps, caller, params, body }): Promise<Reply> {
        const result = await deps.userData.putSession(caller, params.sessionId, body);
        return { status: result.created ? 201 : 200, body: result.session };
      },
    }),
    userData({
      method: 'GET',
      path: '/v1/sessions/{sessionId}',
      operationId: 'sessions.get',
      summary: 'Read a session (only its user; 404 once expired).',
      auth: true,
      params: SessionParams,
      responses: { 200: { description: 'The session', schema: SessionSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        return { status: 200, body: await deps.userData.getSession(caller, params.sessionId) };
      },
    }),
    userData({
      method: 'DELETE',
      path: '/v1/sessions/{sessionId}',
      operationId: 'sessions.delete',
      summary: 'Delete a session.',
      auth: true,
      params: SessionParams,
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        await deps.userData.deleteSession(caller, params.sessionId);
        return { status: 204 };
      },
    }),
    userData({
      method: 'PUT',
      path: '/v1/cache/{key}',
      operationId: 'cache.put',
      summary: 'Cache a generated response (raw body) for the caller; X-Cache-TTL seconds (default 1 day, at most 30).',
      auth: true,
      params: CacheParams,
      rawBody: { description: 'The bytes to cache, with their Content-Type.' },
      headers: {
        'X-Cache-TTL': {
          description: 'Seconds until the entry expires.',
          schema: CacheTtl.default(CACHE_TTL_DEFAULT_S),
        },
      },
      responses: {
        200: { description: 'Replaced', schema: CacheEntrySchema, headers: ETAG },
        201: { description: 'Created', schema: CacheEntrySchema, headers: ETAG },
        ...errors(400, 401, 413),
      },
      async handle({ req, deps, caller, params, headers }): Promise<Reply> {
        const length = header(req, 'content-length');
        if (length !== undefined && !/^\d+$/.test(length)) throw invalidArgument('Content-Length is not a number.');
        const result = await deps.userData.putCache(caller, params.key, requestBytes(req), {
          contentType: header(req, 'content-type') ?? 'application/octet-stream',
          ttlSeconds: headers['X-Cache-TTL'],
          ...(length !== undefined && { contentLength: Number(length) }),
        });
        return { status: result.created ? 201 : 200, body: result.entry, headers: etagHeader(result.entry.etag) };
      },
    }),
    userData({
      method: 'GET',
      path: '/v1/cache/{key}',
      operationId: 'cache.get',
      summary: 'The cached bytes (404 once expired).',
      auth: true,
      params: CacheParams,
      responses: { 200: { description: 'The bytes', headers: ETAG }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        const { entry, body } = await deps.userData.readCache(caller, params.key);
        const maxAge = Math.max(0, Math.floor((Date.parse(entry.expiresAt) - Date.now()) / 1000));
        return {
          status: 200,
          stream: body,
          headers: {
            'Content-Type': entry.contentType,
            'Content-Length': String(entry.size),
            ...etagHeader(entry.etag),
            'Cache-Control': `private, max-age=${maxAge}`,
            Expires: new Date(entry.expiresAt).toUTCString(),
          },
        };
      },
    }),
    userData({
      method: 'DELETE',
      path: '/v1/cache/{key}',
      operationId: 'cache.delete',
      summary: 'Drop a cache entry.',
      auth: true,
      params: CacheParams,
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        await deps.userData.deleteCache(caller, params.key);
        return { status: 204 };
      },
    }),
  ];
}
