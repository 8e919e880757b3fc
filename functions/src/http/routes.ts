import { healthBody } from './app';
import { z } from 'zod';
import { parseEtagList } from '../domain/etag';
import {
  CreateWorkspaceBody,
  Health,
  IdempotencyKey,
  ListWorkspacesQuery,
  PatchWorkspaceBody,
  PutMemberBody,
  Uid,
  UsageReportSchema,
  Workspace,
  WorkspaceId,
  WorkspaceList,
} from '../domain/schemas';
import type { CreateResult, WorkspaceService } from '../domain/workspaces';
import type { Principal } from '../domain/model';
import type { FileService } from '../domain/files';
import { fileRoutes } from './fileRoutes';
import { uploadRoutes } from './uploadRoutes';
import { collabRoutes } from './collabRoutes';
import { eventsRoute } from './eventsRoute';
import type { ChangeFeed } from '../ports/changes';
import type { CollabService } from '../domain/collab';
import type { UserDataService } from '../domain/userData';
import type { UsageMeter, UsageService } from '../domain/usage';
import { permissionDenied } from '../domain/errors';
import { header, parseWith } from './io';
import { errorResponses, type Route } from './route';

/** What the handlers need, built lazily on the first request that needs it. */
export interface ApiDeps {
  workspaces: WorkspaceService;
  files: FileService;
  collab: CollabService;
  userData: UserDataService;
  changes: ChangeFeed;
  sseHeartbeatMs: number;
  sseMaxMs: number;
  clone(caller: Principal, sourceId: string, body: { name: string }, idempotencyKey?: string): Promise<CreateResult>;
  usage: UsageService;
  /** Counts each authenticated request (flushed as increments about once a minute). */
  usageMeter: UsageMeter;
  /** Operators by user id (WEBSPLAT_ADMIN_UIDS), besides tokens with the admin claim. */
  adminUids(): string[];
}

const WorkspaceParams = z.strictObject({ workspaceId: WorkspaceId });
const MemberParams = z.strictObject({ workspaceId: WorkspaceId, uid: Uid });

const IF_MATCH = { name: 'If-Match', description: "The workspace's etag; 412 when it no longer matches." };
const errors = errorResponses;

function ifMatch(req: Parameters<typeof header>[0]): string[] | undefined {
  return parseEtagList(header(req, 'if-match'));
}

const etagHeader = (etag: string) => ({ ETag: `"${etag}"` });

function idempotencyKey(req: Parameters<typeof header>[0]): string | undefined {
  const raw = header(req, 'idempotency-key');
  return raw === undefined ? undefined : parseWith(IdempotencyKey, raw, 'header.Idempotency-Key');
}

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

export function apiRoutes(): Route<ApiDeps>[] {
  return [
    ...workspaceRoutes(),
    ...fileRoutes<ApiDeps>(),
    ...uploadRoutes<ApiDeps>(),
    cloneRoute(),
    ...collabRoutes<ApiDeps>(),
    eventsRoute<ApiDeps>(),
    adminUsageRoute(),
  ];
}

