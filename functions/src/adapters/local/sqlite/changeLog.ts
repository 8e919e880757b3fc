/**
 * The local change log: every committed change, numbered by SQLite (one sequence for the
 * data folder, across processes and restarts), written in the same transaction as the change
 * itself. Event ids of the local change feed are these numbers, so an EventSource that
 * reconnects with Last-Event-ID, to this process or the next one, gets every change after it.
 */
import type { Change, ChangeEvent } from '../../../ports/changes';
import type { statementCache } from './database';

type Queries = { sql: ReturnType<typeof statementCache> };

/** Changes are kept this long for replay (a client away longer starts over from a fresh `ready`). */
export const CHANGE_LOG_RETENTION_MS = 7 * 24 * 3600_000;
/** Old entries are pruned about once per this many appends. */
const PRUNE_EVERY = 1000;
/** Replay reads this many entries per query. */
const REPLAY_PAGE = 500;

export interface LoggedChange {
  workspaceId: string;
  event: ChangeEvent;
}

export class SqliteChangeLog {
  private appends = 0;

  constructor(private readonly conn: Queries) {
    this.prune();
  }

  /** Inside the change's transaction: logs it and returns its event (id = its sequence number). */
  append(workspaceId: string, change: Change, at = Date.now()): LoggedChange {
    const { lastInsertRowid } = this.conn
      .sql('INSERT INTO change_log (workspace_id, change, created_at) VALUES (?, ?, ?)')
      .run(workspaceId, JSON.stringify(change), at);
    if (++this.appends % PRUNE_EVERY === 0) this.prune(at);
    return { workspaceId, event: { id: String(lastInsertRowid), change } };
  }

  /** Calls `onEvent` with each logged change of the workspace after `afterId`, oldest first. */
  replay(workspaceId: string, afterId: string, onEvent: (event: ChangeEvent) => void): void {
    if (!/^\d{1,15}$/.test(afterId)) return;
    let after = Number(afterId);
    for (;;) {
      const rows = this.conn
        .sql('SELECT seq, change FROM change_log WHERE workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(workspaceId, after, REPLAY_PAGE) as { seq: number; change: string }[];
      for (const row of rows) onEvent({ id: String(row.seq), change: JSON.parse(row.change) as Change });
      if (rows.length < REPLAY_PAGE) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  private prune(now = Date.now()): void {
    this.conn.sql('DELETE FROM change_log WHERE created_at < ?').run(now - CHANGE_LOG_RETENTION_MS);
  }
}
