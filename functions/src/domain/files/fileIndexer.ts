import type { MetadataPorts } from '../../ports';
import type { BlobInfo, BlobStore } from '../../ports/blobs';
import { notFound } from '../shared/errors';
import { withRetries } from '../shared/retry';
import { decide } from './fileIndex';
import type { CommitKind } from '../../ports/history';
import { keptBytes, versionOf } from '../history/commitEngine';
import { newCommitId } from '../history/ids';
import { finalizedEvent, type ObjectEvent } from './objectEvent';

export type IndexOutcome = 'applied' | 'stale' | 'duplicate' | 'workspace_gone';

export interface ApplyOptions {
  /**
   * The caller has just read the workspace and found it live (an API request
   * after its access check), so the indexer does not read it again. A
   * workspace purged since still ends as workspace_gone (the counter update
   * fails); one only marked deleted since is the purge's to clean up, as for
   * any write that came just before the delete.
   */
  workspaceChecked?: boolean;
  /** What the commit recording this change says made it (default: `direct`, written straight to the bucket). */
  kind?: CommitKind;
}

/**
 * Applies object events to the file index and the workspace counters in one
 * transaction each, so replays, duplicates and reordering converge on the
 * same index (see decide()). Used by the Storage triggers, and inline by API
 * writes on both backends, so the index is current as soon as a write returns.
 */
export class FileIndexer {
  constructor(
    private readonly stores: Pick<MetadataPorts, 'transactions' | 'workspaces'>,
    private readonly history: { versionsPerFile: number } = { versionsPerFile: 50 },
  ) {}

  async apply(
    workspaceId: string,
    path: string,
    event: ObjectEvent,
    options: ApplyOptions = {},
  ): Promise<IndexOutcome> {
    if (!options.workspaceChecked && !(await this.live(workspaceId))) {
      // A deleted workspace is the purge's business: indexing it would only be undone.
      return 'workspace_gone';
    }
    try {
      // Many files of one workspace move its counters at once; decide() makes a retry harmless.
      return await withRetries(() => this.indexInTransaction(workspaceId, path, event, options.kind ?? 'direct'));
    } catch (error) {
      // Deleted or purged meanwhile (the counter update then fails): done, not an error to retry.
      if (!(await this.live(workspaceId))) return 'workspace_gone';
      throw error;
    }
  }

  /** Read outside the transaction: see FileIndexTransaction.adjustCounters. */
  private async live(workspaceId: string): Promise<boolean> {
    const workspace = await this.stores.workspaces.getWorkspace(workspaceId);
    return workspace !== null && workspace.status !== 'deleted';
  }

  /**
   * One event in one transaction. An applied event is a commit like any
   * other write (docs/history.md): the version it replaces is kept, and a
   * commit record says what changed.
   */
  private indexInTransaction(
    workspaceId: string,
    path: string,
    event: ObjectEvent,
    kind: CommitKind,
  ): Promise<IndexOutcome> {
    return this.stores.transactions.run(async (tx) => {
      const current = await tx.getFileEntry(workspaceId, path);
      const decision = decide(current, path, event);
      if (!decision.write) return decision.outcome;
      const now = Date.now();
      const commitId = newCommitId(now);
      const versions = current
        ? [versionOf(current), ...(current.versions ?? [])].slice(0, 2 * this.history.versionsPerFile)
        : [];
      const write = { ...decision.write, commitId, author: 'bucket', versions };
      tx.putFileEntry(workspaceId, write);
      tx.putCommit(workspaceId, {
        id: commitId,
        kind: write.deleted ? 'delete' : kind,
        message: '',
        author: 'bucket',
        createdAt: now,
        changes: [
          write.deleted
            ? { path, generation: write.generation, deleted: true }
            : { path, generation: write.generation, size: write.size, contentType: write.contentType, md5: write.md5 },
        ],
      });
      const versionBytes = keptBytes(write) - keptBytes(current);
      if (decision.files !== 0 || decision.bytes !== 0 || versionBytes !== 0) {
        tx.adjustCounters(workspaceId, { files: decision.files, bytes: decision.bytes, versionBytes });
      }
      return 'applied';
    });
  }
}

/**
 * Indexes bytes just written through the API. If the workspace is gone (for
 * a request that found it live just before: purged while the bytes were
 * being written), nothing may keep them: the object is removed again and the
 * caller gets the 404 a later request would get.
 */
export async function indexWrite(
  indexer: FileIndexer,
  blobs: Pick<BlobStore, 'delete'>,
  target: { workspaceId: string; path: string },
  info: BlobInfo,
  options: ApplyOptions,
): Promise<void> {
  const outcome = await indexer.apply(target.workspaceId, target.path, finalizedEvent(info), options);
  if (outcome !== 'workspace_gone') return;
  await blobs.delete(info.name, { ifGenerationMatch: info.generation }).catch(() => false);
  throw notFound('Workspace not found.');
}
