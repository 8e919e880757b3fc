import { STATE_VALUE_MAX_BYTES } from '../../domain/collaboration/collab';
import {
  AgentBody,
  AgentList,
  AgentParams,
  AgentSchema,
  StateEntrySchema,
  StateList,
  StateParams,
  StatePutBody,
} from '../../schemas/collaboration';
import { PageQuery, WorkspaceParams } from '../../schemas/common';
import type { ApiDeps } from '../deps';
import { createOnly, ifMatch } from '../headers';
import { etagHeader } from '../io';
import { ETAG, errorResponses as errors, route, type Reply, type Route } from '../route';

type CollabDeps = Pick<ApiDeps, 'collab'>;

/** Agent progress and shared state under a workspace. */
export function collabRoutes(): Route<CollabDeps>[] {
  const collab = route<CollabDeps>();
  const agent = '/v1/workspaces/{workspaceId}/agents/{agentId}';
  const state = '/v1/workspaces/{workspaceId}/state/{key}';
  return [
    collab({
      method: 'PUT',
      path: agent,
      operationId: 'agents.put',
      summary: "Report an agent's progress (editor). Monotonic with `sequence`.",
      auth: true,
      params: AgentParams,
      body: AgentBody,
      responses: {
        200: { description: 'Stored (or, for a stale report, the newer state kept)', schema: AgentSchema },
        201: { description: 'First report of this agent', schema: AgentSchema },
        ...errors(400, 401, 403, 404, 413, 415),
      },
      async handle({ deps, caller, params, body }): Promise<Reply> {
        const result = await deps.collab.reportAgent(caller, params.workspaceId, params.agentId, body);
        return {
          status: result.created ? 201 : 200,
          body: result.agent,
          headers: { 'X-Update-Applied': String(result.applied) },
        };
      },
    }),
    collab({
      method: 'GET',
      path: agent,
      operationId: 'agents.get',
      summary: "An agent's progress (any member).",
      auth: true,
      params: AgentParams,
      responses: { 200: { description: 'The agent', schema: AgentSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        return { status: 200, body: await deps.collab.getAgent(caller, params.workspaceId, params.agentId) };
      },
    }),
    collab({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/agents',
      operationId: 'agents.list',
      summary: 'All agents of the workspace, by id.',
      auth: true,
      params: WorkspaceParams,
      query: PageQuery,
      responses: { 200: { description: 'A page of agents', schema: AgentList }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return { status: 200, body: await deps.collab.listAgents(caller, params.workspaceId, query) };
      },
    }),
    collab({
      method: 'PUT',
      path: state,
      operationId: 'state.put',
      summary: 'Write a value (any JSON, at most 256 KiB; editor). If-Match makes it a compare-and-set.',
      auth: true,
      params: StateParams,
      body: StatePutBody,
      maxBodyBytes: STATE_VALUE_MAX_BYTES + 64,
      headers: {
        'If-Match': ifMatch('The etag read: write only over that version (412 otherwise).'),
        'If-None-Match': createOnly('`*`: create only.'),
      },
      responses: {
        200: { description: 'Replaced', schema: StateEntrySchema, headers: ETAG },
        201: { description: 'Created', schema: StateEntrySchema, headers: ETAG },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ deps, caller, params, body, headers }): Promise<Reply> {
        const list = headers['If-Match'];
        const result = await deps.collab.putState(caller, params.workspaceId, params.key, body.value, {
          ...(list && { ifMatch: list }),
          createOnly: headers['If-None-Match'],
        });
        return { status: result.created ? 201 : 200, body: result.entry, headers: etagHeader(result.entry.etag) };
      },
    }),
    collab({
      method: 'GET',
      path: state,
      operationId: 'state.get',
      summary: 'Read a value (any member).',
      auth: true,
      params: StateParams,
      responses: {
        200: { description: 'The value', schema: StateEntrySchema, headers: ETAG },
        ...errors(400, 401, 404),
      },
      async handle({ deps, caller, params }): Promise<Reply> {
        const entry = await deps.collab.getState(caller, params.workspaceId, params.key);
        return { status: 200, body: entry, headers: etagHeader(entry.etag) };
      },
    }),
    collab({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/state',
      operationId: 'state.list',
      summary: 'All shared state of the workspace, by key.',
      auth: true,
      params: WorkspaceParams,
      query: PageQuery,
      responses: { 200: { description: 'A page of values', schema: StateList }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return { status: 200, body: await deps.collab.listState(caller, params.workspaceId, query) };
      },
    }),
    collab({
      method: 'DELETE',
      path: state,
      operationId: 'state.delete',
      summary: 'Delete a value (editor).',
      auth: true,
      params: StateParams,
      headers: { 'If-Match': ifMatch('The etag read.') },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 412) },
      async handle({ deps, caller, params, headers }): Promise<Reply> {
        await deps.collab.deleteState(caller, params.workspaceId, params.key, headers['If-Match']);
        return { status: 204 };
      },
    }),
  ];
}
