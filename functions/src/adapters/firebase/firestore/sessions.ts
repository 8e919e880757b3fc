import type { Transaction } from 'firebase-admin/firestore';
import type { StoredRecord } from '../../../ports/records';
import type { SessionStore, SessionTransaction } from '../../../ports/userData';
import { meteredRead } from '../operationMeter';
import { COLLECTIONS, guarded, recordFromDoc, recordToDoc, sessionDocId, type FirestoreContext } from './codec';

export const sessionsOf = (ctx: FirestoreContext) => ctx.db().collection(COLLECTIONS.sessions);
const sessionRef = (ctx: FirestoreContext, uid: string, key: string) => sessionsOf(ctx).doc(sessionDocId(uid, key));

/** sessions/{sessionDocId}: every user's sessions in one collection no client may read; `ownerId` names the user. */
export class FirestoreSessionStore implements SessionStore {
  constructor(private readonly ctx: FirestoreContext) {}

  getSession(uid: string, key: string): Promise<StoredRecord | null> {
    return guarded(async () =>
      recordFromDoc((await meteredRead(this.ctx.meter, sessionRef(this.ctx, uid, key).get())).data()),
    );
  }
}

export function sessionTransaction(ctx: FirestoreContext, t: Transaction): SessionTransaction {
  return {
    getSession: async (uid, key) => recordFromDoc((await t.get(sessionRef(ctx, uid, key))).data()),
    putSession: (uid, record) => {
      t.set(sessionRef(ctx, uid, record.key), { ...recordToDoc(record), ownerId: uid });
    },
    deleteSession: (uid, key) => {
      t.delete(sessionRef(ctx, uid, key));
    },
  };
}
