/** Hand-made JWTs for auth tests (unsigned, or signed with a key the server does not know). */
import { createHmac, randomBytes } from 'node:crypto';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function unsignedJwt(payload: Record<string, unknown>): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

export function hs256Jwt(payload: Record<string, unknown>, key: Buffer = randomBytes(32)): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

/** Replaces the payload of a signed token and keeps its signature: a forgery. */
export function tamperPayload(token: string, changes: Record<string, unknown>): string {
  const [head, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  return `${head}.${b64({ ...claims, ...changes })}.${signature}`;
}
