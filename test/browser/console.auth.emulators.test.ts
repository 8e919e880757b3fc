/**
 * The console's hosting build in headless Chromium, signing in with Firebase
 * Auth (email and password) against the Auth emulator and talking to the `api`
 * function on the Functions emulator. Part of the emulator tier (it needs
 * both), not of the browser tier.
 *
 * A small server here plays Firebase Hosting: it serves console/dist/hosting
 * with the SPA fallback, answers /__/firebase/init.json, and rewrites /v1/**
 * to the `api` function as firebase.json does. It also forwards the Google
 * APIs' paths to the Auth emulator and names itself as `authEmulatorHost`, so
 * the page reaches Identity Toolkit and Secure Token on its own origin: the
 * hosting build's CSP allows only 'self' and the real Google hosts.
 */
import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { buildConsoleOnce } from '../support/console';

const DIST = resolve(__dirname, '../../console/dist/hosting');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Streams one request to `target` and its answer back (the event stream too). */
function forward(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

async function startHostingStandIn(apiUrl: string, authHost: string): Promise<{ origin: string; server: Server }> {
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/v1/')) return forward(req, res, new URL(`${apiUrl}${url.pathname}${url.search}`));
    if (/^\/(identitytoolkit|securetoken)\.googleapis\.com\//.test(url.pathname)) {
      return forward(req, res, new URL(`http://${authHost}${url.pathname}${url.search}`));
    }
    if (url.pathname === '/__/firebase/init.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiKey: 'demo-key', projectId: 'demo-websplat', authEmulatorHost: origin.slice(7) }));
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    const file = join(DIST, path);
    const send = (name: string) =>
      readFile(name).then((body) =>
        res.writeHead(200, { 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream' }).end(body),
      );
    // A file of the build, else index.html (the "**" rewrite).
    (file.startsWith(DIST) && path ? send(file) : Promise.reject(new Error('root'))).catch(() =>
      send(join(DIST, 'index.html')).catch(() => res.writeHead(500).end()),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server };
}

describe('console hosting build in Chromium: Firebase Auth sign-in on the emulators', function () {
  this.timeout(120_000);
  let browser: Browser;
  let hosting: { origin: string; server: Server };
  const email = `console-${Date.now()}@example.com`;
  const password = 'correct-horse-battery';
  let uid: string;

  before(async () => {
    const apiUrl = process.env.WEBSPLAT_API_URL;
    const authHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
    if (!apiUrl || !authHost) throw new Error('Run under `npm run emulators:exec` (WEBSPLAT_API_URL, Auth emulator).');
    await buildConsoleOnce();
    const signUp = await fetch(`http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-key`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    });
    assert.equal(signUp.status, 200);
    uid = ((await signUp.json()) as { localId: string }).localId;
    hosting = await startHostingStandIn(apiUrl, authHost);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    hosting?.server.closeAllConnections();
    await new Promise((done) => (hosting ? hosting.server.close(done) : done(undefined)));
  });

  const session = async (page: Page) =>
    JSON.parse((await page.evaluate("sessionStorage.getItem('websplat.console.session')")) as string) as {
      uid: string;
      token: string;
      expiresAt: number;
      refreshToken: string;
    };

  /** Signs in on the hosting build with the test user's email and password. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${hosting.origin}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('uid').filter({ hasText: uid }).waitFor();
  }

  it('refuses a wrong password with the message, offers no development sign-in', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${hosting.origin}/`);
      assert.equal(await page.getByLabel('User id').count(), 0, 'no development sign-in in the hosting build');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    } finally {
      await page.close();
    }
  });

  it('signs in with email and password, then creates and opens a workspace through the api function, live', async () => {
    const page = await browser.newPage();
    try {
      await signIn(page);
      await page.getByText('No workspaces yet').waitFor({ timeout: 60_000 }); // the function may start cold
      await page.getByLabel('New workspace name').fill('Signed in with Firebase');
      await page.getByRole('button', { name: 'Create workspace' }).click();
      await page.getByRole('heading', { level: 1, name: 'Signed in with Firebase' }).waitFor();
      await page.getByText('you: owner').waitFor();
      await page.getByTestId('live').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    } finally {
      await page.close();
    }
  });

  it('refreshes the ID token before it expires (Secure Token API), and keeps working with the new one', async () => {
    const page = await browser.newPage();
    try {
      await signIn(page);
      const first = await session(page);
      assert.ok(first.refreshToken, 'the session keeps the refresh token');
      assert.ok(first.expiresAt - Date.now() > 50 * 60_000, 'an ID token lives an hour');
      // As if most of the hour had gone by: one minute left, inside the five-minute margin.
      await page.evaluate(
        `sessionStorage.setItem('websplat.console.session', JSON.stringify({ ...JSON.parse(sessionStorage.getItem('websplat.console.session')), expiresAt: Date.now() + 60000 }))`,
      );
      const refreshed = page.waitForResponse((r) => /\/securetoken\.googleapis\.com\/v1\/token\?/.test(r.url()));
      await page.reload();
      assert.equal((await refreshed).status(), 200);
      await page.waitForFunction(
        "JSON.parse(sessionStorage.getItem('websplat.console.session')).expiresAt > Date.now() + 50 * 60000",
      );
      const second = await session(page);
      assert.equal(second.uid, uid);
      // The API takes the new token: the workspace made before is listed with it.
      const listed = page.waitForResponse((r) => r.url().includes('/v1/workspaces?') && r.request().method() === 'GET');
      await page.getByRole('button', { name: 'Archived', exact: true }).click();
      await page.getByRole('button', { name: 'Active', exact: true }).click();
      const answer = await listed;
      assert.equal(answer.status(), 200);
      assert.equal((await answer.request().headerValue('authorization')) ?? '', `Bearer ${second.token}`);
      await page.getByRole('link', { name: 'Signed in with Firebase' }).waitFor();
    } finally {
      await page.close();
    }
  });
});
