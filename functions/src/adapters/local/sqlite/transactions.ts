import type { Transaction, TransactionRunner } from '../../../ports/transaction';
import { collabTransaction } from './collaboration';
import type { Pending, SqliteConnection, TransactionScope } from './connection';
import { immediateTransaction } from './database';
import { fileIndexTransaction } from './fileIndex';
import { historyTransaction } from './history';
import { lifecycleTransaction } from './lifecycle';
import { sessionTransaction } from './sessions';
import { idempotencyTransaction, workspaceTransaction } from './workspaces';

/**
 * BEGIN IMMEDIATE ... COMMIT under the connection's mutex, with each
 * concern's part of the Transaction over it; committed changes go to the
 * change feed afterwards.
 */
export class SqliteTransactionRunner implements TransactionRunner {
  constructor(private readonly conn: SqliteConnection) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const changed: Pending[] = [];
    const result = await immediateTransaction(this.conn.db, this.conn.mutex, () => work(this.parts(changed)));
    this.conn.announce(changed);
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
    };
  }
}
