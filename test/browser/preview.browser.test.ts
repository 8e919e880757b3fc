/**
 * The preview in headless Chromium against `websplat serve`: a generated site
 * opened through a preview link, in an iframe of a frontend on another site
 * and as a top-level page, with third-party cookies blocked. Its CSS, script,
 * image and own fetch() calls load, its query string and fragment reach it,
 * and the only credential its script can find (its link, in its URL) opens
 * nothing but the preview.
 */
import { strict as assert } from 'node:assert';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { inPage } from '../support/frontend';
import { startPageServer, type PageServer } from '../support/pageServer';
import { WebsplatProcess } from '../support/websplatProcess';

/** A 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The generated site's script: what it can see and reach, reported to the
 * frontend (postMessage) and on its own element (for a top-level page).
 */
const APP_JS = `(async () => {
  const results = { href: location.href, search: location.search, hash: location.hash, referrer: document.referrer };
  try { results.cookie = document.cookie; } catch (e) { results.cookie = 'blocked: ' + e.name; }
  const img = document.getElementById('logo');
  if (!img.complete) await new Promise((done) => { img.onload = done; img.onerror = done; });
  results.imageWidth = img.naturalWidth;
  results.background = getComputedStyle(document.body).backgroundColor;
  const read = async (url, init) => {
    try { const res = await fetch(url, init); return { status: res.status, text: await res.text() }; }
    catch (e) { return { status: 'error ' + e.name, text: '' }; }
  };
  results.data = await read('data.json');
  results.more = await read('sub/more.json?page=2');
  // The one credential in sight: the link token in this page's own path.
  const token = location.pathname.split('/p/')[1].split('/')[0];
  const v1 = new URL('../../', location.href).href;
  const claims = JSON.parse(atob(token.slice(4).split('.')[0].replace(/-/g, '+').replace(/_/g, '/')));
  const ws = v1 + 'workspaces/' + claims.w;
  const bearer = { headers: { Authorization: 'Bearer ' + token } };
  const status = async (url, init) => (await read(url, init)).status;
  results.probes = {
    'list, no credential': await status(v1 + 'workspaces'),
    'list, cookies included': await status(v1 + 'workspaces', { credentials: 'include' }),
    'list, link as bearer': await status(v1 + 'workspaces', bearer),
    'list, link in query': await status(v1 + 'workspaces?access_token=' + token),
    'workspace, link as bearer': await status(ws, bearer),
    'file, link in query': await status(ws + '/files/data.json?access_token=' + token),
    'file, link as bearer': await status(ws + '/files/data.json', bearer),
    'events, link in query': await status(ws + '/events?access_token=' + token),
    'links, link as bearer': await status(ws + '/links', bearer),
    'write, link as bearer': await status(ws + '/files/evil.html', { method: 'PUT', body: 'x', ...bearer }),
  };
  document.documentElement.dataset.results = JSON.stringify(results);
  if (window.parent !== window) window.parent.postMessage(results, '*');
})();`;

const SITE: [string, string | Buffer, string][] = [
  [
    'index.html',
    '<!doctype html><html><head><link rel="stylesheet" href="style.css?v=1"></head>' +
      '<body><img id="logo" src="img/logo.png" alt=""><script src="app.js"></script></body></html>',
    'text/html',
  ],
  ['style.css', 'body { background-color: rgb(1, 2, 3); }', 'text/css'],
  ['app.js', APP_JS, 'text/javascript'],
  ['img/logo.png', PNG, 'image/png'],
  ['data.json', '{"items":[1,2,3]}', 'application/json'],
  ['sub/more.json', '{"more":true}', 'application/json'],
];

interface SiteResults {
  href: string;
  search: string;
  hash: string;
  referrer: string;
  cookie: string;
  imageWidth: number;
  background: string;
  data: { status: number; text: string };
  more: { status: number; text: string };
  probes: Record<string, number | string>;
}

/** A frontend on another site than the API (frontend.test vs 127.0.0.1), so the preview is third-party. */
const FRONTEND_HOST = 'frontend.test';

