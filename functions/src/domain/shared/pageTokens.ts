import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidArgument } from './errors';

/**
 * Opaque, tamper-checked page tokens: base64url(JSON) + "." + HMAC. The token
 * is bound to the query it continues (caller and filters), so it cannot be
 * replayed against another listing.
 */
export class PageTokens {
  constructor(private readonly key: () => Buffer) {}

  encode(queryId: string, cursor: unknown): string {
    const payload = Buffer.from(JSON.stringify({ q: queryId, c: cursor })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** Returns the cursor, or throws invalid_argument for any token this service did not issue for `queryId`. */
  decode(queryId: string, token: string): unknown {
    const bad = () =>
      invalidArgument('pageToken is not valid for this listing.', [
        { field: 'pageToken', reason: 'not a token issued for this query' },
      ]);
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) throw bad();
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad();
    let parsed: { q?: unknown; c?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw bad();
    }
    if (parsed.q !== queryId) throw bad();
    return parsed.c;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key()).update(payload).digest('base64url');
  }
}
