import type { DocumentData, Transaction } from 'firebase-admin/firestore';
import type {
  CounterDelta,
  FileEntry,
  FileIndexStore,
  FileIndexTransaction,
  FileListQuery,
} from '../../../ports/fileIndex';
import { meteredRead } from '../operationMeter';
import { fileDocId, fileFromDoc, filesOf, fileToDoc, fs, guarded, workspacesOf, type FirestoreContext } from './codec';

/** The fields of a summary listing (FileListQuery.summary). */
const SUMMARY_FIELDS = ['path', 'size', 'contentType', 'md5', 'generation', 'updatedAt', 'deleted'];

/** workspaces/{id}/files/{fileDocId(path)}: the file index on Firestore. */
export class FirestoreFileIndex implements FileIndexStore {
  constructor(private readonly ctx: FirestoreContext) {}

  getFile(workspaceId: string, path: string): Promise<FileEntry | null> {
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, filesOf(this.ctx, workspaceId).doc(fileDocId(path)).get());
      const entry = fileFromDoc(snap.data());
      return entry && !entry.deleted ? entry : null;
    });
  }

  listFiles(workspaceId: string, query: FileListQuery): Promise<FileEntry[]> {
    let q = filesOf(this.ctx, workspaceId).orderBy('path');
    if (query.prefix) q = q.where('path', '>=', query.prefix).where('path', '<', `${query.prefix}\u{10FFFF}`);
    if (query.after !== undefined) q = q.startAfter(query.after);
    // A summary leaves the kept versions (up to WEBSPLAT_VERSIONS_PER_FILE per entry) on the server.
    if (query.summary) q = q.select(...SUMMARY_FIELDS);
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, q.limit(query.limit).get());
      return snap.docs.flatMap((d) => fileFromDoc(d.data()) ?? []);
    });
  }
}

/** The counters moved by these amounts, as increments: no read of the workspace document. */
export function counterUpdate(delta: CounterDelta): DocumentData {
  const { FieldValue } = fs();
  return {
    fileCount: FieldValue.increment(delta.files),
    totalBytes: FieldValue.increment(delta.bytes),
    ...(delta.versionBytes && { versionBytes: FieldValue.increment(delta.versionBytes) }),
  };
}

export function fileIndexTransaction(ctx: FirestoreContext, t: Transaction): FileIndexTransaction {
  return {
    getFileEntry: async (workspaceId, path) =>
      fileFromDoc((await t.get(filesOf(ctx, workspaceId).doc(fileDocId(path)))).data()),
    putFileEntry: (workspaceId, entry) => {
      t.set(filesOf(ctx, workspaceId).doc(fileDocId(entry.path)), fileToDoc(entry));
    },
    adjustCounters: (workspaceId, delta) => {
      t.update(workspacesOf(ctx).doc(workspaceId), counterUpdate(delta));
    },
  };
}
