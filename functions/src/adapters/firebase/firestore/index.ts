/**
 * The metadata ports on Cloud Firestore (or its emulator), one adapter per
 * concern over one shared connection.
 */
import type { Firestore } from 'firebase-admin/firestore';
import type { MetadataPorts } from '../../../ports';
import { adminFirestore, restDocumentReader } from '../app';
import type { DocumentReader } from './documentReader';
import type { OperationMeter } from '../operationMeter';
import type { FirestoreContext } from './codec';
import { FirestoreCollabStore } from './collaboration';
import { FirestoreEntrySwaps } from './entrySwaps';
import { FirestoreFileIndex } from './fileIndex';
import { FirestoreHistoryStore } from './history';
import { FirestoreLifecycleStore } from './lifecycle';
import { FirestoreLinkStore } from './links';
import { FirestoreSessionStore } from './sessions';
import { FirestoreTransactionRunner } from './transactions';
import { FirestoreUsageStore } from './usage';
import { FirestoreWorkspaceStore } from './workspaces';

export { FirestoreChangeFeed } from './changeFeed';
export { COLLECTIONS, fileDocId } from './codec';

export function firestoreStores(
  options: {
    db?: () => Firestore;
    /** Counts document reads and writes (the cost benchmark); nothing by default. */
    meter?: OperationMeter;
    /** Single-document gets over REST without the SDK; by default where the transport is REST and credentials allow. */
    documents?: DocumentReader | null;
  } = {},
): MetadataPorts {
  const documents = options.documents === undefined ? restDocumentReader() : (options.documents ?? undefined);
  const ctx: FirestoreContext = {
    db: options.db ?? adminFirestore,
    ...(options.meter && { meter: options.meter }),
    ...(documents && { documents }),
  };
  return {
    transactions: new FirestoreTransactionRunner(ctx),
    workspaces: new FirestoreWorkspaceStore(ctx),
    fileIndex: new FirestoreFileIndex(ctx),
    entrySwaps: new FirestoreEntrySwaps(ctx),
    history: new FirestoreHistoryStore(ctx),
    collab: new FirestoreCollabStore(ctx),
    sessions: new FirestoreSessionStore(ctx),
    lifecycle: new FirestoreLifecycleStore(ctx),
    usage: new FirestoreUsageStore(ctx),
    links: new FirestoreLinkStore(ctx),
    // The shared admin app outlives any one set of stores.
    close: async () => undefined,
  };
}
