import type { MetadataPorts } from '../../ports';
import type { BlobInfo, BlobStore } from '../../ports/blobs';
import { ApiError, notFound } from '../shared/errors';
import { withRetries } from '../shared/retry';
import { decide } from './fileIndex';
import type { CommitKind } from '../../ports/history';
import type { WorkspaceStatus } from '../../ports/workspaces';
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
 * compare-and-set each, so replays, duplicates and reordering converge on
 * the same index (see decide()). Used by the Storage triggers, and inline by API
 * writes on both backends, so the index is current as soon as a write returns.
 */
export class FileIndexer {
  constructor(
    private readonly stores: Pick<MetadataPorts, 'entrySwaps' | 'workspaces'>,
    private readonly history: { versionsPerFile: number } = { versionsPerFile: 50 },
  ) {}

  async apply(
    workspaceId: string,
    path: string,
    event: ObjectEvent,
    options: ApplyOptions = {},
  ): Promise<IndexOutcome> {
    try {
      // Another write of the same path between the read and the swap makes the swap fail as
      // `aborted`: read again (decide() makes a repeat harmless).
      return await withRetries(
        () => this.indexBySwap(workspaceId, path, event, options.kind ?? 'direct', !options.workspaceChecked),
        // Only writers of this one path contend; the SDK's transactions retried five times per attempt.
        { attempts: 8, baseDelayMs: 20 },
      );
    } catch (error) {
      // Deleted or purged meanwhile (the counter update then fails): done, not an error to retry.
      if (!(await this.live(workspaceId))) return 'workspace_gone';
      throw error;
    }
  }

  /** Whether a failed write failed because the workspace went (its counter update fails then). */
  private async live(workspaceId: string): Promise<boolean> {
    return isLive((await this.stores.workspaces.getWorkspace(workspaceId))?.status ?? null);
  }

  /**
   * One event as one compare-and-set of its entry (EntrySwapStore.swapEntry):
   * no lock, so the events of one workspace's many files never wait for each
   * other. An applied event is a commit like any other write
   * (docs/history.md): the version it replaces is kept, and a commit record
   * says what changed.
   */
  private async indexBySwap(
    workspaceId: string,
    path: string,
    event: ObjectEvent,
    kind: CommitKind,
    checkWorkspace: boolean,
  ): Promise<IndexOutcome> {
    const snapshot = await this.stores.entrySwaps.readEntry(workspaceId, path, { workspace: checkWorkspace });
    // A deleted workspace is the purge's business: indexing it would only be undone.
    if (snapshot.workspaceStatus !== undefined && !isLive(snapshot.workspaceStatus)) return 'workspace_gone';
    const current = snapshot.entry;
    const decision = decide(current, path, event);
    if (!decision.write) return decision.outcome;
    const now = Date.now();
    const commitId = newCommitId(now);
    const versions = current
      ? [versionOf(current), ...(current.versions ?? [])].slice(0, 2 * this.history.versionsPerFile)
      : [];
    const write = { ...decision.write, commitId, author: 'bucket', versions };
    const versionBytes = keptBytes(write) - keptBytes(current);
    const moved = decision.files !== 0 || decision.bytes !== 0 || versionBytes !== 0;
    const swapped = await this.stores.entrySwaps.swapEntry(snapshot, {
      entry: write,
      commit: {
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
      },
      ...(moved && { counters: { files: decision.files, bytes: decision.bytes, versionBytes } }),
    });
    if (!swapped) throw new ApiError('aborted', `The index entry of ${path} changed while this event was applied.`);
    return 'applied';
  }
}

/** A workspace the index may still change: it exists and is not deleted (deleted ones are the purge's). */
const isLive = (status: WorkspaceStatus | null) => status !== null && status !== 'deleted';

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
