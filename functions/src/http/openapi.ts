import { z, type ZodObject, type ZodType } from 'zod';
import type { Route } from './route';

const REF_PREFIX = '#/components/schemas/';

/** JSON Schema (OpenAPI 3.0 dialect) of one schema; named schemas become $refs. */
function schemaOf(schema: ZodType, io: 'input' | 'output'): unknown {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `${REF_PREFIX}${id}` };
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  });
}

function parameters(schema: ZodObject | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as ZodType;
    return {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.safeParse(undefined).success,
      schema: schemaOf(fieldSchema, 'input'),
    };
  });
}

/** Who may call: a user token; or a link token too; or, for a link in the URL path, the URL itself. */
function security(route: Omit<Route<unknown>, 'handle'>): Record<string, string[]>[] {
  if (!route.auth || route.path.includes('{linkToken}')) return [];
  return route.linkScopes ? [{ bearer: [] }, { link: [] }] : [{ bearer: [] }];
}

/**
 * The OpenAPI 3.0 document, generated from the same route table and zod
 * schemas that parse requests, so it cannot drift from the implementation.
 */
export function buildOpenApi(routes: Omit<Route<unknown>, 'handle'>[]): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...(route.queryToken
          ? [
              {
                name: 'access_token',
                in: 'query',
                required: false,
                description:
                  route.queryToken === 'link'
                    ? 'A link token (POST .../links), for plain download links.'
                    : 'A user token or a link token, for clients that cannot send headers.',
                schema: { type: 'string' },
              },
            ]
          : []),
        ...Object.entries(route.headers ?? {}).map(([name, h]) => ({
          name,
          in: 'header',
          required: false,
          description: h.description,
          schema: { type: 'string' },
        })),
      ],
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema && {
              content: { 'application/json': { schema: schemaOf(r.schema, 'output') } },
            }),
          },
        ]),
      ),
      security: security(route),
    };
    if (route.rawBody) {
      operation.requestBody = {
        required: true,
        description: route.rawBody.description,
        content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
      };
    }
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
      };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  // Every schema registered with an id (request and response bodies) becomes a component.
  const components = z.toJSONSchema(z.globalRegistry, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    uri: (id) => `${REF_PREFIX}${id}`,
  }) as { schemas: Record<string, unknown> };
  return {
    openapi: '3.0.3',
    info: {
      title: 'WebSplat Workspaces API',
      version: 'v1',
      description: 'Workspaces, files, previews, agent progress and shared state for the WebSplat site generator.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A Firebase Auth ID token (cloud) or a `websplat token` token (local backend).',
        },
        link: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A link token (POST .../links, the `access_token` of its URL): its one scope on its workspace only.',
        },
      },
    },
  };
}
