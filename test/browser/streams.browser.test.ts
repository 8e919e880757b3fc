/**
 * Event streams across a restart, as a page on another origin sees them: EventSource in
 * Chromium against `websplat serve` (a real process), which is sent SIGTERM and started again.
 */
import { strict as assert } from 'node:assert';
import { silentLogger } from '@functions/ports/logger';
import { createLocalRuntime } from '@functions/runtime/local';
import { inPage, openFrontend, type FrontendPage, type HeardEvent } from '../support/frontend';
import { startPageServer, type PageServer } from '../support/pageServer';
import { WebsplatProcess } from '../support/websplatProcess';

const TYPES = ['ready', 'end', 'state', 'workspace', 'file', 'agent'];
const stateKeys = (events: HeardEvent[]) => events.filter((e) => e.type === 'state').map((e) => e.data.key as string);

describe('browser: event streams end on SIGTERM and resume after a restart', () => {
  let server: WebsplatProcess;
  let frontend: PageServer;
  let tab: FrontendPage;
  let token: string;
  let uid: string;
  before(async () => {
    server = await WebsplatProcess.start();
    frontend = await startPageServer();
    uid = 'browser-streams';
    token = await server.token(uid);
  });
  after(async () => {
    await frontend?.close();
    await server?.dispose();
  });
  beforeEach(async () => {
    if (!server.running) await server.restart();
    tab = await openFrontend(frontend);
  });
  afterEach(async () => tab?.close());

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { id?: string };
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const newWorkspace = async () => (await api('POST', '/v1/workspaces', { name: 'streams' })).id as string;
  const putState = (ws: string, key: string) => api('PUT', `/v1/workspaces/${ws}/state/${key}`, { value: key });

  it('ends every open stream with `end` (reason "shutdown") and exits promptly', async function () {
    this.timeout(60_000);
    const ws = await newWorkspace();
    const page = inPage(tab.page);
    const url = `${server.url}/v1/workspaces/${ws}/events?access_token=${encodeURIComponent(token)}`;
    await page.openEvents('a', url, TYPES);
    await page.openEvents('b', url, TYPES);
    for (const name of ['a', 'b']) await page.waitHeard(name, (h) => h.events.some((e) => e.type === 'ready'));

    const exit = await server.stop('SIGTERM');
    assert.equal(exit.code, 0, server.output);
    // Before, the process stayed up until its streams hit their 30-minute limit.
    assert.ok(exit.ms < 10_000, `exited ${exit.ms} ms after SIGTERM`);
    for (const name of ['a', 'b']) {
      const heard = await page.waitHeard(name, (h) => h.events.some((e) => e.type === 'end'));
      assert.deepEqual(heard.events.find((e) => e.type === 'end')!.data, { reason: 'shutdown' });
    }
  });

  it('resumes after a restart with Last-Event-ID: every change made meanwhile arrives, once', async function () {
    this.timeout(90_000);
    const ws = await newWorkspace();
    const page = inPage(tab.page);
    await page.openEvents(
      's',
      `${server.url}/v1/workspaces/${ws}/events?access_token=${encodeURIComponent(token)}`,
      TYPES,
    );
    await page.waitHeard('s', (h) => h.events.some((e) => e.type === 'ready'));
    await putState(ws, 'before');
    await page.waitHeard('s', (h) => stateKeys(h.events).includes('before'));

    await server.stop('SIGTERM');
    await page.waitHeard('s', (h) => h.events.some((e) => e.type === 'end'));
    // While no server runs, another process writes to the same data folder (as `websplat import` would).
    const offline = createLocalRuntime({ dataDir: server.dataDir, logger: silentLogger });
    try {
      for (const key of ['meanwhile-1', 'meanwhile-2', 'meanwhile-3']) {
        await offline.deps.collab.putState({ uid }, ws, key, key, {});
      }
    } finally {
      await offline.close();
    }
    await server.restart();
    await putState(ws, 'after');

    const heard = await page.waitHeard('s', (h) => stateKeys(h.events).includes('after'), 45_000);
    assert.deepEqual(stateKeys(heard.events), ['before', 'meanwhile-1', 'meanwhile-2', 'meanwhile-3', 'after']);
    assert.equal(heard.opens, 2, 'one reconnect');
    const ids = heard.events.filter((e) => e.type === 'state').map((e) => Number(e.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'ids keep increasing across the restart',
    );
    assert.equal(new Set(ids).size, ids.length);
  });
});
