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
  '/v1/workspaces/{workspaceId}/export.zip': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The live files of the workspace as a zip, streamed (no history: commits and kept versions are not in it). */
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
    /** A URL to PUT one file to directly (bound to its type and size, 15 minutes); indexed when it lands. With "staged": true the bytes stay invisible until a commit names the returned uploadId. */
    post: operations['files.createUpload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/commits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The commits of the workspace, newest first (every write is one). */
    get: operations['commits.list'];
    put?: never;
    /** Change many files at once, all or nothing (editor). A failed ifGeneration is 412 naming the paths; any bad change is a 4xx naming it, and nothing is written. */
    post: operations['commits.create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/commits/{commitId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One commit. */
    get: operations['commits.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The versions of one path, newest first: the current one (or its deletion), then the kept ones. */
    get: operations['versions.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A unified diff of two text versions of a path (`to`: the current one); 415 for binary types. */
    get: operations['versions.diff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The checkpoints of the workspace, newest first. */
    get: operations['checkpoints.list'];
    put?: never;
    /** Take a checkpoint of the files and shared state (editor): no bytes are copied. */
    post: operations['checkpoints.create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One checkpoint. */
    get: operations['checkpoints.get'];
    put?: never;
    post?: never;
    /** Delete a checkpoint (owner); what only it held goes with the next retention pass. */
    delete: operations['checkpoints.delete'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The files of a checkpoint as they were, like the live listing. */
    get: operations['checkpoints.files'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/files/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A file's bytes as they were in the checkpoint (Range, If-None-Match), or with ?alt=json its entry. */
    get: operations['checkpoints.file'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What changed from this checkpoint to another one, or to the live tree (against=live); by path. */
    get: operations['checkpoints.diff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Make the live files and shared state the checkpoint’s, atomically (editor), after an automatic checkpoint of what they were (its id is `checkpointId`). 409 when the workspace kept changing meanwhile. */
    post: operations['checkpoints.restore'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/preview/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The site as it was in the checkpoint, in a sandbox, like the live preview (with ?access_token= a 302 to a preview link of the checkpoint). */
    get: operations['checkpoints.preview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/preview/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The checkpoint site's root (its index.html). */
    get: operations['checkpoints.previewRoot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/export.zip': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The checkpoint as a zip, streamed. */
    get: operations['checkpoints.export'];
    put?: never;
    post?: never;
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
  '/v1/workspaces/{workspaceId}/links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The live links of the workspace, newest first (editor). */
    get: operations['links.list'];
    put?: never;
    /** Make a link (editor): a URL granting one scope (preview, events or read) on this workspace or one checkpoint, with no other credential, until it expires or is revoked. */
    post: operations['links.create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces/{workspaceId}/links/{linkId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a link (editor): refused at once, and event streams open through it end. */
    delete: operations['links.delete'];
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
    /** Serve the generated site (index.html for a folder) in a sandbox, to a member. With ?access_token= (an iframe) the answer is a 302 to a fresh preview link with the same path and query, so the user token never reaches the page. */
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
    /** The site's root (its index.html); in an iframe, preview/?access_token=… answers with a 302 to a preview link. */
    get: operations['preview.getRoot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/p/{linkToken}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A preview link without its trailing slash: 301 to add it (the site's relative URLs need it). */
    get: operations['preview.linkRoot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/p/{linkToken}/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The generated site through a preview link (POST .../links): no other credential; the site's own query strings pass through. */
    get: operations['preview.link'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/p/{linkToken}/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The site's root (its index.html) through a preview link. */
    get: operations['preview.linkSiteRoot'];
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
    Checkpoint: {
      id: string;
      label: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      createdAt: string;
      author: string;
      /** @description The newest commit when it was taken (null: none yet). */
      commitId: string | null;
      fileCount: number;
      totalBytes: number;
      /** @description Shared-state keys it holds. */
      stateCount: number;
    };
    CheckpointDiff: {
      /** @description Paths only `against` has. */
      added: {
        path: string;
        generation: string;
        size: number;
      }[];
      /** @description Paths only the checkpoint has. */
      removed: {
        path: string;
        generation: string;
        size: number;
      }[];
      /** @description Paths whose bytes or type differ: `from` the checkpoint, `to` against. */
      changed: {
        path: string;
        from: {
          generation: string;
          size: number;
        };
        to: {
          generation: string;
          size: number;
        };
      }[];
      nextPageToken?: string;
    };
    CheckpointList: {
      items: components['schemas']['Checkpoint'][];
      nextPageToken?: string;
    };
    Commit: {
      id: string;
      /** @description commit, put, delete, copy, move, upload, direct, restore, clone, ... */
      kind: string;
      message: string;
      agentId?: string;
      author: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      createdAt: string;
      changes: {
        path: string;
        generation?: string;
        /** @constant */
        deleted?: true;
      }[];
      /** @description The checkpoint this commit asked for, or (a restore) the automatic one before it. */
      checkpointId?: string;
      /** @description The workspace right after the commit (only in the answer to POST). */
      workspace?: {
        fileCount: number;
        totalBytes: number;
        etag: string;
      };
    };
    CommitList: {
      items: components['schemas']['Commit'][];
      nextPageToken?: string;
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
    FileDiff: {
      path: string;
      from: string;
      to: string;
      /** @description A unified diff (jsdiff), from `from` to `to`. */
      diff: string;
    };
    FileList: {
      items: components['schemas']['File'][];
      prefixes?: string[];
      nextPageToken?: string;
    };
    FileVersion: {
      path: string;
      generation: string;
      size: number;
      contentType: string;
      md5: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      createdAt: string;
      commitId?: string;
      author?: string;
      deleted: boolean;
    };
    FileVersionList: {
      items: components['schemas']['FileVersion'][];
      nextPageToken?: string;
    };
    Health: {
      /** @constant */
      status: 'ok';
      /** @enum {string} */
      backend: 'local' | 'firebase';
    };
    Link: {
      id: string;
      /** @description Works with no other credential, for its scope only. */
      url: string;
      /** @enum {string} */
      scope: 'preview' | 'events' | 'read';
      checkpointId: string | null;
      label: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      expiresAt: string;
      createdBy: string;
    };
    LinkList: {
      items: components['schemas']['Link'][];
      nextPageToken?: string;
    };
    RestoreCommit: {
      id: string;
      /** @description commit, put, delete, copy, move, upload, direct, restore, clone, ... */
      kind: string;
      message: string;
      agentId?: string;
      author: string;
      /**
       * Format: date-time
       * @description RFC 3339, UTC.
       */
      createdAt: string;
      changes: {
        path: string;
        generation?: string;
        /** @constant */
        deleted?: true;
      }[];
      /** @description The automatic checkpoint of what the restore replaced. */
      checkpointId: string;
      /** @description The workspace right after the commit (only in the answer to POST). */
      workspace?: {
        fileCount: number;
        totalBytes: number;
        etag: string;
      };
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
      /** @description For staged uploads: what a commit change names. */
      uploadId?: string;
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
      /** @description Bytes kept only for history (older versions); not counted against the workspace quota. */
      versionBytes: number;
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
      /** @description Fork from this checkpoint instead of the live files. */
      checkpointId?: string;
    };
    CommitChange: {
      path: string;
      /** @description The new bytes as UTF-8 text. */
      content?: string;
      /** @description The new bytes, base64. */
      contentBase64?: string;
      /** @description Required with content/contentBase64. */
      contentType?: string;
      /** @description Bytes staged with POST .../uploads and "staged": true. */
      uploadId?: string;
      /** @constant */
      delete?: true;
      /** @description Bring back this kept version of the path. */
      fromGeneration?: string;
      /** @description The generation this change replaces ("0": the path must not exist); 412 otherwise. */
      ifGeneration?: string;
    };
    /** @description All or nothing. At most WEBSPLAT_COMMIT_MAX_CHANGES changes (default 1,000) and WEBSPLAT_COMMIT_MAX_BODY_BYTES of inline content (default 32 MiB). */
    CommitRequest: {
      message?: string;
      agentId?: string;
      changes: components['schemas']['CommitChange'][];
      /** @description Take a checkpoint right after the commit; its id is in the answer (`checkpointId`). */
      checkpoint?: {
        label?: string;
      };
    };
    CopyRequest: {
      /** @description A file path, or a folder ending in /. */
      from: string;
      /** @description The destination file path, or folder ending in /. */
      to: string;
    };
    CreateCheckpointRequest: {
      /** @description A name for people (may be empty). */
      label?: string;
    };
    CreateLinkRequest: {
      /**
       * @description preview: the site under /v1/p/{token}/; events: the event stream; read: file reads, the file list and export.zip.
       * @enum {string}
       */
      scope: 'preview' | 'events' | 'read';
      /** @description Grant the checkpoint instead of the live workspace. */
      checkpointId?: string;
      /** @description Seconds until the link expires (60..2592000). */
      expiresIn: number;
      label?: string;
    };
    CreateUploadRequest: {
      path: string;
      contentType: string;
      size: number;
      /** @description Stage the bytes for a commit ({path, uploadId}): invisible until a commit names the upload. */
      staged?: boolean;
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
      404: components['responses']['NotFound'];
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
      404: components['responses']['NotFound'];
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
        /** @description Read this kept version (see .../versions); 404 once it is gone. */
        generation?: string;
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
  'commits.list': {
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
      /** @description A page of commits */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommitList'];
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
  'commits.create': {
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
        'application/json': components['schemas']['CommitRequest'];
      };
    };
    responses: {
      /** @description Committed */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Commit'];
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
  'commits.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        commitId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The commit */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Commit'];
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
  'versions.list': {
    parameters: {
      query: {
        path: string;
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
      /** @description A page of versions */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileVersionList'];
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
  'versions.diff': {
    parameters: {
      query: {
        path: string;
        /** @description A file generation (decimal); "0" means the path does not exist. */
        from: string;
        /** @description Default: the current version. */
        to?: string;
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
      /** @description The diff */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileDiff'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'checkpoints.list': {
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
      /** @description A page of checkpoints */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckpointList'];
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
  'checkpoints.create': {
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
        'application/json': components['schemas']['CreateCheckpointRequest'];
      };
    };
    responses: {
      /** @description Taken */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Checkpoint'];
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
  'checkpoints.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        checkpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The checkpoint */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Checkpoint'];
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
  'checkpoints.delete': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        checkpointId: string;
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
  'checkpoints.files': {
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
        checkpointId: string;
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
  'checkpoints.file': {
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
        checkpointId: string;
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
  'checkpoints.diff': {
    parameters: {
      query: {
        /** @description Another checkpoint id, or `live` for the live tree. */
        against: string;
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        checkpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The differences */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckpointDiff'];
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
  'checkpoints.restore': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        checkpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The restore commit */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RestoreCommit'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'checkpoints.preview': {
    parameters: {
      query?: never;
      header?: {
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        checkpointId: string;
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
      /** @description The same page under a new preview link (/v1/p/{token}/…) */
      302: {
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
  'checkpoints.previewRoot': {
    parameters: {
      query?: never;
      header?: {
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        checkpointId: string;
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
      /** @description The same page under a new preview link (/v1/p/{token}/…) */
      302: {
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
  'checkpoints.export': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        checkpointId: string;
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
      404: components['responses']['NotFound'];
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
      404: components['responses']['NotFound'];
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
  'links.list': {
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
      /** @description A page of links */
      200: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LinkList'];
        };
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
  'links.create': {
    parameters: {
      query?: never;
      header?: {
        /** @description Same key + same body within 24 h returns the first link; another body is 409. */
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
        'application/json': components['schemas']['CreateLinkRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Link'];
        };
      };
      400: components['responses']['InvalidArgument'];
      401: components['responses']['Unauthenticated'];
      403: components['responses']['PermissionDenied'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
  'links.delete': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Server-generated workspace id. */
        workspaceId: string;
        linkId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked */
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
      /** @description The same page under a new preview link (/v1/p/{token}/…) */
      302: {
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
      /** @description The same page under a new preview link (/v1/p/{token}/…) */
      302: {
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
  'preview.linkRoot': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        linkToken: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description To {linkToken}/ */
      301: {
        headers: {
          'X-Request-Id': components['headers']['RequestId'];
          /** @description The folder URL, ending in /. */
          Location: string;
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
  'preview.link': {
    parameters: {
      query?: never;
      header?: {
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        linkToken: string;
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
  'preview.linkSiteRoot': {
    parameters: {
      query?: never;
      header?: {
        /** @description 304 when the etag still matches. */
        'If-None-Match'?: string;
      };
      path: {
        linkToken: string;
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
      404: components['responses']['NotFound'];
      429: components['responses']['ResourceExhausted'];
      500: components['responses']['Internal'];
      503: components['responses']['Unavailable'];
    };
  };
}
