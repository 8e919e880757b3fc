import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '@functions/domain/shared/errors';
import { loadOrCreateKey, LocalTokens } from '@functions/adapters/local/localTokens';
import { hs256Jwt, tamperPayload, unsignedJwt } from '../support/tokens';

describe('local bearer tokens', () => {
  const key = Buffer.alloc(32, 7);
  let now = Date.UTC(2026, 0, 1);
  const tokens = new LocalTokens(key, () => now);
  const refused = (token: string) =>
    assert.rejects(tokens.verify(token), (e: unknown) => e instanceof ApiError && e.code === 'unauthenticated');

  it('verifies what it minted', async () => {
    const token = tokens.mint('alice', { email: 'a@example.com', ttlSeconds: 3600 });
    assert.deepEqual(await tokens.verify(token), { uid: 'alice', email: 'a@example.com' });
  });

  it('refuses expired, tampered, foreign, unsigned and malformed tokens', async () => {
    const token = tokens.mint('alice', { ttlSeconds: 60 });
    now += 61_000;
    await refused(token);
    now -= 61_000;
    await refused(tamperPayload(token, { sub: 'root' }));
    await refused(new LocalTokens(Buffer.alloc(32, 8)).mint('alice', { ttlSeconds: 60 }));
    await refused(unsignedJwt({ iss: 'websplat-local', aud: 'websplat-local', sub: 'alice', exp: 4e9 }));
    await refused(hs256Jwt({ iss: 'someone-else', aud: 'websplat-local', sub: 'alice', exp: 4e9 }, key));
    await refused(hs256Jwt({ iss: 'websplat-local', aud: 'websplat-local', sub: '', exp: 4e9 }, key));
    await refused(hs256Jwt({ iss: 'websplat-local', aud: 'websplat-local', sub: 'alice' }, key));
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', '...']) await refused(bad);
  });

  it('keeps one key per data folder, created once, readable only by its owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'websplat-keys-'));
    try {
      const first = loadOrCreateKey(dir, 'token-signing');
      assert.equal(first.length, 32);
      assert.deepEqual(loadOrCreateKey(dir, 'token-signing'), first);
      assert.notDeepEqual(loadOrCreateKey(dir, 'page-tokens'), first);
      assert.equal(statSync(join(dir, 'keys', 'token-signing.key')).mode & 0o077, 0);
      assert.deepEqual(readdirSync(join(dir, 'keys')).sort(), ['page-tokens.key', 'token-signing.key']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
