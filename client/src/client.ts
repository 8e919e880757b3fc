import { changeStream, type StreamOptions } from './changes.js';
import { caller, encodePath, seg, type Body, type Call, type CallOptions, type ClientOptions } from './http.js';
import { sizeOf, uploadBody, xhrFetch, type Progress, type UploadSource } from './uploads.js';
import type * as T from './types.js';

interface Page<I> {
  items: I[];
  nextPageToken?: string;
}

/** Every item of a listing, page after page (one request per page, as the caller iterates). */
export async function* paginate<I, Q extends { pageToken?: string }>(
  list: (query: Q) => Promise<Page<I>>,
  query: Q,
): AsyncGenerator<I> {
  let pageToken = query.pageToken;
  do {
    const page = await list({ ...query, ...(pageToken && { pageToken }) });
    yield* page.items;
    pageToken = page.nextPageToken;
  } while (pageToken);
}

export interface Signal {
  signal?: AbortSignal;
}
export interface IfMatch extends Signal {
  /** The etag read: the write applies only over that version (else WebSplatError failed_precondition, 412). */
  ifMatch?: string;
}
export interface Creating extends Signal {
  /** Sent as Idempotency-Key; a fresh one by default, `false` for none. */
  idempotencyKey?: string | false;
}
export interface PutOptions extends IfMatch {
  /** `*`: create only (412 when it exists). */
  ifNoneMatch?: '*';
}
export interface UploadOptions extends PutOptions {
  contentType?: string;
  /** Needed for a stream to use the direct flow. */
  size?: number;
  /** Force (true) or avoid (false) the direct-upload flow; by default chosen by size. */
  direct?: boolean;
  onProgress?: (progress: Progress) => void;
}
export interface ReadOptions extends Signal {
  /** e.g. `bytes=0-99`: 206 with that part. */
  range?: string;
  /** The etag held: a 304 answer (`response.status`) when it is still current. */
  ifNoneMatch?: string;
  /** Read this kept version of the path (see versions.list); 404 once it is gone. */
  generation?: string;
}

const MiB = 1024 * 1024;

