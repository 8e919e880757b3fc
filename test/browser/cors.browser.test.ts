/** What a frontend on another origin can do with fetch() against `websplat serve`, in headless Chromium. */
import { strict as assert } from 'node:assert';
import { inPage, openFrontend, type FrontendPage } from '../support/frontend';
import { startPageServer, type PageServer } from '../support/pageServer';
import { WebsplatProcess } from '../support/websplatProcess';

describe('browser: a frontend on another origin (CORS)', () => {
  let server: WebsplatProcess;
  let frontend: PageServer;
  let tab: FrontendPage;
  before(async () => {
    server = await WebsplatProcess.start();
    frontend = await startPageServer();
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
});
