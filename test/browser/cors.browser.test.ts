/** What a frontend on another origin can do with fetch() against `websplat serve`, in headless Chromium. */
import { strict as assert } from 'node:assert';
import { inPage, openFrontend, type FrontendPage } from '../support/frontend';
import { startPageServer, type PageServer } from '../support/pageServer';
import { WebsplatProcess } from '../support/websplatProcess';

describe('browser: a frontend on another origin (CORS)', () => {
  let server: WebsplatProcess;
  let frontend: PageServer;
  let tab: FrontendPage;
  let token: string;
  before(async () => {
    server = await WebsplatProcess.start();
    frontend = await startPageServer();
    token = await server.token('browser-cors');
  });
  after(async () => {
    await frontend?.close();
    await server?.dispose();
  });
  beforeEach(async () => (tab = await openFrontend(frontend)));
  afterEach(async () => tab?.close());

  it('is another origin than the API, and creates and lists workspaces with a bearer token', async () => {
    assert.notEqual(new URL(frontend.origin).origin, new URL(server.url).origin);
    const page = inPage(tab.page);
    const token = await server.token('browser-cors-list');
    const created = await page.call(`${server.url}/v1/workspaces`, {
      method: 'POST',
      token,
      body: { name: 'From a page' },
    });
    assert.equal(created.status, 201, JSON.stringify(created));
    const listed = await page.call(`${server.url}/v1/workspaces`, { token });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.json.items.map((w: { id: string }) => w.id),
      [created.json.id],
    );
  });

  it('reads every header the API exposes: ETag, Location, X-Request-Id, Idempotent-Replayed, Content-Range, Content-Disposition, X-Update-Applied', async () => {
    const page = inPage(tab.page);
    const base = server.url;
    const read = ['ETag', 'Location', 'X-Request-Id', 'Idempotent-Replayed'];
    const body = { name: 'Headers' };
    const headers = { 'Idempotency-Key': 'browser-headers-1' };
    const created = await page.call(`${base}/v1/workspaces`, { method: 'POST', token, body, headers, read });
    assert.equal(created.status, 201, created.text);
    const ws = created.json.id as string;
    assert.equal(created.headers.ETag, `"${created.json.etag}"`);
    assert.equal(created.headers.Location, `/v1/workspaces/${ws}`);
    assert.match(created.headers['X-Request-Id'] ?? '', /^[0-9a-f]{16}$/);
    const replayed = await page.call(`${base}/v1/workspaces`, { method: 'POST', token, body, headers, read });
    assert.equal(replayed.headers['Idempotent-Replayed'], 'true');

    const put = await page.call(`${base}/v1/workspaces/${ws}/files/site/index.html`, {
      method: 'PUT',
      token,
      body: '<h1>0123456789</h1>',
      headers: { 'Content-Type': 'text/html' },
    });
    assert.equal(put.status, 201, put.text);
    const ranged = await page.call(`${base}/v1/workspaces/${ws}/files/site/index.html`, {
      token,
      headers: { Range: 'bytes=4-13' },
      read: ['Content-Range', 'Accept-Ranges', 'Content-Length', 'ETag'],
    });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.text, '0123456789');
    assert.equal(ranged.headers['Content-Range'], 'bytes 4-13/19');
    assert.equal(ranged.headers['Accept-Ranges'], 'bytes');
    assert.equal(ranged.headers['Content-Length'], '10');
    assert.ok(ranged.headers.ETag);

    const zip = await page.call(`${base}/v1/workspaces/${ws}/export.zip`, { token, read: ['Content-Disposition'] });
    assert.equal(zip.status, 200);
    assert.equal(zip.headers['Content-Disposition'], 'attachment; filename="Headers.zip"');

    const agent = (sequence: number) =>
      page.call(`${base}/v1/workspaces/${ws}/agents/builder`, {
        method: 'PUT',
        token,
        body: { status: 'running', sequence },
        read: ['X-Update-Applied'],
      });
    assert.equal((await agent(2)).headers['X-Update-Applied'], 'true');
    assert.equal((await agent(1)).headers['X-Update-Applied'], 'false', 'a stale report is reported as not applied');
  });

  it('uploads a file directly from the page (XMLHttpRequest): progress events, then the file is listed', async () => {
    const page = inPage(tab.page);
    const ws = (await page.call(`${server.url}/v1/workspaces`, { method: 'POST', token, body: { name: 'Upload' } }))
      .json.id as string;
    const size = 3 * 1024 * 1024;
    const grant = await page.call(`${server.url}/v1/workspaces/${ws}/uploads`, {
      method: 'POST',
      token,
      body: { path: 'media/clip.bin', contentType: 'application/octet-stream', size },
    });
    assert.equal(grant.status, 200, grant.text);
    // The answer names only headers a browser may set; XMLHttpRequest would refuse the others.
    const uploaded = await page.upload(grant.json.url, {
      method: grant.json.method,
      headers: grant.json.headers,
      size,
    });
    assert.equal(uploaded.status, 200, uploaded.text);
    assert.ok(uploaded.progress.length >= 1, 'upload progress was reported');
    const last = uploaded.progress.at(-1)!;
    assert.deepEqual([last.loaded, last.total], [size, size]);
    for (let i = 1; i < uploaded.progress.length; i++) {
      assert.ok(uploaded.progress[i]!.loaded >= uploaded.progress[i - 1]!.loaded, 'progress only grows');
    }
    const listed = await page.call(`${server.url}/v1/workspaces/${ws}/files`, { token });
    assert.deepEqual(
      listed.json.items.map((f: { path: string; size: number }) => [f.path, f.size]),
      [['media/clip.bin', size]],
    );
    assert.deepEqual(
      tab.console.filter((line) => line.startsWith('error')),
      [],
    );
  });
});
