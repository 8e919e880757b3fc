import type {
  DocumentData,
  DocumentReference,
  DocumentSnapshot,
  Firestore,
  Transaction,
} from 'firebase-admin/firestore';
import type { FileEntry } from '../../domain/fileIndex';
import type { IdempotencyRecord, PurgeRecord, WorkspaceChanges, WorkspaceRecord } from '../../domain/model';
import type {
  FileListQuery,
  MetadataStore,
  MetadataTransaction,
  RecordKind,
  StoredRecord,
  UsageQuery,
  UsageRow,
  WorkspaceQuery,
} from '../../ports/metadata';
import type { ChangeEvent, ChangeFeed } from '../../ports/changes';
import { adminFirestore } from './app';
import { mapGoogleError } from './errors';
import { meteredRead, meteredTransaction, meteredWrite, type OperationMeter } from './operationMeter';

type FirestoreModule = typeof import('firebase-admin/firestore');
const fs = (): FirestoreModule => require('firebase-admin/firestore') as FirestoreModule;

export const COLLECTIONS = {
  workspaces: 'workspaces',
  idempotencyKeys: 'idempotencyKeys',
  files: 'files',
  sessions: 'sessions',
  purgeRecords: 'purgeRecords',
  usage: 'usage',
} as const;

/** Subcollections under a workspace document; the purge removes all of them. */
const WORKSPACE_SUBCOLLECTIONS = ['files', 'agents', 'state'] as const;

/**
 * File index documents live at workspaces/{id}/files/{fileDocId(path)}.
 * Firestore ids cannot contain `/`, so the id is the path in base64url
 * (prefixed so it can never look like a reserved `__x__` id; at most 684
 * characters for a 512-byte path, well under the 1,500-byte limit).
 */
export function fileDocId(path: string): string {
  return `p${Buffer.from(path, 'utf8').toString('base64url')}`;
}

/**
 * A live entry has a `path` field; a tombstone keeps its path in `deletedPath`
 * instead. Queries ordered by `path` therefore never see tombstones, with no
 * composite index and no extra filter.
 */
function fileToDoc(e: FileEntry): DocumentData {
  const { Timestamp } = fs();
  const common = { generation: e.generation, updatedAt: Timestamp.fromMillis(e.updatedAt) };
  return e.deleted
    ? { ...common, deletedPath: e.path, deleted: true }
    : { ...common, path: e.path, size: e.size, contentType: e.contentType, md5: e.md5, deleted: false };
}

/**
 * Agent progress and shared state live under their workspace
 * (workspaces/{id}/agents|state/k{key}), where the security rules let members
 * read them for real-time listeners; sessions live in a top-level `sessions`
 * collection no client may read. The `k` prefix keeps ids clear of Firestore's
 * reserved `__x__` names.
 */
function recordToDoc(r: StoredRecord): DocumentData {
  const { Timestamp } = fs();
  return {
    ...r.data,
    key: r.key,
    version: r.version,
    updatedAt: Timestamp.fromMillis(r.updatedAt),
    updatedBy: r.updatedBy,
    expiresAt: r.expiresAt === null ? null : Timestamp.fromMillis(r.expiresAt),
  };
}

function recordFromDoc(d: DocumentData | undefined): StoredRecord | null {
  if (!d) return null;
  const { key, version, updatedAt, updatedBy, expiresAt, ownerId: _owner, ...data } = d;
  return {
    key,
    data,
    version,
    updatedAt: millis(updatedAt),
    updatedBy,
    expiresAt: expiresAt == null ? null : millis(expiresAt),
  };
}

function fileFromDoc(d: DocumentData | undefined): FileEntry | null {
  if (!d) return null;
  return {
    path: d.deleted ? d.deletedPath : d.path,
    size: d.size ?? 0,
    contentType: d.contentType ?? '',
    md5: d.md5 ?? '',
    generation: d.generation,
    updatedAt: millis(d.updatedAt),
    deleted: d.deleted === true,
  };
}

const millis = (value: unknown): number =>
  value && typeof (value as { toMillis?: unknown }).toMillis === 'function'
    ? (value as { toMillis(): number }).toMillis()
    : Number(value);

function fromDoc(snap: DocumentSnapshot): WorkspaceRecord | null {
  const d = snap.data();
  if (!d) return null;
  return {
    id: snap.id,
    name: d.name,
    description: d.description,
    status: d.status,
    ownerId: d.ownerId,
    members: d.members ?? {},
    metadata: d.metadata ?? {},
    fileCount: d.fileCount ?? 0,
    totalBytes: d.totalBytes ?? 0,
    createdAt: millis(d.createdAt),
    updatedAt: millis(d.updatedAt),
    lastAccessedAt: millis(d.lastAccessedAt),
    deletedAt: d.deletedAt == null ? null : millis(d.deletedAt),
    deletedBy: d.deletedBy ?? null,
    version: d.version,
  };
}

