import type { FileEntry, FileIndexStore, FileIndexTransaction, FileListQuery } from '../../../ports/fileIndex';
import { fileFromRow, fileHistoryJson, type FileRow } from './codec';
import type { SqliteConnection, TransactionScope } from './connection';

/** One row per path ever seen (deleted = 1 is a tombstone). */
export function readFile(conn: SqliteConnection, workspaceId: string, path: string): FileEntry | null {
  const row = conn.sql('SELECT * FROM files WHERE workspace_id = ? AND path = ?').get(workspaceId, path) as
    FileRow | undefined;
  return row ? fileFromRow(row) : null;
}

/** Table files: the file index on SQLite. */
export class SqliteFileIndex implements FileIndexStore {
  constructor(private readonly conn: SqliteConnection) {}

  async getFile(workspaceId: string, path: string): Promise<FileEntry | null> {
    const entry = this.conn.remembered(`file\n${workspaceId}\n${path}`, () => readFile(this.conn, workspaceId, path));
    return entry && !entry.deleted ? entry : null;
  }

  async listFiles(workspaceId: string, query: FileListQuery): Promise<FileEntry[]> {
    const key = `list\n${workspaceId}\n${query.prefix}\n${query.after ?? ''}\n${query.limit}\n${query.summary ?? false}`;
    return this.conn.remembered(key, () => this.readFiles(workspaceId, query));
  }

  private readFiles(workspaceId: string, query: FileListQuery): FileEntry[] {
    // The prefix as a range on the primary key (the bound Firestore uses too), so the scan stops at
    // the prefix's end and no LIKE escaping is needed.
    const bounded = query.prefix !== '';
    const statement = this.conn.sql(
      `SELECT ${query.summary ? SUMMARY_COLUMNS : '*'} FROM files
         WHERE workspace_id = ? AND path >= ? ${bounded ? 'AND path < ?' : ''} AND path > ? AND deleted = 0
         ORDER BY path LIMIT ?`,
    );
    const args = [
      workspaceId,
      query.prefix,
      ...(bounded ? [`${query.prefix}\u{10FFFF}`] : []),
      query.after ?? '',
      query.limit,
    ];
    if (!query.summary) return (statement.all(...args) as FileRow[]).map(fileFromRow);
    // Rows as arrays: a listing page is the hottest read, and better-sqlite3 builds arrays much faster.
    return (statement.raw(true).all(...args) as SummaryRow[]).map(
      ([path, size, contentType, md5, generation, updatedAt]) => ({
        path,
        size,
        contentType,
        md5,
        generation,
        updatedAt,
        deleted: false,
      }),
    );
  }
}

/** The columns of a summary listing, in the order of SummaryRow (the statement is only used raw). */
const SUMMARY_COLUMNS = 'path, size, content_type, md5, generation, updated_at';
type SummaryRow = [string, number, string, string, string, number];

export function fileIndexTransaction(scope: TransactionScope): FileIndexTransaction {
  const { conn } = scope;
  return {
    getFileEntry: async (workspaceId, path) => {
      scope.read();
      return readFile(conn, workspaceId, path);
    },
    putFileEntry: (workspaceId, e) => {
      scope.write();
      scope.changed.push({ workspaceId, change: { kind: 'file', path: e.path, entry: e } });
      conn
        .sql(
          `INSERT OR REPLACE INTO files (workspace_id, path, size, content_type, md5, generation, updated_at, deleted,
             history) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          workspaceId,
          e.path,
          e.size,
          e.contentType,
          e.md5,
          e.generation,
          e.updatedAt,
          e.deleted ? 1 : 0,
          fileHistoryJson(e),
        );
    },
    adjustCounters: (workspaceId, delta) => {
      scope.write();
      scope.changed.push({ workspaceId });
      const updated = conn
        .sql(
          `UPDATE workspaces SET file_count = file_count + ?, total_bytes = total_bytes + ?,
             version_bytes = version_bytes + ? WHERE id = ?`,
        )
        .run(delta.files, delta.bytes, delta.versionBytes ?? 0, workspaceId).changes;
      if (updated !== 1) throw new Error(`workspace ${workspaceId} does not exist`);
    },
  };
}
