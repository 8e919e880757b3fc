import { Health } from '../../schemas/common';
import { healthBody } from '../health';
import { route, type Route } from '../route';

/** Routes that need no deps at all (cheap on a cold instance). */
export function systemRoutes(backend: 'local' | 'firebase', openapi: () => unknown): Route<unknown>[] {
  const system = route<unknown>();
  return [
    system({
      method: 'GET',
      path: '/v1/healthz',
      operationId: 'healthz',
      summary: 'Liveness; no auth.',
      auth: false,
      responses: { 200: { description: 'Serving', schema: Health } },
      async handle() {
        return { status: 200, body: healthBody(backend) };
      },
    }),
    system({
      method: 'GET',
      path: '/v1/openapi.json',
      operationId: 'openapi',
      summary: 'This API described as OpenAPI 3.1, generated from the route table and zod schemas.',
      auth: false,
      responses: { 200: { description: 'The OpenAPI document (this one)', mediaType: 'application/json' } },
      async handle() {
        return { status: 200, body: openapi(), headers: { 'Cache-Control': 'public, max-age=300' } };
      },
    }),
  ];
}
