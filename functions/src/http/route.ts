import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { ZodObject, ZodType } from 'zod';
import { ErrorBody } from '../domain/schemas';
import type { Principal } from '../domain/model';
import type { ApiRequest } from './io';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A handler's answer; the app serializes it (JSON body, status, headers). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bytes to stream instead of a JSON body (headers must carry Content-Type). */
  stream?: Readable;
  /** The handler wrote the response itself (e.g. an event stream). */
  handled?: boolean;
}

export interface RouteContext<Deps> {
  req: ApiRequest;
  res: ServerResponse;
  deps: Deps;
  /** Set whenever the route requires auth. */
  caller: Principal;
  /** Where the bearer token came from (preview routes also take it from `access_token` or a cookie). */
  credential?: { token: string; source: 'header' | 'query' | 'cookie' };
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * One endpoint: its schemas are used both to parse requests and to generate
 * the OpenAPI document.
 */
export interface Route<Deps> {
  method: Method;
  /** e.g. /v1/workspaces/{workspaceId}; `{name}` matches one path segment. */
  path: string;
  operationId: string;
  summary: string;
  auth: boolean;
  /** Also accept the token as `?access_token=` or in the preview cookie (iframes cannot send headers). */
  previewAuth?: boolean;
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodType;
  /** Largest JSON body this route accepts (default LIMITS.jsonBodyMaxBytes); larger is 413. */
  maxBodyBytes?: number;
  /** The body is raw bytes the handler streams itself (not JSON). */
  rawBody?: { description: string };
  /** Request headers the operation honours, for the docs. */
  headers?: { name: string; description: string }[];
  responses: Record<number, { description: string; schema?: ZodType }>;
  handle(ctx: RouteContext<Deps>): Promise<Reply>;
}

/**
 * Matches a route template against decoded path segments. `{name}` takes one
 * non-empty segment; a final `{name+}` takes all the rest joined by `/`,
 * empty segments included, so the path rules can refuse `a//b`.
 */
export function matchPath(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter(Boolean);
  const rest = parts[parts.length - 1]?.endsWith('+}') ? parts.length - 1 : -1;
  if (rest < 0 ? parts.length !== segments.length : segments.length < parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === rest) {
      params[part.slice(1, -2)] = segments.slice(i).join('/');
      break;
    }
    const segment = segments[i]!;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = segment;
    } else if (part !== segment) return undefined;
  }
  return params;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid argument',
  401: 'Missing or invalid bearer token',
  403: 'The caller lacks the role for this',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict',
  412: 'Precondition (If-Match / If-None-Match) failed',
  413: 'Too large (body, file or quota)',
  415: 'Unsupported media type',
};

/** OpenAPI responses for these error statuses, all with the contract's error body. */
export function errorResponses(...statuses: number[]): Record<number, { description: string; schema: ZodType }> {
  return Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema: ErrorBody }]));
}
