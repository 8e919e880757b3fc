/**
 * The one way anything changes the live tree (docs/history.md, "Commits"):
 * bytes are staged as immutable blobs first, then one transaction checks
 * every precondition, writes every entry (the replaced version moves into
 * its `versions`), the commit record and one counter update. A failure
 * anywhere before the transaction commits leaves nothing visible.
 */
import type { MetadataPorts } from '../../ports';
import type { BlobStore } from '../../ports/blobs';
import type { FileEntry } from '../../ports/fileIndex';
import type { CommitChangeRecord, CommitKind, CommitRecord, FileVersion } from '../../ports/history';
import type { Transaction } from '../../ports/transaction';
import type { WorkspaceRecord } from '../../ports/workspaces';
import { ApiError, notFound, type ErrorDetail } from '../shared/errors';
import { etagMatches } from '../shared/etag';
import { withRetries } from '../shared/retry';
import { blobObjectName, countsMicros, newCommitId, nextGeneration } from './ids';

/** What a change expects to replace (checked inside the transaction). */
export interface ChangeGuard {
  /** The generation it replaces; '0': the path must not exist. */
  ifGeneration?: string;
  /** If-Match etags (`g<generation>`, or `*`: the path must exist). */
  ifMatch?: string[];
}

export type PreparedChange = ChangeGuard & {
  path: string;
  /** Where the change came from in the request, for error details (`changes.3`). */
  field: string;
} & (
    | {
        op: 'write';
        blob: string;
        size: number;
        contentType: string;
        md5: string;
        /** Written for this commit: removed again if the commit fails. */
        staged: boolean;
        /** The generation the bucket gave these bytes (tells the bucket's generation unit). */
        bucketGeneration?: string;
        /**
         * The kept version of this path these bytes come from (`fromGeneration`):
         * checked again inside the transaction, so a version the retention pass
         * dropped meanwhile is 404 rather than a pointer to bytes being swept.
         */
        keptGeneration?: string;
      }
    | { op: 'delete' }
  );

export interface CommitMeta {
  kind: CommitKind;
  message?: string;
  agentId?: string;
  author: string;
}

/**
 * More work in a commit's transaction (a restore: its checks, state records
 * and automatic checkpoint): `read` runs after the entries are read and
 * before anything is written; `write` adds writes beside the commit's.
 */
export interface CommitHooks {
  read?(tx: Transaction): Promise<void>;
  write?(tx: Transaction, commit: CommitRecord): void;
  /** Recorded on the commit (a restore names its automatic checkpoint). */
  checkpointId?: string;
}

export interface CommitLimits {
  maxWorkspaceBytes: number;
  maxWorkspaceFiles: number;
  versionsPerFile: number;
}

export interface CommitOutcome {
  commit: CommitRecord;
  /** The entries before the commit, in the order of the changes (null: never existed). */
  before: (FileEntry | null)[];
  after: FileEntry[];
}

/** A version record of what an entry holds now. */
export function versionOf(e: FileEntry): FileVersion {
  return {
    generation: e.generation,
    ...(e.blob !== undefined && { blob: e.blob }),
    size: e.size,
    contentType: e.contentType,
    md5: e.md5,
    createdAt: e.updatedAt,
    ...(e.commitId !== undefined && { commitId: e.commitId }),
    ...(e.author !== undefined && { author: e.author }),
    deleted: e.deleted,
  };
}

/** Bytes an entry keeps only for history: distinct blobs of its kept versions, not the current one. */
export function keptBytes(e: FileEntry | null): number {
  if (!e) return 0;
  const seen = new Set<string>();
  if (!e.deleted && e.blob !== undefined) seen.add(e.blob);
  let bytes = 0;
  for (const v of e.versions ?? []) {
    if (v.deleted || v.blob === undefined || seen.has(v.blob)) continue;
    seen.add(v.blob);
    bytes += v.size;
  }
  return bytes;
}

const live = (e: FileEntry | null): e is FileEntry => e !== null && !e.deleted;

/** Why a change's guard does not hold against the entry it would replace, or undefined. */
function guardProblem(change: ChangeGuard, entry: FileEntry | null): string | undefined {
  const current = live(entry) ? entry.generation : '0';
  if (change.ifGeneration !== undefined && change.ifGeneration !== current) {
    return current === '0'
      ? `${change.ifGeneration} expected, but the file does not exist`
      : `${change.ifGeneration} expected, but the file is at ${current}`;
  }
  if (change.ifMatch !== undefined && (!live(entry) || !etagMatches(change.ifMatch, `g${entry.generation}`))) {
    return live(entry) ? `the file is at g${entry.generation}` : 'the file does not exist';
  }
  return undefined;
}

export class CommitEngine {
  constructor(
    private readonly options: {
      stores: Pick<MetadataPorts, 'transactions' | 'workspaces'>;
      blobs: Pick<BlobStore, 'delete'>;
      limits: () => CommitLimits;
      now?: () => number;
    },
  ) {}

