import { decide, type ObjectEvent } from './fileIndex';
import { withRetries } from './retry';
import type { MetadataStore } from '../ports/metadata';

export type IndexOutcome = 'applied' | 'stale' | 'duplicate' | 'workspace_gone';

/**
 * Applies object events to the file index and the workspace counters in one
 * transaction each, so replays, duplicates and reordering converge on the
 * same index (see decide()). Used by the Storage triggers, and inline by API
 * writes on both backends, so the index is current as soon as a write returns.
 */
export class FileIndexer {
  constructor(private readonly store: MetadataStore) {}

  async apply(workspaceId: string, event: ObjectEvent): Promise<IndexOutcome> {
    // Read outside the transaction: see MetadataTransaction.adjustCounters.
    const workspace = await this.store.getWorkspace(workspaceId);
    // A deleted workspace is the purge's business: indexing it would only be undone.
    if (!workspace || workspace.status === 'deleted') return 'workspace_gone';
    try {
      // Many files of one workspace move its counters at once; decide() makes a retry harmless.
      return await withRetries(() => this.indexInTransaction(workspaceId, event));
    } catch (error) {
      // Deleted or purged meanwhile (the counter update then fails): done, not an error to retry.
      const now = await this.store.getWorkspace(workspaceId);
      if (!now || now.status === 'deleted') return 'workspace_gone';
      throw error;
    }
  }

  private indexInTransaction(workspaceId: string, event: ObjectEvent): Promise<IndexOutcome> {
    return this.store.transaction(async (tx) => {
      const current = await tx.getFileEntry(workspaceId, event.path);
      const decision = decide(current, event);
      if (!decision.write) return decision.outcome;
      tx.putFileEntry(workspaceId, decision.write);
      if (decision.files !== 0 || decision.bytes !== 0) {
        tx.adjustCounters(workspaceId, { files: decision.files, bytes: decision.bytes });
      }
      return 'applied';
    });
  }
}
