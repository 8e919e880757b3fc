import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiError, invalidArgument, notFound, unauthenticated } from '../domain/errors';
import type { TokenVerifier } from '../ports/auth';
import { header, parseWith, readJsonBody, sendError, sendJson, sendStream, type ApiRequest } from './io';
import type { Logger } from './logger';
import { buildOpenApi } from './openapi';
import { PREVIEW_COOKIE } from '../domain/preview';
import { matchPath, type Route } from './route';
import { apiRoutes, systemRoutes, type ApiDeps } from './routes';

export interface ApiHandlerOptions {
  backend: 'local' | 'firebase';
  /** Built on the first request that needs it, so cold starts stay light. */
  deps: () => ApiDeps;
  auth: () => TokenVerifier;
  logger: Logger;
  /** Routes only one backend has (the local upload target). */
  extraRoutes?: Route<unknown>[];
}

export type ApiHandler = (req: ApiRequest, res: ServerResponse) => Promise<void>;

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, Range, Last-Event-ID, X-Cache-TTL, X-Request-Id',
  'Access-Control-Expose-Headers': 'ETag, Location, Retry-After, X-Request-Id, Idempotent-Replayed',
  'Access-Control-Max-Age': '3600',
};

/** Splits the URL path into decoded segments; a bad escape is a 400, `.`/`..` never match a route. */
function pathSegments(pathname: string): string[] {
  try {
    // Only the leading empty segment goes; `a//b` must reach the path rules intact.
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw invalidArgument('The request path is not valid percent-encoding.');
  }
}

function queryObject(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of search) {
    if (key in out) throw invalidArgument(`Query parameter ${key} is given more than once.`);
    out[key] = value;
  }
  return out;
}

/**
 * The HTTP handler deployed as the `api` function and served locally by
 * functions-framework: routing, auth, parsing, one error mapping, logging.
 */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const routes = [
    ...systemRoutes(options.backend, () => openapi()),
    ...apiRoutes(),
    ...(options.extraRoutes ?? []),
  ] as Route<unknown>[];
  let openapiDoc: unknown;
  const openapi = () => (openapiDoc ??= buildOpenApi(routes));

  return async (req, res) => {
    const started = process.hrtime.bigint();
    const requestId = validRequestId(header(req, 'x-request-id')) ?? randomBytes(8).toString('hex');
    res.setHeader('X-Request-Id', requestId);
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    const log: Record<string, unknown> = { event: 'api.request', requestId, method: req.method };
    try {
      if (req.method === 'OPTIONS') {
        res.statusCode = 204;
        res.end();
        return;
      }
      // Not WHATWG URL: it would resolve `..` before the path rules could refuse it.
      const rawUrl = req.url ?? '/';
      const queryStart = rawUrl.indexOf('?');
      const pathname = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
      const search = new URLSearchParams(queryStart < 0 ? '' : rawUrl.slice(queryStart + 1));
      const segments = pathSegments(pathname);
      let route: Route<unknown> | undefined;
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

      let caller = { uid: '' };
      let credential: { token: string; source: 'header' | 'query' | 'cookie' } | undefined;
      if (route.auth) {
        credential = findCredential(req, search, route.previewAuth === true);
        caller = await options.auth().verify(credential.token);
        log.uid = caller.uid;
        search.delete('access_token');
      }
      const parsedParams = route.params ? parseWith(route.params, params, 'path') : params;
      const query = queryObject(search);
      const parsedQuery = route.query
        ? parseWith(route.query, query, 'query')
        : Object.keys(query).length > 0
          ? parseWith(strictEmpty, query, 'query')
          : {};
      const body = route.body ? parseWith(route.body, await readJsonBody(req, route.maxBodyBytes), 'body') : undefined;

      const reply = await route.handle({
        req,
        res,
        deps: route.auth ? options.deps() : undefined,
        caller,
        ...(credential && { credential }),
        params: parsedParams as Record<string, string>,
        query: parsedQuery as Record<string, unknown>,
        body,
      });
      if (reply.handled) return;
      if (reply.stream) sendStream(res, reply, req.method === 'HEAD');
      else sendJson(res, reply.status, req.method === 'HEAD' ? undefined : reply.body, reply.headers);
    } catch (error) {
      const apiError = toApiError(error, requestId);
      if (apiError.status >= 500) {
        log.error = describe(error);
      }
      if (!res.headersSent) sendError(res, apiError);
      else res.destroy();
    } finally {
      log.status = res.statusCode;
      log.outcome = requestOutcome(res.statusCode);
      log.latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = `${req.method} ${log.operation ?? 'unrouted'} ${res.statusCode}`;
      if (res.statusCode >= 500) options.logger.error(entry, log);
      else options.logger.info(entry, log);
    }
  };
}

/** The `outcome` of an `api.request` log entry, what the error-rate metric counts. */
export function requestOutcome(status: number): 'ok' | 'client_error' | 'server_error' {
  return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'ok';
}

// Unknown query parameters are refused like unknown body fields.
const strictEmpty = z.strictObject({});

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

function findCredential(
  req: ApiRequest,
  search: URLSearchParams,
  previewAuth: boolean,
): { token: string; source: 'header' | 'query' | 'cookie' } {
  const value = header(req, 'authorization');
  if (value) {
    const match = BEARER.exec(value.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    return { token: match[1]!, source: 'header' };
  }
  if (previewAuth) {
    const fromQuery = search.get('access_token');
    if (fromQuery) return { token: fromQuery, source: 'query' };
    const fromCookie = cookie(header(req, 'cookie'), PREVIEW_COOKIE);
    if (fromCookie) return { token: fromCookie, source: 'cookie' };
  }
  throw unauthenticated('Missing Authorization: Bearer <token> header.');
}

function cookie(headerValue: string | undefined, name: string): string | undefined {
  for (const part of (headerValue ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function validRequestId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : undefined;
}

function toApiError(error: unknown, requestId: string): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('internal', `Internal error; quote request id ${requestId} when reporting it.`);
}

/** For logs only: the error's class, code and message (never sent to clients). */
function describe(error: unknown): Record<string, unknown> {
  const e = error as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  return {
    name: e?.name,
    code: e?.code,
    message: e?.message,
    stack: typeof e?.stack === 'string' ? e.stack.split('\n').slice(0, 8).join('\n') : undefined,
    ...(e?.cause !== undefined && { cause: describe(e.cause) }),
  };
}
