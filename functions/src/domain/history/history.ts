/**
 * The history API: commits (POST .../commits and the log), file versions
 * and diffs. Every write of the file service goes through the same
 * CommitEngine, so this is only the request-facing part.
 */
import { randomBytes } from 'node:crypto';
import { listingQueryId } from '../shared/digests';
import { Readable } from 'node:stream';
import type { MetadataPorts } from '../../ports';
import type { BlobStore } from '../../ports/blobs';
import type { Principal } from '../../ports/auth';
import type { CommitRecord, FileVersion } from '../../ports/history';
import type { WorkspaceRecord } from '../../ports/workspaces';
import { ApiError, invalidArgument, notFound } from '../shared/errors';
import { workspaceEtag } from '../shared/etag';
import type { PageTokens } from '../shared/pageTokens';
import { mapWithConcurrency } from '../shared/pool';
import { mediaType, type FileService } from '../files/files';
import { checkFilePath } from '../files/paths';
import { versionOf, type CommitEngine, type PreparedChange } from './commitEngine';
import { blobObjectName, isCommitId, newBlobId } from './ids';

export interface HistorySettings {
  versionsPerFile: number;
  retentionDays: number;
  maxChanges: number;
  maxBodyBytes: number;
}

export interface CommitChangeInput {
  path: string;
  content?: string | undefined;
  contentBase64?: string | undefined;
  contentType?: string | undefined;
  uploadId?: string | undefined;
  delete?: true | undefined;
  fromGeneration?: string | undefined;
  ifGeneration?: string | undefined;
}

export interface CommitResource {
  id: string;
  kind: string;
  message: string;
  agentId?: string;
  author: string;
  createdAt: string;
  changes: ({ path: string; generation: string } | { path: string; generation: string; deleted: true })[];
  checkpointId?: string;
  workspace?: { fileCount: number; totalBytes: number; etag: string };
}

export interface VersionResource {
  path: string;
  generation: string;
  size: number;
  contentType: string;
  md5: string;
  createdAt: string;
  commitId?: string;
  author?: string;
  deleted: boolean;
}

export function toCommit(c: CommitRecord): CommitResource {
  return {
    id: c.id,
    kind: c.kind,
    message: c.message,
    ...(c.agentId !== undefined && { agentId: c.agentId }),
    author: c.author,
    createdAt: new Date(c.createdAt).toISOString(),
    changes: c.changes.map((ch) =>
      ch.deleted
        ? { path: ch.path, generation: ch.generation, deleted: true }
        : { path: ch.path, generation: ch.generation },
    ),
    ...(c.checkpointId !== undefined && { checkpointId: c.checkpointId }),
  };
}

const toVersion = (path: string, v: FileVersion): VersionResource => ({
  path,
  generation: v.generation,
  size: v.size,
  contentType: v.contentType,
  md5: v.md5,
  createdAt: new Date(v.createdAt).toISOString(),
  ...(v.commitId !== undefined && { commitId: v.commitId }),
  ...(v.author !== undefined && { author: v.author }),
  deleted: v.deleted,
});

/** Staged upload URLs are short-lived, like direct ones. */
const STAGED_UPLOAD_TTL_MS = 15 * 60 * 1000;
/** Each side of a diff is read whole: at most this many bytes. */
export const DIFF_MAX_BYTES = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Types a unified diff makes sense for. */
export function isTextType(contentType: string): boolean {
  const type = mediaType(contentType);
  return (
    type.startsWith('text/') ||
    /^application\/(json|ld\+json|manifest\+json|javascript|ecmascript|xml|xhtml\+xml|x-yaml|yaml|toml|graphql|sql)$/.test(
      type,
    ) ||
    type === 'image/svg+xml'
  );
}

const uploadQuery = (workspaceId: string, path: string) => `uploads.staged\n${workspaceId}\n${path}`;
export const stagedUploadName = (workspaceId: string, nonce: string) => `workspaces/${workspaceId}/uploads/${nonce}`;

