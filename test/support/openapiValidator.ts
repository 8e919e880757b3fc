/**
 * The contract tier: every request the HTTP suites send and every answer they
 * get is checked against the OpenAPI document the target serves, by a
 * validating proxy in front of the target (so fetch calls, raw request targets
 * and event streams all pass through it unchanged).
 *
 * Routing and JSON Schema validation are openapi-backend's (its router, its
 * request, response and response-header validators) with Ajv in its JSON
 * Schema 2020-12 dialect, the dialect of OpenAPI 3.1. The glue here only does
 * what that library leaves to its caller: forwarding the bytes, the
 * contract's rule that `/` inside a `{path}` parameter may come raw (the
 * parameters marked `x-websplat-slashes`), checking that the status and the
 * media type are documented and that required headers are present, and
 * judging a request the document refuses (its answer must then be a 4xx).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import OpenAPIBackend, { type Document, type Operation } from 'openapi-backend';
import { currentTestTitle } from './contractHooks';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Exchange {
  method: string;
  /** The raw request target, as sent (path and query). */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  /** The response body, or undefined when it was a stream not kept (an event stream). */
  responseBody: Buffer | undefined;
}

export interface Violation {
  test: string | undefined;
  request: string;
  status: number;
  problems: string[];
}

const SLASHES = 'x-websplat-slashes';

export interface ValidatorOptions {
  /**
   * The target runs behind Cloud Functions' own HTTP layer (the `api` function on the emulators),
   * which answers some malformed requests itself before the function runs.
   */
  runtimeAnswersFirst?: boolean;
}

/** A CORS preflight is the browser's question about an operation, not an operation; documents never list them. */
const isPreflight = (e: Exchange) => e.method === 'OPTIONS' && e.headers['access-control-request-method'] !== undefined;

const mediaType = (value: string | string[] | undefined) =>
  String(Array.isArray(value) ? value[0] : (value ?? ''))
    .split(';')[0]!
    .trim()
    .toLowerCase();

function mediaMatches(range: string, type: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return type.startsWith(range.slice(0, -1));
  return range === type;
}