/**
 * Document fields. Times are Timestamps so Firestore tools (TTL policies,
 * console, rules) understand them; `memberIds` mirrors the keys of `members`
 * for the array-contains listing query and the security rules.
 */
function toDoc(changes: Partial<WorkspaceRecord>): DocumentData {
  const { Timestamp } = fs();
  const doc: DocumentData = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || key === 'id') continue;
    if (key === 'createdAt' || key === 'updatedAt' || key === 'lastAccessedAt' || key === 'deletedAt') {
      doc[key] = value === null ? null : Timestamp.fromMillis(value as number);
    } else {
      doc[key] = value;
    }
  }
  if (changes.members) doc.memberIds = Object.keys(changes.members);
  return doc;
}

const PURGE_TIMES = [
  'lastAccessedAt',
  'createdAt',
  'claimedAt',
  'leaseUntil',
  'completedAt',
  'verifiedAt',
  'restoredAt',
] as const;

/** Purge records keep their times as Timestamps, like every other document. */
function purgeToDoc(r: PurgeRecord): DocumentData {
  const { Timestamp } = fs();
  // A workspace document written by hand may lack fields: store null rather than fail the purge over it.
  const doc: DocumentData = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? null]));
  for (const key of PURGE_TIMES) {
    const ms = r[key];
    doc[key] = typeof ms === 'number' && Number.isFinite(ms) ? Timestamp.fromMillis(ms) : null;
  }
  return doc;
}

function purgeFromDoc(d: DocumentData | undefined): PurgeRecord | null {
  if (!d) return null;
  const record = { ...d } as Record<string, unknown>;
  for (const key of PURGE_TIMES) record[key] = d[key] == null ? null : millis(d[key]);
  return record as unknown as PurgeRecord;
}

/** The metadata port on Cloud Firestore (or its emulator). */
export class FirestoreMetadataStore implements MetadataStore {
  constructor(
    private readonly db: () => Firestore = adminFirestore,
    /** Counts document reads and writes (the cost benchmark); nothing by default. */
    private readonly options: { meter?: OperationMeter } = {},
  ) {}

  private workspaces() {
    return this.db().collection(COLLECTIONS.workspaces);
  }

