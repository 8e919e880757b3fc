/**
 * Undoing a purge: recreates a purged workspace's document (same id, name,
 * owner, members and metadata) from its purge record. Its files come back
 * by restoring the objects (Cloud Storage soft delete or object versions)
 * and reindexing; agents and state only from a Firestore backup. See
 * docs/recovery.md for the whole procedure.
 */
import { failedPrecondition, notFound } from '../shared/errors';
import type { PurgeRecord } from '../../ports/lifecycle';
import type { WorkspaceRecord } from '../../ports/workspaces';
import type { MetadataPorts } from '../../ports';

export async function restorePurgedWorkspace(
  stores: Pick<MetadataPorts, 'transactions'>,
  workspaceId: string,
  now: () => number = Date.now,
): Promise<{ record: PurgeRecord; workspace: WorkspaceRecord }> {
  return stores.transactions.run(async (tx) => {
    const current = await tx.getWorkspace(workspaceId);
    const record = await tx.getPurgeRecord(workspaceId);
    if (!record) throw notFound('No purge record for this workspace: the purge never removed it.');
    if (current) {
      throw failedPrecondition(
        `The workspace still exists (status ${current.status}); a purge in progress must finish before it can be restored.`,
      );
    }
    if (record.state !== 'purged') {
      throw failedPrecondition(`The purge record is ${record.state}; only a completed purge can be restored.`);
    }
    const at = now();
    const workspace: WorkspaceRecord = {
      id: workspaceId,
      name: record.name,
      description: record.description ?? '',
      status: 'active',
      ownerId: record.ownerId,
      members: record.members ?? { [record.ownerId]: 'owner' },
      metadata: record.metadata ?? {},
      fileCount: 0,
      totalBytes: 0,
      createdAt: record.createdAt ?? at,
      updatedAt: at,
      lastAccessedAt: at,
      deletedAt: null,
      deletedBy: null,
      version: 1,
    };
    tx.createWorkspace(workspace);
    // `restored` also keeps the purge's later straggler check away from the restored objects.
    const restored: PurgeRecord = { ...record, state: 'restored', restoredAt: at };
    tx.putPurgeRecord(restored);
    return { record: restored, workspace };
  });
}
