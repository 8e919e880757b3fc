/**
 * Plain handlers behind the Storage triggers: one input shape for both
 * finalize and delete, independent of firebase-functions, so tests and the
 * local backend call them directly.
 */
import type { ObjectEvent } from '../domain/fileIndex';
import type { FileIndexer, IndexOutcome } from '../domain/fileIndexer';
import { parseObjectName } from '../domain/paths';
import type { Logger } from '../http/logger';
import { BlobPreconditionFailed, type BlobStore } from '../ports/blobs';

/** The fields of a Cloud Storage object event that the index needs. */
export interface StorageObjectInput {
  name: string;
  generation: string;
  size?: string | number;
  contentType?: string;
  md5Hash?: string;
  /** When the object changed (RFC 3339). */
  updated?: string;
  /** When the event was emitted (RFC 3339), for dropping events too old to trust. */
  eventTime?: string;
}

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

export type TriggerOutcome = IndexOutcome | 'not_a_workspace_file' | 'invalid_path' | 'too_old' | 'orphan_removed';

export async function handleObjectEvent(
  kind: ObjectEvent['kind'],
  input: StorageObjectInput,
  deps: ObjectEventDeps,
): Promise<TriggerOutcome> {
  const parsed = parseObjectName(input.name);
  if (!parsed) return 'not_a_workspace_file';
  const log = {
    event: 'index.event',
    object: input.name,
    generation: input.generation,
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
  const eventTime = input.eventTime ? Date.parse(input.eventTime) : NaN;
  if (Number.isFinite(eventTime) && now - eventTime > deps.maxEventAgeMs) {
    deps.logger.warn('dropped an object event older than the bound', {
      ...log,
      outcome: 'too_old',
      eventTime: input.eventTime,
    });
    return 'too_old';
  }
  if (!/^\d+$/.test(input.generation)) {
    deps.logger.warn('ignored an object event without a numeric generation', { ...log, outcome: 'invalid_path' });
    return 'invalid_path';
  }
  const updatedAt = Date.parse(input.updated ?? '') || now;
  const event: ObjectEvent =
    kind === 'finalized'
      ? {
          kind,
          path: parsed.path,
          generation: input.generation,
          size: Number(input.size ?? 0),
          contentType: input.contentType || 'application/octet-stream',
          md5: input.md5Hash ?? '',
          updatedAt,
        }
      : { kind, path: parsed.path, generation: input.generation, updatedAt };
  let outcome: TriggerOutcome;
  try {
    outcome = await deps.indexer.apply(parsed.workspaceId, event);
    if (outcome === 'workspace_gone' && kind === 'finalized' && deps.blobs) {
      // A newer generation has its own event, which removes it; this one is done either way.
      await deps.blobs.delete(input.name, { ifGenerationMatch: input.generation }).catch((error: unknown) => {
        if (!(error instanceof BlobPreconditionFailed)) throw error;
      });
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

export const handleObjectFinalized = (input: StorageObjectInput, deps: ObjectEventDeps) =>
  handleObjectEvent('finalized', input, deps);
export const handleObjectDeleted = (input: StorageObjectInput, deps: ObjectEventDeps) =>
  handleObjectEvent('deleted', input, deps);
