/**
 * What checkpoints hold in a workspace: the one place the retention pass
 * learns which kept versions and blobs it must leave alone, whatever their
 * age (docs/history.md, "Retention, garbage and the purge").
 */
import type { MetadataPorts } from '../../ports';
import type { BlobStore } from '../../ports/blobs';
import { ManifestStore } from './manifest';

export interface HeldSet {
  /** Blob ids a checkpoint's manifest names. */
  blobs: ReadonlySet<string>;
  /** Versions a checkpoint's manifest names, as heldKey(path, generation). */
  versions: ReadonlySet<string>;
}

export const heldKey = (path: string, generation: string): string => `${path}\n${generation}`;

export const NOTHING_HELD: HeldSet = { blobs: new Set(), versions: new Set() };

/** What a workspace's checkpoints hold, and the manifests that say so. */
export interface CheckpointHolds extends HeldSet {
  manifests: ReadonlySet<string>;
}

/**
 * The held set of one workspace, read from its checkpoints' records and
 * manifests (a page of records at a time). A checkpoint whose manifest is
 * gone holds nothing.
 */
export function heldByCheckpoints(
  stores: Pick<MetadataPorts, 'history' | 'fileIndex' | 'collab'>,
  blobs: BlobStore,
): (workspaceId: string) => Promise<CheckpointHolds> {
  const manifests = new ManifestStore({ stores, blobs });
  return async (workspaceId) => {
    const held = { blobs: new Set<string>(), versions: new Set<string>(), manifests: new Set<string>() };
    let before: string | undefined;
    for (;;) {
      const page = await stores.history.listCheckpoints(workspaceId, {
        limit: PAGE,
        ...(before !== undefined && { before }),
      });
      for (const record of page) {
        held.manifests.add(record.manifest);
        for (const f of (await manifests.read(record.manifest))?.files ?? []) {
          held.blobs.add(f.blob);
          held.versions.add(heldKey(f.path, f.generation));
        }
      }
      if (page.length < PAGE) return held;
      before = page[page.length - 1]!.id;
    }
  };
}

const PAGE = 100;
