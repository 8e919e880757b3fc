import { Readable, Transform } from 'node:stream';
import { listingQueryId } from '../shared/digests';
import { deepFreeze, viewOfFrozen } from '../shared/frozenViews';
import type { AccessClock } from '../workspaces/accessClock';
import { ApiError, failedPrecondition, invalidArgument, notFound } from '../shared/errors';
import { etagMatches } from '../shared/etag';
import type { FileEntry } from '../../ports/fileIndex';
import type { FileIndexer } from './fileIndexer';
import type { CommitEngine, PreparedChange } from '../history/commitEngine';
import { blobObjectName, newBlobId } from '../history/ids';
import type { Principal } from '../../ports/auth';
import type { WorkspaceRecord } from '../../ports/workspaces';
import type { PageTokens } from '../shared/pageTokens';
import { checkFilePath, checkFolderPrefix, checkListPrefix, objectName } from './paths';
import type { BlobRange, BlobStore } from '../../ports/blobs';
import type { MetadataPorts } from '../../ports';
import { ZIP_MAX_BYTES, ZIP_MAX_ENTRIES, ZipWriter } from './zip';

export interface FileLimits {
  maxFileBytes: number;
  maxWorkspaceBytes: number;
  maxWorkspaceFiles: number;
  /** Media types, `type/*` allowed. */
  allowedContentTypes: string[];
}

/** The API view of a file. */
export interface FileResource {
  path: string;
  size: number;
  contentType: string;
  md5: string;
  generation: string;
  updatedAt: string;
  etag: string;
}

/** A page of a file listing. */
export interface FileListPage {
  items: FileResource[];
  prefixes?: string[];
  nextPageToken?: string;
}

/** Direct-upload URLs are short-lived. */
export const UPLOAD_URL_TTL_MS = 15 * 60 * 1000;

/** A file's etag names one generation of its bytes. */
export const fileEtag = (generation: string) => `g${generation}`;

type ResourceFields = Pick<FileEntry, 'path' | 'size' | 'contentType' | 'md5' | 'generation' | 'updatedAt'>;

/** A file's API view; made once for an entry the store hands out frozen (see viewOfFrozen). */
export const toFileResource: (e: ResourceFields) => FileResource = viewOfFrozen(fileResource);

function fileResource(e: ResourceFields): FileResource {
  return {
    path: e.path,
    size: e.size,
    contentType: e.contentType,
    md5: e.md5,
    generation: e.generation,
    updatedAt: new Date(e.updatedAt).toISOString(),
    etag: fileEtag(e.generation),
  };
}

/** Where an entry's bytes are: its immutable blob, or (written straight to the bucket) files/{path}. */
export const entryObjectName = (workspaceId: string, e: Pick<FileEntry, 'path' | 'blob'>): string =>
  e.blob !== undefined ? blobObjectName(workspaceId, e.blob) : objectName(workspaceId, e.path);

/** Most changes one copy/move or folder delete commits at once (a larger folder lands as several commits). */
const CHANGES_PER_COMMIT = 500;

export interface FileServiceOptions {
  stores: Pick<MetadataPorts, 'fileIndex' | 'workspaces' | 'history'>;
  blobs: BlobStore;
  indexer: FileIndexer;
  commits: CommitEngine;
  pageTokens: PageTokens;
  limits: () => FileLimits;
  access: AccessClock;
}

export interface PutOptions {
  contentType: string;
  contentLength?: number;
  ifMatch?: string[];
  /** `If-None-Match: *`: only create, never replace. */
  createOnly?: boolean;
}

/** The bare media type of a Content-Type header, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function contentTypeAllowed(type: string, allowed: string[]): boolean {
  const [major] = type.split('/');
  return allowed.some((a) => a === type || (a.endsWith('/*') && a.slice(0, -2) === major));
}

/** Passes bytes through, failing with 413 once more than `max` have gone by. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new ApiError('payload_too_large', `A file may be at most ${max} bytes.`));
      else done(null, chunk);
    },
  });
}

/** Files of a workspace: bytes in the blob store, entries in the index, counters on the workspace. */
export class FileService {
  constructor(private readonly options: FileServiceOptions) {}