interface StagedGrant {
  n: string;
  t: string;
  s: number;
  e: number;
}

export class HistoryService {
  constructor(
    private readonly options: {
      stores: Pick<MetadataPorts, 'history' | 'workspaces'>;
      blobs: BlobStore;
      files: FileService;
      commits: CommitEngine;
      pageTokens: PageTokens;
      settings: () => HistorySettings;
      /** Takes the checkpoint a commit asks for. */
      checkpoints?: {
        createFor(workspace: WorkspaceRecord, label: string, author: string): Promise<{ id: string }>;
      };
    },
  ) {}

  /** POST .../commits: all or nothing. */
  async commit(
    caller: Principal,
    workspaceId: string,
    body: {
      message?: string | undefined;
      agentId?: string | undefined;
      changes: CommitChangeInput[];
      checkpoint?: { label?: string | undefined } | undefined;
    },
  ): Promise<CommitResource> {
    const workspace = await this.options.files.open(caller, workspaceId, 'write');
    const settings = this.options.settings();
    if (body.changes.length > settings.maxChanges) {
      throw new ApiError('payload_too_large', `A commit may have at most ${settings.maxChanges} changes.`, [
        { field: 'changes', reason: `${body.changes.length} changes` },
      ]);
    }
    const plans = this.validate(workspaceId, body.changes, settings);
    const prepared: PreparedChange[] = [];
    try {
      // Inline bytes first (8 at a time): nothing refers to them yet, so they are invisible.
      const staged = await mapWithConcurrency(plans, 8, (plan) => this.prepare(workspaceId, plan));
      prepared.push(...staged);
    } catch (error) {
      await this.options.commits.discard(workspaceId, prepared);
      throw error;
    }
    const { commit } = await this.options.commits.apply(workspace, prepared, {
      kind: 'commit',
      ...(body.message !== undefined && { message: body.message }),
      ...(body.agentId !== undefined && { agentId: body.agentId }),
      author: caller.uid,
    });
    // Adopted staged uploads: their bytes now live in blobs; the upload objects go.
    await Promise.all(
      plans.map((p) =>
        p.kind === 'upload'
          ? this.options.blobs.delete(stagedUploadName(workspaceId, p.grant.n)).catch(() => false)
          : false,
      ),
    );
    // Right after the commit: a writer that commits in between is in the checkpoint too (docs/history.md).
    const checkpoint =
      body.checkpoint && this.options.checkpoints
        ? await this.options.checkpoints.createFor(workspace, body.checkpoint.label ?? '', caller.uid)
        : undefined;
    const after = await this.options.stores.workspaces.getWorkspace(workspaceId);
    return {
      ...toCommit(commit),
      ...(checkpoint && { checkpointId: checkpoint.id }),
      workspace: counters(after ?? workspace),
    };
  }

