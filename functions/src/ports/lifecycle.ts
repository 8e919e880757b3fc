/**
 * What the purge, the reconciler's sampling and migration need beyond the
 * per-request ports: purge records, candidates, bulk deletion, expiry sweeps
 * and listings of everything.
 */
import type { StoredRecord } from './records';
import type { Role, WorkspaceRecord } from './workspaces';

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

export interface LifecycleStore {
  /**
   * Workspaces the purge should look at: every `deleted` one, then those not
   * accessed since `staleBefore` (oldest first). At most `limit` of each kind.
   */
  listPurgeCandidates(query: { staleBefore: number; limit: number }): Promise<WorkspaceRecord[]>;
  /** Every workspace (any status) in id order, after `after`. */
  listAllWorkspaces(query: { after?: string; limit: number }): Promise<WorkspaceRecord[]>;
  /** Workspaces accessed at or after `since`, oldest access first (the reconciler's sample). */
  listAccessedSince(query: { since: number; limit: number }): Promise<WorkspaceRecord[]>;
  /** Every user's sessions in (uid, key) order, after `after` (for migration). */
  listAllSessions(query: {
    after?: { scope: string; key: string };
    limit: number;
  }): Promise<{ scope: string; record: StoredRecord }[]>;
  /**
   * Deletes up to `limit` documents under a workspace (file entries and
   * tombstones, agents, state, links) and returns how many; 0 when none are left.
   */
  deleteWorkspaceDocuments(workspaceId: string, limit: number): Promise<number>;
  /**
   * Deletes up to `limit` expired sessions, idempotency records or links
   * (expiry before `before`) and returns how many; with `dryRun`, only counts them.
   */
  deleteExpired(
    kind: 'sessions' | 'idempotencyKeys' | 'links',
    before: number,
    limit: number,
    options?: { dryRun?: boolean },
  ): Promise<number>;
  getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null>;
  /** Saves progress outside a transaction (counts only; state changes go through transactions). */
  putPurgeRecord(record: PurgeRecord): Promise<void>;
  /** Purge records in workspace id order; `unverified`: only completed ones not yet checked afterwards. */
  listPurgeRecords(query: { after?: string; limit: number; unverified?: boolean }): Promise<PurgeRecord[]>;
  /** Where a resumable maintenance step (e.g. `retention`) stopped: its saved JSON, or null. */
  getMaintenanceCursor(step: string): Promise<string | null>;
  putMaintenanceCursor(step: string, valueJson: string): Promise<void>;
}

/** The lifecycle part of a Transaction. */
export interface LifecycleTransaction {
  getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null>;
  /** True while any document (file entry, agent, state, link) remains under the workspace. */
  hasWorkspaceDocuments(workspaceId: string): Promise<boolean>;
  putPurgeRecord(record: PurgeRecord): void;
  /** Removes the workspace document itself (the purge's last step). */
  deleteWorkspace(id: string): void;
}
