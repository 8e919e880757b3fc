import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { AccessClock } from '../workspaces/accessClock';
import { ApiError, failedPrecondition, invalidArgument, notFound } from '../shared/errors';
import { etagMatches } from '../shared/etag';
import type { FileEntry } from '../../ports/fileIndex';
import { indexWrite, type FileIndexer } from './fileIndexer';
import { deletedEvent } from './objectEvent';
import type { Principal } from '../../ports/auth';
import type { WorkspaceRecord } from '../../ports/workspaces';
import type { PageTokens } from '../shared/pageTokens';
import { checkFilePath, checkFolderPrefix, checkListPrefix, objectName } from './paths';
import { BlobPreconditionFailed, type BlobInfo, type BlobRange, type BlobStore } from '../../ports/blobs';
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

/** Direct-upload URLs are short-lived. */
export const UPLOAD_URL_TTL_MS = 15 * 60 * 1000;

/** A file's etag names one generation of its bytes. */
export const fileEtag = (generation: string) => `g${generation}`;

export function toFileResource(
  e: Pick<FileEntry, 'path' | 'size' | 'contentType' | 'md5' | 'generation' | 'updatedAt'>,
): FileResource {
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

export interface FileServiceOptions {
  stores: Pick<MetadataPorts, 'fileIndex'>;
  blobs: BlobStore;
  indexer: FileIndexer;
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

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

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
    const freed = replacing ? replacing.size : 0;
    if (size !== undefined && workspace.totalBytes - freed + size > limits.maxWorkspaceBytes) {
      throw new ApiError('payload_too_large', `This workspace may hold at most ${limits.maxWorkspaceBytes} bytes.`);
    }
    if (!replacing && workspace.fileCount + 1 > limits.maxWorkspaceFiles) {
      throw new ApiError('payload_too_large', `This workspace may hold at most ${limits.maxWorkspaceFiles} files.`);
    }
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
    const current = await this.options.stores.fileIndex.getFile(workspaceId, path);
    this.checkWrite(workspace, options.contentType, options.contentLength, current);
    if (options.createOnly && current) throw failedPrecondition('The file already exists (If-None-Match: *).');
    if (options.ifMatch && (!current || !etagMatches(options.ifMatch, fileEtag(current.generation)))) {
      throw failedPrecondition('The file has changed since it was read (If-Match does not match its etag).');
    }
    const guarded = options.ifMatch || options.createOnly;
    let info: BlobInfo;
    try {
      info = await this.options.blobs.put(
        objectName(workspaceId, path),
        body.pipe(byteLimit(this.options.limits().maxFileBytes)),
        {
          contentType: options.contentType,
          // The generation we checked, so a concurrent writer cannot slip in between.
          ...(guarded && { ifGenerationMatch: current ? current.generation : '0' }),
        },
      );
    } catch (error) {
      if (error instanceof BlobPreconditionFailed)
        throw failedPrecondition('The file changed while it was being written.');
      throw error;
    }
    await this.indexWrite(workspaceId, path, info);
    return { created: current === null, file: toFileResource({ ...info, path }) };
  }

  /**
   * Applies a write to the index now (the Storage trigger's later copy of it
   * is a no-op duplicate); see indexWrite() for a workspace gone meanwhile.
   */
  private indexWrite(workspaceId: string, path: string, info: BlobInfo): Promise<void> {
    return indexWrite(this.options.indexer, this.options.blobs, { workspaceId, path }, info, {
      workspaceChecked: true,
    });
  }

  /** Applies a delete to the index now; the request has just found the workspace live. */
  private indexDelete(workspaceId: string, path: string, generation: string) {
    const event = deletedEvent(objectName(workspaceId, path), generation, Date.now());
    return this.options.indexer.apply(workspaceId, path, event, { workspaceChecked: true });
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
  ): Promise<{ file: FileResource; body: Readable; range?: BlobRange }> {
    const path = checkFilePath(rawPath);
    await this.workspace(caller, workspaceId, 'read');
    const found = await this.options.blobs.read(
      objectName(workspaceId, path),
      range && ((info) => range(toFileResource({ ...info, path }))),
    );
    if (!found) throw notFound('File not found.');
    return {
      file: toFileResource({ ...found.info, path }),
      body: found.body,
      ...(found.range && { range: found.range }),
    };
  }

  /** The index entry (`?alt=json`). */
  async entry(caller: Principal, workspaceId: string, rawPath: string): Promise<FileResource> {
    const path = checkFilePath(rawPath);
    await this.workspace(caller, workspaceId, 'read');
    const entry = await this.options.stores.fileIndex.getFile(workspaceId, path);
    if (!entry) throw notFound('File not found.');
    return toFileResource(entry);
  }

  async delete(caller: Principal, workspaceId: string, rawPath: string, ifMatch?: string[]): Promise<void> {
    const path = checkFilePath(rawPath);
    await this.workspace(caller, workspaceId, 'write');
    await this.deleteOne(workspaceId, path, ifMatch);
  }

  private async deleteOne(workspaceId: string, path: string, ifMatch?: string[]): Promise<boolean> {
    const name = objectName(workspaceId, path);
    const info = await this.options.blobs.stat(name);
    if (!info) {
      if (ifMatch) throw failedPrecondition('The file does not exist.');
      // Maybe the index still lists bytes that are gone: heal it.
      const entry = await this.options.stores.fileIndex.getFile(workspaceId, path);
      if (entry) await this.indexDelete(workspaceId, path, entry.generation);
      if (!entry) throw notFound('File not found.');
      return true;
    }
    if (ifMatch && !etagMatches(ifMatch, fileEtag(info.generation))) {
      throw failedPrecondition('The file has changed since it was read (If-Match does not match its etag).');
    }
    try {
      await this.options.blobs.delete(name, { ifGenerationMatch: info.generation });
    } catch (error) {
      if (error instanceof BlobPreconditionFailed)
        throw failedPrecondition('The file changed while it was being deleted.');
      throw error;
    }
    await this.indexDelete(workspaceId, path, info.generation);
    return true;
  }

  /** Removes every file under a folder prefix, a page at a time; returns how many. */
  async deleteFolder(caller: Principal, workspaceId: string, prefix: string): Promise<number> {
    if (!prefix.endsWith('/'))
      throw invalidArgument('A folder prefix must end with /.', [{ field: 'prefix', reason: 'must end with /' }]);
    checkListPrefix(prefix);
    await this.workspace(caller, workspaceId, 'write');
    let removed = 0;
    for (;;) {
      const page = await this.options.stores.fileIndex.listFiles(workspaceId, { prefix, limit: 100 });
      if (page.length === 0) return removed;
      // Bounded concurrency: 8 deletes in flight.
      for (let i = 0; i < page.length; i += 8) {
        await Promise.all(page.slice(i, i + 8).map((e) => this.deleteOne(workspaceId, e.path).catch(ignoreNotFound)));
      }
      removed += page.length;
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
  ): Promise<{ items: FileResource[]; prefixes?: string[]; nextPageToken?: string }> {
    const prefix = checkListPrefix(query.prefix ?? '');
    await this.workspace(caller, workspaceId, 'read');
    const queryId = sha(`files.list\n${caller.uid}\n${workspaceId}\n${prefix}\n${query.delimiter ?? ''}`);
    let after: string | undefined;
    if (query.pageToken !== undefined) {
      const cursor = this.options.pageTokens.decode(queryId, query.pageToken);
      if (typeof cursor !== 'string') throw invalidArgument('pageToken is not valid for this listing.');
      after = cursor;
    }
    const items: FileResource[] = [];
    const prefixes: string[] = [];
    let last: string | undefined;
    let more = false;
    outer: for (;;) {
      const batch = await this.options.stores.fileIndex.listFiles(workspaceId, {
        prefix,
        after,
        limit: query.limit + 1,
      });
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
          after = `${folder}\u{10FFFF}`;
          continue outer;
        }
        items.push(toFileResource(entry));
        last = entry.path;
        after = entry.path;
      }
      if (batch.length <= query.limit) break;
    }
    const result: { items: FileResource[]; prefixes?: string[]; nextPageToken?: string } = { items };
    if (query.delimiter) result.prefixes = prefixes;
    if (more && last !== undefined) {
      result.nextPageToken = this.options.pageTokens.encode(queryId, last.endsWith('/') ? `${last}\u{10FFFF}` : last);
    }
    return result;
  }

  /**
   * The whole workspace as a zip stream. Files are read one at a time, a page
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
          const found = await blobs.read(objectName(workspaceId, entry.path));
          if (found) await zip.add(entry.path, found.body, new Date(found.info.updatedAt));
        }
        if (page.length < 100) break;
        after = page[page.length - 1]!.path;
      }
      await zip.finish();
    })().catch((error) => zip.output.destroy(error as Error));
    return { name: workspace.name, body: zip.output };
  }

  /**
   * Copies (or moves) a file, or a folder when `from` ends with `/`. Every
   * destination and the quota are checked before anything is written; a move
   * deletes each source only after its copy is indexed, so a failure midway
   * can leave both copies but never lose a file.
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
    for (let i = 0; i < pairs.length; i += 8) {
      const copied = await Promise.all(
        pairs.slice(i, i + 8).map(async ({ source, to }) => {
          const file = await this.copyOne(workspaceId, source.path, workspaceId, to);
          if (file && move) await this.deleteOne(workspaceId, source.path).catch(ignoreNotFound);
          return file;
        }),
      );
      for (const f of copied) if (f) results.push(f);
    }
    return results;
  }

  /** Copies every file of one workspace into another (for clone), returning how many. */
  async copyAll(fromWorkspace: string, toWorkspace: string): Promise<number> {
    let copied = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.options.stores.fileIndex.listFiles(fromWorkspace, {
        prefix: '',
        limit: 100,
        ...(after !== undefined && { after }),
      });
      for (let i = 0; i < page.length; i += 8) {
        const done = await Promise.all(
          page.slice(i, i + 8).map((e) => this.copyOne(fromWorkspace, e.path, toWorkspace, e.path)),
        );
        copied += done.filter(Boolean).length;
      }
      if (page.length < 100) return copied;
      after = page[page.length - 1]!.path;
    }
  }

  private async copyOne(
    fromWorkspace: string,
    from: string,
    toWorkspace: string,
    to: string,
  ): Promise<FileResource | null> {
    const info = await this.options.blobs.copy(objectName(fromWorkspace, from), objectName(toWorkspace, to));
    if (!info) return null; // deleted since it was listed
    await this.indexWrite(toWorkspace, to, info);
    return toFileResource({ ...info, path: to });
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
    const found = await this.options.blobs.read(objectName(workspaceId, path));
    if (found) return { file: toFileResource({ ...found.info, path }), body: found.body };
    if (!folder && (await this.options.blobs.stat(objectName(workspaceId, `${path}/index.html`)))) {
      return { redirect: `${path.split('/').pop()}/` };
    }
    throw notFound('Nothing to preview at this path.');
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof ApiError && error.code === 'not_found')) throw error;
}
