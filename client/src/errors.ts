/** The contract's error codes; a newer server may send others. */
export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'aborted'
  | 'failed_precondition'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'resource_exhausted'
  | 'unavailable'
  | 'internal'
  /** The request never got an answer (connection refused, reset, DNS). */
  | 'network';

export interface ErrorDetail {
  field?: string;
  reason: string;
}

/**
 * Every failed call rejects with this: the error body of the contract
 * (`{"error": {code, message, details}}`) with the HTTP status. `status` is 0
 * when no answer arrived (`code` is then `network` and `cause` the fetch error).
 */
export class WebSplatError extends Error {
  override readonly name = 'WebSplatError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly details: ErrorDetail[] = [],
    /** X-Request-Id of the answer, to quote when reporting a problem. */
    readonly requestId?: string,
    /** The server's Retry-After, in milliseconds, when it sent one. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The typed error of a non-2xx answer (its body is read). */
export async function errorFrom(res: Response): Promise<WebSplatError> {
  let body: { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined;
  try {
    body = (await res.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  return new WebSplatError(
    res.status,
    error?.code ?? (res.status >= 500 ? 'internal' : 'unknown'),
    error?.message ?? `HTTP ${res.status}`,
    error?.details ?? [],
    res.headers.get('x-request-id') ?? undefined,
    retryAfterMs(res.headers),
  );
}
