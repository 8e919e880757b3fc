import { PREVIEW_HEADERS, previewContentType } from '../../domain/files/preview';
import type { Principal } from '../../ports/auth';
import { FileParams } from '../../schemas/files';
import { PreviewLinkParams } from '../../schemas/links';
import type { ApiDeps } from '../deps';
import { ifNoneMatch } from '../headers';
import { etagHeader, notModified } from '../io';
import { ETAG, errorResponses as errors, route, type Reply, type Route } from '../route';
import { invalidArgument } from '../../domain/shared/errors';

type PreviewDeps = Pick<ApiDeps, 'files' | 'checkpoints' | 'links' | 'previewLinkTtlSeconds'>;

export const PREVIEW_NOT_MODIFIED = ifNoneMatch('304 when the etag still matches.');

export const LOCATION = { Location: { description: 'The folder URL, ending in /.', required: true } };

export const PREVIEW_RESPONSES = {
  200: { description: 'The file, with its MIME type and a sandboxing CSP', headers: ETAG },
  301: { description: 'A folder without its trailing slash', headers: LOCATION },
  304: { description: 'Not modified', headers: ETAG },
};

/** One file of the generated site, in its sandbox (or a redirect adding a folder's slash). */
export async function previewReply(
  deps: PreviewDeps,
  caller: Principal,
  workspaceId: string,
  path: string,
  etags: string[] | undefined,
  checkpointId: string | null = null,
): Promise<Reply> {
  const target =
    checkpointId === null
      ? await deps.files.preview(caller, workspaceId, path)
      : await deps.checkpoints.preview(caller, workspaceId, checkpointId, path);
  if (target.redirect !== undefined) {
    return { status: 301, headers: { ...PREVIEW_HEADERS, Location: target.redirect } };
  }
  const { file, body } = target;
  if (notModified(etags, file.etag)) {
    body.destroy();
    return { status: 304, headers: { ...PREVIEW_HEADERS, ...etagHeader(file.etag) } };
  }
  return {
    status: 200,
    stream: body,
    headers: {
      ...PREVIEW_HEADERS,
      'Content-Type': previewContentType(file.path, file.contentType),
      'Content-Length': String(file.size),
      ...etagHeader(file.etag),
    },
  };
}

/** The query string of a raw request target without its `access_token` pairs (the rest is the site's own). */
export function siteQuery(rawUrl: string): string {
  const start = rawUrl.indexOf('?');
  if (start < 0) return '';
  const kept = rawUrl
    .slice(start + 1)
    .split('&')
    .filter((pair) => {
      const name = pair.split('=')[0]!.replace(/\+/g, ' ');
      try {
        return decodeURIComponent(name) !== 'access_token';
      } catch {
        return true;
      }
    });
  return kept.length > 0 && kept.some(Boolean) ? `?${kept.join('&')}` : '';
}

/**
 * The 302 from a preview URL holding a user token to the same page under a
 * preview link. Relative, so it holds behind any path prefix: up from this
 * folder to /v1/, then into p/{token}/ with the path after the first
 * `pathStart` segments ('', 'v1', 'workspaces', id, 'preview', ...).
 */
export function toPreviewLink(rawUrl: string, token: string, pathStart: number): Reply {
  const segments = rawUrl.split('?')[0]!.split('/');
  const location = `${'../'.repeat(segments.length - 3)}p/${token}/${segments.slice(pathStart).join('/')}`;
  return {
    status: 302,
    headers: { Location: location + siteQuery(rawUrl), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  };
}

/**
 * The two ways into a preview: a member's request (user token in the
 * Authorization header; in `?access_token=` it is swapped for a preview
 * link at once, so the page never holds it), and a preview link, whose
 * token sits in the URL path so every relative URL and fetch() of the site
 * carries it, with no cookie.
 */
export function previewRoutes(): Route<PreviewDeps>[] {
  const preview = route<PreviewDeps>();
  return [
    preview({
      method: 'GET',
      path: '/v1/workspaces/{workspaceId}/preview/{path+}',
      operationId: 'preview.get',
      summary:
        'Serve the generated site (index.html for a folder) in a sandbox, to a member. With ?access_token= (an iframe) the answer is a 302 to a fresh preview link with the same path and query, so the user token never reaches the page.',
      auth: true,
      queryToken: 'user-or-link',
      siteQuery: true,
      emptyRest: {
        operationId: 'preview.getRoot',
        summary:
          "The site's root (its index.html); in an iframe, preview/?access_token=… answers with a 302 to a preview link.",
      },
      params: FileParams,
      headers: { 'If-None-Match': PREVIEW_NOT_MODIFIED },
      responses: {
        ...PREVIEW_RESPONSES,
        302: { description: 'The same page under a new preview link (/v1/p/{token}/…)', headers: LOCATION },
        ...errors(400, 401, 404),
      },
      async handle({ req, deps, caller, params, credential, headers }): Promise<Reply> {
        if (credential?.source !== 'query') {
          return previewReply(deps, caller, params.workspaceId, params.path, headers['If-None-Match']);
        }
        const issued = await deps.links.previewFor(caller, params.workspaceId, deps.previewLinkTtlSeconds);
        return toPreviewLink(req.url ?? '', issued.token, 5);
      },
    }),
    preview({
      method: 'GET',
      path: '/v1/p/{linkToken}',
      operationId: 'preview.linkRoot',
      summary: "A preview link without its trailing slash: 301 to add it (the site's relative URLs need it).",
      auth: true,
      linkScopes: ['preview'],
      siteQuery: true,
      params: PreviewLinkParams.pick({ linkToken: true }),
      responses: { 301: { description: 'To {linkToken}/', headers: LOCATION }, ...errors(404) },
      async handle({ req, params }): Promise<Reply> {
        return {
          status: 301,
          headers: { ...PREVIEW_HEADERS, Location: `${params.linkToken}/${siteQuery(req.url ?? '')}` },
        };
      },
    }),
    preview({
      method: 'GET',
      path: '/v1/p/{linkToken}/{path+}',
      operationId: 'preview.link',
      summary:
        "The generated site through a preview link (POST .../links): no other credential; the site's own query strings pass through.",
      auth: true,
      linkScopes: ['preview'],
      siteQuery: true,
      emptyRest: {
        operationId: 'preview.linkSiteRoot',
        summary: "The site's root (its index.html) through a preview link.",
      },
      params: PreviewLinkParams,
      headers: { 'If-None-Match': PREVIEW_NOT_MODIFIED },
      responses: { ...PREVIEW_RESPONSES, ...errors(400, 404) },
      async handle({ req, deps, caller, params, headers }): Promise<Reply> {
        const grant = caller.link!;
        const rawQuery = (req.url ?? '').split('?').slice(1).join('?');
        if (new URLSearchParams(rawQuery).has('access_token')) {
          throw invalidArgument('A preview link URL must not carry an access_token: the page would hold it.');
        }
        return previewReply(deps, caller, grant.workspaceId, params.path, headers['If-None-Match'], grant.checkpointId);
      },
    }),
  ];
}
