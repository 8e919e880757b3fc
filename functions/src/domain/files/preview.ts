/** What the preview serves: MIME types by extension, and folder -> index.html. */
import { isTextual, typeByExtension } from './contentTypes';

/** The MIME type a browser needs for this path, by extension; else the stored type. */
export function previewContentType(path: string, stored: string): string {
  const type = typeByExtension(path);
  if (!type) return stored || 'application/octet-stream';
  return isTextual(type) ? `${type}; charset=utf-8` : type;
}

/**
 * Headers that keep generated code away from the API's origin: the page runs
 * in a sandbox with an opaque origin (no cookies, storage or credentialed
 * calls of the API's), may only load from the preview itself and from
 * https/data/blob, never sends a Referer (which would carry its preview
 * link), and is never sniffed into another type. The only credential a
 * page ever holds is its own preview link, in its URL (docs/security.md).
 */
export const PREVIEW_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads; default-src 'self' https: data: blob: 'unsafe-inline' 'unsafe-eval'; connect-src 'self' https:; frame-ancestors *; base-uri 'self'; form-action 'self' https:",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cache-Control': 'private, no-cache',
};
