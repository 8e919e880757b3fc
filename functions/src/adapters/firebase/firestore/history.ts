import type { DocumentData, Transaction } from 'firebase-admin/firestore';
import type {
  CheckpointRecord,
  CommitListQuery,
  CommitRecord,
  HistoryStore,
  HistoryTransaction,
} from '../../../ports/history';
import { meteredRead, meteredWrite } from '../operationMeter';
import type { FileEntry } from '../../../ports/fileIndex';
import { checkpointsOf, commitsOf, fileDocId, fileFromDoc, filesOf, fs, guarded, type FirestoreContext } from './codec';

/** A commit as a document: the record, with its time as a Timestamp and no undefined fields. */
export function commitToDoc(c: CommitRecord): DocumentData {
  const { Timestamp } = fs();
  return { ...(JSON.parse(JSON.stringify(c)) as DocumentData), createdAt: Timestamp.fromMillis(c.createdAt) };
}

export function commitFromDoc(d: DocumentData | undefined): CommitRecord | null {
  if (!d) return null;
  return { ...(d as CommitRecord), createdAt: (d.createdAt as { toMillis(): number }).toMillis() };
}

/** A checkpoint record as a document: flat fields, its time as a Timestamp. */
export function checkpointToDoc(c: CheckpointRecord): DocumentData {
  const { Timestamp } = fs();
  return { ...(JSON.parse(JSON.stringify(c)) as DocumentData), createdAt: Timestamp.fromMillis(c.createdAt) };
}

export function checkpointFromDoc(d: DocumentData | undefined): CheckpointRecord | null {
  if (!d) return null;
  return { ...(d as CheckpointRecord), createdAt: (d.createdAt as { toMillis(): number }).toMillis() };
}

/** workspaces/{id}/commits/{commitId}: the commit log on Firestore (ids are time-ordered). */
export class FirestoreHistoryStore implements HistoryStore {
  constructor(private readonly ctx: FirestoreContext) {}

  getEntry(workspaceId: string, path: string): Promise<FileEntry | null> {
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, filesOf(this.ctx, workspaceId).doc(fileDocId(path)).get());
      return fileFromDoc(snap.data());
    });
  }

  getCommit(workspaceId: string, commitId: string): Promise<CommitRecord | null> {
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, commitsOf(this.ctx, workspaceId).doc(commitId).get());
      return commitFromDoc(snap.data());
    });
  }

  listCommits(workspaceId: string, query: CommitListQuery): Promise<CommitRecord[]> {
    let q = commitsOf(this.ctx, workspaceId).orderBy('id', 'desc');
    if (query.before !== undefined) q = q.startAfter(query.before);
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, q.limit(query.limit).get());
      return snap.docs.flatMap((d) => commitFromDoc(d.data()) ?? []);
    });
  }

  getCheckpoint(workspaceId: string, checkpointId: string): Promise<CheckpointRecord | null> {
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, checkpointsOf(this.ctx, workspaceId).doc(checkpointId).get());
      return checkpointFromDoc(snap.data());
    });
  }

  listCheckpoints(workspaceId: string, query: CommitListQuery): Promise<CheckpointRecord[]> {
    let q = checkpointsOf(this.ctx, workspaceId).orderBy('id', 'desc');
    if (query.before !== undefined) q = q.startAfter(query.before);
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, q.limit(query.limit).get());
      return snap.docs.flatMap((d) => checkpointFromDoc(d.data()) ?? []);
    });
  }

  deleteCheckpoint(workspaceId: string, checkpointId: string): Promise<boolean> {
    const ref = checkpointsOf(this.ctx, workspaceId).doc(checkpointId);
    return guarded(async () => {
      try {
        // A precondition, so the answer says whether there was one without a separate read.
        await meteredWrite(this.ctx.meter, ref.delete({ exists: true }));
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === 5) return false; // NOT_FOUND
        throw error;
      }
    });
  }

  listEntries(workspaceId: string, query: { after?: string; limit: number }): Promise<FileEntry[]> {
    const { FieldPath } = fs();
    // Document-id order (ids are derived from paths), so tombstones are walked too.
    let q = filesOf(this.ctx, workspaceId).orderBy(FieldPath.documentId());
    if (query.after !== undefined) q = q.startAfter(fileDocId(query.after));
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, q.limit(query.limit).get());
      return snap.docs.flatMap((d) => fileFromDoc(d.data()) ?? []);
    });
  }
}

export function historyTransaction(ctx: FirestoreContext, t: Transaction): HistoryTransaction {
  return {
    putCommit: (workspaceId, commit) => {
      t.create(commitsOf(ctx, workspaceId).doc(commit.id), commitToDoc(commit));
    },
    newestCommitId: async (workspaceId) => {
      const snap = await t.get(commitsOf(ctx, workspaceId).orderBy('id', 'desc').limit(1));
      return snap.docs[0]?.id;
    },
    putCheckpoint: (workspaceId, checkpoint) => {
      t.create(checkpointsOf(ctx, workspaceId).doc(checkpoint.id), checkpointToDoc(checkpoint));
    },
    putVersions: (workspaceId, path, versions) => {
      // Plain maps; undefined fields are left out (Firestore rejects them).
      const plain = versions.map((v) => JSON.parse(JSON.stringify(v)) as DocumentData);
      t.update(filesOf(ctx, workspaceId).doc(fileDocId(path)), { versions: plain });
    },
    deleteTombstone: (workspaceId, path) => {
      t.delete(filesOf(ctx, workspaceId).doc(fileDocId(path)));
    },
  };
}
