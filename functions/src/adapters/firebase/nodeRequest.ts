/**
 * One HTTP(S) request with node's own clients, its whole answer as text: what
 * the SDK-less paths of the cold start use (token verification, the metadata
 * server's tokens, Firestore document reads) instead of loading an SDK or
 * undici. A timeout ends the request with an error coded ETIMEDOUT.
 */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface TextAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export function requestText(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent; timeoutMs?: number } = {},
): Promise<TextAnswer> {
  return new Promise<TextAnswer>((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const options = {
      method: init.method ?? 'GET',
      headers: init.headers,
      timeout: init.timeoutMs ?? 10_000,
      ...(init.agent && { agent: init.agent }),
    };
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`${url}: timed out`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(init.body);
  });
}
