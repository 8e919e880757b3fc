import type { Principal, TokenVerifier } from '../ports/auth';

export interface TokenCacheOptions {
  /** Most tokens remembered; the oldest entry goes first. */
  maxEntries?: number;
  /** Longest a verification is trusted, even for a token that lives longer. */
  maxAgeMs?: number;
  now?: () => number;
}

/** The `exp` claim (seconds) of a compact JWT, without verifying it; undefined when there is none. */
function expiresAtMs(token: string): number | undefined {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0) return undefined;
  try {
    const exp = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8'))?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remembers successful verifications, so an agent's many requests with one
 * bearer token pay for the signature check once. An entry is trusted until
 * the token's own `exp` or `maxAgeMs` after it was verified, whichever comes
 * first; failures are never remembered. Neither verifier behind it checks
 * revocation per request, so the answers are the same, only cheaper.
 */
export interface CachingVerifier extends TokenVerifier {
  /** The remembered principal of a token still trusted, without a promise (the hot path). */
  cached(token: string): Principal | undefined;
}

export function cachingVerifier(inner: TokenVerifier, options: TokenCacheOptions = {}): CachingVerifier {
  const maxEntries = options.maxEntries ?? 1000;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { principal: Principal; until: number }>();
  const cached = (token: string): Principal | undefined => {
    const hit = entries.get(token);
    if (!hit) return undefined;
    if (hit.until > now()) return hit.principal;
    entries.delete(token);
    return undefined;
  };
  return {
    cached,
    async verify(token) {
      const hit = cached(token);
      if (hit) return hit;
      const principal = await inner.verify(token);
      const exp = expiresAtMs(token);
      if (exp !== undefined) {
        const until = Math.min(exp, now() + maxAgeMs);
        if (until > now()) {
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
          entries.set(token, { principal, until });
        }
      }
      return principal;
    },
  };
}
