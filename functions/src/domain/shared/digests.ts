import { createHash } from 'node:crypto';

/**
 * A pure function of a string, remembered for the last `size` distinct
 * arguments (the oldest forgotten first). For hashes the hot paths take on
 * every request of the same few values: a listing's query id, an etag.
 */
export function rememberLast(size: number, compute: (key: string) => string): (key: string) => string {
  const recent = new Map<string, string>();
  return (key) => {
    let value = recent.get(key);
    if (value === undefined) {
      value = compute(key);
      if (recent.size >= size) recent.delete(recent.keys().next().value as string);
      recent.set(key, value);
    }
    return value;
  };
}

/** 16 hex characters of SHA-256: the id of a listing query that its page tokens are bound to. */
export const listingQueryId = rememberLast(1000, (text) =>
  createHash('sha256').update(text).digest('hex').slice(0, 16),
);
