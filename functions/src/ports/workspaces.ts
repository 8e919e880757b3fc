/** Workspace documents, their members and the idempotency records of their creation. Times are epoch ms. */

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const WORKSPACE_STATUSES = ['active', 'archived', 'deleted'] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

export interface WorkspaceRecord {
  id: string;
  name: string;
  description: string;
  status: WorkspaceStatus;
  ownerId: string;
  members: Record<string, Role>;
  metadata: Record<string, string>;
  fileCount: number;
  totalBytes: number;
  /** Bytes kept only for history (absent on records written before history: 0). */
  versionBytes?: number;
  createdAt: number;
  updatedAt: number;
  lastAccessedAt: number;
  deletedAt: number | null;
  /** Who deleted it (a user id), for the purge record; null while not deleted. */
  deletedBy: string | null;
  /** Bumped by every change a client can make; the etag derives from it. */
  version: number;
}

/** The fields a workspace update may write (never the counters, which the file index owns). */
export type WorkspaceChanges = Partial<
  Pick<
    WorkspaceRecord,
    | 'name'
    | 'description'
    | 'status'
    | 'members'
    | 'metadata'
    | 'updatedAt'
    | 'lastAccessedAt'
    | 'deletedAt'
    | 'deletedBy'
    | 'version'
  >
>;

/** A stored first response to a create request, replayed for the same Idempotency-Key. */
export interface IdempotencyRecord {
  id: string;
  uid: string;
  requestHash: string;
  statusCode: number;
  responseBody: string;
  createdAt: number;
  expiresAt: number;
}

/** Position after which a newest-first workspace listing continues. */
export interface WorkspaceCursor {
  createdAt: number;
  id: string;
}

export interface WorkspaceQuery {
  memberId: string;
  statuses: WorkspaceStatus[];
  limit: number;
  after?: WorkspaceCursor;
}

/** Reads of workspace documents outside transactions. */
export interface WorkspaceStore {
  getWorkspace(id: string): Promise<WorkspaceRecord | null>;
  /** The member's workspaces with one of `statuses`, newest first (createdAt desc, id desc). */
  listWorkspaces(query: WorkspaceQuery): Promise<WorkspaceRecord[]>;
  /**
   * Sets lastAccessedAt to `at` unless it is already newer than `staleBefore`:
   * one small write, no transaction, no version bump.
   */
  touchWorkspace(id: string, at: number, staleBefore: number): Promise<void>;
}

/** The workspace part of a Transaction. */
export interface WorkspaceTransaction {
  getWorkspace(id: string): Promise<WorkspaceRecord | null>;
  createWorkspace(record: WorkspaceRecord): void;
  updateWorkspace(id: string, changes: WorkspaceChanges): void;
}

/** The idempotency part of a Transaction: a create and its first response commit together. */
export interface IdempotencyTransaction {
  getIdempotency(id: string): Promise<IdempotencyRecord | null>;
  putIdempotency(record: IdempotencyRecord): void;
}
