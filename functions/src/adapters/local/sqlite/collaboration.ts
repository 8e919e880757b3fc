import type { CollabKind, CollabStore, CollabTransaction } from '../../../ports/collaboration';
import type { StoredRecord } from '../../../ports/records';
import type { TransactionRunner } from '../../../ports/transaction';
import { deleteRecordRow, readRecord, recordFromRow, writeRecord, type RecordRow } from './codec';
import type { SqliteConnection, TransactionScope } from './connection';

/** Table records (kind agents or state, scope = the workspace id). */
export class SqliteCollabStore implements CollabStore {
  constructor(
    private readonly conn: SqliteConnection,
    private readonly transactions: TransactionRunner,
  ) {}

  async getRecord(kind: CollabKind, workspaceId: string, key: string): Promise<StoredRecord | null> {
    return readRecord(this.conn, kind, workspaceId, key);
  }

  async compareAndSetRecord(
    kind: CollabKind,
    workspaceId: string,
    record: StoredRecord,
    expectedVersion: number | null,
  ): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const current = await tx.getRecord(kind, workspaceId, record.key);
      if ((current?.version ?? null) !== expectedVersion) return false;
      tx.putRecord(kind, workspaceId, record);
      return true;
    });
  }

  async listRecords(
    kind: CollabKind,
    workspaceId: string,
    query: { after?: string; limit: number },
  ): Promise<StoredRecord[]> {
    const rows = this.conn
      .sql('SELECT * FROM records WHERE kind = ? AND scope = ? AND key > ? ORDER BY key LIMIT ?')
      .all(kind, workspaceId, query.after ?? '', query.limit) as RecordRow[];
    return rows.map(recordFromRow);
  }
}

export function collabTransaction(scope: TransactionScope): CollabTransaction {
  const { conn } = scope;
  return {
    getRecord: async (kind, workspaceId, key) => {
      scope.read();
      return readRecord(conn, kind, workspaceId, key);
    },
    listRecords: async (kind, workspaceId) => {
      scope.read();
      const rows = conn
        .sql('SELECT * FROM records WHERE kind = ? AND scope = ? ORDER BY key')
        .all(kind, workspaceId) as RecordRow[];
      return rows.map(recordFromRow);
    },
    putRecord: (kind, workspaceId, r) => {
      scope.write();
      scope.changed.push({ workspaceId, change: { kind, key: r.key, record: r } });
      writeRecord(conn, kind, workspaceId, r);
    },
    deleteRecord: (kind, workspaceId, key) => {
      scope.write();
      scope.changed.push({ workspaceId, change: { kind, key, record: null } });
      deleteRecordRow(conn, kind, workspaceId, key);
    },
  };
}
