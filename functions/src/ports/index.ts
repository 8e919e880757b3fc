/**
 * The metadata ports one backend provides. Its adapters build them together
 * over one connection (adapters/firebase/firestore, adapters/local/sqlite);
 * each domain service takes only the ones it uses (a Pick of this).
 */
import type { CollabStore } from './collaboration';
import type { EntrySwapStore } from './entrySwaps';
import type { FileIndexStore } from './fileIndex';
import type { HistoryStore } from './history';
import type { LifecycleStore } from './lifecycle';
import type { LinkStore } from './links';
import type { TransactionRunner } from './transaction';
import type { UsageStore } from './usage';
import type { SessionStore } from './userData';
import type { WorkspaceStore } from './workspaces';

export interface MetadataPorts {
  transactions: TransactionRunner;
  workspaces: WorkspaceStore;
  fileIndex: FileIndexStore;
  entrySwaps: EntrySwapStore;
  history: HistoryStore;
  collab: CollabStore;
  sessions: SessionStore;
  lifecycle: LifecycleStore;
  usage: UsageStore;
  links: LinkStore;
  close(): Promise<void>;
}
