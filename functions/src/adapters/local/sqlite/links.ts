import { EventEmitter } from 'node:events';
import type { LinkCursor, LinkRecord, LinkStore, LinkTransaction } from '../../../ports/links';
import { readRecord, recordFromRow, writeRecord, type RecordRow } from './codec';
import type { SqliteConnection, TransactionScope } from './connection';

/** Links are rows of table records: kind links, scope = the workspace id, key = the link id. */
export const LINK_KIND = 'links';

/** How often a watch also looks at the row itself (a purge in another process deletes rows silently). */
const WATCH_POLL_MS = 2_000;

function linkFromRow(row: RecordRow): LinkRecord {
  return recordFromRow(row).data as unknown as LinkRecord;
}

function writeLink(conn: SqliteConnection, link: LinkRecord): void {
  writeRecord(conn, LINK_KIND, link.workspaceId, {
    key: link.id,
    data: { ...link },
    version: 1,
    // Links never change, so updated_at is their creation time (the listing's order).
    updatedAt: link.createdAt,
    updatedBy: link.createdBy,
    expiresAt: link.expiresAt,
  });
}

export class SqliteLinkStore implements LinkStore {
  /** Deletions made through this store, by `${workspaceId}/${linkId}`: watches end at once. */
  private readonly deletions = new EventEmitter().setMaxListeners(0);

  constructor(private readonly conn: SqliteConnection) {}

  async getLink(workspaceId: string, linkId: string): Promise<LinkRecord | null> {
    const record = readRecord(this.conn, LINK_KIND, workspaceId, linkId);
    return record ? (record.data as unknown as LinkRecord) : null;
  }

  async listLinks(workspaceId: string, query: { after?: LinkCursor; limit: number }): Promise<LinkRecord[]> {
    const after = query.after ?? { createdAt: Number.MAX_SAFE_INTEGER, id: '' };
    const rows = this.conn
      .sql(
        `SELECT * FROM records WHERE kind = ? AND scope = ? AND (updated_at < ? OR (updated_at = ? AND key < ?))
           ORDER BY updated_at DESC, key DESC LIMIT ?`,
      )
      .all(LINK_KIND, workspaceId, after.createdAt, after.createdAt, after.id, query.limit) as RecordRow[];
    return rows.map(linkFromRow);
  }

  async deleteLink(workspaceId: string, linkId: string): Promise<boolean> {
    const { sql, mutex } = this.conn;
    const gone = await mutex.run(
      async () =>
        sql('DELETE FROM records WHERE kind = ? AND scope = ? AND key = ?').run(LINK_KIND, workspaceId, linkId)
          .changes > 0,
    );
    if (gone) this.deletions.emit(`${workspaceId}/${linkId}`);
    return gone;
  }

  async watchLink(
    workspaceId: string,
    linkId: string,
    onGone: () => void,
    onError: (error: unknown) => void,
  ): Promise<() => void> {
    const name = `${workspaceId}/${linkId}`;
    let done = false;
    const stop = () => {
      done = true;
      clearInterval(timer);
      this.deletions.off(name, gone);
    };
    const gone = () => {
      if (done) return;
      stop();
      onGone();
    };
    const check = () => {
      try {
        if (!readRecord(this.conn, LINK_KIND, workspaceId, linkId)) gone();
      } catch (error) {
        if (done) return;
        stop();
        onError(error);
      }
    };
    this.deletions.on(name, gone);
    const timer = setInterval(check, WATCH_POLL_MS);
    timer.unref();
    check();
    return stop;
  }
}

export function linkTransaction(scope: TransactionScope): LinkTransaction {
  return {
    putLink: (link) => {
      scope.write();
      writeLink(scope.conn, link);
    },
  };
}