const UsageQuery = z.strictObject({
  from: z.string().optional().meta({ description: 'First UTC day, YYYY-MM-DD (default: 29 days before `to`).' }),
  to: z.string().optional().meta({ description: 'Last UTC day, YYYY-MM-DD (default: today).' }),
  workspaceId: WorkspaceId.optional(),
  top: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Operators only: bytes, files and operation counts per workspace and in total, with a cost estimate. */
function adminUsageRoute(): Route<ApiDeps> {
  return {
    method: 'GET',
    path: '/v1/admin/usage',
    operationId: 'admin.usage',
    summary:
      'Operators only (admin claim or WEBSPLAT_ADMIN_UIDS): usage over a period (default the last 30 days) and an estimated monthly cost.',
    auth: true,
    query: UsageQuery,
    responses: {
      200: { description: 'The usage report (see docs/operations.md)', schema: UsageReportSchema },
      ...errors(400, 401, 403),
    },
    async handle({ deps, caller, query }) {
      if (!caller.admin && !deps.adminUids().includes(caller.uid)) {
        throw permissionDenied('Only operators may read usage (admin claim or WEBSPLAT_ADMIN_UIDS).');
      }
      return { status: 200, body: await deps.usage.report(query as z.infer<typeof UsageQuery>) };
    },
  };
}

const CloneBody = z.strictObject({ name: CreateWorkspaceBody.shape.name }).meta({ id: 'CloneWorkspaceRequest' });

function cloneRoute(): Route<ApiDeps> {
  return {
    method: 'POST',
    path: '/v1/workspaces/{workspaceId}/clone',
    operationId: 'workspaces.clone',
    summary: "A new workspace of the caller's with copies of this one's files (any member may clone).",
    auth: true,
    params: WorkspaceParams,
    body: CloneBody,
    headers: [{ name: 'Idempotency-Key', description: 'A retried clone with the same key returns the first clone.' }],
    responses: {
      201: { description: 'The new workspace', schema: Workspace },
      ...errors(400, 401, 404, 409, 413, 415),
    },
    async handle({ req, deps, caller, params, body }) {
      return createdReply(await deps.clone(caller, params.workspaceId!, body as { name: string }, idempotencyKey(req)));
    },
  };
}

function workspaceRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'POST',
      path: '/v1/workspaces',
      operationId: 'workspaces.create',
      summary: 'Create a workspace owned by the caller.',
      auth: true,
      body: CreateWorkspaceBody,
      headers: [
        {
          name: 'Idempotency-Key',
          description: 'Same key + same body within 24 h returns the first result; another body is 409.',
        },
      ],
      responses: { 201: { description: 'Created', schema: Workspace }, ...errors(400, 401, 409, 413, 415) },
      async handle({ req, deps, caller, body }) {
        return createdReply(await deps.workspaces.create(caller, body as CreateWorkspaceBody, idempotencyKey(req)));
      },
    },
    {
      method: 'GET',
      path: '/v1/workspaces',
      operationId: 'workspaces.list',
      summary: "The caller's workspaces, newest first (deleted ones never appear).",
      auth: true,
      query: ListWorkspacesQuery,
      responses: { 200: { description: 'A page of workspaces', schema: WorkspaceList }, ...errors(400, 401) },
      async handle({ deps, caller, query }) {
        return { status: 200, body: await deps.workspaces.list(caller, query as ListWorkspacesQuery) };
      },
    },
    {
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}',
      operationId: 'workspaces.get',
      summary: 'Read a workspace (any member).',
      auth: true,
      params: WorkspaceParams,
      headers: [{ name: 'If-None-Match', description: '304 when the etag still matches.' }],
      responses: {
        200: { description: 'The workspace', schema: Workspace },
        304: { description: 'Not modified' },
        ...errors(400, 401, 404),
      },
      async handle({ req, deps, caller, params }) {
        const workspace = await deps.workspaces.get(caller, params.workspaceId!);
        const cached = parseEtagList(header(req, 'if-none-match'));
        if (cached && (cached.includes(workspace.etag) || cached.includes('*'))) {
          return { status: 304, headers: etagHeader(workspace.etag) };
        }
        return { status: 200, body: workspace, headers: etagHeader(workspace.etag) };
      },
    },
    {
      method: 'PATCH',
      path: '/v1/workspaces/{workspaceId}',
      operationId: 'workspaces.patch',
      summary: 'Change name, description, metadata (editor) or status (owner).',
      auth: true,
      params: WorkspaceParams,
      body: PatchWorkspaceBody,
      headers: [IF_MATCH],
      responses: {
        200: { description: 'The updated workspace', schema: Workspace },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ req, deps, caller, params, body }) {
        const workspace = await deps.workspaces.patch(
          caller,
          params.workspaceId!,
          body as z.infer<typeof PatchWorkspaceBody>,
          ifMatch(req),
        );
        return { status: 200, body: workspace, headers: etagHeader(workspace.etag) };
      },
    },
    {
      method: 'DELETE',
      path: '/v1/workspaces/{workspaceId}',
      operationId: 'workspaces.delete',
      summary: 'Soft-delete (owner): 404 from now on; the purge removes it and its files.',
      auth: true,
      params: WorkspaceParams,
      headers: [IF_MATCH],
      responses: {
        202: { description: 'Accepted: marked deleted, purge pending', schema: Workspace },
        ...errors(400, 401, 403, 404, 412),
      },
      async handle({ req, deps, caller, params }) {
        return { status: 202, body: await deps.workspaces.delete(caller, params.workspaceId!, ifMatch(req)) };
      },
    },
    {
      method: 'PUT',
      path: '/v1/workspaces/{workspaceId}/members/{uid}',
      operationId: 'workspaces.members.put',
      summary: 'Add a member or change their role (owner only).',
      auth: true,
      params: MemberParams,
      body: PutMemberBody,
      headers: [IF_MATCH],
      responses: {
        200: { description: 'The updated workspace', schema: Workspace },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ req, deps, caller, params, body }) {
        const workspace = await deps.workspaces.putMember(
          caller,
          params.workspaceId!,
          params.uid!,
          (body as z.infer<typeof PutMemberBody>).role,
          ifMatch(req),
        );
        return { status: 200, body: workspace, headers: etagHeader(workspace.etag) };
      },
    },
    {
      method: 'DELETE',
      path: '/v1/workspaces/{workspaceId}/members/{uid}',
      operationId: 'workspaces.members.delete',
      summary: 'Remove a member (owner only; the owner cannot be removed).',
      auth: true,
      params: MemberParams,
      headers: [IF_MATCH],
      responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404, 412) },
      async handle({ req, deps, caller, params }) {
        await deps.workspaces.deleteMember(caller, params.workspaceId!, params.uid!, ifMatch(req));
        return { status: 204 };
      },
    },
  ];
}

/** Routes that need no deps at all (cheap on a cold instance). */
export function systemRoutes(backend: 'local' | 'firebase', openapi: () => unknown): Route<unknown>[] {
  return [
    {
      method: 'GET',
      path: '/v1/healthz',
      operationId: 'healthz',
      summary: 'Liveness; no auth.',
      auth: false,
      responses: { 200: { description: 'Serving', schema: Health } },
      async handle() {
        return { status: 200, body: healthBody(backend) };
      },
    },
    {
      method: 'GET',
      path: '/v1/openapi.json',
      operationId: 'openapi',
      summary: 'This API described as OpenAPI 3.0, generated from the zod schemas.',
      auth: false,
      responses: { 200: { description: 'The OpenAPI document' } },
      async handle() {
        return { status: 200, body: openapi(), headers: { 'Cache-Control': 'public, max-age=300' } };
      },
    },
  ];
}
