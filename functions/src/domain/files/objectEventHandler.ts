/** What the Storage triggers run for each object event. */
import { BlobPreconditionFailed, type BlobStore } from '../../ports/blobs';
import type { Logger } from '../../ports/logger';
import type { FileIndexer, IndexOutcome } from './fileIndexer';
import type { ObjectEvent } from './objectEvent';
import { parseObjectName } from './paths';

export interface ObjectEventDeps {
  indexer: FileIndexer;
  logger: Logger;
  now?: () => number;
  /** Events older than this are dropped (the reconciler heals what they carried). */
  maxEventAgeMs: number;
  /**
   * When given, an object finalized for a workspace that is deleted or gone
   * (a write that raced the purge, or an upload landing after it) is removed,
   * so nothing outlives its workspace.
   */
  blobs?: Pick<BlobStore, 'delete'>;
}

export type TriggerOutcome =
  IndexOutcome | 'not_a_workspace_file' | 'invalid_path' | 'too_old' | 'orphan_removed' | 'upload_refused';

/** What the Storage triggers run: indexes one event, logging its outcome (`index.event` / `index.failed`). */
export async function handleObjectEvent(event: ObjectEvent, deps: ObjectEventDeps): Promise<TriggerOutcome> {
  const { kind } = event;
  const parsed = parseObjectName(event.name);
  if (!parsed) return 'not_a_workspace_file';
  const log = {
    event: 'index.event',
    object: event.name,
    generation: event.generation,
    kind,
    workspaceId: parsed.workspaceId,
  };
  if ('problem' in parsed) {
    // Permanent: retrying cannot make the name valid. Done, with a warning.
    deps.logger.warn('ignored an object whose path breaks the path rules', {
      ...log,
      outcome: 'invalid_path',
      problem: parsed.problem,
    });
    return 'invalid_path';
  }
  const now = (deps.now ?? Date.now)();
  if (event.eventTime !== undefined && now - event.eventTime > deps.maxEventAgeMs) {
    deps.logger.warn('dropped an object event older than the bound', {
      ...log,
      outcome: 'too_old',
      eventTime: new Date(event.eventTime).toISOString(),
    });
    return 'too_old';
  }
  if (!/^\d+$/.test(event.generation)) {
    deps.logger.warn('ignored an object event without a numeric generation', { ...log, outcome: 'invalid_path' });
    return 'invalid_path';
  }
  let outcome: TriggerOutcome;
  try {
    if (kind === 'finalized' && event.declaredSize !== undefined && event.declaredSize !== event.size) {
      // A direct upload of another size than it announced (where the store could not bind the
      // size): never indexed, and removed, so a quota checked at the grant stays true.
      await removeGeneration(event.name, event.generation, deps);
      deps.logger.warn('refused a direct upload of another size than announced', {
        ...log,
        outcome: 'upload_refused',
        size: event.size,
        declaredSize: event.declaredSize,
      });
      return 'upload_refused';
    }
    outcome = await deps.indexer.apply(parsed.workspaceId, parsed.path, event);
    if (outcome === 'workspace_gone' && kind === 'finalized' && deps.blobs) {
      await removeGeneration(event.name, event.generation, deps);
      outcome = 'orphan_removed';
    }
  } catch (error) {
    // Transient as far as we know: log it for the alert, then rethrow so the event is retried.
    const e = error as { name?: unknown; message?: unknown } | undefined;
    deps.logger.error(`object ${kind}: indexing failed`, {
      ...log,
      event: 'index.failed',
      error: { name: e?.name, message: e?.message },
    });
    throw error;
  }
  deps.logger.info(`object ${kind}: ${outcome}`, { ...log, outcome });
  return outcome;
}

/** Deletes this generation of the object; a newer generation has its own event, so this one is done either way. */
async function removeGeneration(name: string, generation: string, deps: ObjectEventDeps): Promise<void> {
  await deps.blobs?.delete(name, { ifGenerationMatch: generation }).catch((error: unknown) => {
    if (!(error instanceof BlobPreconditionFailed)) throw error;
  });
}