describe('browser: the preview through a link (iframe on another site, top level, third-party cookies blocked)', () => {
  let server: WebsplatProcess;
  let frontend: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let userToken: string;
  let workspaceId: string;
  /** Cookie headers sent to, and Set-Cookie headers received from, the API during a test. */
  let cookies: string[];
  /** Referer headers that would carry a preview link. */
  let referers: string[];

  const api = async (method: string, path: string, body?: unknown, raw?: { bytes: string | Buffer; type: string }) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${userToken}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(raw && { 'Content-Type': raw.type }),
      },
      body: raw ? raw.bytes : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };

  before(async function () {
    this.timeout(120_000);
    server = await WebsplatProcess.start();
    frontend = await startPageServer();
    browser = await launchChromium([
      '--test-third-party-cookie-phaseout',
      `--host-resolver-rules=MAP ${FRONTEND_HOST} 127.0.0.1`,
    ]);
    userToken = await server.token('browser-preview');
    workspaceId = (await api('POST', '/v1/workspaces', { name: 'site' })).json.id;
    for (const [path, bytes, type] of SITE) {
      const put = await api('PUT', `/v1/workspaces/${workspaceId}/files/${path}`, undefined, { bytes, type });
      assert.equal(put.status, 201, path);
    }
  });
  after(async () => {
    await browser?.close();
    await frontend?.close();
    await server?.dispose();
  });
  beforeEach(async () => {
    cookies = [];
    referers = [];
    context = await browser.newContext();
    context.on('request', (request) => {
      if (!request.url().startsWith(server.url)) return;
      void request.allHeaders().then((headers) => {
        if (headers.cookie) cookies.push(`sent: ${headers.cookie}`);
        // The page's own requests never send its URL (its link) as a Referer.
        if (headers.referer?.includes('/v1/p/')) referers.push(`${request.url()} <- ${headers.referer}`);
      });
    });
    context.on('response', (response) => {
      if (!response.url().startsWith(server.url)) return;
      void response
        .allHeaders()
        .then((headers) => headers['set-cookie'] && cookies.push(`set: ${headers['set-cookie']}`));
    });
  });
  afterEach(async () => context?.close());

  const previewLink = async () => {
    const res = await api('POST', `/v1/workspaces/${workspaceId}/links`, { scope: 'preview', expiresIn: 600 });
    assert.equal(res.status, 201);
    return res.json.url as string;
  };

  /** Opens the frontend on its own site and frames `src` in it; resolves with what the site reports. */
  const framed = async (page: Page, src: string): Promise<SiteResults> => {
    const port = new URL(frontend.origin).port;
    await page.goto(`http://${FRONTEND_HOST}:${port}/index.html`);
    // Browser code as text: this file is compiled without the DOM's types.
    return page.evaluate(`new Promise((resolve, reject) => {
      window.addEventListener('message', (event) => resolve(event.data), { once: true });
      const frame = document.createElement('iframe');
      frame.src = ${JSON.stringify(src)};
      document.body.appendChild(frame);
      setTimeout(() => reject(new Error('the framed preview reported nothing')), 30000);
    })`) as Promise<SiteResults>;
  };

  /** Everything a working, contained preview shows. */
  const assertWorks = (results: SiteResults, link: string) => {
    assert.equal(results.background, 'rgb(1, 2, 3)', 'the stylesheet applied');
    assert.equal(results.imageWidth, 1, 'the image loaded');
    assert.deepEqual(results.data, { status: 200, text: '{"items":[1,2,3]}' }, "the site's own fetch('data.json')");
    assert.deepEqual(results.more, { status: 200, text: '{"more":true}' });
    assert.equal(results.search, '?page=2', "the site's query string reaches it");
    assert.equal(results.hash, '#section', 'and its fragment');
    assert.ok(results.href.startsWith(link), results.href);
    // document.referrer is the embedding page at most (its own choice), never a link or a token.
    assert.doesNotMatch(results.referrer, /\/v1\/|access_token|wsl\./);
    assert.equal(results.cookie, 'blocked: SecurityError', 'an opaque origin has no cookies');
    // What its script can reach with what it holds: nothing beyond the preview.
    for (const [probe, status] of Object.entries(results.probes)) {
      const expected =
        probe.startsWith('list, no') || probe.startsWith('list, cookies') ? [401, 'error TypeError'] : [404];
      assert.ok(expected.includes(status), `${probe}: ${status}`);
    }
    assert.equal(results.probes['list, no credential'], 401);
    assert.deepEqual(cookies, [], 'no cookie is set or sent');
    assert.deepEqual(referers, [], 'no request carries the link in a Referer');
  };

  it('works in an iframe of a frontend on another site', async function () {
    this.timeout(60_000);
    const link = await previewLink();
    const page = await context.newPage();
    const results = await framed(page, `${link}index.html?page=2#section`);
    assertWorks(results, link);
  });

  it('works as a top-level page', async function () {
    this.timeout(60_000);
    const link = await previewLink();
    const page = await context.newPage();
    await page.goto(`${link}index.html?page=2#section`);
    const text = await page.waitForFunction('document.documentElement.dataset.results', undefined, {
      timeout: 30_000,
    });
    assertWorks(JSON.parse((await text.jsonValue()) as string) as SiteResults, link);
  });

  it('never lets the page hold the user token: a preview URL with it becomes a preview link first', async function () {
    this.timeout(60_000);
    const page = await context.newPage();
    const src = `${server.url}/v1/workspaces/${workspaceId}/preview/index.html?page=2&access_token=${encodeURIComponent(userToken)}#section`;
    const results = await framed(page, src);
    assertWorks(results, `${server.url}/v1/p/wsl.`);
    assert.ok(!JSON.stringify(results).includes(userToken), 'nothing the page sees holds the user token');
    const listed = await api('GET', `/v1/workspaces/${workspaceId}/links`);
    assert.ok(listed.json.items.some((l: { url: string }) => results.href.startsWith(l.url)));
  });

  it('streams events to an EventSource on another site through an events link, until it is revoked', async function () {
    this.timeout(60_000);
    const made = await api('POST', `/v1/workspaces/${workspaceId}/links`, { scope: 'events', expiresIn: 600 });
    const page = await context.newPage();
    await page.goto(`http://${FRONTEND_HOST}:${new URL(frontend.origin).port}/index.html`);
    const tab = inPage(page);
    await tab.openEvents('link', made.json.url, ['ready', 'file', 'end']);
    await tab.waitHeard('link', (h) => h.events.some((e) => e.type === 'ready'));
    await api('PUT', `/v1/workspaces/${workspaceId}/files/news.txt`, undefined, { bytes: 'hi', type: 'text/plain' });
    await tab.waitHeard('link', (h) => h.events.some((e) => e.type === 'file' && e.data.path === 'news.txt'));
    assert.equal((await api('DELETE', `/v1/workspaces/${workspaceId}/links/${made.json.id}`)).status, 204);
    const heard = await tab.waitHeard('link', (h) => h.events.some((e) => e.type === 'end'));
    assert.deepEqual(heard.events.find((e) => e.type === 'end')?.data, { reason: 'link revoked' });
    // EventSource reconnects by itself; the revoked link is a 404 now, which closes it for good.
    await tab.waitHeard('link', (h) => h.readyState === 2, 30_000);
    assert.deepEqual(cookies, []);
  });

  it('stops serving the page once its link is revoked', async function () {
    this.timeout(60_000);
    const link = await previewLink();
    const page = await context.newPage();
    assert.equal((await page.goto(`${link}index.html`))?.status(), 200);
    const id = (await api('GET', `/v1/workspaces/${workspaceId}/links`)).json.items.find(
      (l: { url: string; id: string }) => l.url === link,
    ).id;
    assert.equal((await api('DELETE', `/v1/workspaces/${workspaceId}/links/${id}`)).status, 204);
    assert.equal((await page.goto(`${link}style.css`))?.status(), 404);
  });
});
