/** Agent progress, shared state, sessions and the response cache over HTTP, on both backends. */
import { strict as assert } from 'node:assert';
import type { Request } from '../support/http';
import { SseStream } from '../support/sse';
import type { ApiTarget, TestUser } from '../support/targets';
import { withTarget } from '../support/suite';

export function collabSuite(makeTarget: () => Promise<ApiTarget>): void {
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;
  let bob: TestUser;
  let ws: string;

  withTarget(makeTarget, (t, r) => {
    target = t;
    request = r;
  });
  beforeEach(async () => {
    alice = await target.newUser('alice');
    bob = await target.newUser('bob');
    ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'collab' } })).json.id;
    await request('PUT', `/v1/workspaces/${ws}/members/${bob.uid}`, { token: alice.token, body: { role: 'viewer' } });
  });

  describe('agent progress', () => {
    const report = (user: TestUser, agentId: string, body: unknown) =>
      request('PUT', `/v1/workspaces/${ws}/agents/${agentId}`, { token: user.token, body });

    it('records reports, lists agents, and ignores late older reports', async () => {
      const first = await report(alice, 'planner', { status: 'running', step: 'outline', progress: 0.2, sequence: 1 });
      assert.equal(first.status, 201, first.text);
      assert.deepEqual(
        { ...first.json, updatedAt: undefined },
        {
          agentId: 'planner',
          status: 'running',
          step: 'outline',
          progress: 0.2,
          message: '',
          sequence: 1,
          updatedAt: undefined,
          updatedBy: alice.uid,
        },
      );
      const later = await report(alice, 'planner', { status: 'running', step: 'pages', progress: 0.6, sequence: 3 });
      assert.equal(later.status, 200);
      assert.equal(later.headers.get('x-update-applied'), 'true');
      // Sequence 2 arrives after 3: ignored, the newer state comes back.
      const late = await report(alice, 'planner', { status: 'running', step: 'outline-2', progress: 0.4, sequence: 2 });
      assert.equal(late.status, 200);
      assert.equal(late.headers.get('x-update-applied'), 'false');
      assert.equal(late.json.step, 'pages');
      assert.equal(late.json.sequence, 3);
      await report(alice, 'coder', { status: 'queued' });
      const read = await request('GET', `/v1/workspaces/${ws}/agents/planner`, { token: bob.token });
      assert.equal(read.json.progress, 0.6);
      const list = await request('GET', `/v1/workspaces/${ws}/agents?limit=1`, { token: bob.token });
      assert.deepEqual(
        list.json.items.map((a: { agentId: string }) => a.agentId),
        ['coder'],
      );
      const next = await request(
        'GET',
        `/v1/workspaces/${ws}/agents?limit=1&pageToken=${encodeURIComponent(list.json.nextPageToken)}`,
        {
          token: bob.token,
        },
      );
      assert.deepEqual(
        next.json.items.map((a: { agentId: string }) => a.agentId),
        ['planner'],
      );
      assert.equal(next.json.nextPageToken, undefined);
    });

    it('lets editors write, members read, and refuses bad reports', async () => {
      assert.equal((await report(bob, 'a', { status: 'running' })).status, 403);
      const carol = await target.newUser('carol');
      assert.equal((await report(carol, 'a', { status: 'running' })).status, 404);
      assert.equal((await request('GET', `/v1/workspaces/${ws}/agents/a`, { token: carol.token })).status, 404);
      for (const bad of [
        { status: 'done' },
        { status: 'running', progress: 1.5 },
        { status: 'running', progress: -0.1 },
        { status: 'running', sequence: 1.5 },
        { status: 'running', extra: true },
        {},
      ]) {
        const res = await report(alice, 'a', bad);
        assert.equal(res.status, 400, JSON.stringify(bad));
      }
      assert.equal((await report(alice, 'bad id!', { status: 'running' })).status, 400);
      assert.equal((await request('GET', `/v1/workspaces/${ws}/agents/a`, { token: alice.token })).status, 404);
    });
  });

  describe('shared state', () => {
    const path = (key: string) => `/v1/workspaces/${ws}/state/${key}`;
    const putState = (user: TestUser, key: string, value: unknown, headers: Record<string, string> = {}) =>
      request('PUT', path(key), { token: user.token, body: { value }, headers });

    it('stores any JSON with versions and compare-and-set', async () => {
      const value = { outline: ['home', 'about'], palette: { primary: '#0af' }, nested: [[1, 2], [3]], n: null };
      const created = await putState(alice, 'design', value);
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(created.json.value, value);
      assert.equal(created.json.version, 1);
      assert.equal(created.json.updatedBy, alice.uid);
      const etag = created.json.etag;
      const next = await putState(alice, 'design', 42, { 'If-Match': `"${etag}"` });
      assert.equal(next.status, 200, next.text);
      assert.equal(next.json.version, 2);
      assert.equal((await putState(alice, 'design', 43, { 'If-Match': `"${etag}"` })).status, 412);
      assert.equal((await putState(alice, 'design', 44, { 'If-None-Match': '*' })).status, 412);
      const read = await request('GET', path('design'), { token: bob.token });
      assert.equal(read.json.value, 42);
      assert.equal((await putState(bob, 'design', 1)).status, 403);
      await putState(alice, 'another', 'x');
      const list = await request('GET', `/v1/workspaces/${ws}/state`, { token: bob.token });
      assert.deepEqual(
        list.json.items.map((e: { key: string }) => e.key),
        ['another', 'design'],
      );
      assert.deepEqual(
        list.json.items.map((e: { value: unknown }) => e.value),
        ['x', 42],
      );
      assert.equal(
        (await request('DELETE', path('design'), { token: alice.token, headers: { 'If-Match': `"${etag}"` } })).status,
        412,
      );
      assert.equal((await request('DELETE', path('design'), { token: alice.token })).status, 204);
      assert.equal((await request('GET', path('design'), { token: alice.token })).status, 404);
      for (const bad of [{}, { value: 1, extra: 2 }]) {
        assert.equal(
          (await request('PUT', path('k'), { token: alice.token, body: bad })).status,
          400,
          JSON.stringify(bad),
        );
      }
    });

    it('refuses values over 256 KiB', async () => {
      const res = await putState(alice, 'big', 'x'.repeat(256 * 1024));
      assert.equal(res.status, 413, res.text);
      assert.equal((await request('GET', path('big'), { token: alice.token })).status, 404);
    });

    // 50 writers on the local server; 10 through the Functions emulator, where every request costs
    // ~200 ms (the 50-writer case runs against Firestore directly in the service contract).
    it('loses no update when concurrent writers increment one counter with compare-and-set', async function () {
      this.timeout(300_000);
      await putState(alice, 'counter', 0);
      const writer = async () => {
        for (let attempt = 0; attempt < 500; attempt++) {
          const read = await request('GET', path('counter'), { token: alice.token });
          const res = await putState(alice, 'counter', read.json.value + 1, { 'If-Match': `"${read.json.etag}"` });
          if (res.status === 200) return attempt;
          assert.ok(res.status === 412 || res.status === 409, `${res.status} ${res.text}`);
          // Exponential backoff with full jitter keeps the conflict rate down.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 10 * 2 ** attempt)));
        }
        throw new Error('writer gave up');
      };
      const writers = target.backend === 'local' ? 50 : 10;
      await Promise.all(Array.from({ length: writers }, writer));
      const final = await request('GET', path('counter'), { token: alice.token });
      assert.equal(final.json.value, writers);
      assert.equal(final.json.version, writers + 1);
    });
  });

  describe('sessions', () => {
    it('keeps a session per user, replaces it and deletes it', async () => {
      const id = `s-${Date.now()}`;
      const created = await request('PUT', `/v1/sessions/${id}`, {
        token: alice.token,
        body: { data: { step: 1 }, ttlSeconds: 3600 },
      });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(created.json.data, { step: 1 });
      const ttl = Date.parse(created.json.expiresAt) - Date.parse(created.json.createdAt);
      assert.ok(Math.abs(ttl - 3600_000) < 5000, String(ttl));
      const replaced = await request('PUT', `/v1/sessions/${id}`, { token: alice.token, body: { data: [1, 2] } });
      assert.equal(replaced.status, 200);
      assert.equal(replaced.json.createdAt, created.json.createdAt);
      assert.deepEqual((await request('GET', `/v1/sessions/${id}`, { token: alice.token })).json.data, [1, 2]);
      // Only its user sees it; another user's id space is separate.
      assert.equal((await request('GET', `/v1/sessions/${id}`, { token: bob.token })).status, 404);
      assert.equal(
        (await request('PUT', `/v1/sessions/${id}`, { token: bob.token, body: { data: 'bob' } })).status,
        201,
      );
      assert.deepEqual((await request('GET', `/v1/sessions/${id}`, { token: alice.token })).json.data, [1, 2]);
      assert.equal((await request('DELETE', `/v1/sessions/${id}`, { token: alice.token })).status, 204);
      assert.equal((await request('GET', `/v1/sessions/${id}`, { token: alice.token })).status, 404);
      assert.equal((await request('GET', `/v1/sessions/${id}`, { token: bob.token })).json.data, 'bob');
      for (const bad of [{}, { data: 1, ttlSeconds: 10 }, { data: 1, extra: 2 }]) {
        assert.equal(
          (await request('PUT', `/v1/sessions/${id}`, { token: alice.token, body: bad })).status,
          400,
          JSON.stringify(bad),
        );
      }
      assert.equal((await request('GET', `/v1/sessions/${id}`)).status, 401);
    });
  });

  describe('response cache', () => {
    it('caches bytes per user with a TTL', async () => {
      const key = `resp-${Date.now()}`;
      const put = await request('PUT', `/v1/cache/${key}`, {
        token: alice.token,
        raw: Buffer.from('{"completion":"hi"}'),
        headers: { 'Content-Type': 'application/json', 'X-Cache-TTL': '600' },
      });
      assert.equal(put.status, 201, put.text);
      assert.equal(put.json.size, 19);
      const ttl = Date.parse(put.json.expiresAt) - Date.now();
      assert.ok(ttl > 590_000 && ttl <= 600_000, String(ttl));
      const get = await request('GET', `/v1/cache/${key}`, { token: alice.token });
      assert.equal(get.status, 200);
      assert.equal(get.text, '{"completion":"hi"}');
      assert.equal(get.headers.get('content-type'), 'application/json');
      assert.match(get.headers.get('cache-control') ?? '', /^private, max-age=\d+$/);
      assert.equal((await request('GET', `/v1/cache/${key}`, { token: bob.token })).status, 404);
      const again = await request('PUT', `/v1/cache/${key}`, {
        token: alice.token,
        raw: Buffer.from('v2'),
        headers: { 'Content-Type': 'text/plain' },
      });
      assert.equal(again.status, 200);
      assert.equal((await request('DELETE', `/v1/cache/${key}`, { token: alice.token })).status, 204);
      assert.equal((await request('GET', `/v1/cache/${key}`, { token: alice.token })).status, 404);
      for (const ttlHeader of ['0', '-5', 'soon', String(31 * 24 * 3600)]) {
        const res = await request('PUT', `/v1/cache/${key}`, {
          token: alice.token,
          raw: Buffer.from('x'),
          headers: { 'Content-Type': 'text/plain', 'X-Cache-TTL': ttlHeader },
        });
        assert.equal(res.status, 400, ttlHeader);
      }
      assert.equal((await request('GET', `/v1/cache/${key}`, { token: alice.token })).status, 404);
    });
  });

  describe('live changes (Server-Sent Events)', () => {
    it('streams agent, file and state changes, and ends on revocation and deletion', async function () {
      this.timeout(90_000);
      const url = `${target.baseUrl}/v1/workspaces/${ws}/events`;
      const { status, stream } = await SseStream.open(url, { Authorization: `Bearer ${alice.token}` });
      assert.equal(status, 200);
      const ready = await stream.next((e) => e.event === 'ready');
      assert.equal((ready.data as { id: string }).id, ws);
      // EventSource cannot send headers: the token may come as ?access_token=.
      const bobs = (await SseStream.open(`${url}?access_token=${encodeURIComponent(bob.token)}`, {})).stream;
      await bobs.next((e) => e.event === 'ready');

      await request('PUT', `/v1/workspaces/${ws}/agents/writer`, {
        token: alice.token,
        body: { status: 'running', progress: 0.5, sequence: 1 },
      });
      const agent = await stream.next((e) => e.event === 'agent');
      assert.deepEqual(
        [(agent.data as { agentId: string }).agentId, (agent.data as { progress: number }).progress],
        ['writer', 0.5],
      );
      assert.ok(agent.id);

      await request('PUT', `/v1/workspaces/${ws}/files/index.html`, {
        token: alice.token,
        raw: Buffer.from('<h1>live</h1>'),
        headers: { 'Content-Type': 'text/html' },
      });
      const file = await stream.next((e) => e.event === 'file' && (e.data as { path: string }).path === 'index.html');
      assert.equal((file.data as { size: number }).size, 13);

      await request('PUT', `/v1/workspaces/${ws}/state/plan`, { token: alice.token, body: { value: { pages: 3 } } });
      const state = await stream.next((e) => e.event === 'state');
      assert.deepEqual((state.data as { value: unknown }).value, { pages: 3 });
      await bobs.next((e) => e.event === 'state');

      await request('DELETE', `/v1/workspaces/${ws}/members/${bob.uid}`, { token: alice.token });
      const revoked = await bobs.next((e) => e.event === 'end');
      assert.equal((revoked.data as { reason: string }).reason, 'access revoked');

      await request('DELETE', `/v1/workspaces/${ws}`, { token: alice.token });
      const ended = await stream.next((e) => e.event === 'end');
      assert.equal((ended.data as { reason: string }).reason, 'workspace deleted');
      stream.close();
      bobs.close();
    });

    it('resumes after Last-Event-ID with what happened while disconnected', async function () {
      this.timeout(60_000);
      const url = `${target.baseUrl}/v1/workspaces/${ws}/events`;
      const auth = { Authorization: `Bearer ${alice.token}` };
      const first = (await SseStream.open(url, auth)).stream;
      await first.next((e) => e.event === 'ready');
      await request('PUT', `/v1/workspaces/${ws}/agents/a1`, { token: alice.token, body: { status: 'running' } });
      const seen = await first.next((e) => e.event === 'agent');
      first.close();
      // Missed while disconnected:
      await new Promise((r) => setTimeout(r, 50));
      await request('PUT', `/v1/workspaces/${ws}/state/missed`, { token: alice.token, body: { value: 'while away' } });
      const resumed = (await SseStream.open(url, { ...auth, 'Last-Event-ID': seen.id! })).stream;
      const missed = await resumed.next((e) => e.event === 'state');
      assert.deepEqual(
        [(missed.data as { key: string }).key, (missed.data as { value: string }).value],
        ['missed', 'while away'],
      );
      resumed.close();
    });

    it('refuses a stream without a token or to a stranger', async () => {
      const url = `${target.baseUrl}/v1/workspaces/${ws}/events`;
      assert.equal((await SseStream.open(url, {})).status, 401);
      const carol = await target.newUser('carol');
      assert.equal((await SseStream.open(url, { Authorization: `Bearer ${carol.token}` })).status, 404);
    });
  });
}
