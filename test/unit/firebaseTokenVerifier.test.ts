/**
 * Firebase ID token verification without firebase-admin's auth stack: a
 * local server stands in for Google's certificate endpoint (RS256 tokens
 * signed with a key made here) and for the Auth emulator's account lookup.
 */
import { strict as assert } from 'node:assert';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '@functions/domain/shared/errors';
import { FirebaseTokenVerifier } from '@functions/adapters/firebase/firebaseTokenVerifier';
import { hs256Jwt, tamperPayload, unsignedJwt } from '../support/tokens';

const PROJECT = 'demo-verify';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function rs256(payload: Record<string, unknown>, kid = 'k1', key = privateKey): string {
  const head = `${b64({ alg: 'RS256', kid, typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${sign('RSA-SHA256', Buffer.from(head), key).toString('base64url')}`;
}

const code = (expected: string, message?: RegExp) => (e: unknown) =>
  e instanceof ApiError && e.code === expected && (!message || message.test(e.message));

describe('Firebase ID token verification', () => {
  let server: Server;
  let base: string;
  let certHits = 0;
  let certsDown = false;
  const accounts: Record<string, { disabled?: boolean; validSince?: string }> = {};
  let now = Date.UTC(2026, 0, 1);
  const seconds = () => Math.floor(now / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: `https://securetoken.google.com/${PROJECT}`,
    aud: PROJECT,
    sub: 'alice',
    iat: seconds() - 10,
    auth_time: seconds() - 10,
    exp: seconds() + 3600,
    email: 'alice@example.com',
    ...extra,
  });

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/certs') {
        certHits += 1;
        if (certsDown) return void res.writeHead(503).end('{}');
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=60' });
        return void res.end(JSON.stringify({ k1: publicKey.export({ type: 'spki', format: 'pem' }) }));
      }
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        assert.equal(req.url, `/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:lookup`);
        assert.equal(req.headers.authorization, 'Bearer owner');
        const uid = JSON.parse(text).localId[0];
        const user = accounts[uid];
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(user ? { users: [{ localId: uid, ...user }] } : {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    certHits = 0;
    certsDown = false;
  });

  describe('on a real project (RS256, Google certificates)', () => {
    const verifier = () =>
      new FirebaseTokenVerifier({ project: PROJECT, emulatorHost: '', certsUrl: `${base}/certs`, now: () => now });

    it('accepts a token signed by a current key, with its uid, email and admin claim', async () => {
      const v = verifier();
      assert.deepEqual(await v.verify(rs256(claims())), { uid: 'alice', email: 'alice@example.com' });
      assert.deepEqual(await v.verify(rs256(claims({ admin: true }))), {
        uid: 'alice',
        email: 'alice@example.com',
        admin: true,
      });
      assert.equal(certHits, 1, 'the certificates are fetched once while their max-age lasts');
      now += 61_000;
      await v.verify(rs256(claims()));
      assert.equal(certHits, 2, 'and again once it has run out');
    });

    it('refuses forged, foreign, unsigned and mis-addressed tokens', async () => {
      const v = verifier();
      const good = rs256(claims());
      for (const bad of [
        tamperPayload(good, { sub: 'mallory' }),
        rs256(claims(), 'k1', other.privateKey),
        rs256(claims(), 'unknown-kid'),
        hs256Jwt(claims()),
        unsignedJwt(claims()),
        rs256(claims({ aud: 'another-project' })),
        rs256(claims({ iss: 'https://securetoken.google.com/another-project' })),
        rs256(claims({ sub: '' })),
        rs256(claims({ sub: 'x'.repeat(129) })),
        rs256(claims({ iat: seconds() + 600 })),
        'not-a-token',
        `${good}.extra`,
      ]) {
        await assert.rejects(v.verify(bad), code('unauthenticated'), bad.slice(0, 40));
      }
    });

    it('says when a token has expired', async () => {
      await assert.rejects(
        verifier().verify(rs256(claims({ exp: seconds() - 1 }))),
        code('unauthenticated', /expired/),
      );
    });

    it('is unavailable, not a 401, while the certificates cannot be fetched', async () => {
      certsDown = true;
      await assert.rejects(verifier().verify(rs256(claims())), code('unavailable'));
    });
  });

  describe('against the Auth emulator (unsigned tokens, the account looked up)', () => {
    const verifier = () => new FirebaseTokenVerifier({ project: PROJECT, emulatorHost: base.slice(7), now: () => now });

    it('accepts an unsigned token of an existing, enabled account', async () => {
      accounts.alice = {};
      assert.deepEqual(await verifier().verify(unsignedJwt(claims())), { uid: 'alice', email: 'alice@example.com' });
    });

    it('refuses signed tokens, unknown or disabled accounts and revoked tokens', async () => {
      accounts.alice = {};
      accounts.bob = { disabled: true };
      accounts.carol = { validSince: String(seconds()) };
      const v = verifier();
      await assert.rejects(v.verify(rs256(claims())), code('unauthenticated'));
      await assert.rejects(v.verify(unsignedJwt(claims({ sub: 'nobody' }))), code('unauthenticated'));
      await assert.rejects(v.verify(unsignedJwt(claims({ sub: 'bob' }))), code('unauthenticated'));
      await assert.rejects(v.verify(unsignedJwt(claims({ sub: 'carol' }))), code('unauthenticated', /revoked/));
    });
  });
});
