import type { CreateResult } from '../../domain/workspaces/workspaces';
import { WorkspaceParams } from '../../schemas/common';
import {
  CloneBody,
  CreateWorkspaceBody,
  ListWorkspacesQuery,
  MemberParams,
  PatchWorkspaceBody,
  PutMemberBody,
  Workspace,
  WorkspaceList,
} from '../../schemas/workspaces';
import type { ApiDeps } from '../deps';
import { idempotencyKey, ifMatch, ifNoneMatch } from '../headers';
import { etagHeader, notModified } from '../io';
import { ETAG, errorResponses as errors, route, type ResponseHeaderSpec, type Route } from '../route';

type WorkspaceDeps = Pick<ApiDeps, 'workspaces' | 'clone'>;

/** The headers of a 201 with a new workspace. */
const CREATED: Record<string, ResponseHeaderSpec> = {
  ...ETAG,
  Location: { description: 'The new workspace’s URL.', required: true },
  'Idempotent-Replayed': { description: '`true` when this is the first answer to this Idempotency-Key, replayed.' },
};

const IF_MATCH = ifMatch("The workspace's etag; 412 when it no longer matches.");

/** 201 with the new workspace (or the replayed first answer of an Idempotency-Key). */
function createdReply(result: CreateResult) {
  return {
    status: result.status,
    body: result.workspace,
    headers: {
      ...etagHeader(result.workspace.etag),
      Location: `/v1/workspaces/${result.workspace.id}`,
      ...(result.replayed && { 'Idempotent-Replayed': 'true' }),
    },
  };
}

export function workspaceRoutes(): Route<WorkspaceDeps>[] {
  const workspace = route<WorkspaceDeps>();
  return [
    workspace({
      method: 'POST',
      path: '/v1/workspaces',
      operationId: 'workspaces.create',
      summary: 'Create a workspace owned by the caller.',
      auth: true,
      body: CreateWorkspaceBody,
      headers: {
        'Idempotency-Key': idempotencyKey(
          'Same key + same body within 24 h returns the first result; another body is 409.',
        ),
      },
      responses: {
        201: { description: 'Created', schema: Workspace, headers: CREATED },
        ...errors(400, 401, 409, 413, 415),
      },
      async handle({ deps, caller, body, headers }) {
        return createdReply(await deps.workspaces.create(caller, body, headers['Idempotency-Key']));
      },
    }),
    workspace({
      method: 'GET',
      path: '/v1/workspaces',
      operationId: 'workspaces.list',
      summary: "The caller's workspaces, newest first (deleted ones never appear).",
      auth: true,
      query: ListWorkspacesQuery,
      responses: { 200: { description: 'A page of workspaces', schema: WorkspaceList }, ...errors(400, 401) },
      async handle({ deps, caller, query }) {
        return { status: 200, body: await deps.workspaces.list(caller, query) };
      },
    }),
    workspace({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}',
      operationId: 'workspaces.get',
      summary: 'Read a workspace (any member).',
      auth: true,
      params: WorkspaceParams,
      headers: { 'If-None-Match': ifNoneMatch('304 when the etag still matches.') },
      responses: {
        200: { description: 'The workspace', schema: Workspace, headers: ETAG },
        304: { description: 'Not modified', headers: ETAG },
        ...errors(400, 401, 404),
      },
      async handle({ deps, caller, params, headers }) {
        const found = await deps.workspaces.get(caller, params.workspaceId);
        if (notModified(headers['If-None-Match'], found.etag)) return { status: 304, headers: etagHeader(found.etag) };
        return { status: 200, body: found, headers: etagHeader(found.etag) };
      },
    }),
    workspace({
      method: 'PATCH',
      path: '/v1/workspaces/{workspaceId}',
      operationId: 'workspaces.patch',
      summary: 'Change name, description, metadata (editor) or status (owner).',
      auth: true,
      params: WorkspaceParams,
      body: PatchWorkspaceBody,
      headers: { 'If-Match': IF_MATCH },
      responses: {
        200: { description: 'The updated workspace', schema: Workspace, headers: ETAG },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ deps, caller, params, body, headers }) {
        const updated = await deps.workspaces.patch(caller, params.workspaceId, body, headers['If-Match']);
        return { status: 200, body: updated, headers: etagHeader(updated.etag) };
      },
    }),
    workspace({
      method: 'DELETE',
      path: '/v1/workspaces/{workspaceId}',
      operationId: 'workspaces.delete',
      summary: 'Soft-delete (owner): 404 from now on; the purge removes it and its files.',
      auth: true,
      params: WorkspaceParams,
      headers: { 'If-Match': IF_MATCH },
      responses: {
        202: { description: 'Accepted: marked deleted, purge pending', schema: Workspace },
        ...errors(400, 401, 403, 404, 412),
      },
      async handle({ deps, caller, params, headers }) {
        return { status: 202, body: await deps.workspaces.delete(caller, params.workspaceId, headers['If-Match']) };
      },
    }),
    workspace({
      method: 'PUT',
      path: '/v1/workspaces/{workspaceId}/members/{uid}',
      operationId: 'workspaces.members.put',
      summary: 'Add a member or change their role (owner only).',
      auth: true,
      params: MemberParams,
      body: PutMemberBody,
      headers: { 'If-Match': IF_MATCH },
      responses: {
        200: { description: 'The updated workspace', schema: Workspace, headers: ETAG },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ deps, caller, params, body, headers }) {
        const { workspaceId, uid } = params;
        const updated = await deps.workspaces.putMember(caller, workspaceId, uid, body.role, headers['If-Match']);
        return { status: 200, body: updated, headers: etagHeader(updated.etag) };
      },
    }),
    workspace({
      method: 'DELETE',
      path: '/v1/workspaces/{workspaceId}/members/{uid}',
      operationId: 'workspaces.members.delete',
      summary: 'Remove a member (owner only; the owner cannot be removed).',
      auth: true,
      params: MemberParams,
      headers: { 'If-Match': IF_MATCH },
      responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404, 412) },
      async handle({ deps, caller, params, headers }) {
        await deps.workspaces.deleteMember(caller, params.workspaceId, params.uid, headers['If-Match']);
        return { status: 204 };
      },
    }),
  ];
}

export function cloneRoute(): Route<WorkspaceDeps> {
  return route<WorkspaceDeps>()({
    method: 'POST',
    path: '/v1/workspaces/{workspaceId}/clone',
    operationId: 'workspaces.clone',
    summary: "A new workspace of the caller's with copies of this one's files (any member may clone).",
    auth: true,
    params: WorkspaceParams,
    body: CloneBody,
    headers: {
      'Idempotency-Key': idempotencyKey('A retried clone with the same key returns the first clone.'),
    },
    responses: {
      201: { description: 'The new workspace', schema: Workspace, headers: CREATED },
      ...errors(400, 401, 404, 409, 413, 415),
    },
    async handle({ deps, caller, params, body, headers }) {
      return createdReply(await deps.clone(caller, params.workspaceId, body, headers['Idempotency-Key']));
    },
  });
}