const describeErrors = (errors: { instancePath?: string; message?: string; params?: unknown }[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'} ${JSON.stringify(e.params ?? {})}`);

export class ContractValidator {
  private constructor(
    private readonly api: OpenAPIBackend,
    private readonly apiRoot: string,
    /** Templates whose last parameter takes `/` raw, as prefix patterns. */
    private readonly slashTemplates: RegExp[],
    private readonly queryCredentials: string[],
    private readonly options: ValidatorOptions,
  ) {}

  static async create(document: Document, apiRoot = '/', options: ValidatorOptions = {}): Promise<ContractValidator> {
    const ajvs = new Map<string, Ajv2020>();
    const api = new OpenAPIBackend({
      definition: document,
      apiRoot,
      strict: true,
      // Quick: validators compile on first use, and the definition is not checked against
      // openapi-backend's OpenAPI 3.0 schema, which refuses valid 3.1 documents (JSON Schema
      // 2020-12 keywords); `redocly lint`, a 3.1 linter, checks it in its own stage of npm test.
      quick: true,
      ignoreTrailingSlashes: false,
      // One Ajv 2020-12 (the OpenAPI 3.1 dialect) instance per option set.
      customizeAjv: (_ajv, options) => {
        const key = JSON.stringify(options);
        let ajv = ajvs.get(key);
        if (!ajv) {
          ajv = new Ajv2020({ ...options, strict: false, allErrors: true });
          addFormats(ajv);
          ajvs.set(key, ajv);
        }
        return ajv as never;
      },
    });
    await api.init();
    const doc = api.definition as Json;
    const slashTemplates: RegExp[] = [];
    for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
      const last = /\{([^}]+)\}$/.exec(path)?.[1];
      if (!last) continue;
      const marked = Object.values<Json>(item).some((op) =>
        (op?.parameters ?? []).some((p: Json) => p.in === 'path' && p.name === last && p[SLASHES] === true),
      );
      if (!marked) continue;
      const prefix = path
        .slice(0, -`{${last}}`.length)
        .split(/\{[^}]+\}/)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+');
      slashTemplates.push(new RegExp(`^(${prefix})(.*/.*)$`));
    }
    const schemes = Object.values<Json>(doc.components?.securitySchemes ?? {});
    const queryCredentials = schemes.filter((s) => s.type === 'apiKey' && s.in === 'query').map((s) => s.name);
    return new ContractValidator(api, apiRoot.replace(/\/$/, ''), slashTemplates, queryCredentials, options);
  }

  /**
   * The request path as the document names it: each segment decoded, with
   * only `/`, `%`, `?` and `#` kept encoded; and a raw `/` inside a parameter
   * marked x-websplat-slashes sent as the `%2F` the contract makes equal to it.
   */
  canonicalPath(rawPath: string): string {
    const root = this.apiRoot;
    const relative = root && rawPath.startsWith(`${root}/`) ? rawPath.slice(root.length) : rawPath;
    const path = relative
      .split('/')
      .map((segment) => {
        let decoded: string;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          return segment; // the server answers 400 to a bad escape; keep it as sent
        }
        return decoded.replace(/[%/?#]/g, (c) => encodeURIComponent(c));
      })
      .join('/');
    for (const pattern of this.slashTemplates) {
      const match = pattern.exec(path);
      if (match) return `${root}${match[1]}${match[2]!.replace(/\//g, '%2F')}`;
    }
    return `${root}${path}`;
  }

  /** The problems of one exchange (none: it is what the document says). */
  check(exchange: Exchange): string[] {
    if (isPreflight(exchange)) return [];
    const [rawPath, rawQuery = ''] = splitTarget(exchange.target);
    const runtimeRefuses = !decodable(rawPath) || (isJson(exchange.headers) && !parsesAsJson(exchange.body));
    if (runtimeRefuses && this.options.runtimeAnswersFirst && exchange.status === 400) {
      // Known platform difference (docs/api.md): Cloud Functions' own layer refuses a path that is
      // not valid percent-encoding, or a JSON-labelled body that is not a JSON object or array, with its
      // own 400 page
      // before the api function runs. Only that status is accepted for it.
      return [];
    }
    if (!decodable(rawPath)) {
      // No operation can be matched on a path that does not decode: it must be refused with the contract's 400.
      if (exchange.status !== 400) return [`a path that is not valid percent-encoding answered ${exchange.status}`];
      return this.errorBodyProblems(parseJson(exchange.responseBody));
    }
    const query = new URLSearchParams(rawQuery);
    for (const name of this.queryCredentials) query.delete(name); // a security scheme, not a parameter
    const method = exchange.method === 'HEAD' ? 'GET' : exchange.method; // HEAD is GET without the body
    const request = {
      method,
      path: this.canonicalPath(rawPath),
      query: query.toString(),
      headers: exchange.headers as Record<string, string | string[]>,
      ...(exchange.body.length > 0 && { body: exchange.body.toString('utf8') }),
    };
    const operation = this.api.router.matchOperation(request) as Operation | undefined;
    if (!operation) return this.unmatched(exchange);
    if ((operation as { 'x-websplat-site-query'?: boolean })['x-websplat-site-query']) {
      // The generated site's own query string belongs to the page: only declared parameters are checked.
      const declared = new Set(
        ((operation.parameters ?? []) as { in?: string; name?: string }[])
          .filter((p) => p.in === 'query')
          .map((p) => p.name),
      );
      for (const name of [...query.keys()]) if (!declared.has(name)) query.delete(name);
      request.query = query.toString();
    }

    const problems: string[] = [];
    const requestResult = this.api.validator.validateRequest(request, operation);
    if (!requestResult.valid && exchange.status < 400) {
      problems.push(
        `the document refuses this request, but the server answered ${exchange.status}: ${describeErrors(requestResult.errors).join('; ')}`,
      );
    }
    problems.push(...this.checkResponse(operation, exchange));
    return problems.map((p) => `${operation.operationId}: ${p}`);
  }

  /** No operation: only the contract's not_found answer for a path or method that is not an endpoint is right. */
  private unmatched(exchange: Exchange): string[] {
    const body = parseJson(exchange.responseBody);
    const isNotFound = exchange.status === 404 && (body as Json | undefined)?.error?.code === 'not_found';
    if (isNotFound) return this.errorBodyProblems(body);
    return [
      `undocumented route: ${exchange.method} ${exchange.target} is in no operation of the document, yet answered ${exchange.status}`,
    ];
  }

  private errorValidator: ValidateFunction | undefined;

  private errorBodyProblems(body: unknown): string[] {
    const validate = (this.errorValidator ??= new Ajv2020({ strict: false, allErrors: true }).compile(
      (this.api.definition as Json).components?.schemas?.Error,
    ));
    return validate(body)
      ? []
      : [`the error body breaks the Error schema: ${describeErrors(validate.errors).join('; ')}`];
  }

  private checkResponse(operation: Operation, exchange: Exchange): string[] {
    const { status } = exchange;
    const responses = (operation.responses ?? {}) as Record<string, Json>;
    const spec = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!spec) return [`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const problems: string[] = [];

    // Headers: their schemas, and the required ones present.
    const headers = Object.fromEntries(
      Object.entries(exchange.responseHeaders).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]),
    );
    const headerResult = this.api.validator.validateResponseHeaders(headers, operation, { statusCode: status });
    if (!headerResult.valid) problems.push(`response headers: ${describeErrors(headerResult.errors).join('; ')}`);
    for (const [name, header] of Object.entries<Json>(spec.headers ?? {})) {
      if (header.required === true && headers[name.toLowerCase()] === undefined) {
        problems.push(`the required response header ${name} is missing`);
      }
    }

    // Body: the documented media type, and for JSON the schema.
    const content = spec.content as Record<string, Json> | undefined;
    const bodyLength = exchange.responseBody?.length ?? 0;
    if (exchange.method === 'HEAD') return problems;
    if (!content) {
      if (bodyLength > 0) problems.push(`status ${status} is documented without a body, but one came`);
      return problems;
    }
    const type = mediaType(exchange.responseHeaders['content-type']);
    const range = Object.keys(content).find((r) => mediaMatches(r, type));
    if (!range) {
      problems.push(
        `Content-Type ${type || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`,
      );
      return problems;
    }
    // A download of a JSON file is application/json too, but its body is the file's own: the
    // documented schema (the index entry) applies only when the request asked for it (?alt=json).
    const download =
      content['*/*'] !== undefined && new URLSearchParams(exchange.target.split('?')[1] ?? '').get('alt') !== 'json';
    if (type === 'application/json' && content[range]?.schema && exchange.responseBody && !download) {
      const body = parseJson(exchange.responseBody);
      if (body === undefined) problems.push('the body is not JSON');
      else {
        const result = this.api.validator.validateResponse(body, operation, status);
        if (!result.valid) problems.push(`response body: ${describeErrors(result.errors).join('; ')}`);
      }
    }
    return problems;
  }
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const isJson = (headers: IncomingHttpHeaders) => mediaType(headers['content-type']) === 'application/json';

/** What the runtime's JSON body parser (strict) accepts: an object or an array. */
function parsesAsJson(body: Buffer): boolean {
  if (body.length === 0) return true; // no body at all: the operation's validation judges that
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

function splitTarget(target: string): [string, string | undefined] {
  const at = target.indexOf('?');
  return at < 0 ? [target, undefined] : [target.slice(0, at), target.slice(at + 1)];
}

function parseJson(body: Buffer | undefined): unknown {
  if (!body || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export interface ValidatingProxy {
  /** The proxy's base URL: the target's, on the proxy's port. */
  baseUrl: string;
  violations: Violation[];
  close(): Promise<void>;
}

/**
 * A validating proxy in front of `upstreamBaseUrl`, checking each exchange
 * against the document the upstream serves (GET /v1/openapi.json).
 * Requests pass with their raw target and headers (the Host the client used,
 * so the URLs the server builds come back through the proxy).
 */
export async function validatingProxy(
  upstreamBaseUrl: string,
  options: ValidatorOptions = {},
): Promise<ValidatingProxy> {
  const upstream = new URL(upstreamBaseUrl);
  const apiRoot = upstream.pathname.replace(/\/$/, '') || '/';
  const docResponse = await fetch(`${upstreamBaseUrl.replace(/\/$/, '')}/v1/openapi.json`);
  if (!docResponse.ok) throw new Error(`GET /v1/openapi.json answered ${docResponse.status}`);
  const validator = await ContractValidator.create((await docResponse.json()) as Document, apiRoot, options);
  const violations: Violation[] = [];

  const record = (exchange: Exchange) => {
    let problems: string[];
    try {
      problems = validator.check(exchange);
    } catch (error) {
      problems = [`the validator failed: ${(error as Error).message}`];
    }
    if (problems.length > 0) {
      violations.push({
        test: currentTestTitle(),
        request: `${exchange.method} ${exchange.target}`,
        status: exchange.status,
        problems,
      });
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: IncomingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
      if (body.length > 0 || req.headers['content-length'] !== undefined)
        headers['content-length'] = String(body.length);
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (up) => {
          const responseHeaders: IncomingHttpHeaders = {};
          for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k)) responseHeaders[k] = v;
          res.writeHead(up.statusCode ?? 502, responseHeaders as Record<string, string | string[]>);
          const exchange = {
            method: req.method ?? 'GET',
            target: req.url ?? '/',
            headers: req.headers,
            body,
            status: up.statusCode ?? 0,
            responseHeaders: up.headers,
          };
          // An event stream never ends while the client listens: check its start, pass the rest through.
          if (mediaType(up.headers['content-type']) === 'text/event-stream') {
            record({ ...exchange, responseBody: undefined });
            up.pipe(res);
            res.on('close', () => up.destroy());
            return;
          }
          const received: Buffer[] = [];
          up.on('data', (c: Buffer) => {
            received.push(c);
            res.write(c);
          });
          up.on('end', () => {
            record({ ...exchange, responseBody: Buffer.concat(received) });
            res.end();
          });
          up.on('error', () => res.destroy());
          up.on('aborted', () => res.destroy());
        },
      );
      forward.on('error', () => res.destroy());
      res.on('close', () => {
        if (!res.writableFinished) forward.destroy();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${apiRoot === '/' ? '' : apiRoot}`;
  return {
    baseUrl,
    violations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Fails (throws) with every violation seen, by test. */
export function assertNoViolations(violations: Violation[]): void {
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `- [${v.test ?? 'outside a test'}] ${v.request} -> ${v.status}\n    ${v.problems.join('\n    ')}`,
  );
  throw new Error(`${violations.length} exchange(s) break the OpenAPI document:\n${lines.join('\n')}`);
}
