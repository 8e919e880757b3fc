import type { UsageQuery, UsageRow, UsageStore } from '../../../ports/usage';
import { COLLECTIONS, fs, guarded, type FirestoreContext } from './codec';

/** usage/{day}_{workspaceId or '-'}: { day, workspaceId, operations: { [op]: count } }, moved by increments. */
export class FirestoreUsageStore implements UsageStore {
  constructor(private readonly ctx: FirestoreContext) {}

  private usage() {
    return this.ctx.db().collection(COLLECTIONS.usage);
  }

  recordUsage(day: string, workspaceId: string, counts: Record<string, number>): Promise<void> {
    const { FieldValue } = fs();
    const operations = Object.fromEntries(Object.entries(counts).map(([op, n]) => [op, FieldValue.increment(n)]));
    return guarded(async () => {
      await this.usage()
        .doc(`${day}_${workspaceId || '-'}`)
        .set({ day, workspaceId, operations }, { merge: true });
    });
  }

  listUsage(query: UsageQuery): Promise<UsageRow[]> {
    const { FieldPath } = fs();
    // Document ids sort as (day, workspace): the day is a fixed-width prefix.
    let q = this.usage().orderBy(FieldPath.documentId()).startAt(`${query.from}_`).endAt(`${query.to}_\uf8ff`);
    if (query.after) q = q.startAfter(`${query.after.day}_${query.after.workspaceId || '-'}`);
    return guarded(async () => {
      const snap = await q.limit(query.limit).get();
      return snap.docs.map((d) => ({
        day: String(d.get('day')),
        workspaceId: String(d.get('workspaceId')),
        operations: { ...d.get('operations') },
      }));
    });
  }
}
