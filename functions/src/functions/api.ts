import { onRequest } from 'firebase-functions/v2/https';
import { pageTokenKey, REGION } from '../config';
import { cloudApiHandler } from '../runtime/cloud';

/**
 * The HTTPS API. Public invoker: every request is authenticated by the
 * handler itself. `cors: true` answers browser preflights (bearer tokens,
 * no cookies, so any origin is safe).
 */
export const api = onRequest(
  {
    region: REGION,
    memory: '512MiB',
    timeoutSeconds: 540,
    concurrency: 80,
    invoker: 'public',
    cors: true,
    secrets: [pageTokenKey],
  },
  cloudApiHandler(),
);
