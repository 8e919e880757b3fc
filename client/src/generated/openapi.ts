export interface paths {
  '/v1/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness; no auth. */
    get: operations['healthz'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API described as OpenAPI 3.1, generated from the route table and zod schemas. */
    get: operations['openapi'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's workspaces, newest first (deleted ones never appear). */
    get: operations['workspaces.list'];
    put?: never;
    /** Create a workspace owned by the caller. */
    post: operations['workspaces.create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a workspace (any member). */
    get: operations['workspaces.get'];
    put?: never;
    post?: never;
    /** Soft-delete (owner): 404 from now on; the purge removes it and its files. */
    delete: operations['workspaces.delete'];
    options?: never;
    head?: never;
    /** Change name, description, metadata (editor) or status (owner). */
    patch: operations['workspaces.patch'];
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/members/{uid}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Add a member or change their role (owner only). */
    put: operations['workspaces.members.put'];
    post?: never;
    /** Remove a member (owner only; the owner cannot be removed). */
    delete: operations['workspaces.members.delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/files/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a file: its bytes (Range, If-None-Match), or with ?alt=json its index entry. */
    get: operations['files.get'];
    /** Write a file (raw body; Content-Type is stored). 201 when new, 200 when replaced. */
    put: operations['files.put'];
    post?: never;
    /** Delete a file. */
    delete: operations['files.delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List files sorted by path; with delimiter=/ also the sub-folders as prefixes. */
    get: operations['files.list'];
    put?: never;
    post?: never;
    /** Delete a whole folder: ?prefix=dir/ (must end with /). */
    delete: operations['files.deleteFolder'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/copy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Copy a file, or a folder when from ends with /; the index and counters follow. */
    post: operations['files.copy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/move': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a file, or a folder when from ends with /; the index and counters follow. */
    post: operations['files.move'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/preview/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Serve the generated site (index.html for a folder) in a sandbox. For an iframe, load preview/?access_token=…; the answer sets a cookie scoped to the preview folder so relative sub-resources load too. */
    get: operations['preview.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/preview/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The site's root (its index.html); load this in an iframe with ?access_token=…. */
    get: operations['preview.getRoot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/export.zip': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The whole workspace as a zip, streamed. */
    get: operations['files.export'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/uploads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A URL to PUT one file to directly (bound to its type and size, 15 minutes); indexed when it lands. */
    post: operations['files.createUpload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/clone': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A new workspace of the caller's with copies of this one's files (any member may clone). */
    post: operations['workspaces.clone'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/agents/{agentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An agent's progress (any member). */
    get: operations['agents.get'];
    /** Report an agent's progress (editor). Monotonic with `sequence`. */
    put: operations['agents.put'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/agents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** All agents of the workspace, by id. */
    get: operations['agents.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/state/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a value (any member). */
    get: operations['state.get'];
    /** Write a value (any JSON, at most 256 KiB; editor). If-Match makes it a compare-and-set. */
    put: operations['state.put'];
    post?: never;
    /** Delete a value (editor). */
    delete: operations['state.delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/state': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** All shared state of the workspace, by key. */
    get: operations['state.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sessions/{sessionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a session (only its user; 404 once expired). */
    get: operations['sessions.get'];
    /** Create or replace the caller's session data (expires after ttlSeconds, default 7 days). */
    put: operations['sessions.put'];
    post?: never;
    /** Delete a session. */
    delete: operations['sessions.delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/cache/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The cached bytes (404 once expired). */
    get: operations['cache.get'];
    /** Cache a generated response (raw body) for the caller; X-Cache-TTL seconds (default 1 day, at most 30). */
    put: operations['cache.put'];
    post?: never;
    /** Drop a cache entry. */
    delete: operations['cache.delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Server-Sent Events: workspace, file, agent and state changes as they happen; Last-Event-ID resumes; ?access_token= for EventSource. */
    get: operations['events.stream'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Operators only (admin claim or WEBSPLAT_ADMIN_UIDS): usage over a period (default the last 30 days) and an estimated monthly cost. */
    get: operations['admin.usage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Agent: {
      agentId: string;
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed';
      step: string;
      progress: number;
      message: string;
      sequence: number;
      updatedAt: string;
      updatedBy: string;
    };
    AgentList: {
      items: components['schemas']['Agent'][];
      nextPageToken?: string;
    };
    CacheEntry: {
      key: string;
      size: number;
      contentType: string;
      md5: string;
      expiresAt: string;
      etag: string;
    };
    CopyResult: {
      items: components['schemas']['File'][];
    };
    Error: {
      error: {
        code: string;
        message: string;
        details: {
          field?: string;
          reason: string;
        }[];
      };
    };
    File: {
      path: string;
      size: number;
      contentType: string;
      /** @description Base64 MD5 of the bytes. */
      md5: string;
      generation: string;
      /** Format: date-time */
      updatedAt: string;
      etag: string;
    };
    FileList: {
      items: components['schemas']['File'][];
      prefixes?: string[];
      nextPageToken?: string;
    };
    Health: {
      /** @constant */
      status: 'ok';
      /** @enum {string} */
      backend: 'local' | 'firebase';
    };
    Session: {
      id: string;
      data: unknown;
      createdAt: string;
      expiresAt: string;
    };
    StateEntry: {
      key: string;
      value: unknown;
      version: number;
      updatedAt: string;
      updatedBy: string;
      etag: string;
    };
    StateList: {
      items: components['schemas']['StateEntry'][];
      nextPageToken?: string;
    };
    UploadTarget: {
      url: string;
      /** @constant */
      method: 'PUT';
      headers: {
        [key: string]: string;
      };
      /** Format: date-time */
      expiresAt: string;
    };
    UsageReport: {
      from: string;
      to: string;
      days: number;
      totals: {
        workspaces: number;
        files: number;
        bytes: number;
        /** @description Requests by operationId (as in this document) in the period. */
        operations: {
          [key: string]: number;
        };
        operationCount: number;
      };
      workspaces: {
        workspaceId: string;
        name: string;
        ownerId: string;
        status: string;
        fileCount: number;
        totalBytes: number;
        /** @description Requests by operationId (as in this document) in the period. */
        operations: {
          [key: string]: number;
        };
        operationCount: number;
      }[];
      estimate: {
        currency: string;
        pricesAsOf: string;
        monthlyTotal: number;
        lines: {
          item: string;
          quantity: number;
          unit: string;
          monthlyCost: number;
        }[];
      };
    };
    Workspace: {
      id: string;
      name: string;
      description: string;
      /** @enum {string} */
      status: 'active' | 'archived' | 'deleted';
      ownerId: string;
      members: {
        [key: string]: 'owner' | 'editor' | 'viewer';
      };
      metadata: {
        [key: string]: string;
      };
      fileCount: number;
      totalBytes: number;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      updatedAt: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      lastAccessedAt: string;
      etag: string;
    };
    WorkspaceList: {
      items: components['schemas']['Workspace'][];
      nextPageToken?: string;
    };
    AgentReport: {
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed';
      step?: string;
      progress?: number;
      message?: string;
      /** @description Grows with every report of a run; an older or equal one is ignored. */
      sequence?: number;
    };
    CloneWorkspaceRequest: {
      name: string;
    };
    CopyRequest: {
      /** @description A file path, or a folder ending in /. */
      from: string;
      /** @description The destination file path, or folder ending in /. */
      to: string;
    };
    CreateUploadRequest: {
      path: string;
      contentType: string;
      size: number;
    };
    CreateWorkspaceRequest: {
      name: string;
      description?: string;
      /** @description Free-form string labels; a PATCH replaces the whole map. */
      metadata?: {
        [key: string]: string;
      };
    };
    PatchWorkspaceRequest: {
      name?: string;
      description?: string;
      /** @enum {string} */
      status?: 'active' | 'archived';
      /** @description Free-form string labels; a PATCH replaces the whole map. */
      metadata?: {
        [key: string]: string;
      };
    };
    PutMemberRequest: {
      /** @enum {string} */
      role: 'editor' | 'viewer';
    };
    SessionRequest: {
      data: unknown;
      ttlSeconds?: number;
    };
    /** @description {"value": any JSON, at most 256 KiB} */
    StatePutRequest: {
      value: unknown;
    };
  };
  responses: {
    /** @description Invalid argument */
    InvalidArgument: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Missing or invalid bearer token */
    Unauthenticated: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The caller lacks the role for this */
    PermissionDenied: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Not found (or not visible to the caller) */
    NotFound: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Conflict */
    Conflict: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Precondition (If-Match / If-None-Match) failed */
    FailedPrecondition: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Too large (body, file or quota) */
    PayloadTooLarge: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Unsupported media type */
    UnsupportedMediaType: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Over a quota or rate; retry after Retry-After seconds when given */
    ResourceExhausted: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        /** @description Seconds to wait before retrying. */
        'Retry-After'?: string;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Internal error (the message quotes the request id) */
    Internal: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The backend is unavailable; retry after Retry-After seconds */
    Unavailable: {
      headers: {
        'X-Request-Id': components['headers']['RequestId'];
        /** @description Seconds to wait before retrying. */
        'Retry-After': string;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: {
    /** @description The request id (the X-Request-Id sent, when valid, else a new one); quote it when reporting. */
    RequestId: string;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  healthz: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Serving */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      400: components['responses']['InvalidArgument'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  openapi: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The OpenAPI document (this one) */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['InvalidArgument'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.list': {
    parameters: {
      query?: {
        status?: 'active' | 'archived';
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of workspaces */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceList'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.create': {
    parameters: {
      query?: never;
      header?: {
        /** @description Same key + same body within 24 h returns the first result; another body is 409. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateWorkspaceRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          /** @description The new workspace’s URL. */
          Location: string;
          /** @description `true` when this is the first answer to this Idempotency-Key, replayed. */
          'Idempotent-Replayed'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.get': {
    parameters: {
      query?: never;
      header?: {
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
        };
      };
      /** @description Not modified */
      304: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.delete': {
    parameters: {
      query?: never;
      header?: {
        /** @description The workspace's etag; 412 when it no longer matches. */
        'If-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: marked deleted, purge pending */
      202: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.patch': {
    parameters: {
      query?: never;
      header?: {
        /** @description The workspace's etag; 412 when it no longer matches. */
        'If-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PatchWorkspaceRequest'];
      };
    };
    responses: {
      /** @description The updated workspace */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.members.put': {
    parameters: {
      query?: never;
      header?: {
        /** @description The workspace's etag; 412 when it no longer matches. */
        'If-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        uid: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PutMemberRequest'];
      };
    };
    responses: {
      /** @description The updated workspace */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.members.delete': {
    parameters: {
      query?: never;
      header?: {
        /** @description The workspace's etag; 412 when it no longer matches. */
        'If-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        uid: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.get': {
    parameters: {
      query?: {
        alt?: 'media' | 'json';
      };
      header?: {
        /** @description bytes=start-end: 206 with that part. */
        Range?: string;
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        /** @description A path inside the workspace; `/` in it may be sent raw or percent-encoded as `%2F` (both name the same file). */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The bytes, or with alt=json the entry */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['File'];
          '*/*': unknown;
        };
      };
      /** @description Part of the bytes */
      206: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          /** @description bytes start-end/size */
          'Content-Range': string;
          [name: string]: unknown;
        };
        content: {
          '*/*': unknown;
        };
      };
      /** @description Not modified */
      304: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.put': {
    parameters: {
      query?: never;
      header?: {
        /** @description The file's etag: replace only that version (412 otherwise). */
        'If-Match'?: string;
        /** @description `*`: create only, 412 when the file exists. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        /** @description A path inside the workspace; `/` in it may be sent raw or percent-encoded as `%2F` (both name the same file). */
        path: string;
      };
      cookie?: never;
    };
    /** @description The file bytes. */
    requestBody: {
      content: {
        '*/*': unknown;
      };
    };
    responses: {
      /** @description Replaced */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['File'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['File'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.delete': {
    parameters: {
      query?: never;
      header?: {
        /** @description The file's etag. */
        'If-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        /** @description A path inside the workspace; `/` in it may be sent raw or percent-encoded as `%2F` (both name the same file). */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.list': {
    parameters: {
      query?: {
        prefix?: string;
        delimiter?: '/';
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of files */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileList'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.deleteFolder': {
    parameters: {
      query: {
        prefix: string;
      };
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.copy': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CopyRequest'];
      };
    };
    responses: {
      /** @description The files written */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CopyResult'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.move': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CopyRequest'];
      };
    };
    responses: {
      /** @description The files written */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CopyResult'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'preview.get': {
    parameters: {
      query?: never;
      header?: {
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        /** @description A path inside the workspace; `/` in it may be sent raw or percent-encoded as `%2F` (both name the same file). */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file, with its MIME type and a sandboxing CSP */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          '*/*': unknown;
        };
      };
      /** @description A folder without its trailing slash */
      301: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The folder URL, ending in /. */
          Location: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not modified */
      304: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'preview.getRoot': {
    parameters: {
      query?: never;
      header?: {
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file, with its MIME type and a sandboxing CSP */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          '*/*': unknown;
        };
      };
      /** @description A folder without its trailing slash */
      301: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The folder URL, ending in /. */
          Location: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not modified */
      304: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.export': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The zip */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/zip': unknown;
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'files.createUpload': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUploadRequest'];
      };
    };
    responses: {
      /** @description Where and how to upload */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UploadTarget'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'workspaces.clone': {
    parameters: {
      query?: never;
      header?: {
        /** @description A retried clone with the same key returns the first clone. */
        'Idempotency-Key'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CloneWorkspaceRequest'];
      };
    };
    responses: {
      /** @description The new workspace */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          /** @description The new workspace’s URL. */
          Location: string;
          /** @description `true` when this is the first answer to this Idempotency-Key, replayed. */
          'Idempotent-Replayed'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'agents.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        agentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The agent */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Agent'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'agents.put': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        agentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AgentReport'];
      };
    };
    responses: {
      /** @description Stored (or, for a stale report, the newer state kept) */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Agent'];
        };
      };
      /** @description First report of this agent */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Agent'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'agents.list': {
    parameters: {
      query?: {
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of agents */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AgentList'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'state.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The value */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StateEntry'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'state.put': {
    parameters: {
      query?: never;
      header?: {
        /** @description The etag read: write only over that version (412 otherwise). */
        'If-Match'?: string;
        /** @description `*`: create only. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StatePutRequest'];
      };
    };
    responses: {
      /** @description Replaced */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StateEntry'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StateEntry'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'state.delete': {
    parameters: {
      query?: never;
      header?: {
        /** @description The etag read. */
        'If-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      412: components['responses']['FailedPrecondition'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'state.list': {
    parameters: {
      query?: {
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of values */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StateList'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'sessions.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        sessionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The session */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'sessions.put': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        sessionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SessionRequest'];
      };
    };
    responses: {
      /** @description Replaced */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'sessions.delete': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        sessionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'cache.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The bytes */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          '*/*': unknown;
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'cache.put': {
    parameters: {
      query?: never;
      header?: {
        /** @description Seconds until the entry expires. */
        'X-Cache-TTL'?: number;
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    /** @description The bytes to cache, with their Content-Type. */
    requestBody: {
      content: {
        '*/*': unknown;
      };
    };
    responses: {
      /** @description Replaced */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CacheEntry'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The etag of the resource, quoted (send it back in If-Match or If-None-Match). */
          ETag: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CacheEntry'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'cache.delete': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'events.stream': {
    parameters: {
      query?: never;
      header?: {
        /** @description Resume after this event (where the backend can replay). */
        'Last-Event-ID'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The event stream */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': unknown;
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'admin.usage': {
    parameters: {
      query?: {
        /** @description First UTC day, YYYY-MM-DD (default: 29 days before `to`). */
        from?: string;
        /** @description Last UTC day, YYYY-MM-DD (default: today). */
        to?: string;
        /** @description Server-generated workspace id. */
        workspaceId?: string;
        top?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The usage report (see docs/operations.md) */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UsageReport'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
}
