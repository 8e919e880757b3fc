import type { DocumentData, Timestamp } from 'firebase-admin/firestore';
import type { EntryChange, EntrySnapshot, EntrySwapStore } from '../../../ports/entrySwaps';
import { mapGoogleError } from '../errors';
import { meteredRead } from '../operationMeter';
import {
  commitsOf,
  fileDocId,
  fileFromDoc,
  filesOf,
  fileToDoc,
  fs,
  guarded,
  workspaceFromDoc,
  workspacesOf,
  type FirestoreContext,
} from './codec';
import { counterUpdate } from './fileIndex';
import { commitToDoc } from './history';

/** What swapEntry checks: the entry document's update time when read (absent: it did not exist), and its fields. */
interface EntryToken {
  updateTime?: Timestamp;
  fields: string[];
}

/** Firestore's answers to a write whose precondition failed: another write got there first. */
const LOST_RACE = new Set([6 /* ALREADY_EXISTS */, 9 /* FAILED_PRECONDITION */]);

/** A batched read, then one batched write whose entry write has the read's update time as its precondition. */
export class FirestoreEntrySwaps implements EntrySwapStore {
  constructor(private readonly ctx: FirestoreContext) {}

  readEntry(workspaceId: string, path: string, options: { workspace: boolean }): Promise<EntrySnapshot> {
    const entryRef = filesOf(this.ctx, workspaceId).doc(fileDocId(path));
    const refs = options.workspace ? [entryRef, workspacesOf(this.ctx).doc(workspaceId)] : [entryRef];
    return guarded(async () => {
      // One round trip for both documents, read at the same moment.
      const [entrySnap, workspaceSnap] = await meteredRead(this.ctx.meter, this.ctx.db().getAll(...refs));
      const data = entrySnap.data();
      const token: EntryToken = { updateTime: entrySnap.updateTime, fields: Object.keys(data ?? {}) };
      return {
        workspaceId,
        path,
        entry: fileFromDoc(data),
        ...(workspaceSnap && { workspaceStatus: workspaceFromDoc(workspaceSnap)?.status ?? null }),
        token,
      };
    });
  }

  async swapEntry(snapshot: EntrySnapshot, change: EntryChange): Promise<boolean> {
    const { workspaceId } = snapshot;
    const token = snapshot.token as EntryToken;
    const entryRef = filesOf(this.ctx, workspaceId).doc(fileDocId(snapshot.path));
    const doc = fileToDoc(change.entry);
    const batch = this.ctx.db().batch();
    if (token.updateTime) {
      // A replacement with the read's update time as its precondition. update() keeps fields it
      // does not name, so the read's fields the new entry lacks are deleted.
      const { FieldValue } = fs();
      const gone: DocumentData = {};
      for (const field of token.fields) if (!(field in doc)) gone[field] = FieldValue.delete();
      batch.update(entryRef, { ...doc, ...gone }, { lastUpdateTime: token.updateTime });
    } else {
      batch.create(entryRef, doc);
    }
    batch.create(commitsOf(this.ctx, workspaceId).doc(change.commit.id), commitToDoc(change.commit));
    if (change.counters) batch.update(workspacesOf(this.ctx).doc(workspaceId), counterUpdate(change.counters));
    try {
      await batch.commit();
    } catch (error) {
      if (LOST_RACE.has((error as { code?: unknown }).code as number)) return false;
      throw mapGoogleError(error);
    }
    this.ctx.meter?.writes(change.counters ? 3 : 2);
    return true;
  }
}
