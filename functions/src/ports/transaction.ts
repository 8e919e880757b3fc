/**
 * One atomic unit over every metadata concern. It is composed of one part
 * per concern, so a new concern adds a part here and its adapters add the
 * part's implementation; what commits together stays one interface.
 */
import type { CollabTransaction } from './collaboration';
import type { FileIndexTransaction } from './fileIndex';
import type { HistoryTransaction } from './history';
import type { LifecycleTransaction } from './lifecycle';
import type { LinkTransaction } from './links';
import type { SessionTransaction } from './userData';
import type { IdempotencyTransaction, WorkspaceTransaction } from './workspaces';

/**
 * Reads and writes inside one atomic unit. As in Firestore, every read must
 * come before the first write; writes are applied together at commit.
 */
export type Transaction = WorkspaceTransaction &
  IdempotencyTransaction &
  FileIndexTransaction &
  HistoryTransaction &
  CollabTransaction &
  SessionTransaction &
  LifecycleTransaction &
  LinkTransaction;

export interface TransactionRunner {
  /** Runs `work` atomically; may run it more than once on contention, so it must be free of side effects. */
  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}
