import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unauthenticated } from '../../domain/shared/errors';
import type { Principal } from '../../ports/auth';
import type { TokenVerifier } from '../../ports/auth';

export const LOCAL_ISSUER = 'websplat-local';

/**
 * Reads the data folder's secret key, creating it on first use: written to a
 * temp file, then hard-linked into place, which fails if another process got
 * there first, so every process ends up with the same complete key.
 */
export function loadOrCreateKey(dataDir: string, name: string): Buffer {
  const file = join(dataDir, 'keys', `${name}.key`);
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, randomBytes(32).toString('base64'), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(tmp);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Bearer tokens of the local backend: compact JWTs (HS256) signed with a key
 * kept in the data folder, so a token from another data folder is foreign.
 */
export class LocalTokens implements TokenVerifier {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  mint(uid: string, options: { email?: string; ttlSeconds: number; admin?: boolean }): string {
    const iat = Math.floor(this.now() / 1000);
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const payload = b64({
      iss: LOCAL_ISSUER,
      aud: LOCAL_ISSUER,
      sub: uid,
      ...(options.email && { email: options.email }),
      ...(options.admin && { admin: true }),
      iat,
      exp: iat + options.ttlSeconds,
    });
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  /** True when the token claims to be ours (so a composite verifier knows whom to ask). */
  static looksLocal(token: string): boolean {
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
      return payload?.iss === LOCAL_ISSUER;
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<Principal> {
    const parts = token.split('.');
    if (parts.length !== 3) throw unauthenticated('The bearer token is malformed.');
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw unauthenticated('The bearer token is not valid for this server.');
    }
    let claims: {
      alg?: unknown;
      iss?: unknown;
      aud?: unknown;
      sub?: unknown;
      email?: unknown;
      exp?: unknown;
      admin?: unknown;
    };
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (head?.alg !== 'HS256') throw new Error('alg');
    } catch {
      throw unauthenticated('The bearer token is malformed.');
    }
    if (claims.iss !== LOCAL_ISSUER || claims.aud !== LOCAL_ISSUER || typeof claims.sub !== 'string' || !claims.sub) {
      throw unauthenticated('The bearer token is not valid for this server.');
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) {
      throw unauthenticated('The bearer token has expired.');
    }
    return {
      uid: claims.sub,
      ...(typeof claims.email === 'string' && { email: claims.email }),
      ...(claims.admin === true && { admin: true }),
    };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}
