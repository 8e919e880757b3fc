import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiHandler } from '../http/app';

/**
 * Serves the one API handler straight on `node:http`, without
 * functions-framework's express stack (its per-request `domain`, body parser
 * and middleware). The handler needs nothing express adds: it reads headers
 * and the URL, reads JSON bodies and upload bytes from the socket
 * (readJsonBody / requestBytes), and writes status, headers and bodies,
 * streams (downloads, event streams) included, with node's own response
 * methods. So this adapter only passes each request on, and turns a
 * rejection it never expects into a dropped connection.
 */
export function nodeHttpServer(handler: ApiHandler): Server {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handler(req, res).catch(() => res.destroy());
  });
  // Behind no proxy: let idle keep-alive connections live a little longer than node's 5 s default.
  server.keepAliveTimeout = 65_000;
  return server;
}
