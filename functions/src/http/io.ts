import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ZodType } from 'zod';
import { ApiError, errorBody, invalidArgument, type ErrorDetail } from '../domain/shared/errors';
import { LIMITS } from '../domain/shared/limits';
import { InMemoryBody } from '../ports/blobs';
import { jsonPayload } from './jsonText';
import { scanJson } from './jsonScan';

/** What both Cloud Functions and functions-framework hand us: an express request with `rawBody`. */
export type ApiRequest = IncomingMessage & { rawBody?: Buffer; body?: unknown };

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Parses with a zod schema; failures become invalid_argument with one detail per issue. */
export function parseWith<T>(schema: ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const keys = (issue as { keys?: string[] }).keys;
    const field = keys?.length ? [path, keys.join(',')].filter(Boolean).join('.') : path;
    return { field: field ? `${where}.${field}` : where, reason: issue.message };
  });
  const first = details[0];
  throw invalidArgument(`Invalid ${where}: ${first?.field ?? where}: ${first?.reason ?? 'invalid'}.`, details);
}

/** Past the limit, a body is still read (and dropped) this far, so the 413 reaches the client. */
const DRAIN_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Reads a body of at most `maxBytes`. A larger one is refused only once it has
 * been read to its end (or DRAIN_MAX_BYTES): destroying the request instead
 * would reset the connection before the client could read the 413.
 */
function readStream(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > DRAIN_MAX_BYTES) req.destroy();
    });
    req.on('end', () => (size > maxBytes ? reject(tooLarge(maxBytes)) : resolve(Buffer.concat(chunks))));
    req.on('close', () => {
      if (!req.readableEnded) reject(size > maxBytes ? tooLarge(maxBytes) : new Error('The request was aborted.'));
    });
    req.on('error', reject);
  });
}

const tooLarge = (maxBytes: number) =>
  new ApiError('payload_too_large', `The JSON body must be at most ${maxBytes} bytes.`, [
    { field: 'body', reason: `is larger than ${maxBytes} bytes` },
  ]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request's JSON body. Cloud Functions and functions-framework have
 * already read the bytes into `rawBody`; a plain Node server has not.
 */
export async function readJsonBody(req: ApiRequest, max: number = LIMITS.jsonBodyMaxBytes): Promise<unknown> {
  const type = header(req, 'content-type') ?? '';
  const [mediaType, ...params] = type.split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8')) {
    throw new ApiError('unsupported_media_type', 'The body must be sent as Content-Type: application/json (UTF-8).');
  }
  let raw: Buffer;
  if (Buffer.isBuffer(req.rawBody)) raw = req.rawBody;
  else if (!req.readableEnded && req.readable) raw = await readStream(req, max);
  else if (req.body !== undefined) raw = Buffer.from(JSON.stringify(req.body));
  else raw = Buffer.alloc(0);
  if (raw.length > max) throw tooLarge(max);
  if (raw.length === 0) throw invalidArgument('A JSON request body is required.');
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw invalidArgument('The request body is not valid UTF-8.', [{ field: 'body', reason: 'is not valid UTF-8' }]);
  }
  // Depth, duplicate keys, unpaired surrogates, huge numbers: before anything parses the text.
  scanJson(text);
  try {
    return JSON.parse(text);
  } catch {
    throw invalidArgument('The request body is not valid JSON.');
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sets each header of `headers` (a route's own; they win over the defaults set before). */
function setHeaders(res: ServerResponse, headers: Record<string, string> | undefined): void {
  if (headers) for (const k in headers) res.setHeader(k, headers[k]!);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  setHeaders(res, headers);
  if (status === 204 || status === 304) {
    res.end();
    return;
  }
  const payload = body === undefined ? '' : jsonPayload(body);
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length);
  res.end(payload);
}

/** Streams bytes with backpressure; a failure mid-body aborts the response (the client sees a short read). */
export function sendStream(
  res: ServerResponse,
  reply: { status: number; headers?: Record<string, string>; stream?: Readable },
  headOnly: boolean,
): void {
  res.statusCode = reply.status;
  res.setHeader('X-Content-Type-Options', 'nosniff');
  setHeaders(res, reply.headers);
  if (headOnly || !reply.stream) {
    reply.stream?.destroy();
    res.end();
    return;
  }
  const body = reply.stream;
  if (body instanceof InMemoryBody) {
    // All the bytes are here already: one write, as a bare server would answer.
    res.end(body.bytes);
    body.destroy();
    return;
  }
  // pipe, not stream.pipeline: the same backpressure and clean-up, without an AbortController
  // (and the DOMException its abort builds) per response.
  body.once('error', () => res.destroy());
  res.once('close', () => body.destroy());
  body.pipe(res);
}

/** The request's bytes: streamed from the socket, or from the buffer a serverless runtime already read. */
export function requestBytes(req: ApiRequest): Readable {
  if (Buffer.isBuffer(req.rawBody)) return Readable.from([req.rawBody]);
  if (Buffer.isBuffer(req.body)) return Readable.from([req.body]);
  if (req.readableEnded) return Readable.from([]);
  return req;
}

/** The body's length when it is known (a buffered body, or a numeric Content-Length). */
export function contentLength(req: ApiRequest): number | undefined {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody.length;
  const value = header(req, 'content-length');
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The ETag response header of a resource's etag. */
export const etagHeader = (etag: string) => ({ ETag: `"${etag}"` });

/** If-None-Match (parsed) names this etag, or `*`: the client's copy is current. */
export function notModified(ifNoneMatch: string[] | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && (ifNoneMatch.includes(etag) || ifNoneMatch.includes('*'));
}

/** Makes a path on this server (the local backend's upload URLs) absolute, as the client reached it. */
export function absoluteUrl(req: ApiRequest, url: string): string {
  return url.startsWith('/') ? `http://${header(req, 'host') ?? '127.0.0.1'}${url}` : url;
}

export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.status, errorBody(error), error.headers);
}
