/** What the preview serves: MIME types by extension, and folder -> index.html. */

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  cjs: 'text/javascript; charset=utf-8',
  jsx: 'text/javascript; charset=utf-8',
  ts: 'application/typescript; charset=utf-8',
  tsx: 'application/typescript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
};

/** The MIME type a browser needs for this path, by extension; else the stored type. */
export function previewContentType(path: string, stored: string): string {
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return TYPES[ext] ?? (stored || 'application/octet-stream');
}

/**
 * Headers that keep generated code away from the API's origin: the page runs
 * in a sandbox with an opaque origin (no cookies, storage or credentialed
 * calls of the API's), may only load from the preview itself and from
 * https/data/blob, never sends a Referer (which could carry a token), and is
 * never sniffed into another type.
 */
export const PREVIEW_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads; default-src 'self' https: data: blob: 'unsafe-inline' 'unsafe-eval'; connect-src 'self' https:; frame-ancestors *; base-uri 'self'; form-action 'self' https:",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cache-Control': 'private, no-cache',
};

/** Cookie that carries a preview's token for its sub-resources (scoped to that workspace's preview path). */
export const PREVIEW_COOKIE = 'websplat_preview';
