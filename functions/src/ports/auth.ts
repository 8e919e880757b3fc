import type { LinkScope } from './links';

/** What a link token grants: one scope on one workspace (or one checkpoint of it), until `expiresAt`. */
export interface LinkGrant {
  id: string;
  workspaceId: string;
  scope: LinkScope;
  checkpointId: string | null;
  expiresAt: number;
}

/** Who is calling, as established by a verified bearer token (or a link token). */
export interface Principal {
  uid: string;
  email?: string;
  /** An operator: the token carries the custom claim `admin: true` (or the uid is in WEBSPLAT_ADMIN_UIDS). */
  admin?: boolean;
  /** Set when the caller holds a link instead of a user's token: it may only read that workspace. */
  link?: LinkGrant;
}

/** Turns a bearer token into a Principal, or throws ApiError('unauthenticated'). */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
