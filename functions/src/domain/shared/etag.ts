import { createHash } from 'node:crypto';

/**
 * A workspace's etag names one version of what a client can change (name,
 * description, status, metadata, members). Counters and lastAccessedAt move
 * without changing it, so a background file upload never fails a rename.
 */
export function workspaceEtag(id: string, version: number): string {
  const key = `${id}:${version}`;
  let etag = recentEtags.get(key);
  if (etag === undefined) {
    etag = createHash('sha256').update(key).digest('base64url').slice(0, 16);
    if (recentEtags.size >= RECENT_ETAGS) recentEtags.delete(recentEtags.keys().next().value as string);
    recentEtags.set(key, etag);
  }
  return etag;
}

/** Etags of the workspaces read lately: a hash per request was a visible share of a read's CPU. */
const RECENT_ETAGS = 1000;
const recentEtags = new Map<string, string>();

/** Parses an If-Match / If-None-Match header into bare tags ('*' stays '*'). */
export function parseEtagList(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((t) => t.replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

/** True when the list from If-Match accepts `etag`. */
export function etagMatches(list: string[], etag: string): boolean {
  return list.includes('*') || list.includes(etag);
}
