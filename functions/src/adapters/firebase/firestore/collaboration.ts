import type { Transaction } from 'firebase-admin/firestore';
import type { CollabKind, CollabStore, CollabTransaction } from '../../../ports/collaboration';
import type { StoredRecord } from '../../../ports/records';
import { mapGoogleError } from '../errors';
import { meteredRead, meteredWrite } from '../operationMeter';
import {
  guarded,
  recordDocId,
  recordFromDoc,
  recordsFromDocs,
  recordToDoc,
  workspacesOf,
  type FirestoreContext,
} from './codec';

const recordsOf = (ctx: FirestoreContext, kind: CollabKind, workspaceId: string) =>
  workspacesOf(ctx).doc(workspaceId).collection(kind);
const recordRef = (ctx: FirestoreContext, kind: CollabKind, workspaceId: string, key: string) =>
  recordsOf(ctx, kind, workspaceId).doc(recordDocId(key));

/** workspaces/{id}/agents|state/k{key}: agent progress and shared state on Firestore. */
export class FirestoreCollabStore implements CollabStore {
  constructor(private readonly ctx: FirestoreContext) {}

  getRecord(kind: CollabKind, workspaceId: string, key: string): Promise<StoredRecord | null> {
    return guarded(async () =>
      recordFromDoc((await meteredRead(this.ctx.meter, recordRef(this.ctx, kind, workspaceId, key).get())).data()),
    );
  }

  async compareAndSetRecord(
    kind: CollabKind,
    workspaceId: string,
    record: StoredRecord,
    expectedVersion: number | null,
  ): Promise<boolean> {
    const ref = recordRef(this.ctx, kind, workspaceId, record.key);
    const doc = recordToDoc(record);
    try {
      if (expectedVersion === null) {
        await meteredWrite(this.ctx.meter, ref.create(doc));
        return true;
      }
      const snap = await meteredRead(this.ctx.meter, ref.get());
      if (!snap.exists || snap.get('version') !== expectedVersion || !snap.updateTime) return false;
      // Precondition on the update time just read: no lock, fails if anyone wrote since.
      await meteredWrite(this.ctx.meter, ref.update(doc, { lastUpdateTime: snap.updateTime }));
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 6 || code === 9 || code === 5) return false; // ALREADY_EXISTS, FAILED_PRECONDITION, NOT_FOUND
      throw mapGoogleError(error);
    }
  }

  listRecords(
    kind: CollabKind,
    workspaceId: string,
    query: { after?: string; limit: number },
  ): Promise<StoredRecord[]> {
    let q = recordsOf(this.ctx, kind, workspaceId).orderBy('key');
    if (query.after !== undefined) q = q.startAfter(query.after);
    return guarded(async () => recordsFromDocs((await meteredRead(this.ctx.meter, q.limit(query.limit).get())).docs));
  }
}

export function collabTransaction(ctx: FirestoreContext, t: Transaction): CollabTransaction {
  return {
    getRecord: async (kind, workspaceId, key) =>
      recordFromDoc((await t.get(recordRef(ctx, kind, workspaceId, key))).data()),
    listRecords: async (kind, workspaceId) =>
      recordsFromDocs((await t.get(recordsOf(ctx, kind, workspaceId).orderBy('key'))).docs),
    putRecord: (kind, workspaceId, record) => {
      t.set(recordRef(ctx, kind, workspaceId, record.key), recordToDoc(record));
    },
    deleteRecord: (kind, workspaceId, key) => {
      t.delete(recordRef(ctx, kind, workspaceId, key));
    },
  };
}
