import { authorize } from './access';
import type { CollabService } from '../collaboration/collab';
import type { FileService } from '../files/files';
import type { Principal } from '../../ports/auth';
import type { Workspace } from '../../schemas/workspaces';
import type { CreateResult, WorkspaceService } from './workspaces';
import type { MetadataPorts } from '../../ports';
import type { CheckpointService } from '../history/checkpoints';
import { notFound } from '../shared/errors';

/**
 * A fork of a workspace for the caller: a new workspace they own, with the
 * source's description, metadata and copies of its files and shared state
 * (agent progress stays with the original: it describes runs there). Any member of the
 * source (viewer included) may clone it. With an Idempotency-Key a retried
 * clone returns the first one instead of copying again.
 */
export async function cloneWorkspace(
  deps: {
    workspaces: WorkspaceService;
    files: FileService;
    collab: CollabService;
    checkpoints: Pick<CheckpointService, 'record' | 'manifests' | 'cloneInto'>;
    stores: Pick<MetadataPorts, 'workspaces'>;
  },
  caller: Principal,
  sourceId: string,
  body: { name: string; checkpointId?: string | undefined },
  idempotencyKey?: string,
): Promise<CreateResult> {
  const source = authorize(await deps.stores.workspaces.getWorkspace(sourceId), caller, 'read');
  // From a checkpoint: found (or 404) before anything is made.
  const manifest =
    body.checkpointId === undefined
      ? undefined
      : await deps.checkpoints.manifests.read((await deps.checkpoints.record(sourceId, body.checkpointId)).manifest);
  if (manifest === null) throw notFound('Checkpoint not found.');
  const created = await deps.workspaces.create(
    caller,
    {
      name: body.name,
      description: source.description,
      // Provenance, when the metadata map has room for it.
      metadata: { ...source.metadata, ...(Object.keys(source.metadata).length < 64 && { clonedFrom: sourceId }) },
    },
    idempotencyKey === undefined ? undefined : `clone:${sourceId}:${body.checkpointId ?? ''}:${idempotencyKey}`,
  );
  if (created.replayed) return created;
  if (manifest) {
    await deps.checkpoints.cloneInto(manifest, created.workspace.id, caller.uid);
  } else {
    await deps.files.copyAll(sourceId, created.workspace.id);
    await deps.collab.copyState(sourceId, created.workspace.id, caller);
  }
  const workspace: Workspace = await deps.workspaces.get(caller, created.workspace.id);
  return { ...created, workspace };
}
