import type { Server } from 'node:http';
import type { Logger } from '../ports/logger';
import { createLocalRuntime, type LocalRuntime } from '../runtime/local';
import { nodeHttpServer } from '../runtime/nodeHttp';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  logger?: Logger;
}

/**
 * Serves the API on the local backend, as `npm start` does: the deployed
 * handler on a plain node:http server (runtime/nodeHttp). Request bodies are
 * read from the socket by the handler, so uploads stream and memory stays
 * flat for large files.
 */
export async function serve(options: ServeOptions): Promise<{ server: Server; runtime: LocalRuntime; url: string }> {
  const runtime = createLocalRuntime({ dataDir: options.dataDir, ...(options.logger && { logger: options.logger }) });
  const server = nodeHttpServer(runtime.handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, runtime, url: `http://${options.host}:${port}` };
}
