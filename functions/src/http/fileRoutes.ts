import { Readable } from 'node:stream';
import { z } from 'zod';
import { parseEtagList } from '../domain/etag';
import type { FileService } from '../domain/files';
import { PREVIEW_COOKIE, PREVIEW_HEADERS, previewContentType } from '../domain/preview';
import { LIMITS, WorkspaceId } from '../domain/schemas';
import { header, type ApiRequest } from './io';
import { errorResponses, type Reply, type Route } from './route';

export const FileResourceSchema = z
  .object({
    path: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    md5: z.string().meta({ description: 'Base64 MD5 of the bytes.' }),
    generation: z.string(),
    updatedAt: z.string().meta({ format: 'date-time' }),
    etag: z.string(),
  })
  .meta({ id: 'File' });

export const FileListSchema = z
  .object({
    items: z.array(FileResourceSchema),
    prefixes: z.array(z.string()).optional(),
    nextPageToken: z.string().optional(),
  })
  .meta({ id: 'FileList' });

const FileParams = z.strictObject({ workspaceId: WorkspaceId, path: z.string() });
const FilesParams = z.strictObject({ workspaceId: WorkspaceId });
const GetFileQuery = z.strictObject({ alt: z.enum(['media', 'json']).optional() });
const ListFilesQuery = z.strictObject({
  prefix: z.string().max(1024).optional(),
  delimiter: z.literal('/').optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.listLimitMax).default(LIMITS.listLimitDefault),
  pageToken: z.string().min(1).max(4096).optional(),
});
const CopyBody = z
  .strictObject({
    from: z.string().min(1).max(1024).meta({ description: 'A file path, or a folder ending in /.' }),
    to: z.string().min(1).max(1024).meta({ description: 'The destination file path, or folder ending in /.' }),
  })
  .meta({ id: 'CopyRequest' });
const CopyResult = z.object({ items: z.array(FileResourceSchema) }).meta({ id: 'CopyResult' });

const DeleteFolderQuery = z.strictObject({ prefix: z.string().min(1).max(1024) });

export interface FileDeps {
  files: FileService;
}

const errors = errorResponses;

/** Generated code must never run on the API's origin: raw file reads are sandboxed and never sniffed. */
const BYTES_HEADERS = {
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'Cache-Control': 'private, no-cache',
  'Accept-Ranges': 'bytes',
};

/** If-None-Match names this etag (or `*`). */
function notModified(req: ApiRequest, etag: string): boolean {
  const cached = parseEtagList(header(req, 'if-none-match'));
  return cached !== undefined && (cached.includes(etag) || cached.includes('*'));
}

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

/** The request's bytes: streamed from the socket, or from the buffer a serverless runtime already read. */
export function requestBytes(req: ApiRequest): Readable {
  if (Buffer.isBuffer(req.rawBody)) return Readable.from([req.rawBody]);
  if (Buffer.isBuffer(req.body)) return Readable.from([req.body]);
  if (req.readableEnded) return Readable.from([]);
  return req;
}

