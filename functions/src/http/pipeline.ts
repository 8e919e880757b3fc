/**
 * Everything after the HTTP shell (app.ts): routing, authentication,
 * parsing with the zod schemas and running the route. Loaded on the first
 * request that needs it, so a cold start that only answers health checks
 * never loads zod or the route table.
 */
import { z } from 'zod';
import { ApiError, invalidArgument, notFound, unauthenticated } from '../domain/shared/errors';
import { isLinkToken } from '../domain/links/tokens';
import { header, parseWith, readJsonBody, sendJson, sendStream, type ApiRequest } from './io';
import { buildOpenApi } from './openapi';
import type { ApiHandlerOptions, RequestPipeline } from './options';
import { matchPath, type Credential, type HeaderSpec, type HeaderSpecs, type Route } from './route';
import type { ApiDeps } from './deps';
import type { Principal } from '../ports/auth';
import { cachingVerifier, type CachingVerifier } from './tokenCache';
import { apiRoutes, systemRoutes } from './routes';

/** The routes a backend serves, in matching order; `openapi` answers GET /v1/openapi.json. */
export function routeTable(
  backend: ApiHandlerOptions['backend'],
  openapi: () => unknown,
  extraRoutes: Route<unknown>[] = [],
): Route<ApiDeps>[] {
  return [...systemRoutes(backend, openapi), ...apiRoutes(), ...extraRoutes];
}

export function createPipeline(options: ApiHandlerOptions): RequestPipeline {
  const routes = routeTable(options.backend, () => openapi(), options.extraRoutes);
  let openapiDoc: unknown;
  const openapi = () => (openapiDoc ??= buildOpenApi(routes));
  let verifier: CachingVerifier | undefined;
  const auth = () => (verifier ??= cachingVerifier(options.auth()));

  return {
    async handle(req, res, log) {
      // Not WHATWG URL: it would resolve `..` before the path rules could refuse it.
      const rawUrl = req.url ?? '/';
      const queryStart = rawUrl.indexOf('?');
      const pathname = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
      const search = new URLSearchParams(queryStart < 0 ? '' : rawUrl.slice(queryStart + 1));
      const segments = pathSegments(pathname);
      let route: Route<ApiDeps> | undefined;
      let params: Record<string, string> | undefined;
      let pathMatched = false;
      for (const candidate of routes) {
        const match = matchPath(candidate.path, segments);
        if (!match) continue;
        pathMatched = true;
        if (candidate.method === req.method || (req.method === 'HEAD' && candidate.method === 'GET')) {
          route = candidate;
          params = match;
          break;
        }
      }
      if (!route || !params) {
        throw pathMatched
          ? new ApiError('not_found', `${req.method} is not supported on this resource.`)
          : notFound('No such endpoint.');
      }
      log.operation = route.operationId;
      if (params.workspaceId) log.workspaceId = params.workspaceId;

      let caller: Principal = { uid: '' };
      let credential: Credential | undefined;
      if (route.auth) {
        credential = findCredential(req, search, params, route);
        if (isLinkToken(credential.token)) caller = await linkCaller(options, route, params, credential);
        else if (credential.source === 'path') throw notFound('Not found (or the link has expired or was revoked).');
        else caller = auth().cached(credential.token) ?? (await auth().verify(credential.token));
        log.uid = caller.uid;
        if (caller.link) log.workspaceId = caller.link.workspaceId;
        search.delete('access_token');
      }
      const parsedParams = route.params ? parseWith(route.params, params, 'path') : params;
      // The preview's query string is the generated site's own: never parsed here.
      const query = route.siteQuery ? {} : queryObject(search);
      const parsedQuery = route.query
        ? parseWith(route.query, query, 'query')
        : Object.keys(query).length > 0
          ? parseWith(strictEmpty, query, 'query')
          : {};
      const body = route.body ? parseWith(route.body, await readJsonBody(req, route.maxBodyBytes), 'body') : undefined;

      // Every authenticated request that reached its handler counts, failed or not (it cost reads).
      if (route.auth)
        options.deps().usageMeter.count(route.operationId, caller.link?.workspaceId ?? params.workspaceId);
      const headers = parseHeaders(req, route.headers ?? {});
      const reply = await route.handle({
        req,
        res,
        // Built on first use: routes without auth (health, the OpenAPI document) never need them.
        get deps() {
          return options.deps();
        },
        caller,
        ...(credential && { credential }),
        params: parsedParams,
        query: parsedQuery,
        body,
        headers,
      });
      if (reply.handled) return;
      if (reply.stream) sendStream(res, reply, req.method === 'HEAD');
      else sendJson(res, reply.status, req.method === 'HEAD' ? undefined : reply.body, reply.headers);
    },
  };
}

