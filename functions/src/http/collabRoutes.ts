import { z } from 'zod';
import { AGENT_STATUSES, STATE_VALUE_MAX_BYTES, type CollabService } from '../domain/collab';
import { parseEtagList } from '../domain/etag';
import { invalidArgument } from '../domain/errors';
import { LIMITS, WorkspaceId } from '../domain/schemas';
import { CACHE_TTL_DEFAULT_S, CACHE_TTL_MAX_S, SESSION_TTL_MAX_S, type UserDataService } from '../domain/userData';
import { requestBytes } from './fileRoutes';
import { header, parseWith } from './io';
import { errorResponses, type Reply, type Route } from './route';

export interface CollabDeps {
  collab: CollabService;
  userData: UserDataService;
}

const Key = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._~:=+-]{1,256}$/, `${what} is 1..256 of A-Z a-z 0-9 . _ ~ : = + -`)
    .refine((k) => k !== '.' && k !== '..', `${what} must not be . or ..`);

const AgentParams = z.strictObject({ workspaceId: WorkspaceId, agentId: Key('an agent id') });
const StateParams = z.strictObject({ workspaceId: WorkspaceId, key: Key('a state key') });
const ListParams = z.strictObject({ workspaceId: WorkspaceId });
const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(LIMITS.listLimitMax).default(LIMITS.listLimitDefault),
  pageToken: z.string().min(1).max(2048).optional(),
});

const AgentBody = z
  .strictObject({
    status: z.enum(AGENT_STATUSES),
    step: z.string().max(200).optional(),
    progress: z.number().min(0).max(1).optional(),
    message: z.string().max(4000).optional(),
    sequence: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Grows with every report of a run; an older or equal one is ignored.' }),
  })
  .meta({ id: 'AgentReport' });

export const AgentSchema = z
  .object({
    agentId: z.string(),
    status: z.enum(AGENT_STATUSES),
    step: z.string(),
    progress: z.number(),
    message: z.string(),
    sequence: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'Agent' });
export const StateEntrySchema = z
  .object({
    key: z.string(),
    value: z.unknown(),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    etag: z.string(),
  })
  .meta({ id: 'StateEntry' });
const SessionId = z.strictObject({ sessionId: Key('a session id') });
const SessionBody = z
  .strictObject({
    data: z.unknown().refine((v) => v !== undefined, 'is required'),
    ttlSeconds: z.number().int().min(60).max(SESSION_TTL_MAX_S).optional(),
  })
  .meta({ id: 'SessionRequest' });
export const SessionSchema = z
  .object({ id: z.string(), data: z.unknown(), createdAt: z.string(), expiresAt: z.string() })
  .meta({ id: 'Session' });
const CacheParams = z.strictObject({ key: Key('a cache key') });
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

const errors = errorResponses;
const list = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), nextPageToken: z.string().optional() }).meta({ id });

const TtlHeader = z.coerce.number().int().min(1).max(CACHE_TTL_MAX_S);

