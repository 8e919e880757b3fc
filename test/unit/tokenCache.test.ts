import { strict as assert } from 'node:assert';
import { ApiError } from '@functions/domain/shared/errors';
import { LocalTokens } from '@functions/adapters/local/localTokens';
import { cachingVerifier } from '@functions/http/tokenCache';
import type { TokenVerifier } from '@functions/ports/auth';

describe('cached token verification', () => {
  let now = Date.UTC(2026, 0, 1);
  const tokens = new LocalTokens(Buffer.alloc(32, 3), () => now);
  let calls = 0;
  const counting: TokenVerifier = {
    verify: (token) => {
      calls += 1;
      return tokens.verify(token);
    },
  };
  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    calls = 0;
  });
  const refused = (p: Promise<unknown>) =>
    assert.rejects(p, (e: unknown) => e instanceof ApiError && e.code === 'unauthenticated');

  it('verifies a token once and answers the same principal after', async () => {
    const cache = cachingVerifier(counting, { now: () => now });
    const token = tokens.mint('alice', { email: 'a@example.com', ttlSeconds: 3600, admin: true });
    assert.equal(cache.cached(token), undefined);
    const first = await cache.verify(token);
    assert.deepEqual(await cache.verify(token), first);
    assert.deepEqual(cache.cached(token), first);
    assert.deepEqual(first, { uid: 'alice', email: 'a@example.com', admin: true });
    assert.equal(calls, 1);
  });

  it('refuses a remembered token once it has expired', async () => {
    const cache = cachingVerifier(counting, { now: () => now });
    const token = tokens.mint('bob', { ttlSeconds: 60 });
    await cache.verify(token);
    now += 61_000;
    assert.equal(cache.cached(token), undefined);
    await refused(cache.verify(token));
    assert.equal(calls, 2);
  });

  it('verifies again after maxAgeMs, even for a long-lived token', async () => {
    const cache = cachingVerifier(counting, { now: () => now, maxAgeMs: 1000 });
    const token = tokens.mint('carol', { ttlSeconds: 3600 });
    await cache.verify(token);
    now += 500;
    await cache.verify(token);
    now += 600;
    await cache.verify(token);
    assert.equal(calls, 2);
  });

  it('never remembers a refusal', async () => {
    const cache = cachingVerifier(counting, { now: () => now });
    const expired = tokens.mint('dave', { ttlSeconds: -1 });
    await refused(cache.verify(expired));
    await refused(cache.verify(expired));
    await refused(cache.verify('not-a-token'));
    assert.equal(calls, 3);
  });

  it('keeps at most maxEntries tokens, dropping the oldest', async () => {
    const cache = cachingVerifier(counting, { now: () => now, maxEntries: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map((uid) => tokens.mint(uid, { ttlSeconds: 3600 })) as [string, string, string];
    for (const t of [a, b, c]) await cache.verify(t);
    assert.equal(calls, 3);
    await cache.verify(c);
    await cache.verify(b);
    assert.equal(calls, 3);
    await cache.verify(a);
    assert.equal(calls, 4);
  });
});
