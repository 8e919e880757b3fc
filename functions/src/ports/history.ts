/**
 * The history port: the commit log of a workspace and the versions each
 * file index entry keeps. Versions live on the entry itself (one document or
 * row per path), so a write costs one more record (its commit), not two.
 */
import type { FileEntry, FileVersion } from './fileIndex';

export type { FileVersion } from './fileIndex';

/** What made a commit. */
export type CommitKind =
  'commit' | 'put' | 'delete' | 'copy' | 'move' | 'upload' | 'direct' | 'restore' | 'clone' | 'import' | 'repair';

/** One change of a commit as stored: enough to rebuild the entry. */
export interface CommitChangeRecord {
  path: string;
  generation: string;
  deleted?: true;
  blob?: string;
  size?: number;
  contentType?: string;
  md5?: string;
}

export interface CommitRecord {
  id: string;
  kind: CommitKind;
  message: string;
  agentId?: string;
  author: string;
  createdAt: number;
  changes: CommitChangeRecord[];
  checkpointId?: string;
}

/**
 * A checkpoint's record (docs/history.md, "Checkpoints"); what it holds is
 * in its immutable manifest object (`manifest`, a blob store name).
 */
export interface CheckpointRecord {
  id: string;
  label: string;
  createdAt: number;
  author: string;
  /** The newest commit when it was taken (absent: the workspace had none). */
  commitId?: string;
  fileCount: number;
  totalBytes: number;
  stateCount: number;
  manifest: string;
  manifestBytes: number;
}

export interface CommitListQuery {
  /** Only commits with ids below this one (the page cursor). */
  before?: string;
  limit: number;
}

/** Reads of the commit log outside transactions. */
export interface HistoryStore {
  /** The index entry of a path with its kept versions, tombstones included. */
  getEntry(workspaceId: string, path: string): Promise<FileEntry | null>;
  getCommit(workspaceId: string, commitId: string): Promise<CommitRecord | null>;
  /** Newest first (commit ids are time-ordered). */
  listCommits(workspaceId: string, query: CommitListQuery): Promise<CommitRecord[]>;
  getCheckpoint(workspaceId: string, checkpointId: string): Promise<CheckpointRecord | null>;
  /**
   * Newest first (checkpoint ids are time-ordered), `before` as for commits.
   * With the manifests (domain/history/held.ts, `heldByCheckpoints`)
   * this is what tells retention which versions checkpoints hold.
   */
  listCheckpoints(workspaceId: string, query: CommitListQuery): Promise<CheckpointRecord[]>;
  /** False when there was none. */
  deleteCheckpoint(workspaceId: string, checkpointId: string): Promise<boolean>;
  /**
   * Every index entry of a workspace, tombstones included, in a fixed order
   * (the retention pass's walk): entries after the one whose path is `after`.
   */
  listEntries(workspaceId: string, query: { after?: string; limit: number }): Promise<FileEntry[]>;
}

/** The history part of a Transaction. */
export interface HistoryTransaction {
  putCommit(workspaceId: string, commit: CommitRecord): void;
  /** The id of the newest commit of a workspace (a read: before any write). */
  newestCommitId(workspaceId: string): Promise<string | undefined>;
  /** Creates a checkpoint record. */
  putCheckpoint(workspaceId: string, checkpoint: CheckpointRecord): void;
  /**
   * Replaces only the kept versions of an existing entry (the retention
   * pass): the live version is untouched, so it is no file change.
   */
  putVersions(workspaceId: string, path: string, versions: FileVersion[]): void;
  /** Removes a tombstone that keeps no version any more (the retention pass). */
  deleteTombstone(workspaceId: string, path: string): void;
}
