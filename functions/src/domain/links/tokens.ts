/**
 * Link tokens: `wsl.` + base64url(JSON {l, w, s, c, e}) + `.` + HMAC-SHA256,
 * signed with the link key (a secret param in the cloud, a data-folder key
 * locally). The token names its link, workspace, scope, checkpoint and
 * expiry, so a forged or expired one is refused before any read; the stored
 * link is then checked, so a revoked one is refused too. It is never an ID
 * token and means nothing to the user-token verifiers. Only URL-safe
 * characters, so it can stand in a URL path.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { LINK_SCOPES, type LinkRecord, type LinkScope } from '../../ports/links';
import type { LinkGrant } from '../../ports/auth';

export const LINK_TOKEN_PREFIX = 'wsl.';

/** True when the token claims to be a link token (whether it is valid is another matter). */
export const isLinkToken = (token: string): boolean => token.startsWith(LINK_TOKEN_PREFIX);

/** Keeps link signatures apart from anything else the same key might ever sign. */
const DOMAIN = 'websplat link v1\n';

export class LinkTokens {
  constructor(private readonly key: () => Buffer) {}

  mint(link: Pick<LinkRecord, 'id' | 'workspaceId' | 'scope' | 'checkpointId' | 'expiresAt'>): string {
    const payload = Buffer.from(
      JSON.stringify({ l: link.id, w: link.workspaceId, s: link.scope, c: link.checkpointId, e: link.expiresAt }),
    ).toString('base64url');
    return `${LINK_TOKEN_PREFIX}${payload}.${this.sign(payload)}`;
  }

  /** The grant the token claims, when its signature holds; undefined for anything else. */
  read(token: string): LinkGrant | undefined {
    if (!isLinkToken(token)) return undefined;
    const [payload, signature, ...rest] = token.slice(LINK_TOKEN_PREFIX.length).split('.');
    if (!payload || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: { l?: unknown; w?: unknown; s?: unknown; c?: unknown; e?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const { l, w, s, c, e } = claims ?? {};
    if (typeof l !== 'string' || typeof w !== 'string' || typeof e !== 'number') return undefined;
    if (!LINK_SCOPES.includes(s as LinkScope) || (c !== null && typeof c !== 'string')) return undefined;
    return { id: l, workspaceId: w, scope: s as LinkScope, checkpointId: c, expiresAt: e };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key()).update(DOMAIN).update(payload).digest('base64url');
  }
}