function contentLength(req: ApiRequest): number | undefined {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody.length;
  const value = header(req, 'content-length');
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export function fileRoutes<D extends FileDeps>(): Route<D>[] {
  const filePath = '/v1/workspaces/{workspaceId}/files/{path+}';
  return [
    {
      method: 'PUT',
      path: filePath,
      operationId: 'files.put',
      summary: 'Write a file (raw body; Content-Type is stored). 201 when new, 200 when replaced.',
      auth: true,
      params: FileParams,
      rawBody: { description: 'The file bytes.' },
      headers: [
        { name: 'If-Match', description: "The file's etag: replace only that version (412 otherwise)." },
        { name: 'If-None-Match', description: '`*`: create only, 412 when the file exists.' },
      ],
      responses: {
        200: { description: 'Replaced', schema: FileResourceSchema },
        201: { description: 'Created', schema: FileResourceSchema },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ req, deps, caller, params }): Promise<Reply> {
        const length = contentLength(req);
        const result = await deps.files.put(caller, params.workspaceId!, params.path!, requestBytes(req), {
          contentType: header(req, 'content-type') ?? '',
          ...(length !== undefined && { contentLength: length }),
          ...(parseEtagList(header(req, 'if-match')) && { ifMatch: parseEtagList(header(req, 'if-match')) }),
          createOnly: header(req, 'if-none-match')?.trim() === '*',
        });
        return {
          status: result.created ? 201 : 200,
          body: result.file,
          headers: { ETag: `"${result.file.etag}"` },
        };
      },
    },
    {
      method: 'GET',
      path: filePath,
      operationId: 'files.get',
      summary: 'Read a file: its bytes (Range, If-None-Match), or with ?alt=json its index entry.',
      auth: true,
      params: FileParams,
      query: GetFileQuery,
      headers: [
        { name: 'Range', description: 'bytes=start-end: 206 with that part.' },
        { name: 'If-None-Match', description: '304 when the etag still matches.' },
      ],
      responses: {
        200: { description: 'The bytes, or with alt=json the entry', schema: FileResourceSchema },
        206: { description: 'Part of the bytes' },
        304: { description: 'Not modified' },
        ...errors(400, 401, 404),
      },
      async handle({ req, deps, caller, params, query }): Promise<Reply> {
        if (query.alt === 'json') {
          const entry = await deps.files.entry(caller, params.workspaceId!, params.path!);
          return { status: 200, body: entry, headers: { ETag: `"${entry.etag}"` } };
        }
        const { file, body, range } = await deps.files.read(caller, params.workspaceId!, params.path!, (f) =>
          parseRange(header(req, 'range'), f.size),
        );
        const headers: Record<string, string> = {
          ...BYTES_HEADERS,
          'Content-Type': file.contentType,
          ETag: `"${file.etag}"`,
          'Last-Modified': new Date(file.updatedAt).toUTCString(),
        };
        if (notModified(req, file.etag)) {
          body.destroy();
          return { status: 304, headers: { ETag: headers.ETag!, ...BYTES_HEADERS } };
        }
        if (range) {
          headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.size}`;
          headers['Content-Length'] = String(range.end - range.start + 1);
          return { status: 206, headers, stream: body };
        }
        headers['Content-Length'] = String(file.size);
        return { status: 200, headers, stream: body };
      },
    },
    {
      method: 'DELETE',
      path: filePath,
      operationId: 'files.delete',
      summary: 'Delete a file.',
      auth: true,
      params: FileParams,
      headers: [{ name: 'If-Match', description: "The file's etag." }],
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 412) },
      async handle({ req, deps, caller, params }): Promise<Reply> {
        await deps.files.delete(caller, params.workspaceId!, params.path!, parseEtagList(header(req, 'if-match')));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/files',
      operationId: 'files.list',
      summary: 'List files sorted by path; with delimiter=/ also the sub-folders as prefixes.',
      auth: true,
      params: FilesParams,
      query: ListFilesQuery,
      responses: { 200: { description: 'A page of files', schema: FileListSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        const q = query as z.infer<typeof ListFilesQuery>;
        return { status: 200, body: await deps.files.list(caller, params.workspaceId!, q) };
      },
    },
    {
      method: 'DELETE',
      path: '/v1/workspaces/{workspaceId}/files',
      operationId: 'files.deleteFolder',
      summary: 'Delete a whole folder: ?prefix=dir/ (must end with /).',
      auth: true,
      params: FilesParams,
      query: DeleteFolderQuery,
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        await deps.files.deleteFolder(caller, params.workspaceId!, (query as { prefix: string }).prefix);
        return { status: 204 };
      },
    },
    ...(['copy', 'move'] as const).map((op): Route<D> => ({
      method: 'POST',
      path: `/v1/workspaces/{workspaceId}/${op}`,
      operationId: `files.${op}`,
      summary: `${op === 'copy' ? 'Copy' : 'Move'} a file, or a folder when from ends with /; the index and counters follow.`,
      auth: true,
      params: FilesParams,
      body: CopyBody,
      responses: {
        200: { description: 'The files written', schema: CopyResult },
        ...errors(400, 401, 403, 404, 413, 415),
      },
      async handle({ deps, caller, params, body }): Promise<Reply> {
        const items = await deps.files.copy(
          caller,
          params.workspaceId!,
          body as z.infer<typeof CopyBody>,
          op === 'move',
        );
        return { status: 200, body: { items } };
      },
    })),
    {
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/preview/{path+}',
      operationId: 'preview.get',
      summary:
        'Serve the generated site (index.html for a folder) in a sandbox. For an iframe, load preview/?access_token=…; the answer sets a cookie scoped to the preview folder so relative sub-resources load too.',
      auth: true,
      previewAuth: true,
      params: FileParams,
      headers: [{ name: 'If-None-Match', description: '304 when the etag still matches.' }],
      responses: {
        200: { description: 'The file, with its MIME type and a sandboxing CSP' },
        301: { description: 'A folder without its trailing slash' },
        304: { description: 'Not modified' },
        ...errors(400, 401, 404),
      },
      async handle({ req, deps, caller, params, credential }): Promise<Reply> {
        const headers: Record<string, string> = { ...PREVIEW_HEADERS };
        if (credential?.source === 'query') {
          // Sub-resources (relative URLs) will not carry the query: hand the token to them in a
          // cookie. No Path attribute: the browser scopes it to this preview's folder in the URL
          // it actually used (the API may sit behind a path prefix we cannot see).
          const local = /^(127\.|localhost|\[::1\])/.test(header(req, 'host') ?? '');
          headers['Set-Cookie'] =
            `${PREVIEW_COOKIE}=${credential.token}; Max-Age=3600; HttpOnly; SameSite=None` + (local ? '' : '; Secure');
        }
        const target = await deps.files.preview(caller, params.workspaceId!, params.path!);
        if (target.redirect !== undefined) {
          return { status: 301, headers: { ...headers, Location: target.redirect } };
        }
        const { file, body } = target;
        if (notModified(req, file.etag)) {
          body.destroy();
          return { status: 304, headers: { ...headers, ETag: `"${file.etag}"` } };
        }
        return {
          status: 200,
          stream: body,
          headers: {
            ...headers,
            'Content-Type': previewContentType(file.path, file.contentType),
            'Content-Length': String(file.size),
            ETag: `"${file.etag}"`,
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/export.zip',
      operationId: 'files.export',
      summary: 'The whole workspace as a zip, streamed.',
      auth: true,
      params: FilesParams,
      responses: { 200: { description: 'application/zip' }, ...errors(400, 401, 404, 413) },
      async handle({ deps, caller, params }): Promise<Reply> {
        const { name, body } = await deps.files.export(caller, params.workspaceId!);
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
    },
  ];
}
