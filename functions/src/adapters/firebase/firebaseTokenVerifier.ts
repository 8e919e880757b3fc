import { verify as verifySignature } from 'node:crypto';
import { authEmulatorHost, projectId } from '../../config';
import { unauthenticated, unavailable } from '../../domain/shared/errors';
import type { Principal } from '../../ports/auth';
import type { TokenVerifier } from '../../ports/auth';
import { requestText } from './nodeRequest';

/** Google's X.509 certificates (by key id) that sign Firebase ID tokens. */
export const SECURE_TOKEN_CERTS =
  'https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com';

interface Claims {
  iss?: unknown;
  aud?: unknown;
  sub?: unknown;
  exp?: unknown;
  iat?: unknown;
  auth_time?: unknown;
  email?: unknown;
  admin?: unknown;
}

interface JsonAnswer {
  status: number;
  body: unknown;
  maxAgeSeconds: number;
}

/** One JSON request (see requestText), with the max-age its Cache-Control allows. */
async function requestJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<JsonAnswer> {
  const answer = await requestText(url, init);
  const maxAge = /max-age=(\d+)/.exec(String(answer.headers['cache-control'] ?? ''));
  return { status: answer.status, body: JSON.parse(answer.text), maxAgeSeconds: maxAge ? Number(maxAge[1]) : 0 };
}

const invalid = () => unauthenticated('The bearer token is not a valid Firebase ID token.');
const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/**
 * Firebase Auth ID tokens, verified as firebase-admin's verifyIdToken does,
 * without loading firebase-admin's auth stack (jsonwebtoken, jwks, the
 * Identity Toolkit client: about a third of a second on a cold instance):
 * - the claims: aud is the project, iss is securetoken.google.com/<project>,
 *   sub is a uid of 1-128 characters, exp in the future, iat and auth_time
 *   not in the future;
 * - on a real project, an RS256 signature by one of Google's current keys
 *   (fetched once and kept for as long as Google's Cache-Control says);
 * - against the Auth emulator (FIREBASE_AUTH_EMULATOR_HOST), unsigned tokens
 *   (alg "none"), and, as firebase-admin does there, the account is looked
 *   up: a deleted or disabled user, or a token issued before the user's
 *   tokens were revoked, is refused.
 */
export class FirebaseTokenVerifier implements TokenVerifier {
  private certs: { byKid: Record<string, string>; until: number } | undefined;
  private loadingCerts: Promise<Record<string, string>> | undefined;

  constructor(
    private readonly options: {
      project?: string;
      emulatorHost?: string;
      certsUrl?: string;
      now?: () => number;
    } = {},
  ) {}

  async verify(token: string): Promise<Principal> {
    const project = this.options.project ?? projectId();
    const emulator = this.options.emulatorHost ?? authEmulatorHost();
    const now = (this.options.now ?? Date.now)();
    const parts = token.split('.');
    if (parts.length !== 3) throw invalid();
    const [head, body, signature] = parts as [string, string, string];
    let header: { alg?: unknown; kid?: unknown };
    let claims: Claims;
    try {
      header = decode(head) as typeof header;
      claims = decode(body) as Claims;
    } catch {
      throw invalid();
    }
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') throw invalid();
    if (claims.aud !== project || claims.iss !== `https://securetoken.google.com/${project}`) throw invalid();
    if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) throw invalid();
    const seconds = now / 1000;
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw invalid();
    if (claims.exp <= seconds) throw unauthenticated('The bearer token has expired.');
    if (claims.iat > seconds + 1) throw invalid();
    if (claims.auth_time !== undefined && (typeof claims.auth_time !== 'number' || claims.auth_time > seconds + 1)) {
      throw invalid();
    }
    if (emulator) {
      if (header.alg !== 'none' || signature !== '') throw invalid();
      await this.checkEmulatorAccount(emulator, project, claims.sub, claims.auth_time ?? claims.iat);
    } else {
      if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw invalid();
      const cert = (await this.publicCerts(now))[header.kid];
      if (!cert) throw invalid();
      let ok: boolean;
      try {
        ok = verifySignature('RSA-SHA256', Buffer.from(`${head}.${body}`), cert, Buffer.from(signature, 'base64url'));
      } catch {
        ok = false;
      }
      if (!ok) throw invalid();
    }
    return {
      uid: claims.sub,
      ...(typeof claims.email === 'string' && claims.email && { email: claims.email }),
      ...(claims.admin === true && { admin: true }),
    };
  }

  /** Google's signing certificates, by key id; kept until their Cache-Control max-age runs out. */
  private async publicCerts(now: number): Promise<Record<string, string>> {
    if (this.certs && this.certs.until > now) return this.certs.byKid;
    this.loadingCerts ??= (async () => {
      try {
        const answer = await requestJson(this.options.certsUrl ?? SECURE_TOKEN_CERTS);
        if (answer.status !== 200 || !answer.body || typeof answer.body !== 'object') {
          throw new Error(`certificates: HTTP ${answer.status}`);
        }
        const byKid = answer.body as Record<string, string>;
        this.certs = { byKid, until: now + answer.maxAgeSeconds * 1000 };
        return byKid;
      } catch {
        throw unavailable('Token verification is unavailable; retry shortly.');
      } finally {
        this.loadingCerts = undefined;
      }
    })();
    return this.loadingCerts;
  }

  /** The Auth emulator's account: it must exist, be enabled, and not have revoked tokens issued at `authTime`. */
  private async checkEmulatorAccount(host: string, project: string, uid: string, authTime: number): Promise<void> {
    let answer: JsonAnswer;
    try {
      answer = await requestJson(
        `http://${host}/identitytoolkit.googleapis.com/v1/projects/${project}/accounts:lookup`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer owner' },
          body: JSON.stringify({ localId: [uid] }),
        },
      );
    } catch {
      throw unavailable('Token verification is unavailable; retry shortly.');
    }
    if (answer.status >= 500) throw unavailable('Token verification is unavailable; retry shortly.');
    const user = (answer.body as { users?: { disabled?: boolean; validSince?: string }[] })?.users?.[0];
    if (answer.status !== 200 || !user || user.disabled === true) throw invalid();
    if (user.validSince !== undefined && authTime < Number(user.validSince)) {
      throw unauthenticated('The bearer token has been revoked.');
    }
  }
}
