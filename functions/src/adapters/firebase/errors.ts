import { ApiError, unavailable } from '../../domain/shared/errors';

/**
 * Maps Google API / gRPC errors to the contract's codes. SDK text never
 * reaches a client: it is logged by the HTTP layer, which sees `cause`.
 */
export function mapGoogleError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: unknown })?.code;
  let mapped: ApiError | undefined;
  // gRPC status numbers (Firestore) and HTTP statuses (Cloud Storage JSON API).
  if (code === 14 || code === 4 || code === 503 || code === 'ECONNREFUSED' || code === 'ETIMEDOUT') {
    mapped = unavailable('The storage backend is unavailable; retry shortly.');
  } else if (code === 8 || code === 429) {
    mapped = new ApiError('resource_exhausted', 'The storage backend is over its rate; retry shortly.', [], {
      'Retry-After': '2',
    });
  } else if (code === 10) {
    mapped = new ApiError('aborted', 'Too much contention on this resource; retry.');
  }
  if (mapped) {
    (mapped as { cause?: unknown }).cause = error;
    return mapped;
  }
  return error;
}
