import { randomBytes } from 'node:crypto';
import { fileLimitSettings, historySettings } from '../config';
import { FileIndexer } from '../domain/files/fileIndexer';
import { FileService } from '../domain/files/files';
import { CheckpointService } from '../domain/history/checkpoints';
import { CommitEngine } from '../domain/history/commitEngine';
import { ApiError } from '../domain/shared/errors';
import { PageTokens } from '../domain/shared/pageTokens';
import { AccessClock } from '../domain/workspaces/accessClock';
import type { Principal } from '../ports/auth';
import { WorkspaceId } from '../schemas/common';
import { openStores, type Stores } from '../runtime/stores';
import { parseArgs, UsageError } from './args';
import { allowOnly, backendOption } from './options';
import { formatBytes } from './output';

/** The checkpoint service over the operator's stores (no HTTP: the command acts as the workspace's owner). */
function checkpointService(stores: Stores): CheckpointService {
  const { metadata, blobs } = stores;
  const pageTokens = new PageTokens(() => randomBytes(32));
  const access = new AccessClock(metadata, 3600_000);
  const limits = fileLimitSettings;
  const commits = new CommitEngine({
    stores: metadata,
    blobs,
    limits: () => ({ ...limits(), versionsPerFile: historySettings().versionsPerFile }),
  });
  const files = new FileService({
    stores: metadata,
    blobs,
    indexer: new FileIndexer(metadata),
    commits,
    pageTokens,
    limits,
    access,
  });
  return new CheckpointService({
    stores: metadata,
    blobs,
    files,
    commits,
    access,
    pageTokens,
    maxChanges: () => historySettings().maxChanges,
  });
}

/** Runs `work` as the owner of a live workspace; API errors become plain messages. */
async function asOwner<T>(
  stores: Stores,
  workspaceId: string,
  work: (owner: Principal, service: CheckpointService) => Promise<T>,
): Promise<T> {
  const workspace = await stores.metadata.workspaces.getWorkspace(workspaceId);
  if (!workspace || workspace.status === 'deleted') throw new Error(`no live workspace ${workspaceId}`);
  try {
    return await work({ uid: workspace.ownerId }, checkpointService(stores));
  } catch (error) {
    if (error instanceof ApiError) throw new Error(`${error.code}: ${error.message}`);
    throw error;
  }
}

/** `websplat checkpoint <workspaceId> [--label L]`: takes a checkpoint (as the workspace's owner). */
export async function checkpointCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['json']);
  allowOnly(args, ['backend', 'label', 'json']);
  const [id, ...extra] = args.positionals;
  if (!id || extra.length || !WorkspaceId.safeParse(id).success) {
    throw new UsageError('checkpoint takes one workspace id');
  }
  const label = args.options.label === undefined ? 'websplat checkpoint' : String(args.options.label);
  const stores = openStores(backendOption(args), dataDir);
  try {
    const cp = await asOwner(stores, id, (owner, service) => service.create(owner, id, { label }));
    process.stdout.write(
      args.options.json
        ? `${JSON.stringify(cp)}\n`
        : `Checkpoint ${cp.id} "${cp.label}" of ${id}: ${cp.fileCount} files, ${formatBytes(cp.totalBytes)}, ${cp.stateCount} state keys.\n`,
    );
    return 0;
  } finally {
    await stores.close();
  }
}

/** `websplat restore-checkpoint <workspaceId> <checkpointId>`: restores it (after an automatic checkpoint). */
export async function restoreCheckpointCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['json']);
  allowOnly(args, ['backend', 'json']);
  const [id, checkpointId, ...extra] = args.positionals;
  if (!id || !checkpointId || extra.length || !WorkspaceId.safeParse(id).success) {
    throw new UsageError('restore-checkpoint takes a workspace id and a checkpoint id');
  }
  const stores = openStores(backendOption(args), dataDir);
  try {
    const commit = await asOwner(stores, id, (owner, service) => service.restore(owner, id, checkpointId));
    process.stdout.write(
      args.options.json
        ? `${JSON.stringify(commit)}\n`
        : `Restored ${id} to checkpoint ${checkpointId} (commit ${commit.id}, ${commit.changes.length} files changed). ` +
            `To undo: websplat restore-checkpoint ${id} ${commit.checkpointId}\n`,
    );
    return 0;
  } finally {
    await stores.close();
  }
}
