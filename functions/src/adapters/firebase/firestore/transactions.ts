import type { Transaction as FirestoreTransaction } from 'firebase-admin/firestore';
import type { Transaction, TransactionRunner } from '../../../ports/transaction';
import { mapGoogleError } from '../errors';
import { meteredTransaction } from '../operationMeter';
import type { FirestoreContext } from './codec';
import { collabTransaction } from './collaboration';
import { fileIndexTransaction } from './fileIndex';
import { historyTransaction } from './history';
import { lifecycleTransaction } from './lifecycle';
import { linkTransaction } from './links';
import { sessionTransaction } from './sessions';
import { idempotencyTransaction, workspaceTransaction } from './workspaces';

/** One Firestore `runTransaction`, with each concern's part of the Transaction over it. */
export class FirestoreTransactionRunner implements TransactionRunner {
  constructor(private readonly ctx: FirestoreContext) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    try {
      return await meteredTransaction(this.ctx.db(), this.ctx.meter, (t) => work(this.parts(t)));
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  private parts(t: FirestoreTransaction): Transaction {
    return {
      ...workspaceTransaction(this.ctx, t),
      ...idempotencyTransaction(this.ctx, t),
      ...fileIndexTransaction(this.ctx, t),
      ...historyTransaction(this.ctx, t),
      ...collabTransaction(this.ctx, t),
      ...sessionTransaction(this.ctx, t),
      ...lifecycleTransaction(this.ctx, t),
      ...linkTransaction(this.ctx, t),
    };
  }
}
