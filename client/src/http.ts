import { errorFrom, retryAfterMs, WebSplatError } from './errors.js';

/** A request body, as fetch takes it (named here: Node's types have no global BodyInit). */
export type Body = NonNullable<RequestInit['body']>;

type FetchLike = (url: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

/** A bearer token, or a function giving the current one (called before every attempt, so it may refresh). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The status that caused it; 0 for a network error. */
  status: number;
  method: string;
  url: string;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 disables). */
  retries?: number;
  /** First backoff step, doubled each retry, with full jitter (default 250 ms). */
  baseDelayMs?: number;
  /** The longest wait, Retry-After included; a longer Retry-After fails at once (default 30 s). */
  maxDelayMs?: number;
  onRetry?: (info: RetryInfo) => void;
}

export interface ClientOptions {
  /** Where the API is served, without /v1: `http://127.0.0.1:8080` or the `api` function's URL. */
  baseUrl: string;
  token?: TokenSource;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  retry?: RetryOptions;
  /** Files at least this large go through the direct-upload flow (default 8 MiB). */
  directUploadThreshold?: number;
  /** Makes the Idempotency-Key of creates (default crypto.randomUUID). */
  idempotencyKey?: () => string;
}

type Query = Record<string, string | number | boolean | undefined>;

export interface CallOptions {
  query?: Query | undefined;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is; a function is called for every attempt (so a retry can send the bytes again). */
  body?: Body | (() => Body) | undefined;
  headers?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
  /** Retry 429/503 and network errors (default: GET, HEAD, PUT, DELETE, and POST with an Idempotency-Key). */
  idempotent?: boolean;
  /** The request carries no bearer token (a direct-upload URL is its own credential). */
  anonymous?: boolean;
  /** An absolute URL instead of baseUrl + path. */
  absolute?: boolean;
  /** Answers that are not errors besides 2xx (e.g. 304). */
  accept?: number[];
  fetch?: FetchLike | undefined;
}

export interface Call {
  (method: string, path: string, options?: CallOptions): Promise<Response>;
  json<T>(method: string, path: string, options?: CallOptions): Promise<T>;
  url(path: string, query?: Query): string;
  token(): Promise<string | undefined>;
  readonly options: ClientOptions;
}

/**
 * A path parameter as one URL segment: `/` becomes %2F (the contract takes it raw or encoded), and a
 * segment of dots is encoded too, so no URL parser resolves `..` before the server can refuse it.
 */
export const seg = (value: string) =>
  encodeURIComponent(value).replace(/^\.\.?$/, (dots) => dots.replace(/\./g, '%2E'));
/** `a b/c.html` -> `a%20b/c.html`: each segment encoded, `/` kept, as relative URLs of a page need. */
export const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** The transport: auth, JSON, typed errors, and retries with backoff honouring Retry-After. */
export function caller(options: ClientOptions): Call {
  const base = options.baseUrl.replace(/\/+$/, '');
  const retries = options.retry?.retries ?? 3;
  const baseDelay = options.retry?.baseDelayMs ?? 250;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;

  const url = (path: string, query?: Query) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  };
  const token = async () => (typeof options.token === 'function' ? options.token() : options.token);

  const call = (async (method, path, o = {}) => {
    const target = o.absolute ? path : url(path, o.query);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.headers ?? {})) if (v !== undefined) headers[k] = v;
    if (o.json !== undefined) headers['Content-Type'] = 'application/json';
    const replayable = typeof o.body === 'function' || !(o.body instanceof ReadableStream);
    const idempotent =
      (o.idempotent ?? (method === 'POST' ? 'Idempotency-Key' in headers : method !== 'PATCH')) && replayable;
    const doFetch = o.fetch ?? options.fetch ?? ((u, i) => fetch(u, i));
    for (let attempt = 0; ; attempt++) {
      const bearer = o.anonymous ? undefined : await token();
      const body = o.json !== undefined ? JSON.stringify(o.json) : typeof o.body === 'function' ? o.body() : o.body;
      let res: Response | undefined;
      let failure: unknown;
      try {
        res = await doFetch(target, {
          method,
          headers: bearer ? { ...headers, Authorization: `Bearer ${bearer}` } : headers,
          ...(body !== undefined && { body }),
          ...(body instanceof ReadableStream && { duplex: 'half' as const }),
          ...(o.signal && { signal: o.signal }),
        });
      } catch (error) {
        if (o.signal?.aborted) throw error;
        failure = error;
      }
      if (res && (res.ok || o.accept?.includes(res.status))) return res;
      const status = res?.status ?? 0;
      const wait = res && retryAfterMs(res.headers);
      const transient = status === 0 || status === 429 || status === 503;
      const delayMs = wait ?? Math.random() * Math.min(maxDelay, baseDelay * 2 ** attempt);
      if (!idempotent || !transient || attempt >= retries || delayMs > maxDelay) {
        if (res) throw await errorFrom(res);
        throw new WebSplatError(
          0,
          'network',
          `${method} ${target} failed: ${String(failure)}`,
          [],
          undefined,
          undefined,
          {
            cause: failure,
          },
        );
      }
      await res?.body?.cancel();
      options.retry?.onRetry?.({ attempt: attempt + 1, delayMs, status, method, url: target });
      await sleep(delayMs, o.signal);
    }
  }) as Call;
  call.json = async <T>(method: string, path: string, o?: CallOptions) => {
    const res = await call(method, path, o);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  call.url = url;
  call.token = token;
  (call as { options: ClientOptions }).options = options;
  return call;
}
