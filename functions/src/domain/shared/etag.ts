import { createHash } from 'node:crypto';
import { rememberLast } from './digests';

/**
 * A workspace's etag names one version of what a client can change (name,
 * description, status, metadata, members). Counters and lastAccessedAt move
 * without changing it, so a background file upload never fails a rename.
 */
export function workspaceEtag(id: string, version: number): string {
  return recentEtag(`${id}:${version}`);
}

// The same few workspaces are read over and over: a hash per request was a visible share of a read.
const recentEtag = rememberLast(1000, (key) => createHash('sha256').update(key).digest('base64url').slice(0, 16));

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
