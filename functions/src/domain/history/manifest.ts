/**
 * Checkpoint manifests (docs/history.md, "Checkpoints"): the immutable
 * object `workspaces/{ws}/checkpoints/{cp}.json` naming every file's version
 * (sorted by path) and every shared-state record of one moment. Taking one
 * copies no bytes, except for files written straight to the bucket, whose
 * bytes have no blob yet.
 */
import { Readable } from 'node:stream';
import type { MetadataPorts } from '../../ports';
import type { BlobStore } from '../../ports/blobs';
import type { FileEntry } from '../../ports/fileIndex';
import type { Principal } from '../../ports/auth';
import type { CheckpointRecord } from '../../ports/history';
import type { StoredRecord } from '../../ports/records';
import type { WorkspaceRecord } from '../../ports/workspaces';
import type { PageTokens } from '../shared/pageTokens';
import type { CommitEngine } from './commitEngine';
import { mapWithConcurrency } from '../shared/pool';
import { objectName } from '../files/paths';
import { blobObjectName, manifestObjectName, newBlobId } from './ids';

export const MANIFEST_FORMAT = 'websplat.checkpoint/1';

export interface ManifestFile {
  path: string;
  generation: string;
  blob: string;
  size: number;
  contentType: string;
  md5: string;
  updatedAt: number;
}

/** A shared-state record as it was; its data as JSON text (any JSON, stored as text everywhere). */
export interface ManifestState {
  key: string;
  dataJson: string;
  version: number;
  updatedAt: number;
  updatedBy: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  workspaceId: string;
  checkpointId: string;
  createdAt: number;
  commitId?: string;
  files: ManifestFile[];
  state: ManifestState[];
}

/**
 * What restore and diff need of the checkpoint service (an interface here,
 * so those modules need not import the service that calls them).
 */
export interface CheckpointAccess {
  readonly manifests: ManifestStore;
  readonly options: {
    stores: Pick<MetadataPorts, 'workspaces'>;
    commits: CommitEngine;
    pageTokens: PageTokens;
  };
  load(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
    capability?: 'read' | 'write',
  ): Promise<{ workspace: WorkspaceRecord; record: CheckpointRecord; manifest: Manifest }>;
  take(workspaceId: string, label: string, author: string): Promise<CheckpointRecord>;
  now(): number;
}

/** Entries and records read per page while taking a snapshot. */
const PAGE = 500;
/** Parsed manifests kept in memory (they never change), at most this many bytes of JSON. */
const CACHE_BYTES = 32 * 1024 * 1024;

