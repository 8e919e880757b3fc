/**
 * One path's index change as a compare-and-set instead of a transaction:
 * the Storage triggers' and single-file writes' hot path. No lock is held
 * between the read and the write, so the events of one workspace's many
 * files never wait for each other, and a change costs two round trips
 * (a transaction's read, write and lock cost more, and the emulator
 * serialises transactions).
 */
import type { CounterDelta, FileEntry } from './fileIndex';
import type { CommitRecord } from './history';
import type { WorkspaceStatus } from './workspaces';

export interface EntrySwapStore {
  /**
   * A path's entry (tombstones included) as swapEntry checks it, and with
   * `workspace`, the workspace's status, read at the same moment.
   */
  readEntry(workspaceId: string, path: string, options: { workspace: boolean }): Promise<EntrySnapshot>;
  /**
   * Writes one path's change (its entry, its commit record, the counters)
   * at once if the entry is still as `snapshot` read it (any field): true.
   * false: it changed since, and nothing was written (read again). Throws,
   * writing nothing, as adjustCounters does when the workspace is gone.
   */
  swapEntry(snapshot: EntrySnapshot, change: EntryChange): Promise<boolean>;
}

/** What readEntry saw. */
export interface EntrySnapshot {
  readonly workspaceId: string;
  readonly path: string;
  readonly entry: FileEntry | null;
  /** The workspace's status, null if it does not exist; undefined unless asked. */
  readonly workspaceStatus?: WorkspaceStatus | null;
  /** The adapter's own record of the entry's state when read (opaque to the domain). */
  readonly token: unknown;
}

/** One path's change, written by swapEntry. */
export interface EntryChange {
  entry: FileEntry;
  commit: CommitRecord;
  /** Omitted when the counters do not move. */
  counters?: CounterDelta;
}
