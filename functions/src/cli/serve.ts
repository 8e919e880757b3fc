import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '../ports/logger';
import { createLocalRuntime, type LocalRuntime } from '../runtime/local';
import { nodeHttpServer } from '../runtime/nodeHttp';
import { consoleHandler } from './console';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  logger?: Logger;
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

/**
 * Serves the API on the local backend, as `npm start` does: the deployed
 * handler on a plain node:http server (runtime/nodeHttp). Request bodies are
 * read from the socket by the handler, so uploads stream and memory stays
 * flat for large files.
 */
export async function serve(options: ServeOptions): Promise<Serving> {
  const runtime = createLocalRuntime({ dataDir: options.dataDir, ...(options.logger && { logger: options.logger }) });
  // Everything outside /v1 is the console (not part of the api function).
  const serveConsole = consoleHandler(runtime.tokens);
  const server = nodeHttpServer(async (req, res) => {
    if (/^\/v1([/?]|$)/.test(req.url ?? '')) return runtime.handler(req, res);
    serveConsole(req, res);
  });
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
