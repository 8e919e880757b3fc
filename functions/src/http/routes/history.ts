import { PageQuery, WorkspaceParams } from '../../schemas/common';
import {
  CommitBody,
  CommitList,
  CommitParams,
  CommitSchema,
  DiffQuery,
  DiffSchema,
  VersionList,
  VersionsQuery,
} from '../../schemas/history';
import type { ApiDeps } from '../deps';
import { errorResponses as errors, route, type Reply, type Route } from '../route';

type HistoryDeps = Pick<ApiDeps, 'history'>;

/** The most a commit body may be (the request cap of Cloud Functions); the domain checks the configured limit. */
const COMMIT_BODY_MAX_BYTES = 32 * 1024 * 1024;

/** Commits, file versions and diffs (docs/history.md). */
export function historyRoutes(): Route<HistoryDeps>[] {
  const history = route<HistoryDeps>();
  return [
    history({
      method: 'POST',
      path: '/v1/workspaces/{workspaceId}/commits',
      operationId: 'commits.create',
      summary:
        'Change many files at once, all or nothing (editor). A failed ifGeneration is 412 naming the paths; ' +
        'any bad change is a 4xx naming it, and nothing is written.',
      auth: true,
      params: WorkspaceParams,
      body: CommitBody,
      maxBodyBytes: COMMIT_BODY_MAX_BYTES,
      responses: {
        201: { description: 'Committed', schema: CommitSchema },
        ...errors(400, 401, 403, 404, 412, 413, 415),
      },
      async handle({ deps, caller, params, body }): Promise<Reply> {
        return { status: 201, body: await deps.history.commit(caller, params.workspaceId, body) };
      },
    }),
    history({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/commits',
      operationId: 'commits.list',
      summary: 'The commits of the workspace, newest first (every write is one).',
      auth: true,
      params: WorkspaceParams,
      query: PageQuery,
      responses: { 200: { description: 'A page of commits', schema: CommitList }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return { status: 200, body: await deps.history.listCommits(caller, params.workspaceId, query) };
      },
    }),
    history({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/commits/{commitId}',
      operationId: 'commits.get',
      summary: 'One commit.',
      auth: true,
      params: CommitParams,
      responses: { 200: { description: 'The commit', schema: CommitSchema }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        return { status: 200, body: await deps.history.getCommit(caller, params.workspaceId, params.commitId) };
      },
    }),
    history({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/versions',
      operationId: 'versions.list',
      summary: 'The versions of one path, newest first: the current one (or its deletion), then the kept ones.',
      auth: true,
      params: WorkspaceParams,
      query: VersionsQuery,
      responses: { 200: { description: 'A page of versions', schema: VersionList }, ...errors(400, 401, 404) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return { status: 200, body: await deps.history.listVersions(caller, params.workspaceId, query) };
      },
    }),
    history({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/diff',
      operationId: 'versions.diff',
      summary: 'A unified diff of two text versions of a path (`to`: the current one); 415 for binary types.',
      auth: true,
      params: WorkspaceParams,
      query: DiffQuery,
      responses: { 200: { description: 'The diff', schema: DiffSchema }, ...errors(400, 401, 404, 413, 415) },
      async handle({ deps, caller, params, query }): Promise<Reply> {
        return { status: 200, body: await deps.history.diff(caller, params.workspaceId, query) };
      },
    }),
  ];
}
