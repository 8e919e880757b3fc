/**
 * Rebuilds the entries of committed (blob) versions from the commit log, for
 * `websplat reindex` (docs/history.md, "Recovery"): the log is the record of
 * every API write, so entries lost or damaged are written again from the
 * newest change of each path. Changes written straight to the bucket (no
 * blob) are left to the bucket walk of the reconciler.
 */
import type { MetadataPorts } from '../../ports';
import type { CommitChangeRecord } from '../../ports/history';
import { keptBytes } from './commitEngine';

export interface ReplayOutcome {
  added: number;
  fixed: number;
  removed: number;
  /** Counter moves written (zero for a dry run). */
  files: number;
  bytes: number;
}

const live = (e: { deleted: boolean } | null) => e !== null && !e.deleted;

export async function replayCommitLog(
  stores: Pick<MetadataPorts, 'transactions' | 'history'>,
  workspaceId: string,
  write: boolean,
): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { added: 0, fixed: 0, removed: 0, files: 0, bytes: 0 };
  // The newest change of each path, with the commit that made it.
  const newest = new Map<string, { change: CommitChangeRecord; commitId: string; author: string; at: number }>();
  let before: string | undefined;
  for (;;) {
    const page = await stores.history.listCommits(workspaceId, { limit: 500, ...(before && { before }) });
    for (const commit of page) {
      for (const change of commit.changes) {
        if (!newest.has(change.path)) {
          newest.set(change.path, { change, commitId: commit.id, author: commit.author, at: commit.createdAt });
        }
      }
    }
    if (page.length < 500) break;
    before = page[page.length - 1]!.id;
  }
  for (const [path, { change, commitId, author, at }] of newest) {
    if (!change.deleted && change.blob === undefined) continue;
    const repair = await stores.transactions.run(async (tx) => {
      const current = await tx.getFileEntry(workspaceId, path);
      if (current && BigInt(current.generation) > BigInt(change.generation)) return null; // newer than the log
      const matches =
        current !== null &&
        current.generation === change.generation &&
        current.deleted === Boolean(change.deleted) &&
        (change.deleted ||
          (current.blob === change.blob && current.size === change.size && current.md5 === change.md5));
      if (matches) return null;
      const entry = change.deleted
        ? { path, size: 0, contentType: '', md5: '', deleted: true }
        : {
            path,
            size: change.size ?? 0,
            contentType: change.contentType ?? '',
            md5: change.md5 ?? '',
            deleted: false,
          };
      const next = {
        ...entry,
        generation: change.generation,
        updatedAt: at,
        commitId,
        author,
        ...(change.blob !== undefined && { blob: change.blob }),
        versions: current?.versions ?? [],
      };
      const delta = {
        files: (live(next) ? 1 : 0) - (live(current) ? 1 : 0),
        bytes: (live(next) ? next.size : 0) - (current && live(current) ? current.size : 0),
        versionBytes: keptBytes(next) - keptBytes(current),
      };
      if (write) {
        tx.putFileEntry(workspaceId, next);
        tx.adjustCounters(workspaceId, delta);
      }
      return {
        kind: current === null || (!live(current) && live(next)) ? 'added' : live(next) ? 'fixed' : 'removed',
        delta,
      };
    });
    if (!repair) continue;
    outcome[repair.kind as 'added' | 'fixed' | 'removed']++;
    if (write) {
      outcome.files += repair.delta.files;
      outcome.bytes += repair.delta.bytes;
    }
  }
  return outcome;
}
