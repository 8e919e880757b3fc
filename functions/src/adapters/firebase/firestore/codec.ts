/**
 * What every Firestore adapter shares: the collection layout, the document
 * codecs (times as Timestamps) and the connection context.
 */
import type { DocumentData, DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import type { FileEntry } from '../../../ports/fileIndex';
import type { PurgeRecord } from '../../../ports/lifecycle';
import type { StoredRecord } from '../../../ports/records';
import type { WorkspaceRecord } from '../../../ports/workspaces';
import { mapGoogleError } from '../errors';
import type { OperationMeter } from '../operationMeter';
import type { DocumentReader, DocumentSnap } from './documentReader';

type FirestoreModule = typeof import('firebase-admin/firestore');
/** Loaded on first use, so importing an adapter loads no SDK. */
export const fs = (): FirestoreModule => require('firebase-admin/firestore') as FirestoreModule;

/** The database and, for the cost benchmark, a meter counting document reads and writes. */
export interface FirestoreContext {
  db: () => Firestore;
  meter?: OperationMeter;
  /** Single-document gets without the SDK, where the credentials allow (see restDocumentReader). */
  documents?: DocumentReader;
}

export const COLLECTIONS = {
  workspaces: 'workspaces',
  idempotencyKeys: 'idempotencyKeys',
  files: 'files',
  commits: 'commits',
  checkpoints: 'checkpoints',
  sessions: 'sessions',
  purgeRecords: 'purgeRecords',
  /** Cursors of resumable maintenance steps (maintenance/{step}: {valueJson}). */
  maintenance: 'maintenance',
  usage: 'usage',
} as const;

/** Subcollections under a workspace document; the purge removes all of them. */
export const WORKSPACE_SUBCOLLECTIONS = ['files', 'agents', 'state', 'links', 'commits', 'checkpoints'] as const;

export const workspacesOf = (ctx: FirestoreContext) => ctx.db().collection(COLLECTIONS.workspaces);
export const filesOf = (ctx: FirestoreContext, workspaceId: string) =>
  workspacesOf(ctx).doc(workspaceId).collection(COLLECTIONS.files);
export const commitsOf = (ctx: FirestoreContext, workspaceId: string) =>
  workspacesOf(ctx).doc(workspaceId).collection(COLLECTIONS.commits);

export const checkpointsOf = (ctx: FirestoreContext, workspaceId: string) =>
  workspacesOf(ctx).doc(workspaceId).collection(COLLECTIONS.checkpoints);

/** Runs a call to Firestore, mapping its errors to the contract's codes. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapGoogleError(error);
  }
}

export const millis = (value: unknown): number =>
  value && typeof (value as { toMillis?: unknown }).toMillis === 'function'
    ? (value as { toMillis(): number }).toMillis()
    : Number(value);

// --- workspaces ---

export function workspaceFromDoc(snap: DocumentSnap): WorkspaceRecord | null {
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
    ...(d.versionBytes ? { versionBytes: d.versionBytes as number } : {}),
    createdAt: millis(d.createdAt),
    updatedAt: millis(d.updatedAt),
    lastAccessedAt: millis(d.lastAccessedAt),
    deletedAt: d.deletedAt == null ? null : millis(d.deletedAt),
    deletedBy: d.deletedBy ?? null,
    version: d.version,
  };
}

/** Every listing returns existing documents, so each one decodes. */
export const workspacesFromDocs = (docs: DocumentSnapshot[]): WorkspaceRecord[] =>
  docs.flatMap((d) => workspaceFromDoc(d) ?? []);

/**
 * Document fields. Times are Timestamps so Firestore tools (TTL policies,
 * console, rules) understand them; `memberIds` mirrors the keys of `members`
 * for the array-contains listing query and the security rules.
 */
export function workspaceToDoc(changes: Partial<WorkspaceRecord>): DocumentData {
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

// --- file index ---

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
export function fileToDoc(e: FileEntry): DocumentData {
  const { Timestamp } = fs();
  const common = {
    generation: e.generation,
    updatedAt: Timestamp.fromMillis(e.updatedAt),
    ...(e.blob !== undefined && { blob: e.blob }),
    ...(e.commitId !== undefined && { commitId: e.commitId }),
    ...(e.author !== undefined && { author: e.author }),
    // Plain maps; undefined fields are left out (Firestore rejects them).
    ...(e.versions !== undefined && { versions: e.versions.map((v) => JSON.parse(JSON.stringify(v))) }),
  };
  return e.deleted
    ? { ...common, deletedPath: e.path, deleted: true }
    : { ...common, path: e.path, size: e.size, contentType: e.contentType, md5: e.md5, deleted: false };
}

export function fileFromDoc(d: DocumentData | undefined): FileEntry | null {
  if (!d) return null;
  return {
    path: d.deleted ? d.deletedPath : d.path,
    size: d.size ?? 0,
    contentType: d.contentType ?? '',
    md5: d.md5 ?? '',
    generation: d.generation,
    updatedAt: millis(d.updatedAt),
    deleted: d.deleted === true,
    ...(d.blob !== undefined && { blob: d.blob }),
    ...(d.commitId !== undefined && { commitId: d.commitId }),
    ...(d.author !== undefined && { author: d.author }),
    ...(d.versions !== undefined && { versions: d.versions }),
  };
}

// --- keyed records (agents, state, sessions) ---

/**
 * Agent progress and shared state live under their workspace
 * (workspaces/{id}/agents|state/k{key}), where the security rules let members
 * read them for real-time listeners; sessions live in a top-level `sessions`
 * collection no client may read. The `k` prefix keeps ids clear of Firestore's
 * reserved `__x__` names.
 */
export const recordDocId = (key: string) => `k${key}`;

/** Sessions of all users share one collection: the document id carries the owner too. */
export const sessionDocId = (uid: string, key: string) => `u${Buffer.from(`${uid}\n${key}`).toString('base64url')}`;

export function recordToDoc(r: StoredRecord): DocumentData {
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

export function recordFromDoc(d: DocumentData | undefined): StoredRecord | null {
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

/** Every listing returns existing documents, so each one decodes. */
export const recordsFromDocs = (docs: DocumentSnapshot[]): StoredRecord[] =>
  docs.flatMap((d) => recordFromDoc(d.data()) ?? []);

// --- purge records ---

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
export function purgeToDoc(r: PurgeRecord): DocumentData {
  const { Timestamp } = fs();
  // A workspace document written by hand may lack fields: store null rather than fail the purge over it.
  const doc: DocumentData = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? null]));
  for (const key of PURGE_TIMES) {
    const ms = r[key];
    doc[key] = typeof ms === 'number' && Number.isFinite(ms) ? Timestamp.fromMillis(ms) : null;
  }
  return doc;
}

export function purgeFromDoc(d: DocumentData | undefined): PurgeRecord | null {
  if (!d) return null;
  const record = { ...d } as Record<string, unknown>;
  for (const key of PURGE_TIMES) record[key] = d[key] == null ? null : millis(d[key]);
  return record as unknown as PurgeRecord;
}
