/**
 * What checkpoints hold in a workspace: the one place the retention pass
 * learns which kept versions and blobs it must leave alone, whatever their
 * age (docs/history.md, "Retention, garbage and the purge").
 */
import type { MetadataPorts } from '../../ports';

export interface HeldSet {
  /** Blob ids a checkpoint's manifest names. */
  blobs: ReadonlySet<string>;
  /** Versions a checkpoint's manifest names, as heldKey(path, generation). */
  versions: ReadonlySet<string>;
}

export const heldKey = (path: string, generation: string): string => `${path}\n${generation}`;

export const NOTHING_HELD: HeldSet = { blobs: new Set(), versions: new Set() };

/**
 * The held set of one workspace. Checkpoints are not built on this branch,
 * so nothing is held yet; when they land, this reads what the workspace's
 * checkpoints hold through the history port, and every caller follows.
 */
export function heldByCheckpoints(_stores: Pick<MetadataPorts, 'history'>): (workspaceId: string) => Promise<HeldSet> {
  return async () => NOTHING_HELD;
}
