import type { UsageQuery, UsageRow, UsageStore } from '../../../ports/usage';
import type { SqliteConnection } from './connection';

/** Table usage: one row per (day, workspace, operation), moved by upserts that add. */
export class SqliteUsageStore implements UsageStore {
  constructor(private readonly conn: SqliteConnection) {}

  async recordUsage(day: string, workspaceId: string, counts: Record<string, number>): Promise<void> {
    const { db, sql, mutex } = this.conn;
    await mutex.run(async () => {
      const add = sql(
        `INSERT INTO usage (day, workspace_id, operation, count) VALUES (?, ?, ?, ?)
         ON CONFLICT (day, workspace_id, operation) DO UPDATE SET count = count + excluded.count`,
      );
      db.transaction(() => {
        for (const [operation, n] of Object.entries(counts)) add.run(day, workspaceId, operation, n);
      })();
    });
  }

  async listUsage(query: UsageQuery): Promise<UsageRow[]> {
    const { sql } = this.conn;
    const after = query.after ?? { day: '', workspaceId: '' };
    // A page of (day, workspace) keys, then their operations.
    const keys = sql(
      `SELECT DISTINCT day, workspace_id FROM usage
         WHERE day >= ? AND day <= ? AND (day > ? OR (day = ? AND workspace_id > ?))
         ORDER BY day, workspace_id LIMIT ?`,
    ).all(query.from, query.to, after.day, after.day, after.workspaceId, query.limit) as {
      day: string;
      workspace_id: string;
    }[];
    const ops = sql('SELECT operation, count FROM usage WHERE day = ? AND workspace_id = ?');
    return keys.map((k) => ({
      day: k.day,
      workspaceId: k.workspace_id,
      operations: Object.fromEntries(
        (ops.all(k.day, k.workspace_id) as { operation: string; count: number }[]).map((r) => [r.operation, r.count]),
      ),
    }));
  }
}
