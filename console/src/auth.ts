/**
 * Sign-in. The local build asks the local server for a development token for
 * a user id (POST /console/dev-token, which only `websplat serve` answers).
 * The hosting build signs in with Firebase Auth (email and password) through
 * the Identity Toolkit REST API, with the web API key Firebase Hosting serves
 * at /__/firebase/init.json.
 */
declare const LOCAL_SIGNIN: boolean;

export interface Session {
  uid: string;
  token: string;
  /** ms since epoch */
  expiresAt: number;
}

const KEY = 'websplat.console.session';

export const localSignIn: boolean = LOCAL_SIGNIN;

export function loadSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() + 30_000 ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

async function fail(res: Response): Promise<never> {
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message;
  } catch {
    // keep the status line
  }
  throw new Error(message);
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

export async function passwordSignIn(email: string, password: string): Promise<Session> {
  const config = await fetch('/__/firebase/init.json');
  if (!config.ok) throw new Error('This site has no Firebase configuration (/__/firebase/init.json).');
  const { apiKey, authEmulatorHost } = (await config.json()) as { apiKey: string; authEmulatorHost?: string };
  const base = authEmulatorHost
    ? `http://${authEmulatorHost}/identitytoolkit.googleapis.com`
    : 'https://identitytoolkit.googleapis.com';
  const res = await fetch(`${base}/v1/accounts:signInWithPassword?key=${encodeURIComponent(apiKey)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  if (!res.ok) await fail(res);
  const body = (await res.json()) as { localId: string; idToken: string; expiresIn: string };
  return { uid: body.localId, token: body.idToken, expiresAt: Date.now() + Number(body.expiresIn) * 1000 };
}