/** Splits the URL path into decoded segments; a bad escape is a 400, `.`/`..` never match a route. */
function pathSegments(pathname: string): string[] {
  try {
    // Only the leading empty segment goes; `a//b` must reach the path rules intact.
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw invalidArgument('The request path is not valid percent-encoding.');
  }
}

/**
 * What each header schema makes of an absent header, parsed once: header
 * schemas are pure (headers.ts), and most requests send none of them.
 */
const absentHeader = new WeakMap<HeaderSpec, { value: unknown } | { error: unknown }>();

function parseAbsent(spec: HeaderSpec, name: string): unknown {
  let known = absentHeader.get(spec);
  if (!known) {
    try {
      known = { value: parseWith(spec.schema, undefined, `header.${name}`) };
    } catch (error) {
      known = { error };
    }
    absentHeader.set(spec, known);
  }
  if ('error' in known) throw known.error;
  return known.value;
}

/** The declared headers, each parsed with its schema (absent ones too: the schema decides). */
function parseHeaders(req: ApiRequest, specs: HeaderSpecs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in specs) {
    const spec = specs[name]!;
    const value = header(req, name);
    out[name] = value === undefined ? parseAbsent(spec, name) : parseWith(spec.schema, value, `header.${name}`);
  }
  return out;
}

function queryObject(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of search) {
    if (key in out) throw invalidArgument(`Query parameter ${key} is given more than once.`);
    out[key] = value;
  }
  return out;
}

// Unknown query parameters are refused like unknown body fields.
const strictEmpty = z.strictObject({});

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/** The token of a request: the `{linkToken}` path segment, the Authorization header, or `?access_token=`. */
function findCredential(
  req: ApiRequest,
  search: URLSearchParams,
  params: Record<string, string>,
  route: Route<ApiDeps>,
): Credential {
  if (params.linkToken !== undefined) return { token: params.linkToken, source: 'path' };
  const value = header(req, 'authorization');
  if (value) {
    const match = BEARER.exec(value.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    return { token: match[1]!, source: 'header' };
  }
  // A link token is taken from the query anywhere, so that a door it does not open answers 404 (never 401).
  const fromQuery = search.get('access_token');
  if (fromQuery && (route.queryToken || isLinkToken(fromQuery))) {
    if (route.queryToken === 'link' && !isLinkToken(fromQuery)) {
      throw unauthenticated(
        'Here ?access_token= takes only a link token (POST .../links); send a user token in the Authorization header.',
      );
    }
    return { token: fromQuery, source: 'query' };
  }
  throw unauthenticated('Missing Authorization: Bearer <token> header.');
}

/**
 * The principal of a link token, for a route that grants its scope on its
 * own workspace (and checkpoint). Anything else, and any token that is
 * forged, expired or revoked, is not found: a link never learns more.
 */
async function linkCaller(
  options: ApiHandlerOptions,
  route: Route<ApiDeps>,
  params: Record<string, string>,
  credential: Credential,
): Promise<Principal> {
  const refuse = () => notFound('Not found (or the link has expired or was revoked).');
  if (!route.linkScopes) throw refuse();
  const caller = await options.deps().links.principal(credential.token);
  const grant = caller.link!;
  if (!route.linkScopes.includes(grant.scope)) throw refuse();
  // Path-token routes find their workspace in the token; the others must name the link's own.
  if (credential.source !== 'path') {
    if (params.workspaceId !== grant.workspaceId) throw refuse();
    if ((params.checkpointId ?? null) !== grant.checkpointId) throw refuse();
  }
  return caller;
}
