/**
 * Checkpoints (docs/history.md, "Checkpoints"): named, immutable snapshots
 * of a workspace's tree and shared state. A checkpoint is a manifest object
 * plus one record; browsing, preview and export read the manifest (cached:
 * it never changes) and the blobs it names.
 */
import type { Readable } from 'node:stream';
import { listingQueryId } from '../shared/digests';
import type { MetadataPorts } from '../../ports';
import type { Principal } from '../../ports/auth';
import type { BlobRange, BlobStore } from '../../ports/blobs';
import type { CheckpointRecord } from '../../ports/history';
import type { WorkspaceRecord } from '../../ports/workspaces';
import type { AccessClock } from '../workspaces/accessClock';
import { ApiError, invalidArgument, notFound } from '../shared/errors';
import type { PageTokens } from '../shared/pageTokens';
import { mapWithConcurrency } from '../shared/pool';
import { toFileResource, type FileListPage, type FileResource, type FileService } from '../files/files';
import { checkFilePath, checkListPrefix } from '../files/paths';
import { ZIP_MAX_BYTES, ZIP_MAX_ENTRIES, ZipWriter } from '../files/zip';
import type { CommitEngine, PreparedChange } from './commitEngine';
import { blobObjectName, isCheckpointId, newBlobId, newCheckpointId } from './ids';
import { diffCheckpoint, type CheckpointDiff } from './checkpointDiff';
import { toCommit, type CommitResource } from './history';
import { restoreCheckpoint } from './restore';
import { workspaceEtag } from '../shared/etag';
import { findPath, ManifestStore, type Manifest, type ManifestFile } from './manifest';

export interface CheckpointResource {
  id: string;
  label: string;
  createdAt: string;
  author: string;
  commitId: string | null;
  fileCount: number;
  totalBytes: number;
  stateCount: number;
}

export const toCheckpoint = (c: CheckpointRecord): CheckpointResource => ({
  id: c.id,
  label: c.label,
  createdAt: new Date(c.createdAt).toISOString(),
  author: c.author,
  commitId: c.commitId ?? null,
  fileCount: c.fileCount,
  totalBytes: c.totalBytes,
  stateCount: c.stateCount,
});

/** A checkpoint found for a caller: its workspace, record and manifest. */
export interface LoadedCheckpoint {
  workspace: WorkspaceRecord;
  record: CheckpointRecord;
  manifest: Manifest;
}

/** Most changes one clone commit carries (a larger checkpoint lands as several commits). */
const CLONE_CHANGES_PER_COMMIT = 500;

const missing = () => notFound('Checkpoint not found.');

export interface CheckpointServiceOptions {
  stores: Pick<MetadataPorts, 'history' | 'fileIndex' | 'collab' | 'transactions' | 'workspaces'>;
  blobs: BlobStore;
  files: FileService;
  commits: CommitEngine;
  access: AccessClock;
  pageTokens: PageTokens;
  /** Most files one restore may change (WEBSPLAT_COMMIT_MAX_CHANGES). */
  maxChanges: () => number;
  now?: () => number;
}

export class CheckpointService {
  readonly manifests: ManifestStore;

