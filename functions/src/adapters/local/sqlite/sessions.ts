import type { StoredRecord } from '../../../ports/records';
import type { SessionStore, SessionTransaction } from '../../../ports/userData';
import { deleteRecordRow, readRecord, writeRecord } from './codec';
import type { SqliteConnection, TransactionScope } from './connection';

/** Table records with kind sessions (scope = the user's id); no change feed sees them. */
export class SqliteSessionStore implements SessionStore {
  constructor(private readonly conn: SqliteConnection) {}

  async getSession(uid: string, key: string): Promise<StoredRecord | null> {
    return readRecord(this.conn, 'sessions', uid, key);
  }
}

export function sessionTransaction(scope: TransactionScope): SessionTransaction {
  const { conn } = scope;
  return {
    getSession: async (uid, key) => {
      scope.read();
      return readRecord(conn, 'sessions', uid, key);
    },
    putSession: (uid, r) => {
      scope.write();
      writeRecord(conn, 'sessions', uid, r);
    },
    deleteSession: (uid, key) => {
      scope.write();
      deleteRecordRow(conn, 'sessions', uid, key);
    },
  };
}