  /** Everything that can be checked without writing, for every change: any failure names its change. */
  private validate(workspaceId: string, changes: CommitChangeInput[], settings: HistorySettings): Plan[] {
    const seen = new Map<string, number>();
    let inlineBytes = 0;
    return changes.map((c, i) => {
      const field = `changes.${i}`;
      const path = checkFilePath(c.path, `${field}.path`);
      const earlier = seen.get(path);
      if (earlier !== undefined) {
        throw invalidArgument(`${path} is changed twice in one commit.`, [
          { field: `${field}.path`, reason: `same path as changes.${earlier}` },
        ]);
      }
      seen.set(path, i);
      const sources = (['content', 'contentBase64', 'uploadId', 'delete', 'fromGeneration'] as const).filter(
        (k) => c[k] !== undefined,
      );
      if (sources.length !== 1) {
        throw invalidArgument(
          'Each change needs exactly one of content, contentBase64, uploadId, delete, fromGeneration.',
          [{ field, reason: sources.length === 0 ? 'no change given' : `both ${sources.join(' and ')}` }],
        );
      }
      const guard = c.ifGeneration !== undefined ? { ifGeneration: c.ifGeneration } : {};
      const named = <T>(check: () => T): T => {
        try {
          return check();
        } catch (error) {
          if (error instanceof ApiError) {
            throw new ApiError(error.code, `${path}: ${error.message}`, [{ field, reason: error.message }]);
          }
          throw error;
        }
      };
      if (c.delete) return { kind: 'delete', field, path, guard };
      if (c.fromGeneration !== undefined) return { kind: 'restore', field, path, guard, generation: c.fromGeneration };
      if (c.uploadId !== undefined) {
        const grant = this.grant(workspaceId, path, c.uploadId, `${field}.uploadId`);
        return { kind: 'upload', field, path, guard, grant };
      }
      if (c.contentType === undefined) {
        throw invalidArgument(`${path}: contentType is required with inline content.`, [
          { field: `${field}.contentType`, reason: 'required' },
        ]);
      }
      if (c.contentBase64 !== undefined && !BASE64.test(c.contentBase64)) {
        throw invalidArgument(`${path}: contentBase64 is not base64.`, [
          { field: `${field}.contentBase64`, reason: 'not base64' },
        ]);
      }
      const bytes =
        c.content !== undefined ? Buffer.from(c.content, 'utf8') : Buffer.from(c.contentBase64 ?? '', 'base64');
      const contentType = c.contentType;
      named(() => this.options.files.checkContent(contentType, bytes.length));
      inlineBytes += bytes.length;
      if (inlineBytes > settings.maxBodyBytes) {
        throw new ApiError('payload_too_large', `A commit may carry at most ${settings.maxBodyBytes} bytes inline.`, [
          { field, reason: 'inline content over the limit: stage large files with POST .../uploads' },
        ]);
      }
      return { kind: 'bytes', field, path, guard, bytes, contentType };
    });
  }

  /** Stages one planned change: inline bytes become a blob, a staged upload or kept version is resolved. */
  private async prepare(workspaceId: string, plan: Plan): Promise<PreparedChange> {
    const { field, path, guard } = plan;
    switch (plan.kind) {
      case 'delete':
        return { field, path, op: 'delete', ...guard };
      case 'bytes': {
        const staged = await this.options.files.stage(workspaceId, path, Readable.from([plan.bytes]), {
          contentType: plan.contentType,
          field,
        });
        return { ...staged, ...guard };
      }
      case 'upload': {
        const unknown = () =>
          new ApiError('not_found', `${path}: no such upload, or its bytes have not arrived.`, [
            { field: `${field}.uploadId`, reason: 'unknown upload' },
          ]);
        const name = stagedUploadName(workspaceId, plan.grant.n);
        const info = await this.options.blobs.stat(name);
        if (!info) throw unknown();
        if (info.size !== plan.grant.s || mediaType(info.contentType) !== mediaType(plan.grant.t)) {
          throw invalidArgument(`${path}: the uploaded bytes are not what the upload announced.`, [
            { field: `${field}.uploadId`, reason: `${info.size} bytes of ${info.contentType}` },
          ]);
        }
        const blob = newBlobId();
        const copied = await this.options.blobs.copy(name, blobObjectName(workspaceId, blob));
        if (!copied) throw unknown();
        const { size, contentType, md5, generation: bucketGeneration } = copied;
        return { field, path, op: 'write', blob, size, contentType, md5, staged: true, bucketGeneration, ...guard };
      }
      case 'restore': {
        const version = await this.options.files.version(workspaceId, path, plan.generation).catch((error: unknown) => {
          if (error instanceof ApiError && error.code === 'not_found') {
            throw new ApiError('not_found', `${path}: version ${plan.generation} is not kept.`, [
              { field: `${field}.fromGeneration`, reason: 'no such kept version' },
            ]);
          }
          throw error;
        });
        if (version.blob !== undefined) {
          const { blob, size, contentType, md5, generation } = version;
          // keptGeneration: the engine checks the version is still in the entry (retention may drop it meanwhile).
          const bytes = { blob, size, contentType, md5, staged: false, bucketGeneration: generation };
          return { field, path, op: 'write', ...bytes, keptGeneration: generation, ...guard };
        }
        // Bytes written straight to the bucket: into a blob, if the object still has that generation.
        const found = await this.options.blobs.stat(`workspaces/${workspaceId}/files/${path}`);
        if (!found || found.generation !== version.generation) {
          throw new ApiError('not_found', `${path}: version ${plan.generation} is not kept.`, [
            { field: `${field}.fromGeneration`, reason: 'its bytes were replaced in place' },
          ]);
        }
        const blob = newBlobId();
        const copied = await this.options.blobs.copy(found.name, blobObjectName(workspaceId, blob));
        if (!copied || copied.md5 !== version.md5) throw notFound(`${path}: version ${plan.generation} is not kept.`);
        const { size, contentType, md5, generation: bucketGeneration } = copied;
        return { field, path, op: 'write', blob, size, contentType, md5, staged: true, bucketGeneration, ...guard };
      }
    }
  }

