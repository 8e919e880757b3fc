/** Stored shapes shared by the domain and the storage ports. Times are epoch milliseconds. */

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
  createdAt: number;
  updatedAt: number;
  lastAccessedAt: number;
  deletedAt: number | null;
  /** Bumped by every change a client can make; the etag derives from it. */
  version: number;
}

/** The fields a workspace update may write (never the counters, which the file index owns). */
export type WorkspaceChanges = Partial<
  Pick<
    WorkspaceRecord,
    'name' | 'description' | 'status' | 'members' | 'metadata' | 'updatedAt' | 'deletedAt' | 'version'
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

/** Who is calling, as established by a verified bearer token. */
export interface Principal {
  uid: string;
  email?: string;
}
