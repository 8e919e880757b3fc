import type { IssuedLink } from '../../domain/links/links';
import { PageQuery, WorkspaceParams } from '../../schemas/common';
import { CreateLinkBody, LinkList, LinkParams, LinkSchema } from '../../schemas/links';
import type { ApiDeps } from '../deps';
import { idempotencyKey } from '../headers';
import { header, type ApiRequest } from '../io';
import { errorResponses as errors, route, type Reply, type Route } from '../route';

type LinkDeps = Pick<ApiDeps, 'links' | 'publicUrl'>;

/**
 * The API's base URL as clients reach it: WEBSPLAT_PUBLIC_URL when set
 * (behind a path prefix, such as a Cloud Functions URL, only it can know),
 * else the scheme and host of the request.
 */
export function apiBase(req: ApiRequest, configured: string): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = header(req, 'x-forwarded-host')?.split(',')[0]?.trim() || header(req, 'host') || '127.0.0.1';
  const forwarded = header(req, 'x-forwarded-proto')?.split(',')[0]?.trim();
  const loopback = /^(127\.|localhost(:|$)|\[::1\])/.test(host);
  return `${forwarded || (loopback ? 'http' : 'https')}://${host}`;
}

/** Where each scope's URL points; the token goes in the path for a preview, in ?access_token= otherwise. */
export function linkUrl(base: string, { link, token }: IssuedLink): string {
  const ws = `${base}/v1/workspaces/${link.workspaceId}`;
  const checkpoint = link.checkpointId === null ? '' : `/checkpoints/${link.checkpointId}`;
  switch (link.scope) {
    case 'preview':
      return `${base}/v1/p/${token}/`;
    case 'events':
      return `${ws}/events?access_token=${token}`;
    case 'read':
      return `${ws}${checkpoint}/export.zip?access_token=${token}`;
  }
}

export function toLinkResource(base: string, issued: IssuedLink) {
  const { link } = issued;
  return {
    id: link.id,
    url: linkUrl(base, issued),
    scope: link.scope,
    checkpointId: link.checkpointId,
    label: link.label,
    createdAt: new Date(link.createdAt).toISOString(),
    expiresAt: new Date(link.expiresAt).toISOString(),
    createdBy: link.createdBy,
  };
}

/** POST, GET and DELETE .../links (editors). */
export function linkRoutes(): Route<LinkDeps>[] {
  const links = route<LinkDeps>();
  return [
    links({
      method: 'POST',
      path: '/v1/workspaces/{workspaceId}/links',
      operationId: 'links.create',
      summary:
        'Make a link (editor): a URL granting one scope (preview, events or read) on this workspace or one checkpoint, with no other credential, until it expires or is revoked.',
      auth: true,
      params: WorkspaceParams,
      body: CreateLinkBody,
      headers: {
        'Idempotency-Key': idempotencyKey(
          'Same key + same body within 24 h returns the first link; another body is 409.',
        ),
      },
      responses: { 201: { description: 'Created', schema: LinkSchema }, ...errors(400, 401, 403, 404, 409, 413, 415) },
      async handle({ req, deps, caller, params, body, headers }): Promise<Reply> {
        const { issued, replayed } = await deps.links.create(
          caller,
          params.workspaceId,
          body,
          headers['Idempotency-Key'],
        );
        return {
          status: 201,
          body: toLinkResource(apiBase(req, deps.publicUrl()), issued),
          headers: {
            Location: `/v1/workspaces/${params.workspaceId}/links/${issued.link.id}`,
            ...(replayed && { 'Idempotent-Replayed': 'true' }),
          },
        };
      },
    }),
    links({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/links',
      operationId: 'links.list',
      summary: 'The live links of the workspace, newest first (editor).',
      auth: true,
      params: WorkspaceParams,
      query: PageQuery,
      responses: { 200: { description: 'A page of links', schema: LinkList }, ...errors(400, 401, 403, 404) },
      async handle({ req, deps, caller, params, query }): Promise<Reply> {
        const page = await deps.links.list(caller, params.workspaceId, query);
        const base = apiBase(req, deps.publicUrl());
        return {
          status: 200,
          body: {
            items: page.items.map((issued) => toLinkResource(base, issued)),
            ...(page.nextPageToken && { nextPageToken: page.nextPageToken }),
          },
        };
      },
    }),
    links({
      method: 'DELETE',
      path: '/v1/workspaces/{workspaceId}/links/{linkId}',
      operationId: 'links.delete',
      summary: 'Revoke a link (editor): refused at once, and event streams open through it end.',
      auth: true,
      params: LinkParams,
      responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 403, 404) },
      async handle({ deps, caller, params }): Promise<Reply> {
        await deps.links.revoke(caller, params.workspaceId, params.linkId);
        return { status: 204 };
      },
    }),
  ];
}
