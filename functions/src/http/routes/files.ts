import { WorkspaceParams } from '../../schemas/common';
import {
  CopyBody,
  CopyResult,
  CreateUploadBody,
  DeleteFolderQuery,
  FileListSchema,
  FileParams,
  FileResourceSchema,
  GetFileQuery,
  ListFilesQuery,
  UploadTargetSchema,
} from '../../schemas/files';
import type { Readable } from 'node:stream';
import type { FileResource } from '../../domain/files/files';
import { viewOfFrozen } from '../../domain/shared/frozenViews';
import type { BlobRange } from '../../ports/blobs';
import type { ApiDeps } from '../deps';
import { createOnly, ifMatch, ifNoneMatch, raw } from '../headers';
import { absoluteUrl, contentLength, etagHeader, header, notModified, requestBytes } from '../io';
import { ETAG, errorResponses as errors, route, type Reply, type Route } from '../route';

type FileDeps = Pick<ApiDeps, 'files'>;

/** Generated code must never run on the API's origin: raw file reads are sandboxed and never sniffed. */
const BYTES_HEADERS = {
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'Cache-Control': 'private, no-cache',
  'Accept-Ranges': 'bytes',
};

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; anything else (or unsatisfiable) is ignored, as RFC 9110 allows. */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = value && /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || size === 0 || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : undefined;
}

/** The headers and answers of a read of a file's bytes (live or in a checkpoint): Range, 206, 304, alt=json. */
export const BYTES_READ = {
  headers: {
    Range: raw('bytes=start-end: 206 with that part.'),
    'If-None-Match': ifNoneMatch('304 when the etag still matches.'),
  },
  responses: {
    200: {
      description: 'The bytes, or with alt=json the entry',
      schema: FileResourceSchema,
      bytes: true,
      headers: ETAG,
    },
    206: {
      description: 'Part of the bytes',
      headers: { ...ETAG, 'Content-Range': { description: 'bytes start-end/size', required: true } },
    },
    304: { description: 'Not modified', headers: ETAG },
    ...errors(400, 401, 404),
  },
};

/** A read link makes plain download links possible (no header): ?access_token=<link token>. */
export const READ_LINK: Pick<Route<FileDeps>, 'queryToken' | 'linkScopes'> = {
  queryToken: 'link',
  linkScopes: ['read'],
};

/** The answer to a read of a file's bytes (live, kept or in a checkpoint): 200, 206 or 304. */
export function bytesReply(
  { file, body, range }: { file: FileResource; body: Readable; range?: BlobRange },
  ifNoneMatchHeader: string[] | undefined,
): Reply {
  if (notModified(ifNoneMatchHeader, file.etag)) {
    body.destroy();
    return { status: 304, headers: { ...etagHeader(file.etag), ...BYTES_HEADERS } };
  }
  if (range) {
    return {
      status: 206,
      stream: body,
      headers: {
        ...fileHeaders(file),
        'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`,
        'Content-Length': String(range.end - range.start + 1),
      },
    };
  }
  return { status: 200, stream: body, headers: wholeFileHeaders(file) };
}

function fileHeaders(file: FileResource): Record<string, string> {
  return {
    ...BYTES_HEADERS,
    'Content-Type': file.contentType,
    ...etagHeader(file.etag),
    'Last-Modified': new Date(file.updatedAt).toUTCString(),
  };
}

/** A whole file's headers; made once for a file resource made once (a frozen one: see viewOfFrozen). */
const wholeFileHeaders = viewOfFrozen((file: FileResource): Record<string, string> => ({
  ...fileHeaders(file),
  'Content-Length': String(file.size),
}));

