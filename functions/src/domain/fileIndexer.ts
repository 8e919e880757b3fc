import { decide, type ObjectEvent } from './fileIndex';
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

  apply(workspaceId: string, event: ObjectEvent): Promise<IndexOutcome> {
    return this.store.transaction(async (tx) => {
      const workspace = await tx.getWorkspace(workspaceId);
      // A deleted workspace is the purge's business: indexing it would only be undone.
      if (!workspace || workspace.status === 'deleted') return 'workspace_gone';
      const current = await tx.getFileEntry(workspaceId, event.path);
      const decision = decide(current, event);
      if (!decision.write) return decision.outcome;
      tx.putFileEntry(workspaceId, decision.write);
      if (decision.files !== 0 || decision.bytes !== 0) {
        tx.setCounters(workspaceId, {
          fileCount: workspace.fileCount + decision.files,
          totalBytes: workspace.totalBytes + decision.bytes,
        });
      }
      return 'applied';
    });
  }
}
