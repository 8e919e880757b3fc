import { onRequest } from 'firebase-functions/v2/https';
import { apiMaxInstances, apiMinInstances, linkSigningKey, pageTokenKey, REGION } from '../config';
import type { ApiHandler } from '../http/app';

let handler: ApiHandler | undefined;
/** The handler and its services are built on the first request, not when the module loads. */
const apiHandler = (): ApiHandler =>
  (handler ??= (require('../runtime/cloud') as typeof import('../runtime/cloud')).cloudApiHandler());

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
    minInstances: apiMinInstances,
    maxInstances: apiMaxInstances,
    invoker: 'public',
    cors: true,
    secrets: [pageTokenKey, linkSigningKey],
  },
  (req, res) => apiHandler()(req, res),
);
