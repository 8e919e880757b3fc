import type { HttpsFunction, HttpsOptions } from 'firebase-functions/v2/https';
import { apiMaxInstances, apiMinInstances, linkSigningKey, pageTokenKey, REGION } from '../config';
import type { ApiHandler } from '../http/app';
import type { ApiRequest } from '../http/io';
import type { ServerResponse } from 'node:http';

/**
 * The HTTPS API. Public invoker: every request is authenticated by the
 * handler itself, which also answers CORS preflights (bearer tokens, no
 * cookies, so any origin is safe).
 */
const OPTIONS: HttpsOptions = {
  region: REGION,
  memory: '512MiB',
  timeoutSeconds: 540,
  concurrency: 80,
  minInstances: apiMinInstances,
  maxInstances: apiMaxInstances,
  invoker: 'public',
  secrets: [pageTokenKey, linkSigningKey],
};

let handler: ApiHandler | undefined;
/** The handler and its services are built on the first request, not when the module loads. */
const apiHandler = (): ApiHandler =>
  (handler ??= (require('../runtime/cloud') as typeof import('../runtime/cloud')).cloudApiHandler());

const serveRequest = (req: ApiRequest, res: ServerResponse): Promise<void> => apiHandler()(req, res);

let endpoint: HttpsFunction['__endpoint'] | undefined;

/**
 * The deployed function is the handler itself: functions-framework calls it
 * with each request. Only `firebase deploy` (and the emulator's discovery)
 * reads `__endpoint`, and only then is firebase-functions/v2/https loaded to
 * build it with onRequest, from the same options; an answer never waits for
 * that module (it pulls in firebase-admin's auth, jose and google-auth-library).
 */
export const api = Object.defineProperty(serveRequest, '__endpoint', {
  enumerable: true,
  get: () =>
    (endpoint ??= (require('firebase-functions/v2/https') as typeof import('firebase-functions/v2/https')).onRequest(
      OPTIONS,
      (req, res) => serveRequest(req, res),
    ).__endpoint),
}) as typeof serveRequest & Pick<HttpsFunction, '__endpoint'>;
