import type { UploadReceiver } from '../../domain/files/uploads';
import { z } from 'zod';
import { FileResourceSchema, StagedUploadResult, UploadTokenParams } from '../../schemas/files';
import { header, requestBytes } from '../io';
import { errorResponses as errors, route, type Reply, type Route } from '../route';

/**
 * PUT /v1/uploads/{token}: the local backend's equivalent of the signed-URL
 * PUT to Cloud Storage (no bearer token: the URL is the credential).
 */
export function localUploadRoute(receiver: UploadReceiver): Route<unknown> {
  return route<unknown>()({
    method: 'PUT',
    path: '/v1/uploads/{token}',
    operationId: 'uploads.put',
    summary:
      'Local backend only: the target of a URL from POST .../uploads (no bearer token; the URL is the credential).',
    auth: false,
    params: UploadTokenParams,
    rawBody: { description: 'The file bytes, with the Content-Type and Content-Length given in the upload target.' },
    responses: {
      200: {
        description: 'Stored: the file, or for a staged upload the kept bytes (a commit names them)',
        schema: z.union([FileResourceSchema, StagedUploadResult]),
      },
      ...errors(400, 404, 412, 413, 415),
    },
    async handle({ req, params }): Promise<Reply> {
      const file = await receiver.receive(params.token, requestBytes(req), {
        contentType: header(req, 'content-type'),
        contentLength: header(req, 'content-length'),
      });
      return { status: 200, body: file };
    },
  });
}
