import type {
  IdempotencyRecord,
  IdempotencyTransaction,
  WorkspaceChanges,
  WorkspaceQuery,
  WorkspaceRecord,
  WorkspaceStore,
  WorkspaceTransaction,
} from '../../../ports/workspaces';
import { readWorkspace, WORKSPACE_COLUMN, workspaceFromRow, type WorkspaceRow } from './codec';
import type { SqliteConnection, TransactionScope } from './connection';

/** Tables workspaces and workspace_members: the workspace port on SQLite. */
export class SqliteWorkspaceStore implements WorkspaceStore {
  constructor(private readonly conn: SqliteConnection) {}

  async getWorkspace(id: string): Promise<WorkspaceRecord | null> {
    return this.conn.remembered(`workspace\n${id}`, () => readWorkspace(this.conn, id));
  }

  async listWorkspaces(query: WorkspaceQuery): Promise<WorkspaceRecord[]> {
    const statusMarks = query.statuses.map(() => '?').join(',');
    const params: unknown[] = [query.memberId, ...query.statuses];
    let cursor = '';
    if (query.after) {
      cursor = 'AND (w.created_at < ? OR (w.created_at = ? AND w.id < ?))';
      params.push(query.after.createdAt, query.after.createdAt, query.after.id);
    }
    params.push(query.limit);
    const rows = this.conn
      .sql(
        `SELECT w.* FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
           WHERE m.uid = ? AND w.status IN (${statusMarks}) ${cursor}
           ORDER BY w.created_at DESC, w.id DESC LIMIT ?`,
      )
      .all(...params) as WorkspaceRow[];
    return rows.map(workspaceFromRow);
  }

  async touchWorkspace(id: string, at: number, staleBefore: number): Promise<void> {
    this.conn
      .sql('UPDATE workspaces SET last_accessed_at = ? WHERE id = ? AND last_accessed_at < ?')
      .run(at, id, staleBefore);
  }
}

/** One row per member: the listing query joins through it (the SQL twin of Firestore's memberIds). */
function syncMembers(scope: TransactionScope, workspaceId: string, members: Record<string, string>): void {
  scope.conn.sql('DELETE FROM workspace_members WHERE workspace_id = ?').run(workspaceId);
  const insert = scope.conn.sql('INSERT INTO workspace_members (uid, workspace_id) VALUES (?, ?)');
  for (const uid of Object.keys(members)) insert.run(uid, workspaceId);
}

export function workspaceTransaction(scope: TransactionScope): WorkspaceTransaction {
  const { conn } = scope;
  return {
    getWorkspace: async (id) => {
      scope.read();
      return readWorkspace(conn, id);
    },
    createWorkspace: (r) => {
      scope.write();
      scope.changed.push({ workspaceId: r.id });
      conn
        .sql(
          `INSERT INTO workspaces (id, name, description, status, owner_id, members, metadata, file_count,
             total_bytes, created_at, updated_at, last_accessed_at, deleted_at, deleted_by, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.id,
          r.name,
          r.description,
          r.status,
          r.ownerId,
          JSON.stringify(r.members),
          JSON.stringify(r.metadata),
          r.fileCount,
          r.totalBytes,
          r.createdAt,
          r.updatedAt,
          r.lastAccessedAt,
          r.deletedAt,
          r.deletedBy,
          r.version,
        );
      syncMembers(scope, r.id, r.members);
    },
    updateWorkspace: (id, changes) => {
      scope.write();
      scope.changed.push({ workspaceId: id });
      const entries = (Object.keys(WORKSPACE_COLUMN) as (keyof WorkspaceChanges)[]).flatMap((key) =>
        changes[key] === undefined ? [] : [[key, changes[key]] as const],
      );
      if (entries.length === 0) return;
      const sets = entries.map(([k]) => `${WORKSPACE_COLUMN[k]} = ?`).join(', ');
      const values = entries.map(([k, v]) => (k === 'members' || k === 'metadata' ? JSON.stringify(v) : v));
      conn.sql(`UPDATE workspaces SET ${sets} WHERE id = ?`).run(...values, id);
      if (changes.members) syncMembers(scope, id, changes.members);
    },
  };
}

export function idempotencyTransaction(scope: TransactionScope): IdempotencyTransaction {
  const { conn } = scope;
  return {
    getIdempotency: async (id) => {
      scope.read();
      const row = conn.sql('SELECT * FROM idempotency_keys WHERE id = ?').get(id) as
        Record<string, unknown> | undefined;
      if (!row) return null;
      return {
        id: String(row.id),
        uid: String(row.uid),
        requestHash: String(row.request_hash),
        statusCode: Number(row.status_code),
        responseBody: String(row.response_body),
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      } satisfies IdempotencyRecord;
    },
    putIdempotency: (r) => {
      scope.write();
      conn
        .sql(
          `INSERT OR REPLACE INTO idempotency_keys (id, uid, request_hash, status_code, response_body, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(r.id, r.uid, r.requestHash, r.statusCode, r.responseBody, r.createdAt, r.expiresAt);
    },
  };
}
