import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApiError, invalidArgument } from '../domain/shared/errors';
import { requestIdFor } from '../http/app';
import { sendError } from '../http/io';
import type { Logger } from '../ports/logger';
import { createLocalRuntime, type LocalRuntime } from '../runtime/local';
import { consoleHandler } from './console';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  logger?: Logger;
}

/**
 * functions-framework parses JSON bodies before our handler runs and, on a
 * parse error, would answer with its own HTML page. On the local server we
 * can add an error handler after the function so the answer is the
 * contract's error body.
 */
function bodyParserErrors(error: { type?: string; status?: number }, res: Parameters<typeof sendError>[0]): void {
  if (error.type === 'entity.too.large') {
    sendError(res, new ApiError('payload_too_large', 'The request body is too large.'));
  } else if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported') {
    sendError(res, new ApiError('unsupported_media_type', 'The body charset or encoding is not supported.'));
  } else if (error.status && error.status < 500) {
    sendError(res, invalidArgument('The request body is not valid JSON.'));
  } else {
    sendError(res, new ApiError('internal', 'Internal error.'));
  }
}

/**
 * functions-framework reads every request body into memory before the
 * handler runs (as Cloud Functions does, with its 32 MiB request cap). Locally
 * there is no such cap, so file uploads go straight to the same handler with
 * the socket as the body stream, and memory stays flat for large files.
 */
function streamFileUploads(server: Server, runtime: LocalRuntime): void {
  const framework = server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  const serveConsole = consoleHandler(runtime.tokens);
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const upload = /^\/v1\/workspaces\/[^/?]+\/files\//.test(url) || url.startsWith('/v1/uploads/');
    if (req.method === 'PUT' && upload) void runtime.handler(req, res);
    else if (!/^\/v1([/?]|$)/.test(url))
      serveConsole(req, res); // the console (not part of the api function)
    else framework(req, res);
  });
}

export interface Serving {
  server: Server;
  runtime: LocalRuntime;
  url: string;
  /**
   * Stops serving, as on SIGTERM: no new connections, every open event stream ends with
   * `event: end` (`reason: "shutdown"`), idle keep-alive connections close, and connections
   * still busy after `graceMs` are cut. Resolves once the server is closed (the runtime is not).
   */
  shutdown(graceMs?: number): Promise<void>;
}

/** Serves the API on the local backend through functions-framework, as `npm start` does. */
export async function serve(options: ServeOptions): Promise<Serving> {
  const runtime = createLocalRuntime({ dataDir: options.dataDir, ...(options.logger && { logger: options.logger }) });
  const framework = require('@google-cloud/functions-framework') as typeof import('@google-cloud/functions-framework');
  const { getTestServer } =
    require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/testing');
  framework.http('api', runtime.handler);
  const server = getTestServer('api');
  const app = server.listeners('request')[0] as unknown as {
    use(handler: (err: never, req: unknown, res: never, next: unknown) => void): void;
  };
  // Express recognises error handlers by their four parameters.
  // It runs before the api handler, so it gives the answer its request id itself.
  app.use((err, req, res, _next) => {
    (res as ServerResponse).setHeader('X-Request-Id', requestIdFor(req as IncomingMessage));
    bodyParserErrors(err, res);
  });
  streamFileUploads(server, runtime);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closed: Promise<void> | undefined;
  const shutdown = (graceMs = 5_000) =>
    (closed ??= new Promise<void>((resolve) => {
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      runtime.deps.streams.shutdown();
      // The streams' last bytes are written: their connections, and idle keep-alive ones, can go.
      setImmediate(() => server.closeIdleConnections());
    }));
  // A keep-alive connection that goes idle after close() began is closed too.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (closed) setImmediate(() => server.closeIdleConnections());
    });
  });
  return { server, runtime, url: `http://${options.host}:${port}`, shutdown };
}
