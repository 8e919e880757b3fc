/**
 * The OpenAPI 3.1 document, generated from the same route table and zod
 * schemas that parse requests, so it cannot drift from the implementation.
 * Schemas are JSON Schema 2020-12 (the 3.1 dialect); every schema registered
 * with an `id` becomes a component. A route added to the table is documented
 * from its own schemas with nothing else to write; the errors every route can
 * answer (from the pipeline, not the handler) are added here.
 */
import { z, type ZodObject, type ZodType } from 'zod';
import { ErrorBody } from '../schemas/common';
import { errorText, type HeaderSpecs, type ResponseHeaderSpec, type ResponseSpec, type Route } from './route';

type Json = Record<string, unknown>;
/** What the generator reads of a route (everything but its handler). */
export type DocumentedRoute = Omit<Route<unknown>, 'handle'>;

const SCHEMAS = '#/components/schemas/';
const TARGET = 'draft-2020-12';

/** Names of the shared error responses (components/responses), by status. */
const ERROR_NAMES: Record<number, string> = {
  400: 'InvalidArgument',
  401: 'Unauthenticated',
  403: 'PermissionDenied',
  404: 'NotFound',
  409: 'Conflict',
  412: 'FailedPrecondition',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'ResourceExhausted',
  500: 'Internal',
  503: 'Unavailable',
};

const RETRY_AFTER: Json = {
  description: 'Seconds to wait before retrying.',
  schema: { type: 'string', pattern: '^[0-9]+$' },
};

/**
 * The `{name+}` rest parameter of the route table is one standard `{name}`
 * parameter in the document; `/` inside it may be sent raw or as `%2F`.
 */
export const REST_PARAMETER_EXTENSION = 'x-websplat-slashes';

/** `/v1/a/{path+}` -> `/v1/a/{path}`. */
export const documentPath = (template: string): string => template.replace(/\{([^}+]+)\+\}/g, '{$1}');

/** The rest parameter's name of a template, if it ends with `{name+}`. */
function restParameter(template: string): string | undefined {
  return /\{([^}+]+)\+\}$/.exec(template)?.[1];
}

/** Replaces `$ref`s to local `$defs` (schemas converted one by one) with component refs. */
function toComponentRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toComponentRefs);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id' || key === '$defs') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#\/\$defs\//, SCHEMAS);
    else out[key] = toComponentRefs(value);
  }
  return out;
}

function refsIn(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMAS))
        into.add(value.slice(SCHEMAS.length));
      else refsIn(value, into);
    }
  }
  return into;
}

/**
 * The components: each registered schema in its output form (what responses
 * carry) and, when its input form differs (defaults, coercions, transforms)
 * and both are used, also as `<id>Input` for request bodies.
 */
class Components {
  private readonly forms: Record<'input' | 'output', Record<string, unknown>>;
  private readonly used = { input: new Set<string>(), output: new Set<string>() };
  private inputNames = new Map<string, string>();

  constructor() {
    const convert = (io: 'input' | 'output') =>
      (
        z.toJSONSchema(z.globalRegistry, { target: TARGET, io, unrepresentable: 'any', uri: (id) => SCHEMAS + id }) as {
          schemas: Record<string, unknown>;
        }
      ).schemas;
    this.forms = { input: convert('input'), output: convert('output') };
  }

  /** A `$ref` to the schema when it is a registered one, else the schema inline. */
  schemaOf(schema: ZodType, io: 'input' | 'output'): unknown {
    const id = z.globalRegistry.get(schema)?.id;
    if (id) {
      this.used[io].add(id);
      return { $ref: SCHEMAS + (io === 'input' ? `${id}\u0000input` : id) };
    }
    const inline = toComponentRefs(z.toJSONSchema(schema, { target: TARGET, io, unrepresentable: 'any' }));
    refsIn(inline, this.used[io]);
    return io === 'input' ? this.markInput(inline) : inline;
  }

