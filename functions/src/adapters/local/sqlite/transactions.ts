import type { Transaction, TransactionRunner } from '../../../ports/transaction';
import { collabTransaction } from './collaboration';
import type { LoggedChange } from './changeLog';
import type { Pending, SqliteConnection, TransactionScope } from './connection';
import { immediateTransaction } from './database';
import { fileIndexTransaction } from './fileIndex';
import { historyTransaction } from './history';
import { lifecycleTransaction } from './lifecycle';
import { linkTransaction } from './links';
import { sessionTransaction } from './sessions';
import { idempotencyTransaction, workspaceTransaction } from './workspaces';

/**
 * BEGIN IMMEDIATE ... COMMIT under the connection's mutex, with each
 * concern's part of the Transaction over it; committed changes go to the
 * change log before COMMIT and to the change feed after it.
 */
export class SqliteTransactionRunner implements TransactionRunner {
  constructor(private readonly conn: SqliteConnection) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const changed: Pending[] = [];
    let logged: LoggedChange[] = [];
    const result = await immediateTransaction(this.conn.db, this.conn.mutex, async () => {
      const result = await work(this.parts(changed));
      logged = this.conn.logChanges(changed);
      return result;
    });
    this.conn.announce(logged);
    return result;
  }

  private parts(changed: Pending[]): Transaction {
    let wrote = false;
    const scope: TransactionScope = {
      conn: this.conn,
      changed,
      read: () => {
        if (wrote) throw new Error('transaction reads must come before its writes');
      },
      write: () => {
        wrote = true;
      },
    };
    return {
      ...workspaceTransaction(scope),
      ...idempotencyTransaction(scope),
      ...fileIndexTransaction(scope),
      ...historyTransaction(scope),
      ...collabTransaction(scope),
      ...sessionTransaction(scope),
      ...lifecycleTransaction(scope),
      ...linkTransaction(scope),
    };
  }
}
