import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { LocalTokens } from '../adapters/local/localTokens';

/** Where `npm run build` puts the console for the local server (console/build.mjs). */
export const CONSOLE_DIR = resolve(__dirname, '..', '..', '..', 'console', 'dist', 'local');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The console runs only its own code; the generated sites run in the preview's sandboxed iframes. */
const CONSOLE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' blob: data:; frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const DEV_TOKEN_TTL_SECONDS = 3600;
const UID = /^[A-Za-z0-9._@:-]{1,128}$/;

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * POST /console/dev-token {uid}: the console's development sign-in, a local
 * token for any user id, as `websplat token` prints. Only the local server
 * has this route (it is not part of the `api` function); it takes JSON only
 * from this server's own pages, so another site open in the browser cannot
 * mint tokens through it.
 */
function devToken(req: IncomingMessage, res: ServerResponse, tokens: LocalTokens): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) {
    reply(res, 403, { error: { code: 'permission_denied', message: 'Sign in from the console on this server.' } });
    return;
  }
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    reply(res, 415, { error: { code: 'unsupported_media_type', message: 'Send {"uid": "..."} as JSON.' } });
    return;
  }
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    raw += chunk;
    if (raw.length > 4096) req.destroy();
  });
  req.on('end', () => {
    let uid: unknown;
    try {
      uid = (JSON.parse(raw) as { uid?: unknown }).uid;
    } catch {
      uid = undefined;
    }
    if (typeof uid !== 'string' || !UID.test(uid)) {
      reply(res, 400, {
        error: { code: 'invalid_argument', message: 'uid must be 1-128 characters: letters, digits, . _ @ : -' },
      });
      return;
    }
    reply(res, 200, {
      token: tokens.mint(uid, { ttlSeconds: DEV_TOKEN_TTL_SECONDS }),
      expiresIn: DEV_TOKEN_TTL_SECONDS,
    });
  });
}

/**
 * The console's requests on the local server: everything outside /v1. Static
 * files of the built console, index.html for any other page path (the console
 * routes itself), and the development sign-in.
 */
export function consoleHandler(tokens: LocalTokens, dir: string = CONSOLE_DIR) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const pathname = decodeURIComponentSafe((req.url ?? '/').split('?')[0]!);
    if (pathname === '/console/dev-token' && req.method === 'POST') return devToken(req, res, tokens);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(res, 405, { error: { code: 'invalid_argument', message: 'The console only serves GET.' } });
      return;
    }
    let file = pathname === undefined ? undefined : resolve(dir, `.${pathname}`);
    if (file && file !== dir && !file.startsWith(dir + sep)) file = undefined;
    let size = -1;
    try {
      const stat = file ? statSync(file) : undefined;
      if (stat?.isFile()) size = stat.size;
    } catch {
      size = -1;
    }
    if (size < 0) {
      file = join(dir, 'index.html');
      try {
        size = statSync(file).size;
      } catch {
        reply(res, 404, {
          error: { code: 'not_found', message: 'The console is not built: run `npm run build`, then reload.' },
        });
        return;
      }
    }
    res.writeHead(200, {
      ...CONSOLE_HEADERS,
      'Content-Type': TYPES[extname(file!)] ?? 'application/octet-stream',
      'Content-Length': String(size),
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file!).pipe(res);
  };
}

function decodeURIComponentSafe(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