  private markInput(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((n) => this.markInput(n));
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMAS) ? `${v}\u0000input` : this.markInput(v),
      ]),
    );
  }

  private closure(io: 'input' | 'output'): Set<string> {
    const seen = new Set<string>();
    const todo = [...this.used[io]];
    while (todo.length > 0) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      todo.push(...refsIn(this.forms[io][id], new Set()));
    }
    return seen;
  }

  /** The components actually referenced, and the final name of each input form. */
  finish(): { schemas: Record<string, unknown>; inputName: (id: string) => string } {
    const inputs = this.closure('input');
    const outputs = this.closure('output');
    const same = (id: string) => JSON.stringify(this.forms.input[id]) === JSON.stringify(this.forms.output[id]);
    // An input form differs when it or anything it refers to differs.
    const differs = new Map<string, boolean>();
    const differsDeep = (id: string, stack = new Set<string>()): boolean => {
      if (differs.has(id)) return differs.get(id)!;
      if (stack.has(id)) return false;
      stack.add(id);
      const result = !same(id) || [...refsIn(this.forms.input[id], new Set())].some((r) => differsDeep(r, stack));
      differs.set(id, result);
      return result;
    };
    for (const id of inputs) this.inputNames.set(id, outputs.has(id) && differsDeep(id) ? `${id}Input` : id);
    const schemas: Record<string, unknown> = {};
    for (const id of [...outputs].sort()) schemas[id] = toComponentRefs(this.forms.output[id]);
    for (const id of [...inputs].sort()) {
      const name = this.inputNames.get(id)!;
      if (!(name in schemas)) schemas[name] = this.markInput(toComponentRefs(this.forms.input[id]));
    }
    return { schemas, inputName: (id) => this.inputNames.get(id) ?? id };
  }
}

/** Replaces the input markers of `$ref`s with the final component names. */
function resolveInputRefs(node: unknown, inputName: (id: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => resolveInputRefs(n, inputName));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      if (k === '$ref' && typeof v === 'string' && v.endsWith('\u0000input')) {
        return [k, SCHEMAS + inputName(v.slice(SCHEMAS.length, -'\u0000input'.length))];
      }
      return [k, resolveInputRefs(v, inputName)];
    }),
  );
}

/** Moves a schema's description up to the parameter or header that holds it. */
function described(schema: unknown, description?: string): Json {
  const { description: inner, ...rest } = (schema ?? {}) as Json;
  const text = description ?? (typeof inner === 'string' ? inner : undefined);
  return { ...(text && { description: text }), schema: rest };
}

function parameters(components: Components, schema: ZodObject | undefined, location: 'path' | 'query', rest?: string) {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as ZodType;
    const param: Json = {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.safeParse(undefined).success,
      ...described(components.schemaOf(fieldSchema, 'input')),
    };
    if (name === rest) {
      param.description =
        'A path inside the workspace; `/` in it may be sent raw or percent-encoded as `%2F` (both name the same file).';
      param[REST_PARAMETER_EXTENSION] = true;
    }
    return param;
  });
}

function headerParameters(components: Components, headers: HeaderSpecs | undefined) {
  return Object.entries(headers ?? {}).map(([name, h]) => ({
    name,
    in: 'header',
    required: !h.schema.safeParse(undefined).success,
    ...described(components.schemaOf(h.schema, 'input'), h.description),
  }));
}

function responseHeaders(components: Components, headers: Record<string, ResponseHeaderSpec> | undefined): Json {
  const out: Json = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };
  for (const [name, h] of Object.entries(headers ?? {})) {
    out[name] = {
      description: h.description,
      required: h.required === true,
      schema: h.schema ? components.schemaOf(h.schema, 'output') : { type: 'string' },
    };
  }
  return out;
}

const NO_BODY = new Set([204, 301, 302, 304]);

function response(components: Components, status: number, spec: ResponseSpec): Json {
  if (spec.schema === ErrorBody && ERROR_NAMES[status] && spec.description === errorText(status) && !spec.headers) {
    return { $ref: `#/components/responses/${ERROR_NAMES[status]}` };
  }
  const out: Json = { description: spec.description, headers: responseHeaders(components, spec.headers) };
  if (spec.schema) {
    out.content = {
      [spec.mediaType ?? 'application/json']: { schema: components.schemaOf(spec.schema, 'output') },
      ...(spec.bytes && { '*/*': {} }),
    };
  } else if (!NO_BODY.has(status)) {
    out.content = { [spec.mediaType ?? '*/*']: {} };
  }
  return out;
}

/** The errors any operation may answer besides its own: the pipeline's parsing, auth and failures. */
function pipelineErrors(route: DocumentedRoute): number[] {
  return [
    400, // bad percent-encoding, unknown or repeated query parameters
    // A link token on a route its scope does not open is refused as not found, like a forged one.
    ...(route.auth ? [401, 404, 429] : []),
    ...(route.body ? [413, 415] : []),
    500,
    503,
  ];
}

/**
 * Who may call: a user token (bearer); where the route takes `?access_token=`, that too; where
 * link tokens of some scope authenticate it, a link; a link in the URL path needs nothing else.
 */
function security(route: DocumentedRoute): Record<string, string[]>[] {
  if (!route.auth || route.path.includes('{linkToken}')) return [];
  return [
    { bearer: [] },
    ...(route.queryToken ? [{ accessToken: [] }] : []),
    ...(route.linkScopes ? [{ link: [] }] : []),
  ];
}

