import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ApiError } from '../domain/shared/errors';
import { healthBody } from './health';
import { header, sendError, sendJson, type ApiRequest } from './io';
import type { ApiHandlerOptions, RequestPipeline } from './options';

export type ApiHandler = (req: ApiRequest, res: ServerResponse) => Promise<void>;

/**
 * Every response header a frontend may read that is not CORS-safelisted (Cache-Control,
 * Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma are readable
 * anyway; Content-Length is listed too, for browsers that predate its safelisting).
 */
export const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Retry-After',
  'X-Request-Id',
  'Idempotent-Replayed',
  'Content-Range',
  'Accept-Ranges',
  'Content-Disposition',
  'Content-Length',
  'X-Update-Applied',
];

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, Range, Last-Event-ID, X-Cache-TTL, X-Request-Id',
  'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', '),
  'Access-Control-Max-Age': '3600',
};
const CORS_NAMES = Object.keys(CORS_HEADERS);

/**
 * The HTTP handler deployed as the `api` function and served locally by
 * functions-framework. This shell sets the request id and CORS headers,
 * answers preflights and health checks, maps every error once and logs one
 * entry per request; the rest (./pipeline) loads on the first request that
 * needs it.
 */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  let pipeline: RequestPipeline | undefined;
  const loadPipeline = () =>
    (pipeline ??= (require('./pipeline') as typeof import('./pipeline')).createPipeline(options));

  return async (req, res) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(req);
    res.setHeader('X-Request-Id', requestId);
    for (const name of CORS_NAMES) res.setHeader(name, CORS_HEADERS[name]!);
    const log: Record<string, unknown> = { event: 'api.request', requestId, method: req.method };
    try {
      if (req.method === 'OPTIONS') {
        res.statusCode = 204;
        res.end();
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && req.url === '/v1/healthz') {
        log.operation = 'healthz';
        sendJson(res, 200, req.method === 'HEAD' ? undefined : healthBody(options.backend));
        return;
      }
      await loadPipeline().handle(req, res, log);
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

/**
 * A request id of our own: this process's random prefix and a counter (16
 * hex characters, unique per process and across processes in practice),
 * cheaper than fresh random bytes per request.
 */
const ID_PREFIX = randomBytes(5).toString('hex');
let idCounter = 0;
const nextRequestId = () => ID_PREFIX + (idCounter++ % 0x1000000).toString(16).padStart(6, '0');

/** The `outcome` of an `api.request` log entry, what the error-rate metric counts. */
export function requestOutcome(status: number): 'ok' | 'client_error' | 'server_error' {
  return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'ok';
}

/** The id of a request: the client's X-Request-Id when it is sane, else a new one. */
export function requestIdFor(req: ApiRequest): string {
  return validRequestId(header(req, 'x-request-id')) ?? nextRequestId();
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
