import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import type { LifecycleStore, LifecycleTransaction, PurgeRecord } from '../../../ports/lifecycle';
import type { StoredRecord } from '../../../ports/records';
import type { WorkspaceRecord } from '../../../ports/workspaces';
import {
  COLLECTIONS,
  fs,
  guarded,
  purgeFromDoc,
  purgeToDoc,
  recordFromDoc,
  sessionDocId,
  WORKSPACE_SUBCOLLECTIONS,
  workspacesFromDocs,
  workspacesOf,
  type FirestoreContext,
} from './codec';
import { LINKS } from './links';
import { sessionsOf } from './sessions';

const purgeRecordsOf = (ctx: FirestoreContext) => ctx.db().collection(COLLECTIONS.purgeRecords);
const maintenanceOf = (ctx: FirestoreContext) => ctx.db().collection(COLLECTIONS.maintenance);

/** The purge's, the reconciler's and migration's queries on Firestore; purgeRecords/{workspaceId}. */
export class FirestoreLifecycleStore implements LifecycleStore {
  constructor(private readonly ctx: FirestoreContext) {}

  listPurgeCandidates(query: { staleBefore: number; limit: number }): Promise<WorkspaceRecord[]> {
    const { Timestamp } = fs();
    const workspaces = workspacesOf(this.ctx);
    return guarded(async () => {
      const [deleted, stale] = await Promise.all([
        workspaces.where('status', '==', 'deleted').limit(query.limit).get(),
        workspaces
          .where('lastAccessedAt', '<', Timestamp.fromMillis(query.staleBefore))
          .orderBy('lastAccessedAt')
          .limit(query.limit)
          .get(),
      ]);
      const staleLive = stale.docs.filter((d) => d.get('status') !== 'deleted');
      return workspacesFromDocs([...deleted.docs, ...staleLive]);
    });
  }

  listAllWorkspaces(query: { after?: string; limit: number }): Promise<WorkspaceRecord[]> {
    const { FieldPath } = fs();
    let q = workspacesOf(this.ctx).orderBy(FieldPath.documentId());
    if (query.after !== undefined) q = q.startAfter(query.after);
    return guarded(async () => workspacesFromDocs((await q.limit(query.limit).get()).docs));
  }

  listAccessedSince(query: { since: number; limit: number }): Promise<WorkspaceRecord[]> {
    const { Timestamp } = fs();
    const q = workspacesOf(this.ctx)
      .where('lastAccessedAt', '>=', Timestamp.fromMillis(query.since))
      .orderBy('lastAccessedAt')
      .limit(query.limit);
    return guarded(async () => workspacesFromDocs((await q.get()).docs));
  }

  listAllSessions(query: {
    after?: { scope: string; key: string };
    limit: number;
  }): Promise<{ scope: string; record: StoredRecord }[]> {
    const { FieldPath } = fs();
    let q = sessionsOf(this.ctx).orderBy(FieldPath.documentId());
    if (query.after) q = q.startAfter(sessionDocId(query.after.scope, query.after.key));
    return guarded(async () => {
      const snap = await q.limit(query.limit).get();
      return snap.docs.flatMap((d) => {
        const record = recordFromDoc(d.data());
        return record ? [{ scope: String(d.get('ownerId')), record }] : [];
      });
    });
  }

  deleteWorkspaceDocuments(workspaceId: string, limit: number): Promise<number> {
    return guarded(async () => {
      const refs: DocumentReference[] = [];
      for (const name of WORKSPACE_SUBCOLLECTIONS) {
        if (refs.length >= limit) break;
        const snap = await workspacesOf(this.ctx)
          .doc(workspaceId)
          .collection(name)
          .select()
          .limit(limit - refs.length)
          .get();
        refs.push(...snap.docs.map((d) => d.ref));
      }
      return this.bulkDelete(refs);
    });
  }

  deleteExpired(
    kind: 'sessions' | 'idempotencyKeys' | 'links',
    before: number,
    limit: number,
    options: { dryRun?: boolean } = {},
  ): Promise<number> {
    const { Timestamp } = fs();
    const db = this.ctx.db();
    // Links live under their workspaces: a collection-group query (its index is in firestore.indexes.json).
    const q = (kind === 'links' ? db.collectionGroup(LINKS) : db.collection(COLLECTIONS[kind]))
      .where('expiresAt', '<', Timestamp.fromMillis(before))
      .limit(limit);
    return guarded(async () => {
      if (options.dryRun) return (await q.count().get()).data().count;
      return this.bulkDelete((await q.select().get()).docs.map((d) => d.ref));
    });
  }

  getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null> {
    return guarded(async () => purgeFromDoc((await purgeRecordsOf(this.ctx).doc(workspaceId).get()).data()));
  }

  putPurgeRecord(record: PurgeRecord): Promise<void> {
    return guarded(async () => {
      await purgeRecordsOf(this.ctx).doc(record.workspaceId).set(purgeToDoc(record));
    });
  }

  listPurgeRecords(query: { after?: string; limit: number; unverified?: boolean }): Promise<PurgeRecord[]> {
    const { FieldPath } = fs();
    let q = purgeRecordsOf(this.ctx).orderBy(FieldPath.documentId());
    if (query.unverified) q = q.where('state', '==', 'purged').where('verifiedAt', '==', null);
    if (query.after !== undefined) q = q.startAfter(query.after);
    return guarded(async () => (await q.limit(query.limit).get()).docs.flatMap((d) => purgeFromDoc(d.data()) ?? []));
  }

  getMaintenanceCursor(step: string): Promise<string | null> {
    return guarded(async () => {
      const snap = await maintenanceOf(this.ctx).doc(step).get();
      const value = snap.get('valueJson') as unknown;
      return typeof value === 'string' ? value : null;
    });
  }

  putMaintenanceCursor(step: string, valueJson: string): Promise<void> {
    const { Timestamp } = fs();
    return guarded(async () => {
      await maintenanceOf(this.ctx).doc(step).set({ valueJson, updatedAt: Timestamp.now() });
    });
  }

  /** Deletes documents through a BulkWriter (batched, parallel, retried); throws if any delete failed. */
  private async bulkDelete(refs: DocumentReference[]): Promise<number> {
    if (refs.length === 0) return 0;
    const writer = this.ctx.db().bulkWriter();
    const failures: unknown[] = [];
    for (const ref of refs) writer.delete(ref).catch((error: unknown) => failures.push(error));
    await writer.close();
    if (failures.length > 0) throw failures[0];
    return refs.length;
  }
}

export function lifecycleTransaction(ctx: FirestoreContext, t: Transaction): LifecycleTransaction {
  const workspaces = workspacesOf(ctx);
  return {
    getPurgeRecord: async (id) => purgeFromDoc((await t.get(purgeRecordsOf(ctx).doc(id))).data()),
    hasWorkspaceDocuments: async (id) => {
      for (const name of WORKSPACE_SUBCOLLECTIONS) {
        const snap = await t.get(workspaces.doc(id).collection(name).select().limit(1));
        if (!snap.empty) return true;
      }
      return false;
    },
    putPurgeRecord: (r) => {
      t.set(purgeRecordsOf(ctx).doc(r.workspaceId), purgeToDoc(r));
    },
    deleteWorkspace: (id) => {
      t.delete(workspaces.doc(id));
    },
  };
}
