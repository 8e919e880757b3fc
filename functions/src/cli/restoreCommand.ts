import { ApiError } from '../domain/shared/errors';
import { Reconciler } from '../domain/lifecycle/reconcile';
import { restorePurgedWorkspace } from '../domain/lifecycle/restore';
import { WorkspaceId } from '../schemas/common';
import { openStores } from '../runtime/stores';
import { parseArgs, UsageError } from './args';
import { allowOnly, backendOption } from './options';
import { formatBytes } from './output';

/**
 * `websplat restore <workspaceId>`: recreates a purged workspace from its
 * purge record (step 1 of docs/recovery.md); with --reindex, also rebuilds
 * its index from whatever objects are back by now (step 3).
 */
export async function restoreCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['reindex']);
  allowOnly(args, ['backend', 'reindex']);
  const [id, ...extra] = args.positionals;
  if (!id || extra.length || !WorkspaceId.safeParse(id).success) throw new UsageError('restore takes one workspace id');
  const stores = openStores(backendOption(args), dataDir);
  try {
    const { record, workspace } = await restorePurgedWorkspace(stores.metadata, id).catch((error: unknown) => {
      if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'failed_precondition')) {
        throw new Error(error.message);
      }
      throw error;
    });
    process.stdout.write(
      `Recreated workspace ${id} "${workspace.name}" for ${workspace.ownerId} with ${Object.keys(workspace.members).length} members ` +
        `(purged ${new Date(record.completedAt ?? record.claimedAt).toISOString()}, ${record.reason}; it had ${record.fileCount} files, ${formatBytes(record.totalBytes)}).\n`,
    );
    if (args.options.reindex) {
      const report = await new Reconciler(stores.metadata, stores.blobs).reconcile(id, {
        repair: true,
        replayLog: true,
      });
      process.stdout.write(`Reindexed: ${report?.objects ?? 0} files found under the workspace.\n`);
    } else {
      process.stdout.write(
        `Next: restore its objects under workspaces/${id}/ (docs/recovery.md), then run: websplat reindex ${id}\n`,
      );
    }
    return 0;
  } finally {
    await stores.close();
  }
}
