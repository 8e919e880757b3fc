/**
 * Where the HTTP suite runs: the local server (node:http on the
 * embedded backend, temp data folder) or the `api` function inside the
 * Functions emulator (WEBSPLAT_API_URL, set by `npm run emulators:exec`).
 * The same scenarios run against both.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { serve } from '@functions/cli/serve';
import { loadOrCreateKey, LocalTokens } from '@functions/adapters/local/localTokens';
import { firestoreStores } from '@functions/adapters/firebase/firestore';
import { LinkService } from '@functions/domain/links/links';
import { PageTokens } from '@functions/domain/shared/pageTokens';
import { AccessClock } from '@functions/domain/workspaces/accessClock';
import type { MetadataPorts } from '@functions/ports';
import { silentLogger } from '@functions/ports/logger';
import { hs256Jwt, tamperPayload, unsignedJwt } from './tokens';
import { assertNoViolations, validatingProxy } from './openapiValidator';

export interface TestUser {
  uid: string;
  token: string;
}

export interface ApiTarget {
  backend: 'local' | 'firebase';
  baseUrl: string;
  /**
   * The base of the URLs the API itself hands out (links): the request's own host (local), or
   * the configured WEBSPLAT_PUBLIC_URL, the emulator's address behind the validating proxy (firebase).
   */
  publicBaseUrl: string;
  /** A fresh user (unique uid) with a valid token. */
  newUser(label: string): Promise<TestUser>;
  /** A fresh operator: a token with the custom claim admin: true. */
  newAdmin(label: string): Promise<TestUser>;
  /**
   * Links made on the target's own stores and signing key with a clock of
   * the test's choosing (an expired link without waiting for it to expire).
   */
  linksAt(now: () => number): LinkService;
  /** Tokens that must all be refused with 401, by kind. */
  badTokens(user: TestUser): Record<string, string>;
  close(): Promise<void>;
}

const suffix = () => randomBytes(4).toString('hex');

/**
 * The target behind a validating proxy: every exchange of the suite is
 * checked against the OpenAPI document the target serves, and closing the
 * target fails with every exchange that broke it.
 */
async function validated(target: ApiTarget): Promise<ApiTarget> {
  const proxy = await validatingProxy(target.baseUrl, { runtimeAnswersFirst: target.backend === 'firebase' });
  return {
    ...target,
    baseUrl: proxy.baseUrl,
    publicBaseUrl: target.backend === 'firebase' ? target.baseUrl : proxy.baseUrl,
    async close() {
      await proxy.close();
      await target.close();
      assertNoViolations(proxy.violations);
    },
  };
}

function linkServiceOver(stores: MetadataPorts, key: Buffer, now: () => number): LinkService {
  return new LinkService({
    stores,
    key: () => key,
    pageTokens: new PageTokens(() => randomBytes(32)),
    access: new AccessClock(stores, 5 * 60_000, now),
    now,
  });
}

/** The link key the emulator runner gave the emulated api (scripts/lib/emulator-env.mjs). */
function emulatorLinkKey(): Buffer {
  const file = resolve(__dirname, '../../functions/.secret.local');
  const line = /^WEBSPLAT_LINK_SIGNING_KEY=(.+)$/m.exec(readFileSync(file, 'utf8'));
  if (!line) throw new Error(`${file} has no WEBSPLAT_LINK_SIGNING_KEY: run under \`npm run emulators:exec\`.`);
  return Buffer.from(line[1]!.trim(), 'utf8');
}

export async function localTarget(): Promise<ApiTarget> {
  return validated(await localServer());
}

