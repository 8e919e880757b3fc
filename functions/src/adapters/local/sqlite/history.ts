import type {
  CheckpointRecord,
  CommitListQuery,
  CommitRecord,
  HistoryStore,
  HistoryTransaction,
} from '../../../ports/history';
import type { SqliteConnection, TransactionScope } from './connection';
import type { FileEntry } from '../../../ports/fileIndex';
import { fileFromRow, fileHistoryJson, type FileRow } from './codec';

/** Table commits: the commit log on SQLite, one JSON row per commit. */
export class SqliteHistoryStore implements HistoryStore {
  constructor(private readonly conn: SqliteConnection) {}

  async getEntry(workspaceId: string, path: string): Promise<FileEntry | null> {
    const row = this.conn.sql('SELECT * FROM files WHERE workspace_id = ? AND path = ?').get(workspaceId, path) as
      FileRow | undefined;
    return row ? fileFromRow(row) : null;
  }

  async getCommit(workspaceId: string, commitId: string): Promise<CommitRecord | null> {
    const row = this.conn
      .sql('SELECT data FROM commits WHERE workspace_id = ? AND id = ?')
      .get(workspaceId, commitId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as CommitRecord) : null;
  }

  async listCommits(workspaceId: string, query: CommitListQuery): Promise<CommitRecord[]> {
    // '~' sorts after every id character, so no cursor means "from the newest".
    const rows = this.conn
      .sql('SELECT data FROM commits WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?')
      .all(workspaceId, query.before ?? '~', query.limit) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as CommitRecord);
  }

  async getCheckpoint(workspaceId: string, checkpointId: string): Promise<CheckpointRecord | null> {
    const row = this.conn
      .sql('SELECT data FROM checkpoints WHERE workspace_id = ? AND id = ?')
      .get(workspaceId, checkpointId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as CheckpointRecord) : null;
  }

  async listCheckpoints(workspaceId: string, query: CommitListQuery): Promise<CheckpointRecord[]> {
    const rows = this.conn
      .sql('SELECT data FROM checkpoints WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?')
      .all(workspaceId, query.before ?? '~', query.limit) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as CheckpointRecord);
  }

  async deleteCheckpoint(workspaceId: string, checkpointId: string): Promise<boolean> {
    return this.conn.mutex.run(
      async () =>
        this.conn.sql('DELETE FROM checkpoints WHERE workspace_id = ? AND id = ?').run(workspaceId, checkpointId)
          .changes > 0,
    );
  }

  async listEntries(workspaceId: string, query: { after?: string; limit: number }): Promise<FileEntry[]> {
    const rows = this.conn
      .sql('SELECT * FROM files WHERE workspace_id = ? AND path > ? ORDER BY path LIMIT ?')
      .all(workspaceId, query.after ?? '', query.limit) as FileRow[];
    return rows.map(fileFromRow);
  }
}

export function historyTransaction(scope: TransactionScope): HistoryTransaction {
  return {
    putCommit: (workspaceId, commit) => {
      scope.write();
      scope.changed.push({ workspaceId, change: { kind: 'commit', commit } });
      scope.conn
        .sql('INSERT INTO commits (workspace_id, id, data) VALUES (?, ?, ?)')
        .run(workspaceId, commit.id, JSON.stringify(commit));
    },
    newestCommitId: async (workspaceId) => {
      scope.read();
      const row = scope.conn
        .sql('SELECT id FROM commits WHERE workspace_id = ? ORDER BY id DESC LIMIT 1')
        .get(workspaceId) as { id: string } | undefined;
      return row?.id;
    },
    putCheckpoint: (workspaceId, checkpoint) => {
      scope.write();
      scope.conn
        .sql('INSERT INTO checkpoints (workspace_id, id, data) VALUES (?, ?, ?)')
        .run(workspaceId, checkpoint.id, JSON.stringify(checkpoint));
    },
    putVersions: (workspaceId, path, versions) => {
      scope.write();
      const row = scope.conn.sql('SELECT * FROM files WHERE workspace_id = ? AND path = ?').get(workspaceId, path) as
        FileRow | undefined;
      if (!row) throw new Error(`no index entry for ${path}`);
      const entry = { ...fileFromRow(row), versions };
      // Announced like any change of the entry, as a Firestore listener sees it (same generation: no new version).
      scope.changed.push({ workspaceId, change: { kind: 'file', path, entry } });
      scope.conn
        .sql('UPDATE files SET history = ? WHERE workspace_id = ? AND path = ?')
        .run(fileHistoryJson(entry), workspaceId, path);
    },
    deleteTombstone: (workspaceId, path) => {
      scope.write();
      scope.conn.sql('DELETE FROM files WHERE workspace_id = ? AND path = ? AND deleted = 1').run(workspaceId, path);
    },
  };
}
