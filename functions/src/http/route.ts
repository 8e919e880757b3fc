import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { z, type ZodObject, type ZodType } from 'zod';
import type { Principal } from '../ports/auth';
import type { LinkScope } from '../ports/links';
import { ErrorBody } from '../schemas/common';
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

/** A request header an operation honours: how to parse it (its absence included) and what the docs say. */
export interface HeaderSpec {
  description: string;
  schema: ZodType;
}
export type HeaderSpecs = Record<string, HeaderSpec>;

/** The parsed values of the headers a route declares, by their names. */
export type ParsedHeaders<H extends HeaderSpecs> = { [K in keyof H]: z.output<H[K]['schema']> };

/** A response header the document declares (`required`: every such response carries it). */
export interface ResponseHeaderSpec {
  description: string;
  required?: boolean;
  schema?: ZodType;
}

/** One documented response: a JSON body (`schema`), or bytes of `mediaType` (any type when neither is given). */
export interface ResponseSpec {
  description: string;
  schema?: ZodType;
  mediaType?: string;
  /** Besides the JSON `schema`, the body may be raw bytes of any type (e.g. a file read without ?alt=json). */
  bytes?: boolean;
  headers?: Record<string, ResponseHeaderSpec>;
}

/** What a handler gets: the request parsed with its route's schemas. */
export interface RouteContext<Deps, Params, Query, Body, Headers> {
  req: ApiRequest;
  res: ServerResponse;
  deps: Deps;
  /** Set whenever the route requires auth. */
  caller: Principal;
  /** Where the token came from: the Authorization header, `?access_token=`, or the `{linkToken}` path segment. */
  credential?: Credential;
  params: Params;
  query: Query;
  body: Body;
  headers: Headers;
}

export interface Credential {
  token: string;
  source: 'header' | 'query' | 'path';
}

/** No path parameters, no query parameters (unknown ones are refused), no declared headers. */
type NoParams = ZodObject<Record<string, never>>;

/**
 * One endpoint, typed by its schemas: the handler receives what `params`,
 * `query`, `body` and `headers` parse to. The same schemas generate the
 * OpenAPI document.
 */
export interface RouteSpec<
  Deps,
  P extends ZodObject = NoParams,
  Q extends ZodObject = NoParams,
  B extends ZodType | undefined = undefined,
  H extends HeaderSpecs = Record<string, never>,
> {
  method: Method;
  /** e.g. /v1/workspaces/{workspaceId}; `{name}` matches one path segment. */
  path: string;
  operationId: string;
  summary: string;
  auth: boolean;
  /**
   * Also accept a token as `?access_token=` (EventSource, iframes and plain
   * download links cannot send headers): `user-or-link` takes user tokens
   * too, `link` only link tokens (a user token in a URL would leak).
   */
  queryToken?: 'user-or-link' | 'link';
  /** Link tokens of these scopes authenticate this route, for their own workspace only (anything else: 404). */
  linkScopes?: LinkScope[];
  /** The query string belongs to the generated site (the preview): passed over, never parsed. */
  siteQuery?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest JSON body this route accepts (default LIMITS.jsonBodyMaxBytes); larger is 413. */
  maxBodyBytes?: number;
  /** The body is raw bytes the handler streams itself (not JSON). */
  rawBody?: { description: string };
  /** Request headers the operation honours, by name. */
  headers?: H;
  /** Every status the operation answers with itself (the pipeline's own errors are added in the document). */
  responses: Record<number, ResponseSpec>;
  /**
   * A final `{name+}` may also be empty: the bare folder URL (ending in `/`) is
   * documented as its own operation, e.g. the preview's site root.
   */
  emptyRest?: { operationId: string; summary: string };
  handle(
    ctx: RouteContext<Deps, z.output<P>, z.output<Q>, B extends ZodType ? z.output<B> : undefined, ParsedHeaders<H>>,
  ): Promise<Reply>;
}

/** A route of the table, whatever its schemas (the pipeline parses with them before calling it). */
export type Route<Deps> = RouteSpec<Deps, ZodObject, ZodObject, ZodType | undefined, HeaderSpecs>;

/**
 * Declares a route whose handler is typed by its schemas, for handlers
 * needing `Deps`: `route<FileDeps>()({ ... })`.
 */
export const route =
  <Deps>() =>
  <
    P extends ZodObject = NoParams,
    Q extends ZodObject = NoParams,
    B extends ZodType | undefined = undefined,
    H extends HeaderSpecs = Record<string, never>,
  >(
    spec: RouteSpec<Deps, P, Q, B, H>,
  ): Route<Deps> =>
    spec;

/** Route templates split once (the route table is fixed, so this stays small). */
const templates = new Map<string, { parts: string[]; rest: number }>();

/**
 * Matches a route template against decoded path segments. `{name}` takes one
 * non-empty segment; a final `{name+}` takes all the rest joined by `/`,
 * empty segments included, so the path rules can refuse `a//b`.
 */
export function matchPath(template: string, segments: string[]): Record<string, string> | undefined {
  let compiled = templates.get(template);
  if (!compiled) {
    const parts = template.split('/').filter(Boolean);
    compiled = { parts, rest: parts[parts.length - 1]?.endsWith('+}') ? parts.length - 1 : -1 };
    templates.set(template, compiled);
  }
  const { parts, rest } = compiled;
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
  429: 'Over a quota or rate; retry after Retry-After seconds when given',
  500: 'Internal error (the message quotes the request id)',
  503: 'The backend is unavailable; retry after Retry-After seconds',
};

/** The human text of an error status, as the document describes it. */
export const errorText = (status: number): string => ERROR_TEXT[status] ?? 'Error';

/** OpenAPI responses for these error statuses, all with the contract's error body. */
export function errorResponses(...statuses: number[]): Record<number, ResponseSpec> {
  return Object.fromEntries(statuses.map((s) => [s, { description: errorText(s), schema: ErrorBody }]));
}

/** The ETag response header: the resource's etag, quoted, for If-Match / If-None-Match. */
export const ETAG: Record<string, ResponseHeaderSpec> = {
  ETag: {
    description: 'The etag of the resource, quoted (send it back in If-Match or If-None-Match).',
    required: true,
    schema: z.string().regex(/^(W\/)?"[^"]*"$/),
  },
};