async function localServer(): Promise<ApiTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'websplat-http-'));
  const { server, runtime, url } = await serve({ dataDir, port: 0, host: '127.0.0.1', logger: silentLogger });
  const foreign = new LocalTokens(randomBytes(32));
  return {
    backend: 'local',
    baseUrl: url,
    publicBaseUrl: url,
    async newUser(label) {
      const uid = `${label}-${suffix()}`;
      return { uid, token: runtime.tokens.mint(uid, { ttlSeconds: 3600 }) };
    },
    async newAdmin(label) {
      const uid = `${label}-${suffix()}`;
      return { uid, token: runtime.tokens.mint(uid, { ttlSeconds: 3600, admin: true }) };
    },
    linksAt(now) {
      return linkServiceOver(runtime.metadata, loadOrCreateKey(dataDir, 'link-signing'), now);
    },
    badTokens(user) {
      return {
        malformed: 'not-a-token',
        expired: runtime.tokens.mint(user.uid, { ttlSeconds: -60 }),
        forged: tamperPayload(user.token, { sub: `${user.uid}-admin` }),
        foreign: foreign.mint(user.uid, { ttlSeconds: 3600 }),
        unsigned: unsignedJwt({ iss: 'websplat-local', aud: 'websplat-local', sub: user.uid, exp: 4e9 }),
      };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new email/password account on the Auth emulator, with its ID token. */
export async function signUpEmulatorUser(
  authHost: string,
  label: string,
): Promise<{ email: string; user: { uid: string; token: string } }> {
  const email = `${label}-${suffix()}@example.com`;
  const res = await fetch(`http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'secret-pw', returnSecureToken: true }),
  });
  const body = (await res.json()) as { idToken: string; localId: string };
  if (!res.ok) throw new Error(`Auth emulator signUp failed: ${res.status} ${JSON.stringify(body)}`);
  return { email, user: { uid: body.localId, token: body.idToken } };
}

export async function emulatorTarget(): Promise<ApiTarget> {
  return validated(await emulatorApi());
}

async function emulatorApi(): Promise<ApiTarget> {
  const baseUrl = process.env.WEBSPLAT_API_URL;
  const authHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (!baseUrl || !authHost) {
    throw new Error('WEBSPLAT_API_URL and FIREBASE_AUTH_EMULATOR_HOST are unset: run under `npm run emulators:exec`.');
  }
  const project = process.env.GCLOUD_PROJECT || 'demo-websplat';
  const signUp = (label: string) => signUpEmulatorUser(authHost, label);
  return {
    backend: 'firebase',
    baseUrl,
    publicBaseUrl: baseUrl,
    async newUser(label) {
      return (await signUp(label)).user;
    },
    linksAt(now) {
      return linkServiceOver(firestoreStores(), emulatorLinkKey(), now);
    },
    async newAdmin(label) {
      // Set the custom claim with the emulator's admin credential, then sign in again for a token carrying it.
      const { user, email } = await signUp(label);
      const auth = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`http://${authHost}/identitytoolkit.googleapis.com/v1/${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const claim = await auth(
        `projects/${project}/accounts:update`,
        { localId: user.uid, customAttributes: JSON.stringify({ admin: true }) },
        { Authorization: 'Bearer owner' },
      );
      if (!claim.ok) throw new Error(`Auth emulator accounts:update failed: ${claim.status} ${await claim.text()}`);
      const signIn = await auth('accounts:signInWithPassword?key=any', {
        email,
        password: 'secret-pw',
        returnSecureToken: true,
      });
      const body = (await signIn.json()) as { idToken: string };
      if (!signIn.ok) throw new Error(`Auth emulator signIn failed: ${signIn.status} ${JSON.stringify(body)}`);
      return { uid: user.uid, token: body.idToken };
    },
    badTokens(user) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: `https://securetoken.google.com/${project}`,
        aud: project,
        sub: user.uid,
        user_id: user.uid,
        auth_time: now - 7200,
        firebase: { identities: {}, sign_in_provider: 'password' },
      };
      return {
        malformed: 'not-a-token',
        expired: unsignedJwt({ ...claims, iat: now - 7200, exp: now - 3600 }),
        forged: unsignedJwt({
          ...claims,
          aud: 'another-project',
          iss: 'https://securetoken.google.com/another-project',
          iat: now,
          exp: now + 3600,
        }),
        foreign: hs256Jwt({ iss: 'websplat-local', aud: 'websplat-local', sub: user.uid, exp: now + 3600 }),
      };
    },
    async close() {},
  };
}
