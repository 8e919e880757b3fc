import type { Principal } from '../domain/model';

/** Turns a bearer token into a Principal, or throws ApiError('unauthenticated'). */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
