/**
 * Sign-in. The local build asks the local server for a development token for
 * a user id (POST /console/dev-token, which only `websplat serve` answers).
 * The hosting build signs in with Firebase Auth (email and password) through
 * the Identity Toolkit REST API, with the web API key Firebase Hosting serves
 * at /__/firebase/init.json. Tokens are refreshed before they expire (ID
 * tokens live an hour): with the refresh token through the Secure Token API
 * in the cloud, by asking for a new development token locally.
 */
declare const LOCAL_SIGNIN: boolean;

export interface Session {
  uid: string;
  token: string;
  /** ms since epoch */
  expiresAt: number;
  /** Firebase Auth only: exchanged for a new ID token before this one expires. */
  refreshToken?: string;
}

/** How long before its expiry a token is replaced. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

const KEY = 'websplat.console.session';

export const localSignIn: boolean = LOCAL_SIGNIN;

export function loadSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (!session) return undefined;
    // An expired ID token is still worth its refresh token; a development token is simply asked for again.
    return session.refreshToken || session.expiresAt > Date.now() + 30_000 ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** Firebase Auth's error codes, in words. */
const AUTH_ERRORS: Record<string, string> = {
  EMAIL_NOT_FOUND: 'Wrong email or password.',
  INVALID_PASSWORD: 'Wrong email or password.',
  INVALID_LOGIN_CREDENTIALS: 'Wrong email or password.',
  USER_DISABLED: 'This account is disabled: ask an operator.',
  TOO_MANY_ATTEMPTS_TRY_LATER: 'Too many attempts: wait a few minutes, then try again.',
  TOKEN_EXPIRED: 'Your sign-in has expired: sign in again.',
};

async function fail(res: Response): Promise<never> {
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message;
  } catch {
    // keep the status line
  }
  // e.g. "INVALID_PASSWORD" or "TOO_MANY_ATTEMPTS_TRY_LATER : details"
  throw new Error(AUTH_ERRORS[message.split(/\s*:\s*/)[0]!] ?? message);
}

export async function devSignIn(uid: string): Promise<Session> {
  if (!LOCAL_SIGNIN) throw new Error('Development sign-in exists only on the local backend.');
  const res = await fetch('/console/dev-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ uid }),
  });
  if (!res.ok) await fail(res);
  const body = (await res.json()) as { token: string; expiresIn: number };
  return { uid, token: body.token, expiresAt: Date.now() + body.expiresIn * 1000 };
}

interface FirebaseConfig {
  apiKey: string;
  /** Set when the site talks to the Auth emulator ("host:port"). */
  authEmulatorHost?: string;
}

let firebaseConfig: Promise<FirebaseConfig> | undefined;

function loadFirebaseConfig(): Promise<FirebaseConfig> {
  firebaseConfig ??= fetch('/__/firebase/init.json').then(async (res) => {
    if (!res.ok) throw new Error('This site has no Firebase configuration (/__/firebase/init.json).');
    return (await res.json()) as FirebaseConfig;
  });
  firebaseConfig.catch(() => (firebaseConfig = undefined));
  return firebaseConfig;
}

/** An endpoint of a Google API as this site reaches it: the emulator serves each under its host name. */
function googleApi(config: FirebaseConfig, host: string, path: string): string {
  const base = config.authEmulatorHost ? `http://${config.authEmulatorHost}/${host}` : `https://${host}`;
  return `${base}${path}?key=${encodeURIComponent(config.apiKey)}`;
}

export async function passwordSignIn(email: string, password: string): Promise<Session> {
  const config = await loadFirebaseConfig();
  const res = await fetch(googleApi(config, 'identitytoolkit.googleapis.com', '/v1/accounts:signInWithPassword'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  if (!res.ok) await fail(res);
  const body = (await res.json()) as { localId: string; idToken: string; expiresIn: string; refreshToken: string };
  return {
    uid: body.localId,
    token: body.idToken,
    expiresAt: Date.now() + Number(body.expiresIn) * 1000,
    refreshToken: body.refreshToken,
  };
}

/** A session with a fresh token: the Secure Token API's refresh grant, or a new development token. */
export async function refreshSession(session: Session): Promise<Session> {
  if (!session.refreshToken) return devSignIn(session.uid);
  const config = await loadFirebaseConfig();
  const res = await fetch(googleApi(config, 'securetoken.googleapis.com', '/v1/token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken }).toString(),
  });
  if (!res.ok) await fail(res);
  const body = (await res.json()) as { id_token: string; refresh_token: string; expires_in: string; user_id: string };
  return {
    uid: body.user_id,
    token: body.id_token,
    expiresAt: Date.now() + Number(body.expires_in) * 1000,
    refreshToken: body.refresh_token,
  };
}
