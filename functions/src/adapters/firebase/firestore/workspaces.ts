import type { Transaction } from 'firebase-admin/firestore';
import type {
  IdempotencyRecord,
  IdempotencyTransaction,
  WorkspaceQuery,
  WorkspaceRecord,
  WorkspaceStore,
  WorkspaceTransaction,
} from '../../../ports/workspaces';
import { mapGoogleError } from '../errors';
import { meteredRead, meteredWrite } from '../operationMeter';
import {
  COLLECTIONS,
  fs,
  guarded,
  millis,
  workspaceFromDoc,
  workspacesFromDocs,
  workspacesOf,
  workspaceToDoc,
  type FirestoreContext,
} from './codec';

/** workspaces/{id}: the workspace port on Firestore. */
export class FirestoreWorkspaceStore implements WorkspaceStore {
  constructor(private readonly ctx: FirestoreContext) {}

  getWorkspace(id: string): Promise<WorkspaceRecord | null> {
    const { documents } = this.ctx;
    return guarded(async () =>
      workspaceFromDoc(
        await meteredRead(
          this.ctx.meter,
          documents ? documents.get(COLLECTIONS.workspaces, id) : workspacesOf(this.ctx).doc(id).get(),
        ),
      ),
    );
  }

  listWorkspaces(query: WorkspaceQuery): Promise<WorkspaceRecord[]> {
    const { FieldPath, Timestamp } = fs();
    let q = workspacesOf(this.ctx)
      .where('memberIds', 'array-contains', query.memberId)
      .where('status', 'in', query.statuses)
      .orderBy('createdAt', 'desc')
      .orderBy(FieldPath.documentId(), 'desc');
    if (query.after) q = q.startAfter(Timestamp.fromMillis(query.after.createdAt), query.after.id);
    return guarded(async () =>
      workspacesFromDocs((await meteredRead(this.ctx.meter, q.limit(query.limit).get())).docs),
    );
  }

  async touchWorkspace(id: string, at: number, staleBefore: number): Promise<void> {
    const { Timestamp } = fs();
    void staleBefore; // the domain already checked; a rare double write is cheaper than a transaction
    try {
      await meteredWrite(
        this.ctx.meter,
        workspacesOf(this.ctx)
          .doc(id)
          .update({ lastAccessedAt: Timestamp.fromMillis(at) }),
      );
    } catch (error) {
      // NOT_FOUND: purged in the meantime; nothing to keep fresh.
      if ((error as { code?: unknown }).code === 5) return;
      throw mapGoogleError(error);
    }
  }
}

export function workspaceTransaction(ctx: FirestoreContext, t: Transaction): WorkspaceTransaction {
  const workspaces = workspacesOf(ctx);
  return {
    getWorkspace: async (id) => workspaceFromDoc(await t.get(workspaces.doc(id))),
    createWorkspace: (r) => {
      t.create(workspaces.doc(r.id), workspaceToDoc(r));
    },
    updateWorkspace: (id, changes) => {
      t.update(workspaces.doc(id), workspaceToDoc(changes));
    },
  };
}

/** idempotencyKeys/{id}: expiresAt is a Timestamp so a Firestore TTL policy can delete old keys. */
export function idempotencyTransaction(ctx: FirestoreContext, t: Transaction): IdempotencyTransaction {
  const keys = ctx.db().collection(COLLECTIONS.idempotencyKeys);
  return {
    getIdempotency: async (id) => {
      const d = (await t.get(keys.doc(id))).data();
      if (!d) return null;
      return {
        id,
        uid: d.uid,
        requestHash: d.requestHash,
        statusCode: d.statusCode,
        responseBody: d.responseBody,
        createdAt: millis(d.createdAt),
        expiresAt: millis(d.expiresAt),
      } satisfies IdempotencyRecord;
    },
    putIdempotency: (r) => {
      const { Timestamp } = fs();
      t.set(keys.doc(r.id), {
        uid: r.uid,
        requestHash: r.requestHash,
        statusCode: r.statusCode,
        responseBody: r.responseBody,
        createdAt: Timestamp.fromMillis(r.createdAt),
        expiresAt: Timestamp.fromMillis(r.expiresAt),
      });
    },
  };
}
