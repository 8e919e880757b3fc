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

/** Who is calling, as established by a verified bearer token. */
export interface Principal {
  uid: string;
  email?: string;
  /** An operator: the token carries the custom claim `admin: true` (or the uid is in WEBSPLAT_ADMIN_UIDS). */
  admin?: boolean;
}

/**
 * What the purge keeps about a workspace it removed: written when the
 * workspace is claimed, updated as the purge goes, and kept after the
 * workspace is gone (who deleted what, when, and how much it freed).
 */
export interface PurgeRecord {
  workspaceId: string;
  name: string;
  description: string;
  ownerId: string;
  /** Kept so a purge that removed the wrong thing can be undone (websplat restore). */
  members: Record<string, Role>;
  metadata: Record<string, string>;
  createdAt: number;
  /** `deleted`: a user deleted it; `stale`: not accessed for longer than the stale-after period. */
  reason: 'deleted' | 'stale';
  /** The user who deleted it, or `purge` for a stale workspace. */
  requestedBy: string;
  lastAccessedAt: number;
  /** The workspace's counters when it was claimed. */
  fileCount: number;
  totalBytes: number;
  /** `purging` until every object and document is gone, then `purged`; `restored` after websplat restore. */
  state: 'purging' | 'purged' | 'restored';
  claimedAt: number;
  /** Another pass leaves the workspace alone until then (one purger at a time). */
  leaseUntil: number;
  passes: number;
  objectsDeleted: number;
  bytesDeleted: number;
  documentsDeleted: number;
  completedAt: number | null;
  /** When a later pass checked that nothing came back (stragglers from in-flight writes are removed then). */
  verifiedAt: number | null;
  stragglersDeleted: number;
  /** When websplat restore recreated the workspace (null otherwise). */
  restoredAt: number | null;
}