  constructor(readonly options: CheckpointServiceOptions) {
    this.manifests = new ManifestStore(options);
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** POST .../checkpoints (editor). */
  async create(
    caller: Principal,
    workspaceId: string,
    body: { label?: string | undefined },
  ): Promise<CheckpointResource> {
    const workspace = await this.options.files.open(caller, workspaceId, 'write');
    return toCheckpoint(await this.createFor(workspace, body.label ?? '', caller.uid));
  }

  /** Takes and records a checkpoint of a workspace the caller has opened for writing. */
  async createFor(workspace: WorkspaceRecord, label: string, author: string): Promise<CheckpointRecord> {
    const record = await this.take(workspace.id, label, author);
    try {
      await this.options.stores.transactions.run(async (tx) => tx.putCheckpoint(workspace.id, record));
    } catch (error) {
      await this.manifests.discard(record.manifest);
      throw error;
    }
    return record;
  }

  /** Writes the manifest of the live state and returns the record to store (not stored yet). */
  async take(workspaceId: string, label: string, author: string): Promise<CheckpointRecord> {
    const createdAt = this.now();
    const id = newCheckpointId(createdAt);
    const snap = await this.manifests.snapshot(workspaceId);
    const { manifest, name, bytes } = await this.manifests.write(workspaceId, id, createdAt, snap);
    return {
      id,
      label,
      createdAt,
      author,
      ...(manifest.commitId !== undefined && { commitId: manifest.commitId }),
      fileCount: manifest.files.length,
      totalBytes: manifest.files.reduce((n, f) => n + f.size, 0),
      stateCount: manifest.state.length,
      manifest: name,
      manifestBytes: bytes,
    };
  }

  async list(
    caller: Principal,
    workspaceId: string,
    query: { limit: number; pageToken?: string | undefined },
  ): Promise<{ items: CheckpointResource[]; nextPageToken?: string }> {
    await this.options.files.open(caller, workspaceId, 'read');
    const queryId = listingQueryId(`checkpoints.list\n${workspaceId}`);
    let before: string | undefined;
    if (query.pageToken !== undefined) {
      const cursor = this.options.pageTokens.decode(queryId, query.pageToken);
      if (typeof cursor !== 'string') throw invalidArgument('pageToken is not valid for this listing.');
      before = cursor;
    }
    const page = await this.options.stores.history.listCheckpoints(workspaceId, {
      limit: query.limit + 1,
      ...(before !== undefined && { before }),
    });
    const items = page.slice(0, query.limit);
    return {
      items: items.map(toCheckpoint),
      ...(page.length > query.limit && {
        nextPageToken: this.options.pageTokens.encode(queryId, items[items.length - 1]!.id),
      }),
    };
  }

  async get(caller: Principal, workspaceId: string, checkpointId: string): Promise<CheckpointResource> {
    await this.options.files.open(caller, workspaceId, 'read');
    return toCheckpoint(await this.record(workspaceId, checkpointId));
  }

  /** DELETE (owner): the record goes at once; the manifest and bytes only it held go with retention. */
  async delete(caller: Principal, workspaceId: string, checkpointId: string): Promise<void> {
    await this.options.access.open(caller, workspaceId, 'administer');
    if (
      !isCheckpointId(checkpointId) ||
      !(await this.options.stores.history.deleteCheckpoint(workspaceId, checkpointId))
    ) {
      throw missing();
    }
  }

  /** POST .../checkpoints/{cp}/restore: the restore commit, naming the automatic checkpoint before it. */
  async restore(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
  ): Promise<CommitResource & { checkpointId: string }> {
    const { commit, checkpointId: before } = await restoreCheckpoint(
      this,
      caller,
      workspaceId,
      checkpointId,
      this.options.maxChanges(),
    );
    const w = await this.options.stores.workspaces.getWorkspace(workspaceId);
    return {
      ...toCommit(commit),
      checkpointId: before,
      ...(w && {
        workspace: { fileCount: w.fileCount, totalBytes: w.totalBytes, etag: workspaceEtag(w.id, w.version) },
      }),
    };
  }

  /** GET .../checkpoints/{cp}/diff. */
  diff(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
    query: { against: string; limit: number; pageToken?: string | undefined },
  ): Promise<CheckpointDiff> {
    return diffCheckpoint(this, caller, workspaceId, checkpointId, query);
  }

  /** For links: whether a checkpoint exists (forged ids are not looked up). */
  async exists(workspaceId: string, checkpointId: string): Promise<boolean> {
    return (
      isCheckpointId(checkpointId) &&
      (await this.options.stores.history.getCheckpoint(workspaceId, checkpointId)) !== null
    );
  }

  async record(workspaceId: string, checkpointId: string): Promise<CheckpointRecord> {
    const record = isCheckpointId(checkpointId)
      ? await this.options.stores.history.getCheckpoint(workspaceId, checkpointId)
      : null;
    if (!record) throw missing();
    return record;
  }

  /** The checkpoint and its manifest, for a caller who may do `capability` on the workspace. */
  async load(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
    capability: 'read' | 'write' = 'read',
  ): Promise<LoadedCheckpoint> {
    const workspace = await this.options.files.open(caller, workspaceId, capability);
    const record = await this.record(workspaceId, checkpointId);
    const manifest = await this.manifests.read(record.manifest);
    if (!manifest) throw missing();
    return { workspace, record, manifest };
  }

  /** GET .../checkpoints/{cp}/files: the tree as it was, like the live listing. */
  async listFiles(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
    query: { prefix?: string | undefined; delimiter?: '/' | undefined; limit: number; pageToken?: string | undefined },
  ): Promise<FileListPage> {
    const prefix = checkListPrefix(query.prefix ?? '');
    const { manifest } = await this.load(caller, workspaceId, checkpointId);
    const queryId = listingQueryId(
      `checkpoint.files\n${workspaceId}\n${checkpointId}\n${prefix}\n${query.delimiter ?? ''}`,
    );
    let after = '';
    if (query.pageToken !== undefined) {
      const cursor = this.options.pageTokens.decode(queryId, query.pageToken);
      if (typeof cursor !== 'string') throw invalidArgument('pageToken is not valid for this listing.');
      after = cursor;
    }
    const items: FileResource[] = [];
    const prefixes: string[] = [];
    let last: string | undefined;
    let more = false;
    const first = findPath(manifest.files, after > prefix ? after : prefix);
    for (let i = first < 0 ? -first - 1 : first; i < manifest.files.length; i++) {
      const file = manifest.files[i]!;
      if (!file.path.startsWith(prefix)) break;
      if (file.path <= after) continue;
      if (items.length + prefixes.length === query.limit) {
        more = true;
        break;
      }
      const slash = query.delimiter ? file.path.indexOf('/', prefix.length) : -1;
      if (slash >= 0) {
        const folder = file.path.slice(0, slash + 1);
        prefixes.push(folder);
        last = after = `${folder}\u{10FFFF}`;
        continue;
      }
      items.push(toFileResource(file));
      last = after = file.path;
    }
    const result: FileListPage = { items };
    if (query.delimiter) result.prefixes = prefixes;
    if (more && last !== undefined) result.nextPageToken = this.options.pageTokens.encode(queryId, last);
    return result;
  }

  /** One file of a checkpoint (404 when the checkpoint has no such path). */
  async file(caller: Principal, workspaceId: string, checkpointId: string, rawPath: string): Promise<FileResource> {
    const path = checkFilePath(rawPath);
    const { manifest } = await this.load(caller, workspaceId, checkpointId);
    return toFileResource(this.find(manifest, path));
  }

  private find(manifest: Manifest, path: string): ManifestFile {
    const i = findPath(manifest.files, path);
    if (i < 0) throw notFound('This checkpoint has no such file.');
    return manifest.files[i]!;
  }

  /** The bytes of a file as it was (Range chosen from its description, like live reads). */
  async read(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
    rawPath: string,
    range?: (file: FileResource) => BlobRange | undefined,
  ): Promise<{ file: FileResource; body: Readable; range?: BlobRange }> {
    const path = checkFilePath(rawPath);
    const { manifest } = await this.load(caller, workspaceId, checkpointId);
    const found = await this.options.files.readEntry(workspaceId, this.find(manifest, path), range);
    if (!found) throw notFound('The bytes of this file are gone.');
    return found;
  }

  /** What the checkpoint's preview serves for `path` (index.html of a folder, or a redirect adding its slash). */
  async preview(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
    rawPath: string,
  ): Promise<{ file: FileResource; body: Readable; redirect?: undefined } | { redirect: string; file?: undefined }> {
    const { manifest } = await this.load(caller, workspaceId, checkpointId);
    const folder = rawPath === '' || rawPath.endsWith('/');
    const path = checkFilePath(folder ? `${rawPath}index.html` : rawPath);
    const i = findPath(manifest.files, path);
    const found = i >= 0 ? await this.options.files.readEntry(workspaceId, manifest.files[i]!) : null;
    if (found) return { file: found.file, body: found.body };
    if (!folder && findPath(manifest.files, `${path}/index.html`) >= 0)
      return { redirect: `${path.split('/').pop()}/` };
    throw notFound('Nothing to preview at this path.');
  }

  /** The checkpoint as a zip stream, one file at a time. */
  async export(
    caller: Principal,
    workspaceId: string,
    checkpointId: string,
  ): Promise<{ name: string; body: Readable }> {
    const { workspace, record, manifest } = await this.load(caller, workspaceId, checkpointId);
    if (record.totalBytes >= ZIP_MAX_BYTES || manifest.files.length >= ZIP_MAX_ENTRIES) {
      throw new ApiError(
        'payload_too_large',
        'This checkpoint is too large to export as one zip (4 GiB, 65,535 files).',
      );
    }
    const zip = new ZipWriter();
    void (async () => {
      for (const file of manifest.files) {
        const found = await this.options.files.readEntry(workspaceId, file);
        if (found) await zip.add(file.path, found.body, new Date(file.updatedAt));
      }
      await zip.finish();
    })().catch((error) => zip.output.destroy(error as Error));
    return { name: `${workspace.name}-${record.id}`, body: zip.output };
  }

  /**
   * Fills a new workspace from a checkpoint (clone): server-side copies of
   * the manifest's blobs (every workspace owns its bytes), committed in
   * pages, and the state records as they were.
   */
  async cloneInto(manifest: Manifest, toWorkspace: string, author: string): Promise<void> {
    const from = manifest.workspaceId;
    for (let start = 0; start < manifest.files.length; start += CLONE_CHANGES_PER_COMMIT) {
      const page = manifest.files.slice(start, start + CLONE_CHANGES_PER_COMMIT);
      const writes = (
        await mapWithConcurrency(page, 8, async (f): Promise<PreparedChange | null> => {
          const blob = newBlobId();
          const copied = await this.options.blobs.copy(blobObjectName(from, f.blob), blobObjectName(toWorkspace, blob));
          if (!copied) return null; // bytes gone: nothing to clone
          const { size, contentType, md5, generation: bucketGeneration } = copied;
          return {
            field: `files.${f.path}`,
            path: f.path,
            op: 'write',
            blob,
            size,
            contentType,
            md5,
            staged: true,
            bucketGeneration,
          };
        })
      ).filter((w): w is PreparedChange => w !== null);
      const target = await this.options.stores.workspaces.getWorkspace(toWorkspace);
      if (!target) throw notFound('Workspace not found.');
      if (writes.length > 0) await this.options.commits.apply(target, writes, { kind: 'clone', author });
    }
    const now = this.now();
    for (let start = 0; start < manifest.state.length; start += 100) {
      const page = manifest.state.slice(start, start + 100);
      await this.options.stores.transactions.run(async (tx) => {
        for (const s of page) {
          const data = JSON.parse(s.dataJson) as Record<string, unknown>;
          tx.putRecord('state', toWorkspace, {
            key: s.key,
            data,
            version: 1,
            updatedAt: now,
            updatedBy: author,
            expiresAt: null,
          });
        }
      });
    }
  }
}
