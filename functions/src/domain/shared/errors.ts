/**
 * The one coded error type of the service. Handlers, services and adapters
 * throw ApiError; the HTTP layer maps it once to the contract's error body.
 */
export const ERROR_STATUS = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  aborted: 409,
  failed_precondition: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One entry of `error.details`: which field was wrong and why. */
export interface ErrorDetail {
  field?: string;
  reason: string;
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. Retry-After for `unavailable`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

export const invalidArgument = (message: string, details: ErrorDetail[] = []) =>
  new ApiError('invalid_argument', message, details);
export const unauthenticated = (message = 'A valid bearer token is required.') =>
  new ApiError('unauthenticated', message);
export const permissionDenied = (message: string) => new ApiError('permission_denied', message);
export const notFound = (message: string) => new ApiError('not_found', message);
export const failedPrecondition = (message: string) => new ApiError('failed_precondition', message);
export const unavailable = (message: string, retryAfterSeconds = 5) =>
  new ApiError('unavailable', message, [], { 'Retry-After': String(retryAfterSeconds) });

/** The contract's error body. Never carries stack traces or SDK text. */
export function errorBody(error: ApiError): {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
} {
  return { error: { code: error.code, message: error.message, details: error.details } };
}
