/** A tiny HTTP client for tests: what an outside client of the API would do with fetch. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;

  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  token?: string;
  /** Serialized as JSON with Content-Type: application/json unless `raw` is given. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export function client(baseUrl: string) {
  return async function request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

export type Request = ReturnType<typeof client>;

/**
 * Sends a request with the path exactly as given: fetch (WHATWG URL) would
 * normalize `..` and `%2e%2e` away before they reach the server.
 */
export async function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: Buffer | string; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; text: string; json: any }> {
  const { request } = await import('node:http');
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/$/, '');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${basePath}${path}`,
        headers: {
          ...options.headers,
          ...(options.token && { Authorization: `Bearer ${options.token}` }),
          ...(options.body !== undefined && { 'Content-Length': String(Buffer.byteLength(options.body)) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
