import type { StoredRecord } from './records';

/** Records under a workspace: agent progress and shared state (scope = the workspace id). */
export type CollabKind = 'agents' | 'state';

export interface CollabStore {
  getRecord(kind: CollabKind, workspaceId: string, key: string): Promise<StoredRecord | null>;
  /**
   * Writes `record` only if the stored version is still `expectedVersion`
   * (null: only if absent). Optimistic, lock-free: many writers racing on one
   * key do not queue behind each other's locks. False when it did not hold.
   */
  compareAndSetRecord(
    kind: CollabKind,
    workspaceId: string,
    record: StoredRecord,
    expectedVersion: number | null,
  ): Promise<boolean>;
  /** Records of a workspace in key order, after `after`. */
  listRecords(kind: CollabKind, workspaceId: string, query: { after?: string; limit: number }): Promise<StoredRecord[]>;
}

/** The collaboration part of a Transaction. */
export interface CollabTransaction {
  getRecord(kind: CollabKind, workspaceId: string, key: string): Promise<StoredRecord | null>;
  /** Every record of a kind in key order (bounded by what a workspace may hold; for checkpoints). */
  listRecords(kind: CollabKind, workspaceId: string): Promise<StoredRecord[]>;
  putRecord(kind: CollabKind, workspaceId: string, record: StoredRecord): void;
  deleteRecord(kind: CollabKind, workspaceId: string, key: string): void;
}