function operation(components: Components, route: DocumentedRoute, operationId = route.operationId, summary?: string) {
  const rest = restParameter(route.path);
  const op: Json = {
    operationId,
    summary: summary ?? route.summary,
    tags: [tagOf(route.operationId)],
  };
  const params = [
    ...parameters(components, route.params, 'path', rest),
    ...parameters(components, route.query, 'query'),
    ...headerParameters(components, route.headers),
  ];
  if (params.length > 0) op.parameters = params;
  // The generated site's own query string (?page=2) passes through to the page, never parsed.
  if (route.siteQuery) op['x-websplat-site-query'] = true;
  if (route.rawBody) {
    op.requestBody = { required: true, description: route.rawBody.description, content: { '*/*': {} } };
  }
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: components.schemaOf(route.body, 'input') } },
    };
  }
  const responses: Record<number, ResponseSpec> = {};
  for (const status of pipelineErrors(route)) responses[status] = { description: errorText(status), schema: ErrorBody };
  Object.assign(responses, route.responses);
  op.responses = Object.fromEntries(
    Object.entries(responses)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, spec]) => [status, response(components, Number(status), spec)]),
  );
  op.security = security(route);
  return op;
}

/** The tag of an operation: its resource, the operationId up to the first dot. */
const tagOf = (operationId: string) => operationId.split('.')[0]!;

const TAG_TEXT: Record<string, string> = {
  healthz: 'Liveness.',
  openapi: 'This document.',
  workspaces: 'Workspaces and their members.',
  files: 'Files, folders, copies, direct uploads and the zip export.',
  preview: 'The generated site, served in a sandbox.',
  uploads: 'The local backend’s direct-upload targets.',
  agents: 'Agent progress reports.',
  state: 'Shared knowledge state (compare-and-set values).',
  sessions: 'User session data.',
  cache: 'Cached generated responses.',
  events: 'The change stream (Server-Sent Events).',
  admin: 'Operator reports.',
};

/** The OpenAPI 3.1 document of these routes. */
export function buildOpenApi(routes: DocumentedRoute[]): Json {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = documentPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(components, route);
    if (route.emptyRest) {
      const rest = restParameter(route.path)!;
      const root = route.path.slice(0, -`{${rest}+}`.length);
      const withoutRest = route.params?.omit({ [rest]: true } as never) as ZodObject | undefined;
      (paths[root] ??= {})[route.method.toLowerCase()] = operation(
        components,
        { ...route, path: root, ...(withoutRest && { params: withoutRest }) },
        route.emptyRest.operationId,
        route.emptyRest.summary,
      );
    }
  }
  components.schemaOf(ErrorBody, 'output');
  const { schemas, inputName } = components.finish();
  const tags = [...new Set(routes.map((r) => tagOf(r.operationId)))].map((name) => ({
    name,
    description: TAG_TEXT[name] ?? `The ${name} operations.`,
  }));
  const errorResponsesDoc = Object.fromEntries(
    Object.entries(ERROR_NAMES).map(([status, name]) => {
      const headers: Json = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };
      if (status === '429') headers['Retry-After'] = { ...RETRY_AFTER, required: false };
      if (status === '503') headers['Retry-After'] = { ...RETRY_AFTER, required: true };
      return [
        name,
        {
          description: errorText(Number(status)),
          headers,
          content: { 'application/json': { schema: { $ref: `${SCHEMAS}Error` } } },
        },
      ];
    }),
  );
  return resolveInputRefs(
    {
      openapi: '3.1.0',
      info: {
        title: 'WebSplat Workspaces API',
        version: 'v1',
        description:
          'Workspaces, files, previews, agent progress and shared state for the WebSplat site generator. Errors always have the body `{"error": {"code", "message", "details"}}`.',
        license: { name: 'Proprietary (no license is granted)', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: '/', description: 'The server this document was read from.' }],
      tags,
      paths,
      components: {
        schemas,
        responses: errorResponsesDoc,
        headers: {
          RequestId: {
            description: 'The request id (the X-Request-Id sent, when valid, else a new one); quote it when reporting.',
            required: true,
            schema: { type: 'string' },
          },
        },
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A Firebase Auth ID token (cloud) or a `websplat token` token (local backend).',
          },
          accessToken: {
            type: 'apiKey',
            in: 'query',
            name: 'access_token',
            description:
              'A user token or a link token as a query parameter, for clients that cannot send headers: EventSource (events) and plain download links (read links only; a user token in a URL would leak).',
          },
          link: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A link token (POST .../links, the `access_token` of its URL): its one scope on its workspace only.',
          },
        },
      },
    },
    inputName,
  ) as Json;
}
