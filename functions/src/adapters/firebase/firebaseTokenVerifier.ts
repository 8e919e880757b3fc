import { unauthenticated, unavailable } from '../../domain/shared/errors';
import type { Principal } from '../../ports/auth';
import type { TokenVerifier } from '../../ports/auth';
import { adminApp } from './app';

/** Firebase Auth ID tokens (real project, or the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is set). */
export class FirebaseTokenVerifier implements TokenVerifier {
  async verify(token: string): Promise<Principal> {
    const { getAuth } = require('firebase-admin/auth') as typeof import('firebase-admin/auth');
    try {
      const decoded = await getAuth(adminApp()).verifyIdToken(token);
      return {
        uid: decoded.uid,
        ...(decoded.email && { email: decoded.email }),
        ...(decoded.admin === true && { admin: true }),
      };
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? '');
      if (code === 'auth/id-token-expired') throw unauthenticated('The bearer token has expired.');
      if (code.startsWith('auth/') && code !== 'auth/internal-error') {
        throw unauthenticated('The bearer token is not a valid Firebase ID token.');
      }
      // Could not fetch signing keys etc.: not the caller's fault.
      throw unavailable('Token verification is unavailable; retry shortly.');
    }
  }
}
