/** Who is calling, as established by a verified bearer token. */
export interface Principal {
  uid: string;
  email?: string;
  /** An operator: the token carries the custom claim `admin: true` (or the uid is in WEBSPLAT_ADMIN_UIDS). */
  admin?: boolean;
}

/** Turns a bearer token into a Principal, or throws ApiError('unauthenticated'). */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