  /** Decodes an uploadId: forged, foreign (another workspace or path) or expired ids are 404. */
  private grant(workspaceId: string, path: string, uploadId: string, field: string): StagedGrant {
    let grant: unknown;
    try {
      grant = this.options.pageTokens.decode(uploadQuery(workspaceId, path), uploadId);
    } catch {
      grant = undefined;
    }
    const g = grant as StagedGrant | undefined;
    if (!g || typeof g.n !== 'string' || typeof g.s !== 'number' || typeof g.t !== 'string' || g.e < Date.now()) {
      throw new ApiError('not_found', `${path}: no such upload.`, [{ field, reason: 'unknown upload' }]);
    }
    return g;
  }

  /** POST .../uploads with "staged": true: a URL for bytes that stay invisible until a commit names the upload. */
  async createStagedUpload(
    caller: Principal,
    workspaceId: string,
    body: { path: string; contentType: string; size: number },
  ): Promise<{ uploadId: string; url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string }> {
    const path = checkFilePath(body.path);
    await this.options.files.open(caller, workspaceId, 'write');
    this.options.files.checkContent(body.contentType, body.size);
    const expiresAt = Date.now() + STAGED_UPLOAD_TTL_MS;
    const nonce = randomBytes(15).toString('base64url');
    const grant: StagedGrant = { n: nonce, t: body.contentType, s: body.size, e: expiresAt };
    const target = await this.options.blobs.uploadUrl(stagedUploadName(workspaceId, nonce), {
      contentType: body.contentType,
      size: body.size,
      expiresAt,
    });
    return {
      uploadId: this.options.pageTokens.encode(uploadQuery(workspaceId, path), grant),
      ...target,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  async listCommits(
    caller: Principal,
    workspaceId: string,
    query: { limit: number; pageToken?: string | undefined },
  ): Promise<{ items: CommitResource[]; nextPageToken?: string }> {
    await this.options.files.open(caller, workspaceId, 'read');
    const queryId = listingQueryId(`commits.list\n${workspaceId}`);
    let before: string | undefined;
    if (query.pageToken !== undefined) {
      const cursor = this.options.pageTokens.decode(queryId, query.pageToken);
      if (typeof cursor !== 'string') throw invalidArgument('pageToken is not valid for this listing.');
      before = cursor;
    }
    const page = await this.options.stores.history.listCommits(workspaceId, {
      limit: query.limit + 1,
      ...(before !== undefined && { before }),
    });
    const items = page.slice(0, query.limit);
    return {
      items: items.map(toCommit),
      ...(page.length > query.limit && {
        nextPageToken: this.options.pageTokens.encode(queryId, items[items.length - 1]!.id),
      }),
    };
  }

  async getCommit(caller: Principal, workspaceId: string, commitId: string): Promise<CommitResource> {
    await this.options.files.open(caller, workspaceId, 'read');
    const commit = isCommitId(commitId) ? await this.options.stores.history.getCommit(workspaceId, commitId) : null;
    if (!commit) throw notFound('Commit not found.');
    return toCommit(commit);
  }

  /** The versions of a path, newest first: the current one (or its deletion), then the kept ones. */
  async listVersions(
    caller: Principal,
    workspaceId: string,
    query: { path: string; limit: number; pageToken?: string | undefined },
  ): Promise<{ items: VersionResource[]; nextPageToken?: string }> {
    const path = checkFilePath(query.path);
    await this.options.files.open(caller, workspaceId, 'read');
    const queryId = listingQueryId(`versions.list\n${workspaceId}\n${path}`);
    let below: bigint | undefined;
    if (query.pageToken !== undefined) {
      const cursor = this.options.pageTokens.decode(queryId, query.pageToken);
      if (typeof cursor !== 'string' || !/^\d+$/.test(cursor)) {
        throw invalidArgument('pageToken is not valid for this listing.');
      }
      below = BigInt(cursor);
    }
    const entry = await this.options.stores.history.getEntry(workspaceId, path);
    if (!entry) throw notFound('This path has no history.');
    const all = [versionOf(entry), ...(entry.versions ?? [])].filter(
      (v) => below === undefined || BigInt(v.generation) < below,
    );
    const items = all.slice(0, query.limit);
    return {
      items: items.map((v) => toVersion(path, v)),
      ...(all.length > query.limit && {
        nextPageToken: this.options.pageTokens.encode(queryId, items[items.length - 1]!.generation),
      }),
    };
  }

  /** A unified diff of two text versions of a path (`to`: the current one by default). */
  async diff(
    caller: Principal,
    workspaceId: string,
    query: { path: string; from: string; to?: string | undefined },
  ): Promise<{ path: string; from: string; to: string; diff: string }> {
    const path = checkFilePath(query.path);
    await this.options.files.open(caller, workspaceId, 'read');
    const toGeneration = query.to ?? (await this.options.stores.history.getEntry(workspaceId, path))?.generation;
    if (toGeneration === undefined) throw notFound('This path has no history.');
    const [a, b] = await Promise.all(
      [query.from, toGeneration].map((g) => this.options.files.version(workspaceId, path, g)),
    );
    for (const v of [a!, b!]) {
      if (!isTextType(v.contentType)) {
        throw new ApiError(
          'unsupported_media_type',
          `Only text files can be diffed; version ${v.generation} is ${v.contentType}.`,
        );
      }
      if (v.size > DIFF_MAX_BYTES) {
        throw new ApiError('payload_too_large', `Each side of a diff may be at most ${DIFF_MAX_BYTES} bytes.`);
      }
    }
    const [before, after] = await Promise.all([a!, b!].map((v) => this.text(workspaceId, v)));
    const { createTwoFilesPatch } = require('diff') as typeof import('diff');
    const diff = createTwoFilesPatch(path, path, before!, after!, `g${a!.generation}`, `g${b!.generation}`);
    return { path, from: a!.generation, to: b!.generation, diff };
  }

  private async text(workspaceId: string, version: Parameters<FileService['readEntry']>[1]): Promise<string> {
    const found = await this.options.files.readEntry(workspaceId, version);
    if (!found || found.file.generation !== version.generation) {
      found?.body.destroy();
      throw notFound('That version of the file is no longer kept.');
    }
    const chunks: Buffer[] = [];
    for await (const chunk of found.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}

type Plan = { field: string; path: string; guard: { ifGeneration?: string } } & (
  | { kind: 'delete' }
  | { kind: 'restore'; generation: string }
  | { kind: 'upload'; grant: StagedGrant }
  | { kind: 'bytes'; bytes: Buffer; contentType: string }
);

function counters(w: WorkspaceRecord): { fileCount: number; totalBytes: number; etag: string } {
  return { fileCount: w.fileCount, totalBytes: w.totalBytes, etag: workspaceEtag(w.id, w.version) };
}
