import type { ServerResponse } from 'node:http';
import type { TokenVerifier } from '../ports/auth';
import type { Logger } from '../ports/logger';
import type { ApiDeps } from './deps';
import type { ApiRequest } from './io';
import type { Route } from './route';

/** How a backend sets up the API handler (the shell in app.ts and the pipeline it loads). */
export interface ApiHandlerOptions {
  backend: 'local' | 'firebase';
  /** Built on the first request that needs it, so cold starts stay light. */
  deps: () => ApiDeps;
  auth: () => TokenVerifier;
  logger: Logger;
  /** Routes only one backend has (the local upload target); they get no deps. */
  extraRoutes?: Route<unknown>[];
}

export interface RequestPipeline {
  /** Routes, authenticates, parses and answers one request, adding what it learns to `log`; throws ApiErrors. */
  handle(req: ApiRequest, res: ServerResponse, log: Record<string, unknown>): Promise<void>;
}
