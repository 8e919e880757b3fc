/**
 * What checkpoints hold in a workspace: the one place the retention pass
 * learns which kept versions and blobs it must leave alone, whatever their
 * age (docs/history.md, "Retention, garbage and the purge").
 */
import type { MetadataPorts } from '../../ports';
import type { BlobStore } from '../../ports/blobs';
import { heldByCheckpoints as readHeld } from './checkpoints';
import { ManifestStore } from './manifest';

export interface HeldSet {
  /** Blob ids a checkpoint's manifest names. */
  blobs: ReadonlySet<string>;
  /** Versions a checkpoint's manifest names, as heldKey(path, generation). */
  versions: ReadonlySet<string>;
}

export const heldKey = (path: string, generation: string): string => `${path}\n${generation}`;

export const NOTHING_HELD: HeldSet = { blobs: new Set(), versions: new Set() };

/** The held set of one workspace, read from its checkpoints' records and manifests. */
export function heldByCheckpoints(
  stores: Pick<MetadataPorts, 'history' | 'fileIndex' | 'collab'>,
  blobs: BlobStore,
): (workspaceId: string) => Promise<HeldSet> {
  const manifests = new ManifestStore({ stores, blobs });
  return (workspaceId) => readHeld(stores.history, manifests, workspaceId);
}
