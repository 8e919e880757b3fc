/** Rows of metadata.sqlite and the records they hold. */
import type { FileEntry } from '../../../ports/fileIndex';
import type { PurgeRecord } from '../../../ports/lifecycle';
import type { StoredRecord } from '../../../ports/records';
import type { WorkspaceChanges, WorkspaceRecord } from '../../../ports/workspaces';
import type { statementCache } from './database';

/** What the helpers below query through (the shared connection). */
type Queries = { sql: ReturnType<typeof statementCache> };

export interface RecordRow {
  key: string;
  data: string;
  version: number;
  updated_at: number;
  updated_by: string;
  expires_at: number | null;
}

export const recordFromRow = (r: RecordRow): StoredRecord => ({
  key: r.key,
  data: JSON.parse(r.data),
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  expiresAt: r.expires_at,
});

export interface FileRow {
  path: string;
  size: number;
  content_type: string;
  md5: string;
  generation: string;
  updated_at: number;
  deleted: number;
  /** JSON of the history fields (blob, commitId, author, versions); null before history. */
  history: string | null;
}

export const fileFromRow = (r: FileRow): FileEntry => ({
  path: r.path,
  size: r.size,
  contentType: r.content_type,
  md5: r.md5,
  generation: r.generation,
  updatedAt: r.updated_at,
  deleted: r.deleted === 1,
  ...(r.history !== null && (JSON.parse(r.history) as Pick<FileEntry, 'blob' | 'commitId' | 'author' | 'versions'>)),
});

/** The history fields of an entry as stored in files.history. */
export function fileHistoryJson(e: FileEntry): string | null {
  if (e.blob === undefined && e.commitId === undefined && e.versions === undefined) return null;
  return JSON.stringify({
    ...(e.blob !== undefined && { blob: e.blob }),
    ...(e.commitId !== undefined && { commitId: e.commitId }),
    ...(e.author !== undefined && { author: e.author }),
    ...(e.versions !== undefined && { versions: e.versions }),
  });
}

export interface WorkspaceRow {
  id: string;
  name: string;
  description: string;
  status: string;
  owner_id: string;
  members: string;
  metadata: string;
  file_count: number;
  total_bytes: number;
  version_bytes: number;
  created_at: number;
  updated_at: number;
  last_accessed_at: number;
  deleted_at: number | null;
  deleted_by: string | null;
  version: number;
}

export function workspaceFromRow(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status as WorkspaceRecord['status'],
    ownerId: row.owner_id,
    members: JSON.parse(row.members),
    metadata: JSON.parse(row.metadata),
    fileCount: row.file_count,
    totalBytes: row.total_bytes,
    ...(row.version_bytes ? { versionBytes: row.version_bytes } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastAccessedAt: row.last_accessed_at,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by ?? null,
    version: row.version,
  };
}

/** The column of each field a workspace update may write. */
export const WORKSPACE_COLUMN: Record<keyof WorkspaceChanges, string> = {
  name: 'name',
  description: 'description',
  status: 'status',
  members: 'members',
  metadata: 'metadata',
  updatedAt: 'updated_at',
  lastAccessedAt: 'last_accessed_at',
  deletedAt: 'deleted_at',
  deletedBy: 'deleted_by',
  version: 'version',
};

export function readWorkspace(conn: Queries, id: string): WorkspaceRecord | null {
  const row = conn.sql('SELECT * FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
  return row ? workspaceFromRow(row) : null;
}

export function readPurgeRecord(conn: Queries, workspaceId: string): PurgeRecord | null {
  const row = conn.sql('SELECT record FROM purge_records WHERE workspace_id = ?').get(workspaceId) as
    { record: string } | undefined;
  return row ? (JSON.parse(row.record) as PurgeRecord) : null;
}

export function writePurgeRecord(conn: Queries, r: PurgeRecord): void {
  conn
    .sql('INSERT OR REPLACE INTO purge_records (workspace_id, state, verified_at, record) VALUES (?, ?, ?, ?)')
    .run(r.workspaceId, r.state, r.verifiedAt, JSON.stringify(r));
}

/** Agents, state and sessions share one table, told apart by `kind`. */
export function readRecord(conn: Queries, kind: string, scope: string, key: string): StoredRecord | null {
  const row = conn.sql('SELECT * FROM records WHERE kind = ? AND scope = ? AND key = ?').get(kind, scope, key) as
    RecordRow | undefined;
  return row ? recordFromRow(row) : null;
}

export function writeRecord(conn: Queries, kind: string, scope: string, r: StoredRecord): void {
  conn
    .sql(
      `INSERT OR REPLACE INTO records (kind, scope, key, data, version, updated_at, updated_by, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(kind, scope, r.key, JSON.stringify(r.data), r.version, r.updatedAt, r.updatedBy, r.expiresAt);
}

export function deleteRecordRow(conn: Queries, kind: string, scope: string, key: string): void {
  conn.sql('DELETE FROM records WHERE kind = ? AND scope = ? AND key = ?').run(kind, scope, key);
}