export function fileRoutes(): Route<FileDeps>[] {
  const file = route<FileDeps>();
  const filePath = '/v1/workspaces/{workspaceId}/files/{path+}';
  return [
    file({
      method: 'PUT',
      path: filePath,
      operationId: 'files.put',
      summary: 'Write a file (raw body; Content-Type is stored). 201 when new, 200 when replaced.',
      auth: true,
      params: FileParams,
      rawBody: { description: 'The file bytes.' },
      headers: {
        'If-Match': ifMatch("The file's etag: replace only that version (412 otherwise)."),
        'If-None-Match': createOnly('`*`: create only, 412 when the file exists.'),
      },
      responses: {
        200: { description: 'Replaced', schema: FileResourceSchema, headers: ETAG },
        201: { description: 'Created', schema: FileResourceSchema, headers: ETAG },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ req, deps, caller, params, headers }): Promise<Reply> {
        const length = contentLength(req);
        const list = headers['If-Match'];
        const result = await deps.files.put(caller, params.workspaceId, params.path, requestBytes(req), {
          contentType: header(req, 'content-type') ?? '',
          ...(length !== undefined && { contentLength: length }),
          ...(list && { ifMatch: list }),
          createOnly: headers['If-None-Match'],
        });
        return { status: result.created ? 201 : 200, body: result.file, headers: etagHeader(result.file.etag) };
      },
    }),
    file({
      method: 'GET',
      path: filePath,
      operationId: 'files.get',
      summary: 'Read a file: its bytes (Range, If-None-Match), or with ?alt=json its index entry.',
      auth: true,
      ...READ_LINK,
      params: FileParams,
      query: GetFileQuery,
      ...BYTES_READ,
      async handle({ deps, caller, params, query, headers }): Promise<Reply> {
        if (query.alt === 'json') {
          const entry = await deps.files.entry(caller, params.workspaceId, params.path, query.generation);
          return { status: 200, body: entry, headers: etagHeader(entry.etag) };
        }
        const found = await deps.files.read(
          caller,
          params.workspaceId,
          params.path,
          (f) => parseRange(headers.Range, f.size),
          query.generation,
        );
        return bytesReply(found, headers['If-None-Match']);
      },
    }),
    file({
      method: 'DELETE',
      path: filePath,
      operationId: 'files.delete',
      summary: 'Delete a file.',
      auth: true,
      params: FileParams,
      headers: { 'If-Match': ifMatch("The file's etag.") },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 412) },
      async handle({ deps, caller, params, headers }): Promise<Reply> {
        await deps.files.delete(caller, params.workspaceId, params.path, headers['If-Match']);
        return { status: 204 };
      },
    }),
    file({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/files',
      operationId: 'files.list',
      summary: 'List files sorted by path; with delimiter=/ also the sub-folders as prefixes.',
      auth: true,
      ...READ_LINK,
      params: WorkspaceParams,
      query: ListFilesQuery,
      responses: { 200: { description: 'A page of files', schema: FileListSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return { status: 200, body: await deps.files.list(caller, params.workspaceId, query) };
      },
    }),
    file({
      method: 'DELETE',
      path: '/v1/workspaces/{workspaceId}/files',
      operationId: 'files.deleteFolder',
      summary: 'Delete a whole folder: ?prefix=dir/ (must end with /).',
      auth: true,
      params: WorkspaceParams,
      query: DeleteFolderQuery,
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        await deps.files.deleteFolder(caller, params.workspaceId, query.prefix);
        return { status: 204 };
      },
    }),
    ...(['copy', 'move'] as const).map((op) =>
      file({
        method: 'POST',
        path: `/v1/workspaces/{workspaceId}/${op}`,
        operationId: `files.${op}`,
        summary: `${op === 'copy' ? 'Copy' : 'Move'} a file, or a folder when from ends with /; the index and counters follow.`,
        auth: true,
        params: WorkspaceParams,
        body: CopyBody,
        responses: {
          200: { description: 'The files written', schema: CopyResult },
          ...errors(400, 401, 403, 404, 413, 415),
        },
        async handle({ deps, caller, params, body }): Promise<Reply> {
          const items = await deps.files.copy(caller, params.workspaceId, body, op === 'move');
          return { status: 200, body: { items } };
        },
      }),
    ),
    file({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/export.zip',
      operationId: 'files.export',
      summary:
        'The live files of the workspace as a zip, streamed (no history: commits and kept versions are not in it).',
      auth: true,
      ...READ_LINK,
      params: WorkspaceParams,
      responses: { 200: { description: 'The zip', mediaType: 'application/zip' }, ...errors(400, 401, 404, 413) },
      async handle({ deps, caller, params }): Promise<Reply> {
        const { name, body } = await deps.files.export(caller, params.workspaceId);
        const fileName = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'workspace';
        return {
          status: 200,
          stream: body,
          headers: {
            'Content-Type': 'application/zip',
            'Content-Disposition': `attachment; filename="${fileName}.zip"`,
            'Cache-Control': 'no-store',
          },
        };
      },
    }),
  ];
}

/** POST .../uploads: on both backends. */
export function uploadRoutes(): Route<Pick<ApiDeps, 'files' | 'history'>>[] {
  return [
    route<Pick<ApiDeps, 'files' | 'history'>>()({
      method: 'POST',
      path: '/v1/workspaces/{workspaceId}/uploads',
      operationId: 'files.createUpload',
      summary:
        'A URL to PUT one file to directly (bound to its type and size, 15 minutes); indexed when it lands. ' +
        'With "staged": true the bytes stay invisible until a commit names the returned uploadId.',
      auth: true,
      params: WorkspaceParams,
      body: CreateUploadBody,
      responses: {
        200: { description: 'Where and how to upload', schema: UploadTargetSchema },
        ...errors(400, 401, 403, 404, 413, 415),
      },
      async handle({ req, deps, caller, params, body }): Promise<Reply> {
        const { staged, ...upload } = body;
        const target = staged
          ? await deps.history.createStagedUpload(caller, params.workspaceId, upload)
          : await deps.files.createUpload(caller, params.workspaceId, upload);
        // The local backend hands out a path on this server.
        return {
          status: 200,
          body: { ...target, url: absoluteUrl(req, target.url) },
          headers: { 'Cache-Control': 'no-store' },
        };
      },
    }),
  ];
}
