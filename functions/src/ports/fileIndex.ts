/**
 * The file index: one entry per path a workspace ever had (a tombstone once
 * deleted), and the workspace's fileCount/totalBytes counters that follow it.
 */
export interface FileEntry {
  path: string;
  size: number;
  contentType: string;
  md5: string;
  generation: string;
  updatedAt: number;
  /** A tombstone: the path was deleted at `generation`. Never listed or counted. */
  deleted: boolean;
  /**
   * The immutable blob with this version's bytes (workspaces/{ws}/blobs/{blob}).
   * Absent: the bytes are the object files/{path} at `generation` (written
   * straight to the bucket, or before history).
   */
  blob?: string;
  /** The commit that made this version, and who made it. */
  commitId?: string;
  author?: string;
  /** The versions this one replaced, newest first (bounded; see docs/history.md). */
  versions?: FileVersion[];
}

export interface CounterDelta {
  files: number;
  bytes: number;
  /** Bytes kept only for history (versionBytes). */
  versionBytes?: number;
}

/** One version of a path: the bytes it had (or its deletion) from `generation` on. */
export interface FileVersion {
  generation: string;
  /**
   * The immutable blob holding the bytes (workspaces/{ws}/blobs/{blob}).
   * Absent for a version written straight to files/{path} before the API
   * kept blobs: its bytes are readable while that object still has this generation.
   */
  blob?: string;
  size: number;
  contentType: string;
  md5: string;
  /** When this version was written (epoch ms). */
  createdAt: number;
  commitId?: string;
  author?: string;
  deleted: boolean;
}

export interface FileListQuery {
  /** Only paths starting with this ('' for all). */
  prefix: string;
  /** Only paths sorting after this one. */
  after?: string;
  limit: number;
  /**
   * Only the fields of the listing's answer (path, size, type, md5, generation,
   * updatedAt): no blob, commit or kept versions, which a path may hold up to
   * WEBSPLAT_VERSIONS_PER_FILE of and the API's listing never shows.
   */
  summary?: boolean;
}

/** Reads of the index outside transactions. */
export interface FileIndexStore {
  /** A live (non-tombstone) index entry, or null. */
  getFile(workspaceId: string, path: string): Promise<FileEntry | null>;
  /** Live index entries in path order. */
  listFiles(workspaceId: string, query: FileListQuery): Promise<FileEntry[]>;
}

/** The file index part of a Transaction. */
export interface FileIndexTransaction {
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
  adjustCounters(workspaceId: string, delta: CounterDelta): void;
}