export const stateOf = (r: StoredRecord): ManifestState => ({
  key: r.key,
  dataJson: JSON.stringify(r.data),
  version: r.version,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

/** Index of a path in a manifest's sorted files; when absent, -(where it would go) - 1. */
export function findPath(files: ManifestFile[], path: string): number {
  let lo = 0;
  let hi = files.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (files[mid]!.path < path) lo = mid + 1;
    else hi = mid;
  }
  return files[lo]?.path === path ? lo : -lo - 1;
}

/** Reads, writes and caches manifests. */
export class ManifestStore {
  private readonly cache = new Map<string, { manifest: Manifest; bytes: number }>();
  private cachedBytes = 0;

  constructor(
    private readonly options: {
      stores: Pick<MetadataPorts, 'fileIndex' | 'collab' | 'history'>;
      blobs: BlobStore;
    },
  ) {}

  /**
   * A snapshot of the live tree and state, taken without a lock: the newest
   * commit is read before and after the listing, and the listing is taken
   * again (a few times) if a commit landed in between. A writer that commits
   * after that is simply not in it.
   */
  async snapshot(workspaceId: string): Promise<{ commitId?: string; files: FileEntry[]; state: StoredRecord[] }> {
    const newest = async () => (await this.options.stores.history.listCommits(workspaceId, { limit: 1 }))[0]?.id;
    for (let attempt = 1; ; attempt++) {
      const before = await newest();
      const files = await this.allFiles(workspaceId);
      const state = await this.allState(workspaceId);
      const after = await newest();
      if (before === after || attempt >= 4) return { ...(after !== undefined && { commitId: after }), files, state };
    }
  }

  /** Every live entry in path order. */
  async allFiles(workspaceId: string): Promise<FileEntry[]> {
    const out: FileEntry[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.options.stores.fileIndex.listFiles(workspaceId, {
        prefix: '',
        limit: PAGE,
        ...(after !== undefined && { after }),
      });
      out.push(...page);
      if (page.length < PAGE) return out;
      after = page[page.length - 1]!.path;
    }
  }

  private async allState(workspaceId: string): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.options.stores.collab.listRecords('state', workspaceId, {
        limit: PAGE,
        ...(after !== undefined && { after }),
      });
      out.push(...page);
      if (page.length < PAGE) return out;
      after = page[page.length - 1]!.key;
    }
  }

  /**
   * Writes the manifest of a snapshot. Entries without a blob (bytes written
   * straight to the bucket, which a later direct write replaces in place)
   * are copied into a blob first, so the checkpoint keeps their bytes; one
   * whose object is gone is left out (its bytes are lost already).
   */
  async write(
    workspaceId: string,
    checkpointId: string,
    createdAt: number,
    snap: { commitId?: string; files: FileEntry[]; state: StoredRecord[] },
  ): Promise<{ manifest: Manifest; name: string; bytes: number }> {
    const files = (
      await mapWithConcurrency(snap.files, 8, async (e): Promise<ManifestFile | null> => {
        const common = { path: e.path, generation: e.generation, updatedAt: e.updatedAt };
        if (e.blob !== undefined) {
          return { ...common, blob: e.blob, size: e.size, contentType: e.contentType, md5: e.md5 };
        }
        const blob = newBlobId();
        const copied = await this.options.blobs.copy(
          objectName(workspaceId, e.path),
          blobObjectName(workspaceId, blob),
        );
        if (!copied) return null;
        return { ...common, blob, size: copied.size, contentType: copied.contentType, md5: copied.md5 };
      })
    )
      .filter((f): f is ManifestFile => f !== null)
      // In this runtime's string order, which findPath relies on (the index's order may differ beyond U+FFFF).
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      workspaceId,
      checkpointId,
      createdAt,
      ...(snap.commitId !== undefined && { commitId: snap.commitId }),
      files,
      state: snap.state.map(stateOf),
    };
    const text = Buffer.from(JSON.stringify(manifest));
    const name = manifestObjectName(workspaceId, checkpointId);
    await this.options.blobs.put(name, Readable.from([text]), {
      contentType: 'application/json',
      ifGenerationMatch: '0',
    });
    this.remember(name, manifest, text.length);
    return { manifest, name, bytes: text.length };
  }

  /** A manifest by object name; null when it is gone or is not one. */
  async read(name: string): Promise<Manifest | null> {
    const hit = this.cache.get(name);
    if (hit) {
      // Most recently used last.
      this.cache.delete(name);
      this.cache.set(name, hit);
      return hit.manifest;
    }
    const found = await this.options.blobs.read(name);
    if (!found) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of found.body) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(text.toString('utf8')) as Manifest;
    } catch {
      return null;
    }
    if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) return null;
    this.remember(name, manifest, text.length);
    return manifest;
  }

  /** Removes a manifest (a checkpoint that never got its record). */
  async discard(name: string): Promise<void> {
    this.forget(name);
    await this.options.blobs.delete(name).catch(() => false);
  }

  private remember(name: string, manifest: Manifest, bytes: number): void {
    if (bytes > CACHE_BYTES / 4) return;
    this.forget(name);
    this.cache.set(name, { manifest, bytes });
    this.cachedBytes += bytes;
    for (const [oldest, entry] of this.cache) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      this.cache.delete(oldest);
      this.cachedBytes -= entry.bytes;
    }
  }

  private forget(name: string): void {
    const hit = this.cache.get(name);
    if (hit) {
      this.cache.delete(name);
      this.cachedBytes -= hit.bytes;
    }
  }
}