export function collabRoutes<D extends CollabDeps>(): Route<D>[] {
  const agent = '/v1/workspaces/{workspaceId}/agents/{agentId}';
  const state = '/v1/workspaces/{workspaceId}/state/{key}';
  return [
    {
      method: 'PUT',
      path: agent,
      operationId: 'agents.put',
      summary: "Report an agent's progress (editor). Monotonic with `sequence`.",
      auth: true,
      params: AgentParams,
      body: AgentBody,
      responses: {
        200: { description: 'Stored (or, for a stale report, the newer state kept)', schema: AgentSchema },
        201: { description: 'First report of this agent', schema: AgentSchema },
        ...errors(400, 401, 403, 404, 413, 415),
      },
      async handle({ deps, caller, params, body }): Promise<Reply> {
        const result = await deps.collab.reportAgent(
          caller,
          params.workspaceId!,
          params.agentId!,
          body as z.infer<typeof AgentBody>,
        );
        return {
          status: result.created ? 201 : 200,
          body: result.agent,
          headers: { 'X-Update-Applied': String(result.applied) },
        };
      },
    },
    {
      method: 'GET',
      path: agent,
      operationId: 'agents.get',
      summary: "An agent's progress (any member).",
      auth: true,
      params: AgentParams,
      responses: { 200: { description: 'The agent', schema: AgentSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        return { status: 200, body: await deps.collab.getAgent(caller, params.workspaceId!, params.agentId!) };
      },
    },
    {
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/agents',
      operationId: 'agents.list',
      summary: 'All agents of the workspace, by id.',
      auth: true,
      params: ListParams,
      query: ListQuery,
      responses: {
        200: { description: 'A page of agents', schema: list(AgentSchema, 'AgentList') },
        ...errors(400, 401, 404),
      },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return {
          status: 200,
          body: await deps.collab.listAgents(caller, params.workspaceId!, query as z.infer<typeof ListQuery>),
        };
      },
    },
    {
      method: 'PUT',
      path: state,
      operationId: 'state.put',
      summary: 'Write a value (any JSON, at most 256 KiB; editor). If-Match makes it a compare-and-set.',
      auth: true,
      params: StateParams,
      // An object wrapper: JSON body parsers in front of Cloud Functions accept only objects and arrays.
      body: z
        .strictObject({ value: z.unknown().refine((v) => v !== undefined, 'is required') })
        .meta({ id: 'StatePutRequest', description: '{"value": any JSON, at most 256 KiB}' }),
      maxBodyBytes: STATE_VALUE_MAX_BYTES + 64,
      headers: [
        { name: 'If-Match', description: 'The etag read: write only over that version (412 otherwise).' },
        { name: 'If-None-Match', description: '`*`: create only.' },
      ],
      responses: {
        200: { description: 'Replaced', schema: StateEntrySchema },
        201: { description: 'Created', schema: StateEntrySchema },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ req, deps, caller, params, body }): Promise<Reply> {
        const ifMatch = parseEtagList(header(req, 'if-match'));
        const { value } = body as { value: unknown };
        const result = await deps.collab.putState(caller, params.workspaceId!, params.key!, value, {
          ...(ifMatch && { ifMatch }),
          createOnly: header(req, 'if-none-match')?.trim() === '*',
        });
        return { status: result.created ? 201 : 200, body: result.entry, headers: { ETag: `"${result.entry.etag}"` } };
      },
    },
    {
      method: 'GET',
      path: state,
      operationId: 'state.get',
      summary: 'Read a value (any member).',
      auth: true,
      params: StateParams,
      responses: { 200: { description: 'The value', schema: StateEntrySchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        const entry = await deps.collab.getState(caller, params.workspaceId!, params.key!);
        return { status: 200, body: entry, headers: { ETag: `"${entry.etag}"` } };
      },
    },
    {
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/state',
      operationId: 'state.list',
      summary: 'All shared state of the workspace, by key.',
      auth: true,
      params: ListParams,
      query: ListQuery,
      responses: {
        200: { description: 'A page of values', schema: list(StateEntrySchema, 'StateList') },
        ...errors(400, 401, 404),
      },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return {
          status: 200,
          body: await deps.collab.listState(caller, params.workspaceId!, query as z.infer<typeof ListQuery>),
        };
      },
    },
    {
      method: 'DELETE',
      path: state,
      operationId: 'state.delete',
      summary: 'Delete a value (editor).',
      auth: true,
      params: StateParams,
      headers: [{ name: 'If-Match', description: 'The etag read.' }],
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 412) },
      async handle({ req, deps, caller, params }): Promise<Reply> {
        await deps.collab.deleteState(caller, params.workspaceId!, params.key!, parseEtagList(header(req, 'if-match')));
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      path: '/v1/sessions/{sessionId}',
      operationId: 'sessions.put',
      summary: "Create or replace the caller's session data (expires after ttlSeconds, default 7 days).",
      auth: true,
      params: SessionId,
      body: SessionBody,
      maxBodyBytes: 2 * 256 * 1024,
      responses: {
        200: { description: 'Replaced', schema: SessionSchema },
        201: { description: 'Created', schema: SessionSchema },
        ...errors(400, 401, 413, 415),
      },
      async handle({ deps, caller, params, body }): Promise<Reply> {
        const result = await deps.userData.putSession(caller, params.sessionId!, body as z.infer<typeof SessionBody>);
        return { status: result.created ? 201 : 200, body: result.session };
      },
    },
    {
      method: 'GET',
      path: '/v1/sessions/{sessionId}',
      operationId: 'sessions.get',
      summary: 'Read a session (only its user; 404 once expired).',
      auth: true,
      params: SessionId,
      responses: { 200: { description: 'The session', schema: SessionSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        return { status: 200, body: await deps.userData.getSession(caller, params.sessionId!) };
      },
    },
    {
      method: 'DELETE',
      path: '/v1/sessions/{sessionId}',
      operationId: 'sessions.delete',
      summary: 'Delete a session.',
      auth: true,
      params: SessionId,
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        await deps.userData.deleteSession(caller, params.sessionId!);
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      path: '/v1/cache/{key}',
      operationId: 'cache.put',
      summary: 'Cache a generated response (raw body) for the caller; X-Cache-TTL seconds (default 1 day, at most 30).',
      auth: true,
      params: CacheParams,
      rawBody: { description: 'The bytes to cache, with their Content-Type.' },
      headers: [{ name: 'X-Cache-TTL', description: 'Seconds until the entry expires.' }],
      responses: {
        200: { description: 'Replaced', schema: CacheEntrySchema },
        201: { description: 'Created', schema: CacheEntrySchema },
        ...errors(400, 401, 413),
      },
      async handle({ req, deps, caller, params }): Promise<Reply> {
        const rawTtl = header(req, 'x-cache-ttl');
        const ttlSeconds =
          rawTtl === undefined ? CACHE_TTL_DEFAULT_S : parseWith(TtlHeader, rawTtl, 'header.X-Cache-TTL');
        const length = header(req, 'content-length');
        if (length !== undefined && !/^\d+$/.test(length)) throw invalidArgument('Content-Length is not a number.');
        const result = await deps.userData.putCache(caller, params.key!, requestBytes(req), {
          contentType: header(req, 'content-type') ?? 'application/octet-stream',
          ttlSeconds,
          ...(length !== undefined && { contentLength: Number(length) }),
        });
        return { status: result.created ? 201 : 200, body: result.entry, headers: { ETag: `"${result.entry.etag}"` } };
      },
    },
    {
      method: 'GET',
      path: '/v1/cache/{key}',
      operationId: 'cache.get',
      summary: 'The cached bytes (404 once expired).',
      auth: true,
      params: CacheParams,
      responses: { 200: { description: 'The bytes' }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        const { entry, body } = await deps.userData.readCache(caller, params.key!);
        const maxAge = Math.max(0, Math.floor((Date.parse(entry.expiresAt) - Date.now()) / 1000));
        return {
          status: 200,
          stream: body,
          headers: {
            'Content-Type': entry.contentType,
            'Content-Length': String(entry.size),
            ETag: `"${entry.etag}"`,
            'Cache-Control': `private, max-age=${maxAge}`,
            Expires: new Date(entry.expiresAt).toUTCString(),
          },
        };
      },
    },
    {
      method: 'DELETE',
      path: '/v1/cache/{key}',
      operationId: 'cache.delete',
      summary: 'Drop a cache entry.',
      auth: true,
      params: CacheParams,
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        await deps.userData.deleteCache(caller, params.key!);
        return { status: 204 };
      },
    },
  ];
}