/** The typed client of the WebSplat Workspaces API, by resource. */
export function createClient(options: ClientOptions) {
  const call: Call = caller(options);
  const json = call.json;
  const newKey = options.idempotencyKey ?? (() => crypto.randomUUID());
  const key = (o: Creating = {}) => (o.idempotencyKey === false ? undefined : (o.idempotencyKey ?? newKey()));
  const ifMatch = (o: IfMatch = {}) => ({ 'If-Match': o.ifMatch });
  const ws = (id: string) => `/v1/workspaces/${seg(id)}`;
  const file = (id: string, path: string) => `${ws(id)}/files/${seg(path)}`;
  const sig = (o: Signal = {}): CallOptions => (o.signal ? { signal: o.signal } : {});

  const workspaces = {
    create: (body: T.CreateWorkspaceRequest, o?: Creating) =>
      json<T.Workspace>('POST', '/v1/workspaces', { json: body, headers: { 'Idempotency-Key': key(o) }, ...sig(o) }),
    list: (query: T.ListWorkspacesQuery = {}, o?: Signal) =>
      json<T.WorkspaceList>('GET', '/v1/workspaces', { query, ...sig(o) }),
    iterate: (query: T.ListWorkspacesQuery = {}) => paginate(workspaces.list, query),
    get: (id: string, o?: Signal) => json<T.Workspace>('GET', ws(id), sig(o)),
    /** PATCH; pass the etag you read as ifMatch to fail (412) instead of overwriting someone's change. */
    update: (id: string, patch: T.PatchWorkspaceRequest, o?: IfMatch) =>
      json<T.Workspace>('PATCH', ws(id), { json: patch, headers: ifMatch(o), ...sig(o) }),
    delete: (id: string, o?: IfMatch) => json<T.Workspace>('DELETE', ws(id), { headers: ifMatch(o), ...sig(o) }),
    /** A new workspace of the caller's with copies of this one's files and shared state. */
    clone: (id: string, body: { name: string; checkpointId?: string }, o?: Creating) =>
      json<T.Workspace>('POST', `${ws(id)}/clone`, { json: body, headers: { 'Idempotency-Key': key(o) }, ...sig(o) }),
  };

  const members = {
    put: (id: string, uid: string, role: T.Role, o?: IfMatch) =>
      json<T.Workspace>('PUT', `${ws(id)}/members/${seg(uid)}`, { json: { role }, headers: ifMatch(o), ...sig(o) }),
    delete: (id: string, uid: string, o?: IfMatch) =>
      json<void>('DELETE', `${ws(id)}/members/${seg(uid)}`, { headers: ifMatch(o), ...sig(o) }),
  };

  const commits = {
    /** An atomic multi-file commit: every change or none (a 412 names each path whose ifGeneration failed). */
    create: (id: string, body: T.CommitRequest, o?: Signal) =>
      json<T.Commit>('POST', `${ws(id)}/commits`, { json: body, ...sig(o) }),
    /** Newest first. */
    list: (id: string, query: T.PageQuery = {}, o?: Signal) =>
      json<T.CommitList>('GET', `${ws(id)}/commits`, { query, ...sig(o) }),
    iterate: (id: string, query: T.PageQuery = {}) => paginate((q) => commits.list(id, q), query),
    get: (id: string, commitId: string, o?: Signal) =>
      json<T.Commit>('GET', `${ws(id)}/commits/${seg(commitId)}`, sig(o)),
  };

  const versions = {
    /** The kept versions of one path, newest first; read one with files.read(..., {generation}). */
    list: (id: string, query: T.VersionsQuery, o?: Signal) =>
      json<T.FileVersionList>('GET', `${ws(id)}/versions`, { query, ...sig(o) }),
    iterate: (id: string, query: T.VersionsQuery) => paginate((q) => versions.list(id, q), query),
    /** A unified diff of two text versions (`to` defaults to the current one); 415 for binary types. */
    diff: (id: string, query: T.DiffQuery, o?: Signal) =>
      json<T.FileDiff>('GET', `${ws(id)}/diff`, { query, ...sig(o) }),
  };

  const checkpoint = (id: string, checkpointId: string) => `${ws(id)}/checkpoints/${seg(checkpointId)}`;
  const checkpoints = {
    /** A snapshot of the files and shared state (no bytes copied); editors. */
    create: (id: string, body: { label?: string } = {}, o?: Signal) =>
      json<T.Checkpoint>('POST', `${ws(id)}/checkpoints`, { json: body, ...sig(o) }),
    /** Newest first. */
    list: (id: string, query: T.PageQuery = {}, o?: Signal) =>
      json<T.CheckpointList>('GET', `${ws(id)}/checkpoints`, { query, ...sig(o) }),
    iterate: (id: string, query: T.PageQuery = {}) => paginate((q) => checkpoints.list(id, q), query),
    get: (id: string, checkpointId: string, o?: Signal) =>
      json<T.Checkpoint>('GET', checkpoint(id, checkpointId), sig(o)),
    /** Owners only. */
    delete: (id: string, checkpointId: string, o?: Signal) =>
      json<void>('DELETE', checkpoint(id, checkpointId), sig(o)),
    /** The files as they were, like files.list. */
    files: (id: string, checkpointId: string, query: T.ListFilesQuery = {}, o?: Signal) =>
      json<T.FileList>('GET', `${checkpoint(id, checkpointId)}/files`, { query, ...sig(o) }),
    /** One file's bytes as they were (a Response, like files.read). */
    read: (id: string, checkpointId: string, path: string, o: Omit<ReadOptions, 'generation'> = {}) =>
      call('GET', `${checkpoint(id, checkpointId)}/files/${seg(path)}`, {
        headers: { Range: o.range, 'If-None-Match': o.ifNoneMatch },
        accept: [304],
        ...sig(o),
      }),
    /** What changed from the checkpoint to `against` (another checkpoint id, or `live`). */
    diff: (id: string, checkpointId: string, query: T.CheckpointDiffQuery, o?: Signal) =>
      json<T.CheckpointDiff>('GET', `${checkpoint(id, checkpointId)}/diff`, { query, ...sig(o) }),
    /** Makes the live files and state the checkpoint's; `checkpointId` of the answer undoes it. */
    restore: (id: string, checkpointId: string, o?: Signal) =>
      json<T.RestoreCommit>('POST', `${checkpoint(id, checkpointId)}/restore`, sig(o)),
    /** The checkpoint as a zip (a streamed Response). */
    export: (id: string, checkpointId: string, o?: Signal) =>
      call('GET', `${checkpoint(id, checkpointId)}/export.zip`, sig(o)),
  };

  const links = {
    /** A scoped, revocable link (preview, events or read) that works without the user's token. */
    create: (id: string, body: T.CreateLinkRequest, o?: Creating) =>
      json<T.Link>('POST', `${ws(id)}/links`, { json: body, headers: { 'Idempotency-Key': key(o) }, ...sig(o) }),
    list: (id: string, query: T.PageQuery = {}, o?: Signal) =>
      json<T.LinkList>('GET', `${ws(id)}/links`, { query, ...sig(o) }),
    iterate: (id: string, query: T.PageQuery = {}) => paginate((q) => links.list(id, q), query),
    /** Revokes at once: an open stream through the link ends. */
    revoke: (id: string, linkId: string, o?: Signal) => json<void>('DELETE', `${ws(id)}/links/${seg(linkId)}`, sig(o)),
  };

  /** PUT of bytes to the API or to a direct-upload URL, with progress where the platform can tell it. */
  const send = (
    url: string,
    source: UploadSource,
    headers: Record<string, string | undefined>,
    o: UploadOptions,
    extra: CallOptions = {},
  ) => {
    const progress = o.onProgress;
    const viaXhr = progress && xhrFetch(progress, source);
    return call('PUT', url, {
      ...extra,
      body: viaXhr ? (source as Body) : uploadBody(source, progress),
      headers,
      ...(viaXhr && { fetch: viaXhr }),
      ...sig(o),
    });
  };

  const files = {
    /** Write a file through the API (201 new, 200 replaced). */
    put: async (id: string, path: string, source: UploadSource, o: UploadOptions = {}) => {
      const size = o.size ?? sizeOf(source);
      const res = await send(
        file(id, path),
        source,
        {
          'Content-Type': o.contentType ?? ((source as Blob).type || 'application/octet-stream'),
          'Content-Length': size === undefined ? undefined : String(size),
          'If-Match': o.ifMatch,
          'If-None-Match': o.ifNoneMatch,
        },
        o,
      );
      return (await res.json()) as T.FileResource;
    },
    /**
     * Write a file, choosing the flow by size: below `directUploadThreshold`
     * through the API (`put`), above it straight to storage (`createUpload`,
     * then a PUT to the URL). A direct upload lands in the index through the
     * storage trigger: the entry is returned when the target answers with it
     * (local backend), else undefined (watch the change stream for it).
     */
    upload: async (id: string, path: string, source: UploadSource, o: UploadOptions = {}) => {
      const size = o.size ?? sizeOf(source);
      const contentType = o.contentType ?? ((source as Blob).type || 'application/octet-stream');
      const direct = o.direct ?? (size !== undefined && size >= (options.directUploadThreshold ?? 8 * MiB));
      if (!direct) return files.put(id, path, source, { ...o, contentType });
      if (size === undefined) throw new TypeError('A direct upload needs the size (options.size) of a stream.');
      const target = await files.createUpload(id, { path, contentType, size }, o);
      // The signed URL is bound to the size: send it (Node would otherwise stream a body chunked).
      const headers = { 'Content-Length': String(size), ...target.headers };
      const landed = await send(target.url, source, headers, o, { absolute: true, anonymous: true });
      const body = landed.headers.get('content-type')?.includes('json') ? await landed.json() : undefined;
      return (body as T.FileResource | undefined)?.path ? (body as T.FileResource) : undefined;
    },
    /** A URL to PUT the bytes to directly (bound to type and size, short-lived). */
    createUpload: (id: string, body: { path: string; contentType: string; size: number }, o?: Signal) =>
      json<T.UploadTarget>('POST', `${ws(id)}/uploads`, { json: body, ...sig(o), idempotent: true }),
    /** The bytes as a Response (200, 206 for a range, 304 when ifNoneMatch still matches): stream, text or bytes. */
    read: (id: string, path: string, o: ReadOptions = {}) =>
      call('GET', file(id, path), {
        headers: { Range: o.range, 'If-None-Match': o.ifNoneMatch },
        ...(o.generation !== undefined && { query: { generation: o.generation } }),
        accept: [304],
        ...sig(o),
      }),
    text: async (id: string, path: string, o?: Signal) => (await files.read(id, path, o)).text(),
    entry: (id: string, path: string, o?: Signal) =>
      json<T.FileResource>('GET', file(id, path), { query: { alt: 'json' }, ...sig(o) }),
    list: (id: string, query: T.ListFilesQuery = {}, o?: Signal) =>
      json<T.FileList>('GET', `${ws(id)}/files`, { query, ...sig(o) }),
    iterate: (id: string, query: T.ListFilesQuery = {}) => paginate((q) => files.list(id, q), query),
    delete: (id: string, path: string, o?: IfMatch) =>
      json<void>('DELETE', file(id, path), { headers: ifMatch(o), ...sig(o) }),
    /** Remove a folder: `prefix` ends with `/`. */
    deleteFolder: (id: string, prefix: string, o?: Signal) =>
      json<void>('DELETE', `${ws(id)}/files`, { query: { prefix }, ...sig(o) }),
    /** A file, or a folder when `from` ends with `/`. */
    copy: (id: string, from: string, to: string, o?: Signal) =>
      json<{ items: T.FileResource[] }>('POST', `${ws(id)}/copy`, { json: { from, to }, ...sig(o) }),
    move: (id: string, from: string, to: string, o?: Signal) =>
      json<{ items: T.FileResource[] }>('POST', `${ws(id)}/move`, { json: { from, to }, ...sig(o) }),
    /** The whole workspace as a zip (a streamed Response). */
    export: (id: string, o?: Signal) => call('GET', `${ws(id)}/export.zip`, sig(o)),
    /** The sandboxed preview of the generated site; with a token, a URL an iframe can load. */
    previewUrl: (id: string, path = '', token?: string) =>
      call.url(`${ws(id)}/preview/${encodePath(path)}`, token ? { access_token: token } : {}),
  };

  const agents = {
    /** Report progress (editor); `sequence` keeps late, older reports from winning. */
    put: (id: string, agentId: string, report: T.AgentReport, o?: Signal) =>
      json<T.Agent>('PUT', `${ws(id)}/agents/${seg(agentId)}`, { json: report, ...sig(o) }),
    get: (id: string, agentId: string, o?: Signal) => json<T.Agent>('GET', `${ws(id)}/agents/${seg(agentId)}`, sig(o)),
    list: (id: string, query: T.PageQuery = {}, o?: Signal) =>
      json<T.AgentList>('GET', `${ws(id)}/agents`, { query, ...sig(o) }),
    iterate: (id: string, query: T.PageQuery = {}) => paginate((q) => agents.list(id, q), query),
  };

  const state = {
    /** Write a value; with ifMatch a compare-and-set, with ifNoneMatch '*' create-only. */
    put: (id: string, key: string, value: unknown, o: PutOptions = {}) =>
      json<T.StateEntry>('PUT', `${ws(id)}/state/${seg(key)}`, {
        json: { value },
        headers: { 'If-Match': o.ifMatch, 'If-None-Match': o.ifNoneMatch },
        ...sig(o),
      }),
    get: (id: string, key: string, o?: Signal) => json<T.StateEntry>('GET', `${ws(id)}/state/${seg(key)}`, sig(o)),
    list: (id: string, query: T.PageQuery = {}, o?: Signal) =>
      json<T.StateList>('GET', `${ws(id)}/state`, { query, ...sig(o) }),
    iterate: (id: string, query: T.PageQuery = {}) => paginate((q) => state.list(id, q), query),
    delete: (id: string, key: string, o?: IfMatch) =>
      json<void>('DELETE', `${ws(id)}/state/${seg(key)}`, { headers: ifMatch(o), ...sig(o) }),
  };

  const sessions = {
    put: (sessionId: string, data: unknown, o: Signal & { ttlSeconds?: number } = {}) =>
      json<T.Session>('PUT', `/v1/sessions/${seg(sessionId)}`, {
        json: o.ttlSeconds === undefined ? { data } : { data, ttlSeconds: o.ttlSeconds },
        ...sig(o),
      }),
    get: (sessionId: string, o?: Signal) => json<T.Session>('GET', `/v1/sessions/${seg(sessionId)}`, sig(o)),
    delete: (sessionId: string, o?: Signal) => json<void>('DELETE', `/v1/sessions/${seg(sessionId)}`, sig(o)),
  };

  const cache = {
    put: (
      key: string,
      body: string | Uint8Array | Blob,
      o: Signal & { contentType?: string; ttlSeconds?: number } = {},
    ) =>
      json<T.CacheEntry>('PUT', `/v1/cache/${seg(key)}`, {
        body: body as Body,
        headers: {
          'Content-Type': o.contentType ?? ((body as Blob).type || 'application/octet-stream'),
          'X-Cache-TTL': o.ttlSeconds === undefined ? undefined : String(o.ttlSeconds),
        },
        ...sig(o),
      }),
    /** The cached bytes as a Response. */
    get: (key: string, o?: Signal) => call('GET', `/v1/cache/${seg(key)}`, sig(o)),
    delete: (key: string, o?: Signal) => json<void>('DELETE', `/v1/cache/${seg(key)}`, sig(o)),
  };

  const changes = {
    /** Workspace, file, agent and state changes; reconnects with Last-Event-ID. */
    stream: (id: string, o?: StreamOptions) => changeStream(call, id, o),
  };

  const usage = {
    /** Operators only. */
    report: (query: T.UsageQuery = {}, o?: Signal) =>
      json<T.UsageReport>('GET', '/v1/admin/usage', { query, ...sig(o) }),
  };

  return {
    workspaces,
    members,
    files,
    agents,
    state,
    sessions,
    cache,
    changes,
    usage,
    commits,
    versions,
    checkpoints,
    links,
    health: (o?: Signal) => json<T.Health>('GET', '/v1/healthz', sig(o)),
    openapi: (o?: Signal) => json<Record<string, unknown>>('GET', '/v1/openapi.json', sig(o)),
    /** Any call the groups do not cover yet: same auth, retries and typed errors. */
    request: call,
  };
}

export type WebSplatClient = ReturnType<typeof createClient>;
