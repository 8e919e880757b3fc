/**
 * A pass-through HTTP proxy in front of a test target that can inject the
 * faults a real server cannot be made to produce on demand: a 429 / 503 with
 * Retry-After for the next N matching requests, and event streams cut
 * mid-way (then held until released, so changes can happen while a client
 * is disconnected). It records every request it sees.
 */
import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Fault {
  method: string;
  /** Matched against the request's path and query (below the target's base path). */
  path: RegExp;
  status: 429 | 503;
  retryAfter?: string;
  /** How many matching requests get the fault (the rest pass). */
  times: number;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The status the client got. */
  status?: number;
}

export interface FaultProxy {
  /** The base URL to give the client (same paths as the target). */
  url: string;
  seen: SeenRequest[];
  inject(fault: Fault): void;
  /** Cuts every open event stream; new ones wait until the returned function is called. */
  cutStreams(): () => void;
  close(): Promise<void>;
}

export async function faultProxy(targetBaseUrl: string): Promise<FaultProxy> {
  const upstream = new URL(targetBaseUrl);
  const basePath = upstream.pathname.replace(/\/$/, '');
  const faults: Fault[] = [];
  const seen: SeenRequest[] = [];
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let hold: Promise<void> | undefined;

  const server = createServer(async (req, res) => {
    const entry: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    seen.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const fault = faults.find((f) => f.times > 0 && f.method === req.method && f.path.test(entry.url));
    if (fault) {
      fault.times--;
      req.resume();
      const code = fault.status === 429 ? 'resource_exhausted' : 'unavailable';
      res.writeHead(fault.status, {
        'Content-Type': 'application/json; charset=utf-8',
        ...(fault.retryAfter !== undefined && { 'Retry-After': fault.retryAfter }),
      });
      res.end(JSON.stringify({ error: { code, message: 'injected by the test proxy', details: [] } }));
      return;
    }
    const isStream = /\/events(\?|$)/.test(entry.url);
    if (isStream && hold) await hold;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${basePath}${entry.url}`,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (isStream) {
          res.flushHeaders();
          streams.add(res);
          res.on('close', () => streams.delete(res));
        }
        answer.pipe(res);
        res.on('close', () => answer.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    // A client that gives up mid-request (a cut stream, a test's abort) is not a failure of the test running then.
    req.on('error', () => forward.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    inject: (fault) => faults.push(fault),
    cutStreams() {
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      for (const res of streams) res.destroy();
      return () => {
        hold = undefined;
        release();
      };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
