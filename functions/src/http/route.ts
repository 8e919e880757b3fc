import type { ServerResponse } from 'node:http';
import type { ZodObject, ZodType } from 'zod';
import type { Principal } from '../domain/model';
import type { ApiRequest } from './io';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A handler's answer; the app serializes it (JSON body, status, headers). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext<Deps> {
  req: ApiRequest;
  res: ServerResponse;
  deps: Deps;
  /** Set whenever the route requires auth. */
  caller: Principal;
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
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodType;
  /** Request headers the operation honours, for the docs. */
  headers?: { name: string; description: string }[];
  responses: Record<number, { description: string; schema?: ZodType }>;
  handle(ctx: RouteContext<Deps>): Promise<Reply>;
}

/** Matches a route template against decoded path segments. */
export function matchPath(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith('{') && part.endsWith('}')) params[part.slice(1, -1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}
