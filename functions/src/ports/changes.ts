import type { FileEntry } from './fileIndex';
import type { CommitRecord } from './history';
import type { WorkspaceRecord } from './workspaces';
import type { StoredRecord } from './records';

/** One change to a workspace or something under it, as the store saw it. */
export type Change =
  | { kind: 'workspace'; record: WorkspaceRecord }
  | { kind: 'file'; path: string; entry: FileEntry }
  | { kind: 'commit'; commit: CommitRecord }
  | { kind: 'agents' | 'state'; key: string; record: StoredRecord | null };

export interface ChangeEvent {
  /** Opaque, increasing within a feed; a client resumes after it (Last-Event-ID). */
  id: string;
  change: Change;
}

/**
 * The change-feed port: changes to one workspace as they happen (the local
 * store's commits; Firestore snapshot listeners in the cloud).
 */
export interface ChangeFeed {
  /**
   * Delivers changes after `since` (an id from this feed, when the backend
   * can still replay from there), then live ones, until the returned
   * function is called. `onError` ends the subscription.
   */
  subscribe(
    workspaceId: string,
    since: string | undefined,
    onEvent: (event: ChangeEvent) => void,
    onError: (error: unknown) => void,
  ): Promise<() => void>;
}
