import type { LifecycleStore, LifecycleTransaction, PurgeRecord } from '../../../ports/lifecycle';
import type { StoredRecord } from '../../../ports/records';
import type { WorkspaceRecord } from '../../../ports/workspaces';
import {
  readPurgeRecord,
  recordFromRow,
  workspaceFromRow,
  writePurgeRecord,
  type RecordRow,
  type WorkspaceRow,
} from './codec';
import type { SqliteConnection, TransactionScope } from './connection';

function hasWorkspaceDocuments(conn: SqliteConnection, workspaceId: string): boolean {
  return (
    conn.sql('SELECT 1 FROM files WHERE workspace_id = ? LIMIT 1').get(workspaceId) !== undefined ||
    conn.sql('SELECT 1 FROM commits WHERE workspace_id = ? LIMIT 1').get(workspaceId) !== undefined ||
    conn.sql('SELECT 1 FROM checkpoints WHERE workspace_id = ? LIMIT 1').get(workspaceId) !== undefined ||
    conn
      .sql("SELECT 1 FROM records WHERE kind IN ('agents', 'state', 'links') AND scope = ? LIMIT 1")
      .get(workspaceId) !== undefined
  );
}

/** The purge's, the reconciler's and migration's queries on SQLite; table purge_records. */
export class SqliteLifecycleStore implements LifecycleStore {
  constructor(private readonly conn: SqliteConnection) {}

  async listPurgeCandidates(query: { staleBefore: number; limit: number }): Promise<WorkspaceRecord[]> {
    const { sql } = this.conn;
    const deleted = sql("SELECT * FROM workspaces WHERE status = 'deleted' ORDER BY id LIMIT ?").all(
      query.limit,
    ) as WorkspaceRow[];
    const stale = sql(
      "SELECT * FROM workspaces WHERE last_accessed_at < ? AND status != 'deleted' ORDER BY last_accessed_at, id LIMIT ?",
    ).all(query.staleBefore, query.limit) as WorkspaceRow[];
    return [...deleted, ...stale].map(workspaceFromRow);
  }

  async listAllWorkspaces(query: { after?: string; limit: number }): Promise<WorkspaceRecord[]> {
    const rows = this.conn
      .sql('SELECT * FROM workspaces WHERE id > ? ORDER BY id LIMIT ?')
      .all(query.after ?? '', query.limit) as WorkspaceRow[];
    return rows.map(workspaceFromRow);
  }

  async listAccessedSince(query: { since: number; limit: number }): Promise<WorkspaceRecord[]> {
    const rows = this.conn
      .sql('SELECT * FROM workspaces WHERE last_accessed_at >= ? ORDER BY last_accessed_at, id LIMIT ?')
      .all(query.since, query.limit) as WorkspaceRow[];
    return rows.map(workspaceFromRow);
  }

  async listAllSessions(query: {
    after?: { scope: string; key: string };
    limit: number;
  }): Promise<{ scope: string; record: StoredRecord }[]> {
    const after = query.after ?? { scope: '', key: '' };
    const rows = this.conn
      .sql(
        `SELECT * FROM records WHERE kind = 'sessions' AND (scope > ? OR (scope = ? AND key > ?))
           ORDER BY scope, key LIMIT ?`,
      )
      .all(after.scope, after.scope, after.key, query.limit) as (RecordRow & { scope: string })[];
    return rows.map((r) => ({ scope: r.scope, record: recordFromRow(r) }));
  }

  async deleteWorkspaceDocuments(workspaceId: string, limit: number): Promise<number> {
    const { db, sql, mutex } = this.conn;
    return mutex.run(async () =>
      db.transaction(() => {
        const files = sql(
          'DELETE FROM files WHERE rowid IN (SELECT rowid FROM files WHERE workspace_id = ? LIMIT ?)',
        ).run(workspaceId, limit).changes;
        const records = sql(
          `DELETE FROM records WHERE rowid IN
               (SELECT rowid FROM records WHERE kind IN ('agents', 'state', 'links') AND scope = ? LIMIT ?)`,
        ).run(workspaceId, limit - files).changes;
        const commits = sql(
          'DELETE FROM commits WHERE rowid IN (SELECT rowid FROM commits WHERE workspace_id = ? LIMIT ?)',
        ).run(workspaceId, limit - files - records).changes;
        const checkpoints = sql(
          'DELETE FROM checkpoints WHERE rowid IN (SELECT rowid FROM checkpoints WHERE workspace_id = ? LIMIT ?)',
        ).run(workspaceId, limit - files - records - commits).changes;
        return files + records + commits + checkpoints;
      })(),
    );
  }

  async deleteExpired(
    kind: 'sessions' | 'idempotencyKeys' | 'links',
    before: number,
    limit: number,
    options: { dryRun?: boolean } = {},
  ): Promise<number> {
    const { sql, mutex } = this.conn;
    const [table, filter] =
      kind === 'idempotencyKeys'
        ? ['idempotency_keys', 'expires_at < ?']
        : ['records', `kind = '${kind}' AND expires_at IS NOT NULL AND expires_at < ?`];
    if (options.dryRun) {
      const row = sql(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${filter} LIMIT ?)`).get(
        before,
        limit,
      ) as { n: number };
      return row.n;
    }
    return mutex.run(
      async () =>
        sql(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${filter} LIMIT ?)`).run(
          before,
          limit,
        ).changes,
    );
  }

  async getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null> {
    return readPurgeRecord(this.conn, workspaceId);
  }

  async putPurgeRecord(record: PurgeRecord): Promise<void> {
    await this.conn.mutex.run(async () => writePurgeRecord(this.conn, record));
  }

  async listPurgeRecords(query: { after?: string; limit: number; unverified?: boolean }): Promise<PurgeRecord[]> {
    const filter = query.unverified ? "AND state = 'purged' AND verified_at IS NULL" : '';
    const rows = this.conn
      .sql(`SELECT record FROM purge_records WHERE workspace_id > ? ${filter} ORDER BY workspace_id LIMIT ?`)
      .all(query.after ?? '', query.limit) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as PurgeRecord);
  }

  async getMaintenanceCursor(step: string): Promise<string | null> {
    const row = this.conn.sql('SELECT value_json FROM maintenance_cursors WHERE step = ?').get(step) as
      { value_json: string } | undefined;
    return row?.value_json ?? null;
  }

  async putMaintenanceCursor(step: string, valueJson: string): Promise<void> {
    await this.conn.mutex.run(async () => {
      this.conn.sql('INSERT OR REPLACE INTO maintenance_cursors (step, value_json) VALUES (?, ?)').run(step, valueJson);
    });
  }
}

export function lifecycleTransaction(scope: TransactionScope): LifecycleTransaction {
  const { conn } = scope;
  return {
    getPurgeRecord: async (id) => {
      scope.read();
      return readPurgeRecord(conn, id);
    },
    hasWorkspaceDocuments: async (id) => {
      scope.read();
      return hasWorkspaceDocuments(conn, id);
    },
    putPurgeRecord: (r) => {
      scope.write();
      writePurgeRecord(conn, r);
    },
    deleteWorkspace: (id) => {
      scope.write();
      conn.sql('DELETE FROM workspaces WHERE id = ?').run(id);
    },
  };
}