  /**
   * Commits `changes` (distinct paths) to a workspace that the caller has
   * just found live. Throws 412 naming every conflicting path, 404 for a
   * delete of a path that does not exist, 413 over quota, 404 when the
   * workspace is gone; staged blobs are removed again on any failure.
   */
  async apply(
    workspace: WorkspaceRecord,
    changes: PreparedChange[],
    meta: CommitMeta,
    hooks: CommitHooks = {},
  ): Promise<CommitOutcome> {
    const now = (this.options.now ?? Date.now)();
    const commitId = newCommitId(now);
    const limits = this.options.limits();
    try {
      // The transaction is free of side effects, so contention (`aborted`) is retried.
      return await withRetries(
        () =>
          this.options.stores.transactions.run(async (tx) => {
            const before = await Promise.all(changes.map((c) => tx.getFileEntry(workspace.id, c.path)));
            await hooks.read?.(tx);
            const conflicts: ErrorDetail[] = [];
            changes.forEach((c, i) => {
              const problem = guardProblem(c, before[i] ?? null);
              if (problem) conflicts.push({ field: `${c.field}.path`, reason: `${c.path}: ${problem}` });
            });
            if (conflicts.length > 0) {
              throw new ApiError(
                'failed_precondition',
                `${conflicts.length} of the changed files ${conflicts.length === 1 ? 'has' : 'have'} changed since ` +
                  'they were read; nothing was written.',
                conflicts,
              );
            }
            const gone = changes.findIndex((c, i) => {
              if (c.op !== 'write' || c.keptGeneration === undefined) return false;
              const entry = before[i];
              const kept = entry ? [entry, ...(entry.versions ?? [])] : [];
              return !kept.some((v) => v.generation === c.keptGeneration && v.blob === c.blob);
            });
            if (gone >= 0) {
              const c = changes[gone]!;
              throw new ApiError('not_found', `${c.path}: that version is no longer kept; nothing was written.`, [
                { field: `${c.field}.fromGeneration`, reason: 'no such kept version' },
              ]);
            }
            const missing = changes.findIndex((c, i) => c.op === 'delete' && !live(before[i] ?? null));
            if (missing >= 0) {
              throw new ApiError('not_found', `${changes[missing]!.path} does not exist; nothing was written.`, [
                { field: `${changes[missing]!.field}.path`, reason: 'no such file' },
              ]);
            }
            const micros = countsMicros([
              ...before.map((e) => e?.generation),
              ...changes.map((c) => (c.op === 'write' ? c.bucketGeneration : undefined)),
            ]);
            const delta = { files: 0, bytes: 0, versionBytes: 0 };
            const after: FileEntry[] = [];
            const records: CommitChangeRecord[] = [];
            changes.forEach((c, i) => {
              const prev = before[i] ?? null;
              const generation = nextGeneration(prev?.generation, micros);
              const versions = prev
                ? [versionOf(prev), ...(prev.versions ?? [])].slice(0, 2 * limits.versionsPerFile)
                : [];
              const common = { path: c.path, generation, updatedAt: now, commitId, author: meta.author, versions };
              const entry: FileEntry =
                c.op === 'write'
                  ? { ...common, size: c.size, contentType: c.contentType, md5: c.md5, deleted: false, blob: c.blob }
                  : { ...common, size: 0, contentType: '', md5: '', deleted: true };
              delta.files += (live(entry) ? 1 : 0) - (live(prev) ? 1 : 0);
              delta.bytes += (live(entry) ? entry.size : 0) - (live(prev) ? prev.size : 0);
              delta.versionBytes += keptBytes(entry) - keptBytes(prev);
              after.push(entry);
              records.push(
                c.op === 'write'
                  ? { path: c.path, generation, blob: c.blob, size: c.size, contentType: c.contentType, md5: c.md5 }
                  : { path: c.path, generation, deleted: true },
              );
            });
            if (delta.bytes > 0 && workspace.totalBytes + delta.bytes > limits.maxWorkspaceBytes) {
              throw new ApiError(
                'payload_too_large',
                `This workspace may hold at most ${limits.maxWorkspaceBytes} bytes.`,
                [{ field: 'changes', reason: `${delta.bytes} more bytes than the workspace may hold` }],
              );
            }
            if (delta.files > 0 && workspace.fileCount + delta.files > limits.maxWorkspaceFiles) {
              throw new ApiError(
                'payload_too_large',
                `This workspace may hold at most ${limits.maxWorkspaceFiles} files.`,
                [{ field: 'changes', reason: `${delta.files} more files than the workspace may hold` }],
              );
            }
            const commit: CommitRecord = {
              id: commitId,
              kind: meta.kind,
              message: meta.message ?? '',
              ...(meta.agentId !== undefined && { agentId: meta.agentId }),
              author: meta.author,
              createdAt: now,
              changes: records,
              ...(hooks.checkpointId !== undefined && { checkpointId: hooks.checkpointId }),
            };
            for (const entry of after) tx.putFileEntry(workspace.id, entry);
            tx.putCommit(workspace.id, commit);
            hooks.write?.(tx, commit);
            // Always written: it fails when the workspace is gone, which aborts the commit.
            tx.adjustCounters(workspace.id, delta);
            return { commit, before, after };
          }),
        // Many agents committing to one workspace contend; the loser re-reads and usually gets its 412.
        { attempts: 8 },
      );
    } catch (error) {
      await this.discard(workspace.id, changes);
      if (error instanceof ApiError) throw error;
      const now = await this.options.stores.workspaces.getWorkspace(workspace.id);
      if (!now || now.status === 'deleted') throw notFound('Workspace not found.');
      throw error;
    }
  }

  /** Removes the blobs staged for a commit that did not happen (best effort: the sweep gets the rest). */
  async discard(workspaceId: string, changes: PreparedChange[]): Promise<void> {
    await Promise.all(
      changes.map((c) =>
        c.op === 'write' && c.staged
          ? this.options.blobs.delete(blobObjectName(workspaceId, c.blob)).catch(() => false)
          : false,
      ),
    );
  }
}
