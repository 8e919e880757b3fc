/**
 * Restore of a checkpoint (docs/history.md, "Checkpoints"): the live tree
 * and shared state become the checkpoint's in one commit, after an
 * automatic checkpoint of what they replace, so a restore can be undone.
 * The automatic checkpoint's record is written in the same transaction as
 * the restore, so either both are visible or neither (its manifest is
 * removed again when the restore does not happen).
 */
import type { Principal } from '../../ports/auth';
import type { CommitRecord } from '../../ports/history';
import type { StoredRecord } from '../../ports/records';
import type { Transaction } from '../../ports/transaction';
import { ApiError } from '../shared/errors';
import type { PreparedChange } from './commitEngine';
import type { CheckpointAccess, ManifestFile, ManifestState } from './manifest';

/** Something changed between the automatic checkpoint and the restore's transaction. */
class ChangedSinceCheckpoint extends Error {}

const sameBytes = (a: ManifestFile, b: ManifestFile) =>
  a.md5 === b.md5 && a.size === b.size && a.contentType === b.contentType;

/** The changes that turn the tree `live` into `target` (both as manifests list them). */
export function planRestore(live: ManifestFile[], target: ManifestFile[]): PreparedChange[] {
  const now = new Map(live.map((f) => [f.path, f]));
  const wanted = new Set(target.map((f) => f.path));
  const changes: PreparedChange[] = [];
  for (const f of target) {
    const current = now.get(f.path);
    if (current && sameBytes(current, f)) continue;
    const { path, blob, size, contentType, md5 } = f;
    changes.push({ field: `checkpoint.files.${path}`, path, op: 'write', blob, size, contentType, md5, staged: false });
  }
  for (const f of live) {
    if (!wanted.has(f.path)) changes.push({ field: `checkpoint.files.${f.path}`, path: f.path, op: 'delete' });
  }
  return changes;
}

/**
 * POST .../checkpoints/{cp}/restore (editor). Retries once when a writer
 * got in between (a new automatic checkpoint each time), then 409 aborted.
 */
export async function restoreCheckpoint(
  service: CheckpointAccess,
  caller: Principal,
  workspaceId: string,
  checkpointId: string,
  maxChanges: number,
): Promise<{ commit: CommitRecord; checkpointId: string }> {
  const { manifest: target } = await service.load(caller, workspaceId, checkpointId, 'write');
  const { stores, commits } = service.options;
  for (let attempt = 1; ; attempt++) {
    const auto = await service.take(workspaceId, `before restore of ${checkpointId}`, caller.uid);
    try {
      const before = await service.manifests.read(auto.manifest);
      if (!before) throw new ChangedSinceCheckpoint();
      const changes = planRestore(before.files, target.files);
      if (changes.length > maxChanges) {
        throw new ApiError(
          'payload_too_large',
          `A restore may change at most ${maxChanges} files; this one would change ${changes.length}.`,
          [{ field: 'checkpointId', reason: `${changes.length} changed files` }],
        );
      }
      const workspace = await stores.workspaces.getWorkspace(workspaceId);
      if (!workspace || workspace.status === 'deleted') throw new ApiError('not_found', 'Workspace not found.');
      let live: StoredRecord[] = [];
      const { commit } = await commits.apply(
        workspace,
        changes,
        { kind: 'restore', message: `restore of ${checkpointId}`, author: caller.uid },
        {
          checkpointId: auto.id,
          read: async (tx) => {
            if ((await tx.newestCommitId(workspaceId)) !== before.commitId) throw new ChangedSinceCheckpoint();
            live = await tx.listRecords('state', workspaceId);
            if (!sameState(live, before.state)) throw new ChangedSinceCheckpoint();
          },
          write: (tx) => {
            tx.putCheckpoint(workspaceId, auto);
            writeState(tx, workspaceId, live, target.state, caller.uid, service.now());
          },
        },
      );
      return { commit, checkpointId: auto.id };
    } catch (error) {
      await service.manifests.discard(auto.manifest);
      if (!(error instanceof ChangedSinceCheckpoint)) throw error;
      if (attempt >= 2) {
        throw new ApiError('aborted', 'The workspace kept changing while it was being restored; nothing was restored.');
      }
    }
  }
}

function sameState(live: StoredRecord[], recorded: ManifestState[]): boolean {
  const versions = new Map(recorded.map((s) => [s.key, s.version]));
  return live.length === versions.size && live.every((r) => versions.get(r.key) === r.version);
}

/** The state records as the checkpoint had them; keys made since go. Versions keep growing (etags stay unique). */
function writeState(
  tx: Transaction,
  workspaceId: string,
  live: StoredRecord[],
  target: ManifestState[],
  author: string,
  now: number,
): void {
  const current = new Map(live.map((r) => [r.key, r]));
  for (const s of target) {
    const found = current.get(s.key);
    if (found && JSON.stringify(found.data) === s.dataJson) continue;
    tx.putRecord('state', workspaceId, {
      key: s.key,
      data: JSON.parse(s.dataJson) as Record<string, unknown>,
      version: Math.max(found?.version ?? 0, s.version) + 1,
      updatedAt: now,
      updatedBy: author,
      expiresAt: null,
    });
  }
  const wanted = new Set(target.map((s) => s.key));
  for (const r of live) if (!wanted.has(r.key)) tx.deleteRecord('state', workspaceId, r.key);
}
