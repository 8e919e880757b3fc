import { PageQuery, WorkspaceParams } from '../../schemas/common';
import {
  CheckpointDiffQuery,
  CheckpointDiffSchema,
  CheckpointFileParams,
  CheckpointList,
  CheckpointParams,
  CheckpointSchema,
  CreateCheckpointBody,
  RestoreSchema,
} from '../../schemas/checkpoints';
import { FileListSchema, ListFilesQuery } from '../../schemas/files';
import type { ApiDeps } from '../deps';
import { etagHeader } from '../io';
import { errorResponses as errors, route, type Reply, type Route } from '../route';
import { bytesReply, BYTES_READ, parseRange, READ_LINK } from './files';
import { LOCATION, PREVIEW_NOT_MODIFIED, PREVIEW_RESPONSES, previewReply, toPreviewLink } from './preview';
import { z } from 'zod';

type CheckpointDeps = Pick<ApiDeps, 'checkpoints' | 'files' | 'links' | 'previewLinkTtlSeconds'>;

const CheckpointFileQuery = z.strictObject({ alt: z.enum(['media', 'json']).optional() });

/** Checkpoints: create, list, browse, diff, restore, preview, export (docs/history.md, "Checkpoints"). */
export function checkpointRoutes(): Route<CheckpointDeps>[] {
  const checkpoint = route<CheckpointDeps>();
  const one = '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}';
  return [
    checkpoint({
      method: 'POST',
      path: '/v1/workspaces/{workspaceId}/checkpoints',
      operationId: 'checkpoints.create',
      summary: 'Take a checkpoint of the files and shared state (editor): no bytes are copied.',
      auth: true,
      params: WorkspaceParams,
      body: CreateCheckpointBody,
      responses: { 201: { description: 'Taken', schema: CheckpointSchema }, ...errors(400, 401, 403, 404) },
      async handle({ deps, caller, params, body }): Promise<Reply> {
        return { status: 201, body: await deps.checkpoints.create(caller, params.workspaceId, body) };
      },
    }),
    checkpoint({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/checkpoints',
      operationId: 'checkpoints.list',
      summary: 'The checkpoints of the workspace, newest first.',
      auth: true,
      params: WorkspaceParams,
      query: PageQuery,
      responses: { 200: { description: 'A page of checkpoints', schema: CheckpointList }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return { status: 200, body: await deps.checkpoints.list(caller, params.workspaceId, query) };
      },
    }),
    checkpoint({
      method: 'GET',
      path: one,
      operationId: 'checkpoints.get',
      summary: 'One checkpoint.',
      auth: true,
      params: CheckpointParams,
      responses: { 200: { description: 'The checkpoint', schema: CheckpointSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        return { status: 200, body: await deps.checkpoints.get(caller, params.workspaceId, params.checkpointId) };
      },
    }),
    checkpoint({
      method: 'DELETE',
      path: one,
      operationId: 'checkpoints.delete',
      summary: 'Delete a checkpoint (owner); what only it held goes with the next retention pass.',
      auth: true,
      params: CheckpointParams,
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        await deps.checkpoints.delete(caller, params.workspaceId, params.checkpointId);
        return { status: 204 };
      },
    }),
    checkpoint({
      method: 'GET',
      path: `${one}/files`,
      operationId: 'checkpoints.files',
      summary: 'The files of a checkpoint as they were, like the live listing.',
      auth: true,
      ...READ_LINK,
      params: CheckpointParams,
      query: ListFilesQuery,
      responses: { 200: { description: 'A page of files', schema: FileListSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return {
          status: 200,
          body: await deps.checkpoints.listFiles(caller, params.workspaceId, params.checkpointId, query),
        };
      },
    }),
    checkpoint({
      method: 'GET',
      path: `${one}/files/{path+}`,
      operationId: 'checkpoints.file',
      summary: "A file's bytes as they were in the checkpoint (Range, If-None-Match), or with ?alt=json its entry.",
      auth: true,
      ...READ_LINK,
      params: CheckpointFileParams,
      query: CheckpointFileQuery,
      ...BYTES_READ,
      async handle({ deps, caller, params, query, headers }): Promise<Reply> {
        const { workspaceId, checkpointId, path } = params;
        if (query.alt === 'json') {
          const entry = await deps.checkpoints.file(caller, workspaceId, checkpointId, path);
          return { status: 200, body: entry, headers: etagHeader(entry.etag) };
        }
        const found = await deps.checkpoints.read(caller, workspaceId, checkpointId, path, (f) =>
          parseRange(headers.Range, f.size),
        );
        return bytesReply(found, headers['If-None-Match']);
      },
    }),
    checkpoint({
      method: 'GET',
      path: `${one}/diff`,
      operationId: 'checkpoints.diff',
      summary: 'What changed from this checkpoint to another one, or to the live tree (against=live); by path.',
      auth: true,
      params: CheckpointParams,
      query: CheckpointDiffQuery,
      responses: { 200: { description: 'The differences', schema: CheckpointDiffSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return {
          status: 200,
          body: await deps.checkpoints.diff(caller, params.workspaceId, params.checkpointId, query),
        };
      },
    }),
    checkpoint({
      method: 'POST',
      path: `${one}/restore`,
      operationId: 'checkpoints.restore',
      summary:
        'Make the live files and shared state the checkpoint’s, atomically (editor), after an automatic ' +
        'checkpoint of what they were (its id is `checkpointId`). 409 when the workspace kept changing meanwhile.',
      auth: true,
      params: CheckpointParams,
      responses: {
        201: { description: 'The restore commit', schema: RestoreSchema },
        ...errors(400, 401, 403, 404, 409, 413),
      },
      async handle({ deps, caller, params }): Promise<Reply> {
        return { status: 201, body: await deps.checkpoints.restore(caller, params.workspaceId, params.checkpointId) };
      },
    }),
    checkpoint({
      method: 'GET',
      path: `${one}/preview/{path+}`,
      operationId: 'checkpoints.preview',
      summary:
        'The site as it was in the checkpoint, in a sandbox, like the live preview (with ?access_token= a 302 to a preview link of the checkpoint).',
      auth: true,
      queryToken: 'user-or-link',
      siteQuery: true,
      emptyRest: {
        operationId: 'checkpoints.previewRoot',
        summary: "The checkpoint site's root (its index.html).",
      },
      params: CheckpointFileParams,
      headers: { 'If-None-Match': PREVIEW_NOT_MODIFIED },
      responses: {
        ...PREVIEW_RESPONSES,
        302: { description: 'The same page under a new preview link (/v1/p/{token}/…)', headers: LOCATION },
        ...errors(400, 401, 404),
      },
      async handle({ req, deps, caller, params, credential, headers }): Promise<Reply> {
        const { workspaceId, checkpointId, path } = params;
        if (credential?.source !== 'query') {
          return previewReply(deps, caller, workspaceId, path, headers['If-None-Match'], checkpointId);
        }
        await deps.checkpoints.get(caller, workspaceId, checkpointId);
        const issued = await deps.links.previewFor(caller, workspaceId, deps.previewLinkTtlSeconds, checkpointId);
        return toPreviewLink(req.url ?? '', issued.token, 7);
      },
    }),
    checkpoint({
      method: 'GET',
      path: `${one}/export.zip`,
      operationId: 'checkpoints.export',
      summary: 'The checkpoint as a zip, streamed.',
      auth: true,
      ...READ_LINK,
      params: CheckpointParams,
      responses: { 200: { description: 'The zip', mediaType: 'application/zip' }, ...errors(400, 401, 404, 413) },
      async handle({ deps, caller, params }): Promise<Reply> {
        const { name, body } = await deps.checkpoints.export(caller, params.workspaceId, params.checkpointId);
        const fileName = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'checkpoint';
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
