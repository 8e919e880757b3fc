import { z } from 'zod';
import { ApiError, invalidArgument, notFound } from '../domain/errors';
import type { FileIndexer } from '../domain/fileIndexer';
import { mediaType, toFileResource, type FileService } from '../domain/files';
import { parseObjectName } from '../domain/paths';
import { WorkspaceId } from '../domain/schemas';
import type { BlobStore } from '../ports/blobs';
import { handleObjectFinalized } from '../triggers/objectEvents';
import { silentLogger } from './logger';
import { header } from './io';
import { FileResourceSchema, requestBytes } from './fileRoutes';
import { errorResponses, type Reply, type Route } from './route';

const CreateUploadBody = z
  .strictObject({
    path: z.string().min(1).max(1024),
    contentType: z.string().min(3).max(255),
    size: z.number().int().min(0),
  })
  .meta({ id: 'CreateUploadRequest' });

const UploadTargetSchema = z
  .object({
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'UploadTarget' });

const errors = errorResponses;

/** POST .../uploads: on both backends. */
export function uploadRoutes<D extends { files: FileService }>(): Route<D>[] {
  return [
    {
      method: 'POST',
      path: '/v1/workspaces/{workspaceId}/uploads',
      operationId: 'files.createUpload',
      summary: 'A URL to PUT one file to directly (bound to its type and size, 15 minutes); indexed when it lands.',
      auth: true,
      params: z.strictObject({ workspaceId: WorkspaceId }),
      body: CreateUploadBody,
      responses: {
        200: { description: 'Where and how to upload', schema: UploadTargetSchema },
        ...errors(400, 401, 403, 404, 413, 415),
      },
      async handle({ req, deps, caller, params, body }): Promise<Reply> {
        const target = await deps.files.createUpload(
          caller,
          params.workspaceId!,
          body as z.infer<typeof CreateUploadBody>,
        );
        if (target.url.startsWith('/')) {
          // The local backend hands out a path on this server.
          target.url = `http://${header(req, 'host') ?? '127.0.0.1'}${target.url}`;
        }
        return { status: 200, body: target, headers: { 'Cache-Control': 'no-store' } };
      },
    },
  ];
}

/** What redeeming a local upload URL needs (the local backend only). */
export interface LocalUploadDeps {
  redeem(token: string): Promise<{ name: string; contentType: string; size: number }>;
  blobs: BlobStore;
  indexer: FileIndexer;
}

/**
 * PUT /v1/uploads/{token}: the local backend's equivalent of the signed-URL
 * PUT to Cloud Storage. The bytes land in the blob store, then the same
 * finalize handler the Storage trigger runs indexes them.
 */
export function localUploadRoute(uploads: LocalUploadDeps): Route<unknown> {
  return {
    method: 'PUT',
    path: '/v1/uploads/{token}',
    operationId: 'uploads.put',
    summary:
      'Local backend only: the target of a URL from POST .../uploads (no bearer token; the URL is the credential).',
    auth: false,
    rawBody: { description: 'The file bytes, with the Content-Type and Content-Length given in the upload target.' },
    responses: { 200: { description: 'Stored', schema: FileResourceSchema }, ...errors(400, 404, 412, 413, 415) },
    async handle({ req, params }): Promise<Reply> {
      const grant = await uploads.redeem(params.token!);
      if (mediaType(header(req, 'content-type')) !== mediaType(grant.contentType)) {
        throw new ApiError('unsupported_media_type', `This upload URL is for Content-Type ${grant.contentType}.`);
      }
      if (header(req, 'content-length') !== String(grant.size)) {
        throw invalidArgument(`This upload URL is for exactly ${grant.size} bytes (Content-Length).`);
      }
      const info = await uploads.blobs.put(grant.name, requestBytes(req), { contentType: grant.contentType });
      if (info.size !== grant.size) {
        await uploads.blobs.delete(grant.name, { ifGenerationMatch: info.generation });
        throw invalidArgument(`The body was ${info.size} bytes, not the ${grant.size} announced.`);
      }
      const outcome = await handleObjectFinalized(
        {
          name: info.name,
          generation: info.generation,
          size: info.size,
          contentType: info.contentType,
          md5Hash: info.md5,
        },
        {
          indexer: uploads.indexer,
          logger: silentLogger,
          maxEventAgeMs: Number.MAX_SAFE_INTEGER,
          blobs: uploads.blobs,
        },
      );
      if (outcome === 'orphan_removed') throw notFound('Workspace not found.');
      const parsed = parseObjectName(info.name);
      return {
        status: 200,
        body: toFileResource({ ...info, path: parsed && 'path' in parsed ? parsed.path : info.name }),
      };
    },
  };
}