  private async workspace(caller: Principal, id: string, capability: 'read' | 'write'): Promise<WorkspaceRecord> {
    return this.options.access.open(caller, id, capability);
  }

  /** Checks quotas and type before any byte is stored. */
  checkWrite(workspace: WorkspaceRecord, contentType: string, size: number | undefined, replacing?: FileEntry | null) {
    this.checkContent(contentType, size);
    const problem = this.quotaProblem(workspace, size, replacing ?? null);
    if (problem) throw new ApiError('payload_too_large', problem);
  }

  /** Why `size` more bytes (in place of `replacing`, or in one more file) would break the quota, or undefined. */
  private quotaProblem(workspace: WorkspaceRecord, size: number | undefined, replacing: FileEntry | null) {
    const limits = this.options.limits();
    const freed = replacing ? replacing.size : 0;
    if (size !== undefined && workspace.totalBytes - freed + size > limits.maxWorkspaceBytes) {
      return `This workspace may hold at most ${limits.maxWorkspaceBytes} bytes.`;
    }
    if (!replacing && workspace.fileCount + 1 > limits.maxWorkspaceFiles) {
      return `This workspace may hold at most ${limits.maxWorkspaceFiles} files.`;
    }
    return undefined;
  }

  /** Checks a file's type and size (not the quota). */
  checkContent(contentType: string, size: number | undefined): void {
    const limits = this.options.limits();
    const type = mediaType(contentType);
    if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) {
      throw new ApiError('unsupported_media_type', 'Send the file with a Content-Type header such as text/html.');
    }
    if (!contentTypeAllowed(type, limits.allowedContentTypes)) {
      throw new ApiError('unsupported_media_type', `Files of type ${type} are not accepted here.`);
    }
    if (size !== undefined && size > limits.maxFileBytes) {
      throw new ApiError('payload_too_large', `A file may be at most ${limits.maxFileBytes} bytes.`);
    }
  }

  /** The workspace, opened for a capability (the access check). */
  open(caller: Principal, id: string, capability: 'read' | 'write'): Promise<WorkspaceRecord> {
    return this.workspace(caller, id, capability);
  }

  /** The quota and type limits in force. */
  limits(): FileLimits {
    return this.options.limits();
  }

  async put(
    caller: Principal,
    workspaceId: string,
    rawPath: string,
    body: Readable,
    options: PutOptions,
  ): Promise<{ created: boolean; file: FileResource }> {
    const path = checkFilePath(rawPath);
    const workspace = await this.workspace(caller, workspaceId, 'write');
    // The entry the write replaces matters before the bytes are stored only for a precondition, or for
    // a quota that holds only if this write replaces a file; the commit reads it anyway (201 or 200).
    const current =
      options.createOnly || options.ifMatch || this.quotaProblem(workspace, options.contentLength, null)
        ? await this.options.stores.fileIndex.getFile(workspaceId, path)
        : null;
    this.checkWrite(workspace, options.contentType, options.contentLength, current);
    if (options.createOnly && current) throw failedPrecondition('The file already exists (If-None-Match: *).');
    if (options.ifMatch && (!current || !etagMatches(options.ifMatch, fileEtag(current.generation)))) {
      throw failedPrecondition('The file has changed since it was read (If-Match does not match its etag).');
    }
    const staged = await this.stage(workspaceId, path, body.pipe(byteLimit(this.options.limits().maxFileBytes)), {
      contentType: options.contentType,
    });
    // The same preconditions again, in the commit: a concurrent writer cannot slip in between.
    const change: PreparedChange = {
      ...staged,
      ...(options.createOnly && { ifGeneration: '0' }),
      ...(options.ifMatch && { ifMatch: options.ifMatch }),
    };
    const { before, after } = await this.options.commits.apply(workspace, [change], {
      kind: 'put',
      author: caller.uid,
    });
    return { created: !before[0] || before[0].deleted, file: toFileResource(after[0]!) };
  }

  /** Writes bytes as a new immutable blob of the workspace, not yet referenced by anything. */
  async stage(
    workspaceId: string,
    path: string,
    body: Readable,
    options: { contentType: string; field?: string },
  ): Promise<PreparedChange & { op: 'write' }> {
    const blob = newBlobId();
    const info = await this.options.blobs.put(blobObjectName(workspaceId, blob), body, {
      contentType: options.contentType,
      ifGenerationMatch: '0',
      metadata: { path },
    });
    return {
      field: options.field ?? 'file',
      path,
      op: 'write',
      blob,
      size: info.size,
      contentType: info.contentType,
      md5: info.md5,
      staged: true,
      bucketGeneration: info.generation,
    };
  }

  /**
   * A URL the client uploads one file's bytes to directly (V4 signed URL in
   * the cloud, a one-time local URL otherwise). Type and quota are checked
   * now; the file appears in the index when the upload lands.
   */
  async createUpload(
    caller: Principal,
    workspaceId: string,
    body: { path: string; contentType: string; size: number },
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string }> {
    const path = checkFilePath(body.path);
    const workspace = await this.workspace(caller, workspaceId, 'write');
    this.checkWrite(
      workspace,
      body.contentType,
      body.size,
      await this.options.stores.fileIndex.getFile(workspaceId, path),
    );
    const expiresAt = Date.now() + UPLOAD_URL_TTL_MS;
    const target = await this.options.blobs.uploadUrl(objectName(workspaceId, path), {
      contentType: body.contentType,
      size: body.size,
      expiresAt,
    });
    return { ...target, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The file's bytes; `range` may be chosen from the file's own description (size, etag). */
  async read(
    caller: Principal,
    workspaceId: string,
    rawPath: string,
    range?: (file: FileResource) => BlobRange | undefined,
    generation?: string,
  ): Promise<{ file: FileResource; body: Readable; range?: BlobRange }> {
    const path = checkFilePath(rawPath);
    await this.workspace(caller, workspaceId, 'read');
    if (generation !== undefined) {
      const version = await this.version(workspaceId, path, generation);
      const found = await this.readEntry(workspaceId, version, range);
      if (found && found.file.generation === generation) return found;
      found?.body.destroy();
      throw notFound('That version of the file is no longer kept.');
    }
    const entry = await this.options.stores.fileIndex.getFile(workspaceId, path);
    const found = entry && (await this.readEntry(workspaceId, entry, range));
    if (!found) throw notFound('File not found.');
    return found;
  }

  /** One version of a path, live or kept (404 when it is not kept, or is a deletion). */
  async version(workspaceId: string, path: string, generation: string): Promise<FileEntry> {
    if (!/^\d{1,25}$/.test(generation)) {
      throw invalidArgument('generation must be a decimal number.', [{ field: 'generation', reason: 'not a number' }]);
    }
    const entry = await this.options.stores.history.getEntry(workspaceId, path);
    const found = entry && [entry, ...(entry.versions ?? [])].find((v) => v.generation === generation);
    if (!found || found.deleted) throw notFound('That version of the file is no longer kept.');
    const updatedAt = 'updatedAt' in found ? found.updatedAt : found.createdAt;
    return { ...found, path, updatedAt, versions: [] };
  }

  /**
   * The bytes of one version (a live entry or a kept one): its blob, or for
   * bytes written straight to the bucket the object files/{path} while it
   * still has that generation. Null when they are gone.
   */
  async readEntry(
    workspaceId: string,
    entry: Pick<FileEntry, 'path' | 'blob' | 'generation' | 'size' | 'contentType' | 'md5' | 'updatedAt'>,
    range?: (file: FileResource) => BlobRange | undefined,
  ): Promise<{ file: FileResource; body: Readable; range?: BlobRange } | null> {
    const inBucket = entry.blob === undefined;
    // Blobs are immutable: the entry describes their bytes exactly. An object in files/ may have moved on.
    const describe = (info: {
      generation: string;
      size: number;
      contentType: string;
      md5: string;
      updatedAt: number;
    }) => toFileResource(inBucket ? { ...info, path: entry.path } : entry);
    const found = await this.options.blobs.read(
      entryObjectName(workspaceId, entry),
      range && ((info) => range(describe(info))),
    );
    if (!found) return null;
    return { file: describe(found.info), body: found.body, ...(found.range && { range: found.range }) };
  }

  /** The index entry (`?alt=json`). */
  async entry(caller: Principal, workspaceId: string, rawPath: string, generation?: string): Promise<FileResource> {
    const path = checkFilePath(rawPath);
    await this.workspace(caller, workspaceId, 'read');
    if (generation !== undefined) return toFileResource(await this.version(workspaceId, path, generation));
    const entry = await this.options.stores.fileIndex.getFile(workspaceId, path);
    if (!entry) throw notFound('File not found.');
    return toFileResource(entry);
  }

  async delete(caller: Principal, workspaceId: string, rawPath: string, ifMatch?: string[]): Promise<void> {
    const path = checkFilePath(rawPath);
    const workspace = await this.workspace(caller, workspaceId, 'write');
    await this.options.commits.apply(workspace, [{ field: 'file', path, op: 'delete', ...(ifMatch && { ifMatch }) }], {
      kind: 'delete',
      author: caller.uid,
    });
  }

  /** Removes every file under a folder prefix, one commit per page; returns how many. */
  async deleteFolder(caller: Principal, workspaceId: string, prefix: string): Promise<number> {
    if (!prefix.endsWith('/'))
      throw invalidArgument('A folder prefix must end with /.', [{ field: 'prefix', reason: 'must end with /' }]);
    checkListPrefix(prefix);
    const workspace = await this.workspace(caller, workspaceId, 'write');
    let removed = 0;
    for (let attempt = 0; ;) {
      const page = await this.options.stores.fileIndex.listFiles(workspaceId, { prefix, limit: CHANGES_PER_COMMIT });
      if (page.length === 0) return removed;
      try {
        await this.options.commits.apply(
          workspace,
          page.map((e, i) => ({ field: `files.${i}`, path: e.path, op: 'delete' as const })),
          { kind: 'delete', author: caller.uid },
        );
        removed += page.length;
      } catch (error) {
        // A file of the page deleted meanwhile: list again (a few times at most).
        if (!(error instanceof ApiError && error.code === 'not_found') || ++attempt > 5) throw error;
      }
    }
  }

  /**
   * Entries sorted by path. With delimiter `/`, files directly under the
   * prefix plus `prefixes` (the sub-folders), as Cloud Storage lists them;
   * items and prefixes together count towards `limit`.
   */
  async list(
    caller: Principal,
    workspaceId: string,
    query: { prefix?: string; delimiter?: '/'; limit: number; pageToken?: string },
  ): Promise<FileListPage> {
    const prefix = checkListPrefix(query.prefix ?? '');
    await this.workspace(caller, workspaceId, 'read');
    const queryId = listingQueryId(`files.list\n${caller.uid}\n${workspaceId}\n${prefix}\n${query.delimiter ?? ''}`);
    let after: string | undefined;
    if (query.pageToken !== undefined) {
      const cursor = this.options.pageTokens.decode(queryId, query.pageToken);
      if (typeof cursor !== 'string') throw invalidArgument('pageToken is not valid for this listing.');
      after = cursor;
    }
    const batchOf = (from: string | undefined) =>
      this.options.stores.fileIndex.listFiles(workspaceId, {
        prefix,
        after: from,
        limit: query.limit + 1,
        summary: true,
      });
    const first = await batchOf(after);
    // A frozen batch is the local store's remembered read: while it is remembered, the page made of it alone
    // is the same page, so it is made once (and the response writer remembers its text).
    const remembered = Object.isFrozen(first) ? this.pagesOfFrozenBatches.get(first) : undefined;
    const known = remembered?.get(`${queryId}\n${query.limit}`);
    if (known) return known;
    const { page, batches } = await this.pageFrom(first, batchOf, { ...query, prefix }, queryId);
    if (batches === 1 && Object.isFrozen(first)) {
      const pages = remembered ?? new Map<string, FileListPage>();
      if (!remembered) this.pagesOfFrozenBatches.set(first, pages);
      pages.set(`${queryId}\n${query.limit}`, deepFreeze(page));
    }
    return page;
  }

  private readonly pagesOfFrozenBatches = new WeakMap<readonly FileEntry[], Map<string, FileListPage>>();

  /** One page of a listing from its first batch of entries (and as many more as folders skipped need). */
  private async pageFrom(
    first: FileEntry[],
    batchOf: (after: string | undefined) => Promise<FileEntry[]>,
    query: { prefix: string; delimiter?: '/'; limit: number },
    queryId: string,
  ): Promise<{ page: FileListPage; batches: number }> {
    const { prefix } = query;
    const items: FileResource[] = [];
    const prefixes: string[] = [];
    let last: string | undefined;
    let more = false;
    let batch = first;
    let batches = 1;
    outer: for (;;) {
      if (batch.length === 0) break;
      for (const entry of batch) {
        if (items.length + prefixes.length === query.limit) {
          more = true;
          break outer;
        }
        const slash = query.delimiter ? entry.path.indexOf('/', prefix.length) : -1;
        if (slash >= 0) {
          const folder = entry.path.slice(0, slash + 1);
          prefixes.push(folder);
          last = folder;
          // Skip the rest of that folder: everything sorting below folder + U+10FFFF.
          batch = await batchOf(`${folder}\u{10FFFF}`);
          batches++;
          continue outer;
        }
        items.push(toFileResource(entry));
        last = entry.path;
      }
      if (batch.length <= query.limit) break;
      batch = await batchOf(last);
      batches++;
    }
    const page: FileListPage = { items };
    if (query.delimiter) page.prefixes = prefixes;
    if (more && last !== undefined) {
      page.nextPageToken = this.options.pageTokens.encode(queryId, last.endsWith('/') ? `${last}\u{10FFFF}` : last);
    }
    return { page, batches };
  }

  /**
   * The live tree of a workspace as a zip stream (no history). Files are read one at a time, a page
   * of index entries at a time, so memory stays flat whatever the size.
   */
  async export(caller: Principal, workspaceId: string): Promise<{ name: string; body: Readable }> {
    const workspace = await this.workspace(caller, workspaceId, 'read');
    if (workspace.totalBytes >= ZIP_MAX_BYTES || workspace.fileCount >= ZIP_MAX_ENTRIES) {
      throw new ApiError(
        'payload_too_large',
        'This workspace is too large to export as one zip (4 GiB, 65,535 files).',
      );
    }
    const zip = new ZipWriter();
    const fileIndex = this.options.stores.fileIndex;
    const blobs = this.options.blobs;
    void (async () => {
      let after: string | undefined;
      for (;;) {
        const page = await fileIndex.listFiles(workspaceId, {
          prefix: '',
          limit: 100,
          ...(after !== undefined && { after }),
        });
        for (const entry of page) {
          // A file deleted since it was listed is simply left out.
          const found = await blobs.read(entryObjectName(workspaceId, entry));
          if (found) await zip.add(entry.path, found.body, new Date(entry.updatedAt));
        }
        if (page.length < 100) break;
        after = page[page.length - 1]!.path;
      }
      // `unzip` prints the archive comment: what the zip holds, and what it does not.
      await zip.finish(
        `WebSplat export of workspace ${workspaceId}, ${new Date().toISOString()}: the live files only. ` +
          'History (commits, kept versions) is not included.',
      );
    })().catch((error) => zip.output.destroy(error as Error));
    return { name: workspace.name, body: zip.output };
  }

  /**
   * Copies (or moves) a file, or a folder when `from` ends with `/`. Every
   * destination and the quota are checked before anything is written; each
   * commit (up to 500 files) is atomic, so a move never leaves both copies
   * or neither. A copy points the new entries at the same blobs: no bytes move.
   */
  async copy(
    caller: Principal,
    workspaceId: string,
    body: { from: string; to: string },
    move: boolean,
  ): Promise<FileResource[]> {
    const workspace = await this.workspace(caller, workspaceId, 'write');
    const pairs = await this.plan(workspaceId, workspaceId, body.from, body.to);
    if (!move) this.checkQuota(workspace, pairs);
    const results: FileResource[] = [];
    for (let i = 0; i < pairs.length; i += CHANGES_PER_COMMIT) {
      const chunk = pairs.slice(i, i + CHANGES_PER_COMMIT);
      const writes = await Promise.all(chunk.map(({ source, to }, j) => this.reference(workspaceId, source, to, j)));
      const changes = new Map<string, PreparedChange>();
      if (move) {
        // A source that changes meanwhile fails the move (412) rather than losing its newer bytes.
        chunk.forEach(({ source }, j) =>
          changes.set(source.path, {
            field: `files.${j}`,
            path: source.path,
            op: 'delete',
            ifGeneration: source.generation,
          }),
        );
      }
      // A destination that is also a source (a folder moved into its parent) is written, not deleted.
      for (const w of writes) changes.set(w.path, w);
      const { after } = await this.options.commits.apply(workspace, [...changes.values()], {
        kind: move ? 'move' : 'copy',
        author: caller.uid,
      });
      for (const e of after) if (!e.deleted) results.push(toFileResource(e));
    }
    return results;
  }

  /**
   * A write of `to` with the bytes of `source`: the same blob when it has one
   * (no copy), else a server-side copy of its object into a new blob.
   */
  private async reference(
    workspaceId: string,
    source: FileEntry,
    to: string,
    index: number,
    fromWorkspace = workspaceId,
  ): Promise<PreparedChange & { op: 'write' }> {
    const field = `files.${index}`;
    if (source.blob !== undefined && fromWorkspace === workspaceId) {
      const { size, contentType, md5, blob } = source;
      const bucketGeneration = source.generation;
      return { field, path: to, op: 'write', blob, size, contentType, md5, staged: false, bucketGeneration };
    }
    const blob = newBlobId();
    const info = await this.options.blobs.copy(
      entryObjectName(fromWorkspace, source),
      blobObjectName(workspaceId, blob),
    );
    if (!info) throw notFound(`${source.path} was deleted meanwhile.`);
    return {
      field,
      path: to,
      op: 'write',
      blob,
      size: info.size,
      contentType: info.contentType,
      md5: info.md5,
      staged: true,
      bucketGeneration: info.generation,
    };
  }

  /**
   * Copies every file of one workspace into another (for clone), returning
   * how many: every workspace owns its bytes, so each blob is copied (server-side).
   */
  async copyAll(fromWorkspace: string, toWorkspace: string, author = 'system'): Promise<number> {
    const target = await this.options.stores.workspaces.getWorkspace(toWorkspace);
    if (!target) throw notFound('Workspace not found.');
    let copied = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.options.stores.fileIndex.listFiles(fromWorkspace, {
        prefix: '',
        limit: 100,
        ...(after !== undefined && { after }),
      });
      const writes = (
        await Promise.all(
          page.map((e, i) =>
            this.reference(toWorkspace, e, e.path, i, fromWorkspace).catch((error: unknown) => {
              if (error instanceof ApiError && error.code === 'not_found') return null; // deleted since it was listed
              throw error;
            }),
          ),
        )
      ).filter((w) => w !== null);
      if (writes.length > 0) {
        const counted = { ...target, fileCount: target.fileCount + copied };
        await this.options.commits.apply(counted, writes, { kind: 'clone', author });
        copied += writes.length;
      }
      if (page.length < 100) return copied;
      after = page[page.length - 1]!.path;
    }
  }

  /** Source entries and their destinations; every destination path is validated up front. */
  private async plan(
    fromWorkspace: string,
    toWorkspace: string,
    from: string,
    to: string,
  ): Promise<{ source: FileEntry; to: string }[]> {
    if (from.endsWith('/')) {
      checkFolderPrefix(from, 'from');
      checkFolderPrefix(to, 'to');
      if (fromWorkspace === toWorkspace && to.startsWith(from)) {
        throw invalidArgument('A folder cannot be copied into itself.', [{ field: 'to', reason: 'overlaps from' }]);
      }
      const pairs: { source: FileEntry; to: string }[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await this.options.stores.fileIndex.listFiles(fromWorkspace, {
          prefix: from,
          limit: 100,
          ...(after !== undefined && { after }),
        });
        for (const source of page) pairs.push({ source, to: checkFilePath(to + source.path.slice(from.length), 'to') });
        if (page.length < 100) break;
        after = page[page.length - 1]!.path;
      }
      if (pairs.length === 0) throw notFound('The folder is empty or does not exist.');
      return pairs;
    }
    checkFilePath(from, 'from');
    checkFilePath(to, 'to');
    if (to.endsWith('/'))
      throw invalidArgument('Copy a file to a file path, not a folder.', [{ field: 'to', reason: 'ends with /' }]);
    if (from === to && fromWorkspace === toWorkspace) {
      throw invalidArgument('from and to are the same file.', [{ field: 'to', reason: 'equals from' }]);
    }
    const source = await this.options.stores.fileIndex.getFile(fromWorkspace, from);
    if (!source) throw notFound('File not found.');
    return [{ source, to }];
  }

  private checkQuota(workspace: WorkspaceRecord, pairs: { source: FileEntry }[]): void {
    const limits = this.options.limits();
    const bytes = pairs.reduce((sum, p) => sum + p.source.size, 0);
    if (workspace.totalBytes + bytes > limits.maxWorkspaceBytes) {
      throw new ApiError('payload_too_large', `This workspace may hold at most ${limits.maxWorkspaceBytes} bytes.`);
    }
    if (workspace.fileCount + pairs.length > limits.maxWorkspaceFiles) {
      throw new ApiError('payload_too_large', `This workspace may hold at most ${limits.maxWorkspaceFiles} files.`);
    }
  }

  /**
   * What the preview serves for `path`: the file, or `index.html` of a
   * folder. `redirect` is set when the path names a folder without its
   * trailing slash (relative links inside need it).
   */
  async preview(
    caller: Principal,
    workspaceId: string,
    rawPath: string,
  ): Promise<{ file: FileResource; body: Readable; redirect?: undefined } | { redirect: string; file?: undefined }> {
    await this.workspace(caller, workspaceId, 'read');
    const folder = rawPath === '' || rawPath.endsWith('/');
    const path = checkFilePath(folder ? `${rawPath}index.html` : rawPath);
    const entry = await this.options.stores.fileIndex.getFile(workspaceId, path);
    const found = entry && (await this.readEntry(workspaceId, entry));
    if (found) return { file: found.file, body: found.body };
    if (!folder && (await this.options.stores.fileIndex.getFile(workspaceId, `${path}/index.html`))) {
      return { redirect: `${path.split('/').pop()}/` };
    }
    throw notFound('Nothing to preview at this path.');
  }
}
