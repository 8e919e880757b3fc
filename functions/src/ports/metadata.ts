import type { FileEntry } from '../domain/fileIndex';
import type {
  IdempotencyRecord,
  PurgeRecord,
  WorkspaceChanges,
  WorkspaceRecord,
  WorkspaceStatus,
} from '../domain/model';

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

/**
 * Reads and writes inside one atomic unit. As in Firestore, every read must
 * come before the first write; writes are applied together at commit.
 */
export interface MetadataTransaction {
  getWorkspace(id: string): Promise<WorkspaceRecord | null>;
  getIdempotency(id: string): Promise<IdempotencyRecord | null>;
  createWorkspace(record: WorkspaceRecord): void;
  updateWorkspace(id: string, changes: WorkspaceChanges): void;
  putIdempotency(record: IdempotencyRecord): void;
  getRecord(kind: RecordKind, scope: string, key: string): Promise<StoredRecord | null>;
  putRecord(kind: RecordKind, scope: string, record: StoredRecord): void;
  deleteRecord(kind: RecordKind, scope: string, key: string): void;
  /** The index entry of a path, tombstones included. */
  getFileEntry(workspaceId: string, path: string): Promise<FileEntry | null>;
  putFileEntry(workspaceId: string, entry: FileEntry): void;
  /**
   * Moves the workspace's counters by these amounts, atomically with the
   * entry written in the same transaction (the amounts come from that
   * entry's read, so they are exact). Done without reading the workspace
   * document: many files of one workspace are indexed at once, and a read
   * would make every one of them contend for it. Fails if the workspace
   * document does not exist.
   */
  adjustCounters(workspaceId: string, delta: { files: number; bytes: number }): void;
  getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null>;
  /** True while any document (file entry, agent, state) remains under the workspace. */
  hasWorkspaceDocuments(workspaceId: string): Promise<boolean>;
  putPurgeRecord(record: PurgeRecord): void;
  /** Removes the workspace document itself (the purge's last step). */
  deleteWorkspace(id: string): void;
}

/**
 * Small keyed records kept beside workspaces: agent progress and shared
 * state under a workspace (scope = workspace id), user sessions (scope =
 * the user's id). `data` holds JSON-safe fields only.
 */
export type RecordKind = 'agents' | 'state' | 'sessions';

export interface StoredRecord {
  key: string;
  data: Record<string, unknown>;
  version: number;
  updatedAt: number;
  updatedBy: string;
  /** Epoch ms after which the record reads as absent (sessions); null for never. */
  expiresAt: number | null;
}

/** Days from..to (inclusive, 'YYYY-MM-DD'), continuing after a (day, workspaceId) key. */
export interface UsageQuery {
  from: string;
  to: string;
  after?: { day: string; workspaceId: string };
  limit: number;
}

/** Operation counts of one workspace on one UTC day. */
export interface UsageRow {
  day: string;
  workspaceId: string;
  operations: Record<string, number>;
}

export interface FileListQuery {
  /** Only paths starting with this ('' for all). */
  prefix: string;
  /** Only paths sorting after this one. */
  after?: string;
  limit: number;
}

/** The metadata port: workspace documents and their bookkeeping. */
export interface MetadataStore {
  /** Runs `work` atomically; may run it more than once on contention, so it must be free of side effects. */
  transaction<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T>;
  getWorkspace(id: string): Promise<WorkspaceRecord | null>;
  /** The member's workspaces with one of `statuses`, newest first (createdAt desc, id desc). */
  listWorkspaces(query: WorkspaceQuery): Promise<WorkspaceRecord[]>;
  /**
   * Sets lastAccessedAt to `at` unless it is already newer than `staleBefore`:
   * one small write, no transaction, no version bump.
   */
  touchWorkspace(id: string, at: number, staleBefore: number): Promise<void>;
  /** A live (non-tombstone) index entry, or null. */
  getFile(workspaceId: string, path: string): Promise<FileEntry | null>;
  getRecord(kind: RecordKind, scope: string, key: string): Promise<StoredRecord | null>;
  /**
   * Writes `record` only if the stored version is still `expectedVersion`
   * (null: only if absent). Optimistic, lock-free: many writers racing on one
   * key do not queue behind each other's locks. False when it did not hold.
   */
  compareAndSetRecord(
    kind: RecordKind,
    scope: string,
    record: StoredRecord,
    expectedVersion: number | null,
  ): Promise<boolean>;
  /** Records of a scope in key order, after `after`. */
  listRecords(kind: RecordKind, scope: string, query: { after?: string; limit: number }): Promise<StoredRecord[]>;
  /** Live index entries in path order. */
  listFiles(workspaceId: string, query: FileListQuery): Promise<FileEntry[]>;

  // --- Lifecycle: purge, reconcile, migration, usage ---

  /**
   * Workspaces the purge should look at: every `deleted` one, then those not
   * accessed since `staleBefore` (oldest first). At most `limit` of each kind.
   */
  listPurgeCandidates(query: { staleBefore: number; limit: number }): Promise<WorkspaceRecord[]>;
  /** Every workspace (any status) in id order, after `after`. */
  listAllWorkspaces(query: { after?: string; limit: number }): Promise<WorkspaceRecord[]>;
  /** Workspaces accessed at or after `since`, oldest access first (the reconciler's sample). */
  listAccessedSince(query: { since: number; limit: number }): Promise<WorkspaceRecord[]>;
  /**
   * Deletes up to `limit` documents under a workspace (file entries and
   * tombstones, agents, state) and returns how many; 0 when none are left.
   */
  deleteWorkspaceDocuments(workspaceId: string, limit: number): Promise<number>;
  /**
   * Deletes up to `limit` expired sessions or idempotency records (expiry
   * before `before`) and returns how many; with `dryRun`, only counts them.
   */
  deleteExpired(
    kind: 'sessions' | 'idempotencyKeys',
    before: number,
    limit: number,
    options?: { dryRun?: boolean },
  ): Promise<number>;
  /** Every record of a kind across all scopes, in (scope, key) order (for migration). */
  listAllRecords(
    kind: RecordKind,
    query: { after?: { scope: string; key: string }; limit: number },
  ): Promise<{ scope: string; record: StoredRecord }[]>;
  getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null>;
  /** Saves progress outside a transaction (counts only; state changes go through transactions). */
  putPurgeRecord(record: PurgeRecord): Promise<void>;
  /**
   * Adds operation counts to the usage of one UTC day ('YYYY-MM-DD') and one
   * workspace ('' for requests outside any workspace). Increments, so many
   * instances can flush at once.
   */
  recordUsage(day: string, workspaceId: string, counts: Record<string, number>): Promise<void>;
  /** Usage rows of the days from..to (inclusive), in (day, workspaceId) order. */
  listUsage(query: {
    from: string;
    to: string;
    after?: { day: string; workspaceId: string };
    limit: number;
  }): Promise<UsageRow[]>;
  /** Purge records in workspace id order; `unverified`: only completed ones not yet checked afterwards. */
  listPurgeRecords(query: { after?: string; limit: number; unverified?: boolean }): Promise<PurgeRecord[]>;
  close(): Promise<void>;
}