  async transaction<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T> {
    try {
      return await meteredTransaction(this.db(), this.options.meter, (t) => work(this.transactionView(t)));
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | null> {
    try {
      return fromDoc(await meteredRead(this.options.meter, this.workspaces().doc(id).get()));
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async listWorkspaces(query: WorkspaceQuery): Promise<WorkspaceRecord[]> {
    const { FieldPath, Timestamp } = fs();
    let q = this.workspaces()
      .where('memberIds', 'array-contains', query.memberId)
      .where('status', 'in', query.statuses)
      .orderBy('createdAt', 'desc')
      .orderBy(FieldPath.documentId(), 'desc');
    if (query.after) q = q.startAfter(Timestamp.fromMillis(query.after.createdAt), query.after.id);
    try {
      const snap = await meteredRead(this.options.meter, q.limit(query.limit).get());
      return snap.docs.map((d) => fromDoc(d)!);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async touchWorkspace(id: string, at: number, staleBefore: number): Promise<void> {
    const { Timestamp } = fs();
    void staleBefore; // the domain already checked; a rare double write is cheaper than a transaction
    try {
      await meteredWrite(
        this.options.meter,
        this.workspaces()
          .doc(id)
          .update({ lastAccessedAt: Timestamp.fromMillis(at) }),
      );
    } catch (error) {
      // NOT_FOUND: purged in the meantime; nothing to keep fresh.
      if ((error as { code?: unknown }).code === 5) return;
      throw mapGoogleError(error);
    }
  }

  private files(workspaceId: string) {
    return this.workspaces().doc(workspaceId).collection(COLLECTIONS.files);
  }

  private records(kind: RecordKind, scope: string) {
    return kind === 'sessions'
      ? this.db().collection(COLLECTIONS.sessions)
      : this.workspaces().doc(scope).collection(kind);
  }

  /** Sessions of all users share one collection: the document id carries the owner too. */
  private recordRef(kind: RecordKind, scope: string, key: string) {
    return this.records(kind, scope).doc(recordDocId(kind, scope, key));
  }

  async getRecord(kind: RecordKind, scope: string, key: string): Promise<StoredRecord | null> {
    try {
      return recordFromDoc((await meteredRead(this.options.meter, this.recordRef(kind, scope, key).get())).data());
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async compareAndSetRecord(
    kind: RecordKind,
    scope: string,
    record: StoredRecord,
    expectedVersion: number | null,
  ): Promise<boolean> {
    const ref = this.recordRef(kind, scope, record.key);
    const doc = recordToDoc(record);
    if (kind === 'sessions') doc.ownerId = scope;
    try {
      if (expectedVersion === null) {
        await meteredWrite(this.options.meter, ref.create(doc));
        return true;
      }
      const snap = await meteredRead(this.options.meter, ref.get());
      if (!snap.exists || snap.get('version') !== expectedVersion) return false;
      // Precondition on the update time just read: no lock, fails if anyone wrote since.
      await meteredWrite(this.options.meter, ref.update(doc, { lastUpdateTime: snap.updateTime! }));
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 6 || code === 9 || code === 5) return false; // ALREADY_EXISTS, FAILED_PRECONDITION, NOT_FOUND
      throw mapGoogleError(error);
    }
  }

  async listRecords(
    kind: RecordKind,
    scope: string,
    query: { after?: string; limit: number },
  ): Promise<StoredRecord[]> {
    let q = this.records(kind, scope).orderBy('key');
    if (kind === 'sessions') q = q.where('ownerId', '==', scope);
    if (query.after !== undefined) q = q.startAfter(query.after);
    try {
      const snap = await meteredRead(this.options.meter, q.limit(query.limit).get());
      return snap.docs.map((d) => recordFromDoc(d.data())!);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async getFile(workspaceId: string, path: string): Promise<FileEntry | null> {
    try {
      const snap = await meteredRead(this.options.meter, this.files(workspaceId).doc(fileDocId(path)).get());
      const entry = fileFromDoc(snap.data());
      return entry && !entry.deleted ? entry : null;
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async listFiles(workspaceId: string, query: FileListQuery): Promise<FileEntry[]> {
    let q = this.files(workspaceId).orderBy('path');
    if (query.prefix) q = q.where('path', '>=', query.prefix).where('path', '<', `${query.prefix}\u{10FFFF}`);
    if (query.after !== undefined) q = q.startAfter(query.after);
    try {
      const snap = await meteredRead(this.options.meter, q.limit(query.limit).get());
      return snap.docs.map((d) => fileFromDoc(d.data())!);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async close(): Promise<void> {
    // The shared admin app outlives any one store.
  }

  // --- Lifecycle ---

  async listPurgeCandidates(query: { staleBefore: number; limit: number }): Promise<WorkspaceRecord[]> {
    const { Timestamp } = fs();
    try {
      const [deleted, stale] = await Promise.all([
        this.workspaces().where('status', '==', 'deleted').limit(query.limit).get(),
        this.workspaces()
          .where('lastAccessedAt', '<', Timestamp.fromMillis(query.staleBefore))
          .orderBy('lastAccessedAt')
          .limit(query.limit)
          .get(),
      ]);
      const staleLive = stale.docs.filter((d) => d.get('status') !== 'deleted');
      return [...deleted.docs, ...staleLive].map((d) => fromDoc(d)!);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async listAllWorkspaces(query: { after?: string; limit: number }): Promise<WorkspaceRecord[]> {
    const { FieldPath } = fs();
    let q = this.workspaces().orderBy(FieldPath.documentId());
    if (query.after !== undefined) q = q.startAfter(query.after);
    try {
      return (await q.limit(query.limit).get()).docs.map((d) => fromDoc(d)!);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async listAccessedSince(query: { since: number; limit: number }): Promise<WorkspaceRecord[]> {
    const { Timestamp } = fs();
    try {
      const snap = await this.workspaces()
        .where('lastAccessedAt', '>=', Timestamp.fromMillis(query.since))
        .orderBy('lastAccessedAt')
        .limit(query.limit)
        .get();
      return snap.docs.map((d) => fromDoc(d)!);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async deleteWorkspaceDocuments(workspaceId: string, limit: number): Promise<number> {
    try {
      const refs: DocumentReference[] = [];
      for (const name of WORKSPACE_SUBCOLLECTIONS) {
        if (refs.length >= limit) break;
        const snap = await this.workspaces()
          .doc(workspaceId)
          .collection(name)
          .select()
          .limit(limit - refs.length)
          .get();
        refs.push(...snap.docs.map((d) => d.ref));
      }
      return await this.bulkDelete(refs);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async deleteExpired(
    kind: 'sessions' | 'idempotencyKeys',
    before: number,
    limit: number,
    options: { dryRun?: boolean } = {},
  ): Promise<number> {
    const { Timestamp } = fs();
    const q = this.db()
      .collection(COLLECTIONS[kind])
      .where('expiresAt', '<', Timestamp.fromMillis(before))
      .limit(limit);
    try {
      if (options.dryRun) return (await q.count().get()).data().count;
      return await this.bulkDelete((await q.select().get()).docs.map((d) => d.ref));
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async listAllRecords(
    kind: RecordKind,
    query: { after?: { scope: string; key: string }; limit: number },
  ): Promise<{ scope: string; record: StoredRecord }[]> {
    if (kind !== 'sessions') throw new Error('listAllRecords lists sessions; list agents and state per workspace');
    const { FieldPath } = fs();
    let q = this.db().collection(COLLECTIONS.sessions).orderBy(FieldPath.documentId());
    if (query.after) q = q.startAfter(recordDocId(kind, query.after.scope, query.after.key));
    try {
      const snap = await q.limit(query.limit).get();
      return snap.docs.map((d) => ({ scope: d.get('ownerId') as string, record: recordFromDoc(d.data())! }));
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  private purgeRecords() {
    return this.db().collection(COLLECTIONS.purgeRecords);
  }

  async getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null> {
    try {
      return purgeFromDoc((await this.purgeRecords().doc(workspaceId).get()).data());
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async putPurgeRecord(record: PurgeRecord): Promise<void> {
    try {
      await this.purgeRecords().doc(record.workspaceId).set(purgeToDoc(record));
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  /** usage/{day}_{workspaceId or '-'}: { day, workspaceId, operations: { [op]: count } }, moved by increments. */
  async recordUsage(day: string, workspaceId: string, counts: Record<string, number>): Promise<void> {
    const { FieldValue } = fs();
    const operations = Object.fromEntries(Object.entries(counts).map(([op, n]) => [op, FieldValue.increment(n)]));
    try {
      await this.db()
        .collection(COLLECTIONS.usage)
        .doc(`${day}_${workspaceId || '-'}`)
        .set({ day, workspaceId, operations }, { merge: true });
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async listUsage(query: UsageQuery): Promise<UsageRow[]> {
    const { FieldPath } = fs();
    // Document ids sort as (day, workspace): the day is a fixed-width prefix.
    let q = this.db()
      .collection(COLLECTIONS.usage)
      .orderBy(FieldPath.documentId())
      .startAt(`${query.from}_`)
      .endAt(`${query.to}_\uf8ff`);
    if (query.after) q = q.startAfter(`${query.after.day}_${query.after.workspaceId || '-'}`);
    try {
      const snap = await q.limit(query.limit).get();
      return snap.docs.map((d) => ({
        day: d.get('day') as string,
        workspaceId: d.get('workspaceId') as string,
        operations: (d.get('operations') ?? {}) as Record<string, number>,
      }));
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  async listPurgeRecords(query: { after?: string; limit: number; unverified?: boolean }): Promise<PurgeRecord[]> {
    const { FieldPath } = fs();
    let q = this.purgeRecords().orderBy(FieldPath.documentId());
    if (query.unverified) q = q.where('state', '==', 'purged').where('verifiedAt', '==', null);
    if (query.after !== undefined) q = q.startAfter(query.after);
    try {
      return (await q.limit(query.limit).get()).docs.map((d) => purgeFromDoc(d.data())!);
    } catch (error) {
      throw mapGoogleError(error);
    }
  }

  /** Deletes documents through a BulkWriter (batched, parallel, retried); throws if any delete failed. */
  private async bulkDelete(refs: DocumentReference[]): Promise<number> {
    if (refs.length === 0) return 0;
    const writer = this.db().bulkWriter();
    const failures: unknown[] = [];
    for (const ref of refs) writer.delete(ref).catch((error: unknown) => failures.push(error));
    await writer.close();
    if (failures.length > 0) throw failures[0];
    return refs.length;
  }

  private transactionView(t: Transaction): MetadataTransaction {
    const workspaces = this.workspaces();
    const keys = this.db().collection(COLLECTIONS.idempotencyKeys);
    const { Timestamp } = fs();
    return {
      getWorkspace: async (id) => fromDoc(await t.get(workspaces.doc(id))),
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
      createWorkspace: (r) => {
        t.create(workspaces.doc(r.id), toDoc(r));
      },
      updateWorkspace: (id, changes: WorkspaceChanges) => {
        t.update(workspaces.doc(id), toDoc(changes));
      },
      getFileEntry: async (workspaceId, path) =>
        fileFromDoc((await t.get(this.files(workspaceId).doc(fileDocId(path)))).data()),
      putFileEntry: (workspaceId, entry) => {
        t.set(this.files(workspaceId).doc(fileDocId(entry.path)), fileToDoc(entry));
      },
      adjustCounters: (workspaceId, delta) => {
        const { FieldValue } = fs();
        t.update(workspaces.doc(workspaceId), {
          fileCount: FieldValue.increment(delta.files),
          totalBytes: FieldValue.increment(delta.bytes),
        });
      },
      getRecord: async (kind, scope, key) => recordFromDoc((await t.get(this.recordRef(kind, scope, key))).data()),
      putRecord: (kind, scope, record) => {
        const doc = recordToDoc(record);
        if (kind === 'sessions') doc.ownerId = scope;
        t.set(this.recordRef(kind, scope, record.key), doc);
      },
      deleteRecord: (kind, scope, key) => {
        t.delete(this.recordRef(kind, scope, key));
      },
      getPurgeRecord: async (id) => purgeFromDoc((await t.get(this.purgeRecords().doc(id))).data()),
      hasWorkspaceDocuments: async (id) => {
        for (const name of WORKSPACE_SUBCOLLECTIONS) {
          const snap = await t.get(workspaces.doc(id).collection(name).select().limit(1));
          if (!snap.empty) return true;
        }
        return false;
      },
      putPurgeRecord: (r) => {
        t.set(this.purgeRecords().doc(r.workspaceId), purgeToDoc(r));
      },
      deleteWorkspace: (id) => {
        t.delete(workspaces.doc(id));
      },
      putIdempotency: (r) => {
        // expiresAt is a Timestamp so a Firestore TTL policy can delete old keys.
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
}

function recordDocId(kind: RecordKind, scope: string, key: string): string {
  return kind === 'sessions' ? `u${Buffer.from(`${scope}\n${key}`).toString('base64url')}` : `k${key}`;
}

/**
 * The cloud change feed: Firestore snapshot listeners on the workspace
 * document and its files, agents and state. Event ids are document update
 * times (ms); resuming replays documents updated after that time (deletions
 * in between are not replayed).
 */
export class FirestoreChangeFeed implements ChangeFeed {
  constructor(private readonly db: () => Firestore = adminFirestore) {}

  async subscribe(
    workspaceId: string,
    since: string | undefined,
    onEvent: (event: ChangeEvent) => void,
    onError: (error: unknown) => void,
  ): Promise<() => void> {
    const after = since !== undefined && /^\d+$/.test(since) ? Number(since) : undefined;
    const workspace = this.db().collection(COLLECTIONS.workspaces).doc(workspaceId);
    const unsubscribers: (() => void)[] = [];
    const fail = (error: unknown) => onError(mapGoogleError(error));
    const idOf = (snap: { updateTime?: { toMillis(): number }; readTime?: { toMillis(): number } }) =>
      String((snap.updateTime ?? snap.readTime)?.toMillis() ?? Date.now());

    let initialWorkspace = true;
    unsubscribers.push(
      workspace.onSnapshot((snap) => {
        const first = initialWorkspace;
        initialWorkspace = false;
        const record = fromDoc(snap);
        if (!record) return;
        const id = idOf(snap);
        if (first && (after === undefined || Number(id) <= after)) return;
        onEvent({ id, change: { kind: 'workspace', record } });
      }, fail),
    );
    for (const kind of ['files', 'agents', 'state'] as const) {
      let initial = true;
      unsubscribers.push(
        workspace.collection(kind).onSnapshot((snap) => {
          const first = initial;
          initial = false;
          for (const change of snap.docChanges()) {
            const id = idOf(change.type === 'removed' ? { readTime: snap.readTime } : change.doc);
            if (first && (after === undefined || Number(id) <= after)) continue;
            const data = change.type === 'removed' ? undefined : change.doc.data();
            if (kind === 'files') {
              const entry = fileFromDoc(data);
              if (entry) onEvent({ id, change: { kind: 'file', path: entry.path, entry } });
            } else {
              const record = recordFromDoc(data);
              const key = record?.key ?? change.doc.id.slice(1);
              onEvent({ id, change: { kind, key, record } });
            }
          }
        }, fail),
      );
    }
    return () => unsubscribers.forEach((stop) => stop());
  }
}
