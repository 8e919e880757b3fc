import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApi, type Api } from './api';
import {
  devSignIn,
  loadSession,
  localSignIn,
  passwordSignIn,
  refreshSession,
  REFRESH_MARGIN_MS,
  saveSession,
  type Session,
} from './auth';
import { ErrorNote } from './views/common';
import { WorkspaceList } from './views/workspaces';
import { WorkspacePage } from './views/workspace';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const hash = useHash();
  // The API reads the session through a ref: a refreshed token reaches every request (and the next
  // EventSource URL) without re-creating the API, which would reload and resubscribe every view.
  const current = useRef(session);
  const refreshing = useRef<Promise<Session | undefined> | undefined>(undefined);
  const signIn = (s: Session | undefined) => {
    saveSession(s);
    current.current = s;
    setSession(s);
  };
  /** One refresh at a time; on failure the old token stays, and the API's 401 says to sign in again. */
  const refresh = (): Promise<Session | undefined> => {
    const s = current.current;
    if (!s) return Promise.resolve(undefined);
    refreshing.current ??= refreshSession(s)
      .then(
        (fresh) => {
          if (current.current === s) signIn(fresh);
          return fresh;
        },
        () => s,
      )
      .finally(() => (refreshing.current = undefined));
    return refreshing.current;
  };
  const api: Api = useMemo(
    () =>
      createApi({
        baseUrl: '',
        token: () => current.current?.token,
        freshToken: async () => {
          const s = current.current;
          if (s && s.expiresAt - Date.now() < REFRESH_MARGIN_MS) return (await refresh())?.token;
          return s?.token;
        },
      }),
    [],
  );
  // Refresh ahead of expiry even when idle, so the change stream reconnects with a valid token.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => void refresh(), Math.max(0, session.expiresAt - Date.now() - REFRESH_MARGIN_MS));
    return () => clearTimeout(timer);
  }, [session]);
  const workspaceId = /^#\/w\/([^/]+)/.exec(hash)?.[1];

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          WebSplat console
        </a>
        {session && (
          <div class="who">
            <span>
              Signed in as <strong data-testid="uid">{session.uid}</strong>
            </span>
            <button type="button" onClick={() => signIn(undefined)}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {!session ? (
          <SignIn onSignedIn={signIn} />
        ) : workspaceId ? (
          <WorkspacePage key={workspaceId} api={api} uid={session.uid} workspaceId={decodeURIComponent(workspaceId)} />
        ) : (
          <WorkspaceList api={api} uid={session.uid} />
        )}
      </main>
    </>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [uid, setUid] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(localSignIn ? await devSignIn(uid.trim()) : await passwordSignIn(email.trim(), password));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <form onSubmit={submit}>
        {localSignIn ? (
          <>
            <p class="hint">
              Local backend: development sign-in. The server issues a token for any user id you type (as{' '}
              <code>websplat token</code> does); it does not exist in the cloud.
            </p>
            <label>
              User id
              <input
                name="uid"
                required
                autoFocus
                pattern="[A-Za-z0-9._@:-]{1,128}"
                value={uid}
                onInput={(e) => setUid(e.currentTarget.value)}
              />
            </label>
          </>
        ) : (
          <>
            <label>
              Email
              <input
                type="email"
                name="email"
                required
                autoFocus
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </label>
            <label>
              Password
              <input
                type="password"
                name="password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
          </>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorNote error={error} />
      </form>
    </section>
  );
}
