/**
 * @websplat/client against a real target (the local server, or the `api`
 * function on the emulators), through a fault-injecting proxy for what a
 * real server will not do on demand (429/503 with Retry-After, cut streams).
 */
import { strict as assert } from 'node:assert';
import { createClient, WebSplatError, type ChangeEvent, type RetryInfo, type WebSplatClient } from '@websplat/client';
import { faultProxy, type FaultProxy } from '../support/faultProxy';
import type { ApiTarget, TestUser } from '../support/targets';

/** Asserts that `promise` rejects with a WebSplatError of this status and code; returns it. */
async function rejectsWith(promise: Promise<unknown>, status: number, code: string): Promise<WebSplatError> {
  const error = await promise.then(
    () => assert.fail(`expected ${status} ${code}, got a success`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WebSplatError, String(error));
  assert.deepEqual([error.status, error.code], [status, code], error.message);
  assert.ok(error.message.length > 0);
  return error;
}

/** The next event of the stream that matches (skipping the others). */
async function nextEvent(stream: AsyncIterator<ChangeEvent>, match: (e: ChangeEvent) => boolean) {
  for (;;) {
    const { done, value } = await stream.next();
    if (done) throw new Error('the stream finished before the expected event');
    if (match(value)) return value;
  }
}

/**
 * `directUploads`: the target can sign upload URLs. The `api` function on the emulators cannot (signing
 * needs a service account's key or the metadata server; POST .../uploads answers 500 there), as in
 * test/http/uploads.suite.ts, which also runs on the local backend only.
 */
export function clientSuite(makeTarget: () => Promise<ApiTarget>, { directUploads = false } = {}): void {
  let target: ApiTarget;
  let proxy: FaultProxy;
  let alice: TestUser;
  let bob: TestUser;
  let api: WebSplatClient;
  let retries: RetryInfo[];
  let ws: string;
  const clientFor = (user: TestUser, options: Partial<Parameters<typeof createClient>[0]> = {}) =>
    createClient({
      baseUrl: proxy.url,
      token: user.token,
      retry: { baseDelayMs: 5, onRetry: (info) => retries.push(info) },
      ...options,
    });
  const seen = (method: string, path: RegExp) => proxy.seen.filter((r) => r.method === method && path.test(r.url));

  before(async function () {
    this.timeout(60_000);
    target = await makeTarget();
    proxy = await faultProxy(target.baseUrl);
  });
  after(async () => {
    await proxy?.close();
    await target?.close();
  });
  beforeEach(async () => {
    retries = [];
    alice = await target.newUser('alice');
    bob = await target.newUser('bob');
    api = clientFor(alice);
    ws = (await api.workspaces.create({ name: 'client' })).id;
  });

  describe('workspaces and members', () => {
    it('creates with an Idempotency-Key by default; the same key replays the first answer', async () => {
      const before = proxy.seen.length;
      const created = await api.workspaces.create({ name: 'site', metadata: { topic: 'bakery' } });
      const sent = proxy.seen.slice(before).find((r) => r.method === 'POST')!;
      assert.match(String(sent.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
      assert.deepEqual([created.name, created.ownerId, created.metadata], ['site', alice.uid, { topic: 'bakery' }]);
      const first = await api.workspaces.create({ name: 'once' }, { idempotencyKey: 'key-1' });
      const again = await api.workspaces.create({ name: 'once' }, { idempotencyKey: 'key-1' });
      assert.equal(again.id, first.id);
      await rejectsWith(api.workspaces.create({ name: 'other' }, { idempotencyKey: 'key-1' }), 409, 'already_exists');
      const none = proxy.seen.length;
      await api.workspaces.create({ name: 'no key' }, { idempotencyKey: false });
      assert.equal(proxy.seen[none]!.headers['idempotency-key'], undefined);
    });

    it('iterates every page of a listing, one request per page', async () => {
      for (let i = 0; i < 4; i++) await api.workspaces.create({ name: `w${i}` });
      const before = seen('GET', /^\/v1\/workspaces\?/).length;
      const names: string[] = [];
      for await (const w of api.workspaces.iterate({ limit: 2 })) names.push(w.name);
      assert.deepEqual(names, ['w3', 'w2', 'w1', 'w0', 'client']);
      assert.equal(seen('GET', /^\/v1\/workspaces\?/).length - before, 3);
      const page = await api.workspaces.list({ limit: 2 });
      assert.equal(page.items.length, 2);
      assert.ok(page.nextPageToken);
    });

    it('updates with If-Match: the etag read applies, a stale one is a typed 412', async () => {
      const read = await api.workspaces.get(ws);
      const updated = await api.workspaces.update(ws, { description: 'v2' }, { ifMatch: read.etag });
      assert.equal(updated.description, 'v2');
      assert.notEqual(updated.etag, read.etag);
      const stale = await rejectsWith(
        api.workspaces.update(ws, { description: 'v3' }, { ifMatch: read.etag }),
        412,
        'failed_precondition',
      );
      assert.ok(Array.isArray(stale.details));
      assert.equal((await api.workspaces.get(ws)).description, 'v2');
      await rejectsWith(api.workspaces.delete(ws, { ifMatch: read.etag }), 412, 'failed_precondition');
    });

    it('shares with members, clones, and deletes (then reads are a typed 404)', async () => {
      const asBob = clientFor(bob);
      await rejectsWith(asBob.workspaces.get(ws), 404, 'not_found');
      const shared = await api.members.put(ws, bob.uid, 'viewer');
      assert.equal(shared.members[bob.uid], 'viewer');
      assert.equal((await asBob.workspaces.get(ws)).id, ws);
      await rejectsWith(asBob.workspaces.update(ws, { name: 'mine' }), 403, 'permission_denied');
      await api.files.put(ws, 'index.html', '<h1>hi</h1>', { contentType: 'text/html' });
      const fork = await asBob.workspaces.clone(ws, { name: 'variant' });
      assert.deepEqual([fork.ownerId, fork.fileCount], [bob.uid, 1]);
      assert.equal(await asBob.files.text(fork.id, 'index.html'), '<h1>hi</h1>');
      await api.members.delete(ws, bob.uid);
      await rejectsWith(asBob.workspaces.get(ws), 404, 'not_found');
      const gone = await api.workspaces.delete(ws);
      assert.equal(gone.status, 'deleted');
      await rejectsWith(api.workspaces.get(ws), 404, 'not_found');
    });
  });

  describe('files', () => {
    it('writes, reads (range, If-None-Match), lists, copies, moves and deletes', async () => {
      const put = await api.files.put(ws, 'site/a page.html', '<p>hello world</p>', { contentType: 'text/html' });
      assert.deepEqual([put.path, put.size, put.contentType], ['site/a page.html', 18, 'text/html']);
      assert.equal(await api.files.text(ws, 'site/a page.html'), '<p>hello world</p>');
      const part = await api.files.read(ws, 'site/a page.html', { range: 'bytes=3-7' });
      assert.deepEqual([part.status, await part.text()], [206, 'hello']);
      const cached = await api.files.read(ws, 'site/a page.html', { ifNoneMatch: put.etag });
      assert.equal(cached.status, 304);
      assert.equal((await api.files.entry(ws, 'site/a page.html')).etag, put.etag);
      await rejectsWith(
        api.files.put(ws, 'site/a page.html', 'x', { contentType: 'text/html', ifNoneMatch: '*' }),
        412,
        'failed_precondition',
      );
      await api.files.put(ws, 'site/css/main.css', 'p{}', { contentType: 'text/css' });
      await api.files.put(ws, 'readme.txt', 'r', { contentType: 'text/plain' });
      const top = await api.files.list(ws, { delimiter: '/' });
      assert.deepEqual([top.items.map((f) => f.path), top.prefixes], [['readme.txt'], ['site/']]);
      const paths: string[] = [];
      for await (const f of api.files.iterate(ws, { limit: 1 })) paths.push(f.path);
      assert.deepEqual(paths, ['readme.txt', 'site/a page.html', 'site/css/main.css']);

      const copied = await api.files.copy(ws, 'site/', 'backup/');
      assert.deepEqual(copied.items.map((f) => f.path).sort(), ['backup/a page.html', 'backup/css/main.css']);
      await api.files.move(ws, 'readme.txt', 'docs/readme.txt');
      await rejectsWith(api.files.entry(ws, 'readme.txt'), 404, 'not_found');
      await rejectsWith(api.files.delete(ws, 'docs/readme.txt', { ifMatch: put.etag }), 412, 'failed_precondition');
      await api.files.delete(ws, 'docs/readme.txt');
      await api.files.deleteFolder(ws, 'backup/');
      assert.deepEqual(
        (await api.files.list(ws)).items.map((f) => f.path),
        ['site/a page.html', 'site/css/main.css'],
      );
      const w = await api.workspaces.get(ws);
      assert.deepEqual([w.fileCount, w.totalBytes], [2, 21]);

      const zip = await api.files.export(ws);
      assert.equal(zip.headers.get('content-type'), 'application/zip');
      assert.equal(
        Buffer.from(await zip.arrayBuffer())
          .subarray(0, 2)
          .toString(),
        'PK',
      );
      const preview = await fetch(api.files.previewUrl(ws, 'site/a page.html', alice.token));
      assert.deepEqual([preview.status, await preview.text()], [200, '<p>hello world</p>']);
      await rejectsWith(api.files.put(ws, '../escape', 'x', { contentType: 'text/plain' }), 400, 'invalid_argument');
    });

    it('uploads bytes, a Blob and a stream through the API with progress up to the whole size', async () => {
      const bytes = new Uint8Array(300 * 1024).map((_, i) => i % 251);
      const progress: { loaded: number; total?: number }[] = [];
      const file = await api.files.upload(ws, 'big.bin', bytes, {
        contentType: 'application/octet-stream',
        onProgress: (p) => progress.push(p),
      });
      assert.equal(file!.size, bytes.length);
      assert.ok(progress.length >= 4, `progress reported ${progress.length} times`);
      assert.deepEqual(progress.at(-1), { loaded: bytes.length, total: bytes.length });
      for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.loaded > progress[i - 1]!.loaded);
      const back = new Uint8Array(await (await api.files.read(ws, 'big.bin')).arrayBuffer());
      assert.deepEqual(back, bytes);

      const blob = new Blob(['<svg/>'], { type: 'image/svg+xml' });
      const fromBlob = await api.files.upload(ws, 'logo.svg', blob, { onProgress: (p) => progress.push(p) });
      assert.deepEqual([fromBlob!.contentType, fromBlob!.size], ['image/svg+xml', 6]);
      assert.deepEqual(progress.at(-1), { loaded: 6, total: 6 });

      const stream = new Blob(['streamed text']).stream();
      const fromStream = await api.files.upload(ws, 'notes.txt', stream, { contentType: 'text/plain' });
      assert.equal(await api.files.text(ws, fromStream!.path), 'streamed text');
    });

    if (directUploads)
      it('sends large files through the direct-upload flow, chosen by size, with progress', async () => {
        const small = createClient({ baseUrl: proxy.url, token: alice.token, directUploadThreshold: 1024 });
        const bytes = new TextEncoder().encode('x'.repeat(200 * 1024));
        const progress: number[] = [];
        const grants = seen('POST', /\/uploads$/).length;
        const landed = await small.files.upload(ws, 'assets/large.txt', bytes, {
          contentType: 'text/plain',
          onProgress: (p) => progress.push(p.loaded),
        });
        assert.equal(seen('POST', /\/uploads$/).length - grants, 1, 'one upload grant');
        assert.equal(progress.at(-1), bytes.length);
        assert.ok(progress.length > 1);
        assert.equal(landed?.size, bytes.length, 'the local upload target answers with the entry');
        const entry = await small.files.entry(ws, 'assets/large.txt');
        assert.equal(entry.size, bytes.length);
        // Below the threshold: straight through the API.
        await small.files.upload(ws, 'assets/small.txt', 'tiny', { contentType: 'text/plain' });
        assert.equal(seen('POST', /\/uploads$/).length - grants, 1);
      });
  });

  describe('agents, state, sessions, cache, usage', () => {
    it('reports agent progress and lists agents page by page', async () => {
      const first = await api.agents.put(ws, 'planner', { status: 'running', step: 'outline', progress: 0.5 });
      assert.deepEqual([first.agentId, first.status, first.progress], ['planner', 'running', 0.5]);
      await api.agents.put(ws, 'writer', { status: 'queued' });
      assert.equal((await api.agents.get(ws, 'planner')).step, 'outline');
      const ids: string[] = [];
      for await (const a of api.agents.iterate(ws, { limit: 1 })) ids.push(a.agentId);
      assert.deepEqual(ids, ['planner', 'writer']);
      assert.equal((await api.agents.list(ws)).items.length, 2);
    });

    it('compare-and-sets shared state with If-Match; stale etags and create-only are typed 412s', async () => {
      const created = await api.state.put(ws, 'plan', { pages: 1 });
      assert.equal(created.version, 1);
      const next = await api.state.put(ws, 'plan', { pages: 2 }, { ifMatch: created.etag });
      assert.deepEqual(next.value, { pages: 2 });
      await rejectsWith(api.state.put(ws, 'plan', { pages: 9 }, { ifMatch: created.etag }), 412, 'failed_precondition');
      await rejectsWith(api.state.put(ws, 'plan', {}, { ifNoneMatch: '*' }), 412, 'failed_precondition');
      assert.deepEqual((await api.state.get(ws, 'plan')).value, { pages: 2 });
      await api.state.put(ws, 'theme', 'dark');
      const keys: string[] = [];
      for await (const s of api.state.iterate(ws, { limit: 1 })) keys.push(s.key);
      assert.deepEqual(keys, ['plan', 'theme']);
      await rejectsWith(api.state.delete(ws, 'plan', { ifMatch: created.etag }), 412, 'failed_precondition');
      await api.state.delete(ws, 'plan', { ifMatch: next.etag });
      await rejectsWith(api.state.get(ws, 'plan'), 404, 'not_found');
      await rejectsWith(clientFor(bob).state.get(ws, 'theme'), 404, 'not_found');
    });

    it("keeps the caller's sessions and cache entries", async () => {
      const session = await api.sessions.put('s1', { step: 2 }, { ttlSeconds: 3600 });
      assert.deepEqual([session.id, session.data], ['s1', { step: 2 }]);
      assert.deepEqual((await api.sessions.get('s1')).data, { step: 2 });
      await rejectsWith(clientFor(bob).sessions.get('s1'), 404, 'not_found');
      await api.sessions.delete('s1');
      await rejectsWith(api.sessions.get('s1'), 404, 'not_found');

      const entry = await api.cache.put('answer', '{"html":"<p/>"}', {
        contentType: 'application/json',
        ttlSeconds: 60,
      });
      assert.deepEqual([entry.key, entry.size], ['answer', 15]);
      const hit = await api.cache.get('answer');
      assert.deepEqual([hit.headers.get('content-type'), await hit.text()], ['application/json', '{"html":"<p/>"}']);
      await api.cache.delete('answer');
      await rejectsWith(api.cache.get('answer'), 404, 'not_found');
    });

    it('reads health, the OpenAPI document and (operators only) usage', async () => {
      assert.deepEqual(await api.health(), { status: 'ok', backend: target.backend });
      assert.ok('paths' in (await api.openapi()));
      await rejectsWith(api.usage.report(), 403, 'permission_denied');
      const admin = clientFor(await target.newAdmin('ops'));
      const report = await admin.usage.report({ workspaceId: ws });
      assert.equal(report.workspaces[0]?.workspaceId, ws);
    });
  });

  describe('history and links', () => {
    it('takes, lists, browses, diffs and restores checkpoints', async () => {
      await api.commits.create(ws, { changes: [{ path: 'c/index.html', content: 'one', contentType: 'text/html' }] });
      const cp = await api.checkpoints.create(ws, { label: 'one' });
      assert.equal(cp.label, 'one');
      await api.commits.create(ws, { changes: [{ path: 'c/index.html', content: 'two', contentType: 'text/html' }] });
      const ids: string[] = [];
      for await (const c of api.checkpoints.iterate(ws, { limit: 1 })) ids.push(c.id);
      assert.deepEqual(ids, [cp.id]);
      assert.equal((await api.checkpoints.get(ws, cp.id)).fileCount, cp.fileCount);
      const listed = await api.checkpoints.files(ws, cp.id, { prefix: 'c/' });
      assert.deepEqual(
        listed.items.map((f) => f.path),
        ['c/index.html'],
      );
      assert.equal(await (await api.checkpoints.read(ws, cp.id, 'c/index.html')).text(), 'one');
      const diff = await api.checkpoints.diff(ws, cp.id, { against: 'live' });
      assert.deepEqual(
        diff.changed.map((c) => c.path),
        ['c/index.html'],
      );
      const restored = await api.checkpoints.restore(ws, cp.id);
      assert.equal(restored.kind, 'restore');
      assert.equal(await api.files.text(ws, 'c/index.html'), 'one');
      await api.checkpoints.delete(ws, restored.checkpointId);
      await rejectsWith(api.checkpoints.get(ws, restored.checkpointId), 404, 'not_found');
    });
    it('commits files atomically, lists and reads commits, lists versions, diffs and reads an old one', async () => {
      const one = await api.commits.create(ws, {
        message: 'first generation',
        changes: [
          { path: 'h/index.html', content: '<h1>one</h1>\n', contentType: 'text/html' },
          { path: 'h/app.js', content: 'let n = 1;\n', contentType: 'text/javascript' },
        ],
      });
      const first = await api.files.entry(ws, 'h/index.html');
      const stale = await rejectsWith(
        api.commits.create(ws, {
          changes: [
            { path: 'h/index.html', content: 'x', contentType: 'text/html', ifGeneration: '0' },
            { path: 'h/new.txt', content: 'y', contentType: 'text/plain' },
          ],
        }),
        412,
        'failed_precondition',
      );
      assert.match(JSON.stringify(stale.details), /h\/index\.html/);
      await rejectsWith(api.files.entry(ws, 'h/new.txt'), 404, 'not_found'); // all or nothing
      const two = await api.commits.create(ws, {
        changes: [
          { path: 'h/index.html', content: '<h1>two</h1>\n', contentType: 'text/html', ifGeneration: first.generation },
        ],
      });
      assert.equal((await api.commits.get(ws, one.id)).id, one.id);
      const ids: string[] = [];
      for await (const commit of api.commits.iterate(ws, { limit: 1 })) ids.push(commit.id);
      assert.deepEqual(ids.slice(0, 2), [two.id, one.id], 'newest first, across pages');
      const kept = await api.versions.list(ws, { path: 'h/index.html' });
      assert.equal(kept.items.length, 2);
      const diff = await api.versions.diff(ws, { path: 'h/index.html', from: first.generation });
      assert.match(diff.diff, /-<h1>one<\/h1>[\s\S]*\+<h1>two<\/h1>/);
      assert.equal(
        await (await api.files.read(ws, 'h/index.html', { generation: first.generation })).text(),
        '<h1>one</h1>\n',
      );
    });

    it('creates, lists and revokes a read link; the link reads without the user token until revoked', async () => {
      await api.files.put(ws, 'l/a.txt', 'linked');
      const link = await api.links.create(ws, { scope: 'read', expiresIn: 600, label: 'download' });
      const listed: string[] = [];
      for await (const l of api.links.iterate(ws)) listed.push(l.id);
      assert.ok(listed.includes(link.id));
      const token = new URL(link.url).searchParams.get('access_token');
      assert.ok(token, `a read link's URL carries its token: ${link.url}`);
      const url = `${proxy.url}/v1/workspaces/${ws}/files/l/a.txt?access_token=${encodeURIComponent(token)}`;
      assert.equal(await (await fetch(url)).text(), 'linked');
      await api.links.revoke(ws, link.id);
      assert.equal((await fetch(url)).status, 404);
    });
  });

  describe('retries and typed errors', () => {
    it('retries a 503 with Retry-After on a read, waiting as told', async () => {
      const path = new RegExp(`^/v1/workspaces/${ws}$`);
      proxy.inject({ method: 'GET', path, status: 503, retryAfter: '1', times: 1 });
      proxy.inject({ method: 'GET', path, status: 429, retryAfter: '0', times: 1 });
      const before = seen('GET', path).length;
      assert.equal((await api.workspaces.get(ws)).id, ws);
      assert.deepEqual(
        retries.map((r) => [r.attempt, r.status, r.delayMs]),
        [
          [1, 503, 1000],
          [2, 429, 0],
        ],
      );
      assert.deepEqual(
        seen('GET', path)
          .slice(before)
          .map((r) => r.status),
        [503, 429, 200],
      );
    });

    it('retries a PUT with its body, and a create under the same Idempotency-Key (created once)', async () => {
      proxy.inject({ method: 'PUT', path: /\/files\/retried\.txt$/, status: 503, times: 2 });
      const progress: number[] = [];
      const file = await api.files.upload(ws, 'retried.txt', 'all of it', {
        contentType: 'text/plain',
        onProgress: (p) => progress.push(p.loaded),
      });
      assert.equal(file!.size, 9);
      assert.equal(progress.at(-1), 9, 'the last attempt sent it all');
      assert.equal(await api.files.text(ws, 'retried.txt'), 'all of it');
      assert.deepEqual(
        retries.map((r) => r.status),
        [503, 503],
      );

      proxy.inject({ method: 'POST', path: /^\/v1\/workspaces$/, status: 503, retryAfter: '0', times: 1 });
      const before = seen('POST', /^\/v1\/workspaces$/).length;
      const created = await api.workspaces.create({ name: 'retried create' });
      const posts = seen('POST', /^\/v1\/workspaces$/).slice(before);
      assert.equal(posts.length, 2);
      assert.equal(posts[0]!.headers['idempotency-key'], posts[1]!.headers['idempotency-key']);
      const all: string[] = [];
      for await (const w of api.workspaces.iterate()) if (w.name === 'retried create') all.push(w.id);
      assert.deepEqual(all, [created.id]);
    });

    it('never retries a request that is not idempotent, nor waits longer than allowed', async () => {
      proxy.inject({ method: 'PATCH', path: new RegExp(`/v1/workspaces/${ws}$`), status: 503, times: 1 });
      const error = await rejectsWith(api.workspaces.update(ws, { name: 'x' }), 503, 'unavailable');
      assert.equal(error.message, 'injected by the test proxy');
      proxy.inject({ method: 'POST', path: /^\/v1\/workspaces$/, status: 503, times: 1 });
      await rejectsWith(api.workspaces.create({ name: 'no key' }, { idempotencyKey: false }), 503, 'unavailable');
      proxy.inject({ method: 'POST', path: /\/copy$/, status: 429, times: 1 });
      await rejectsWith(api.files.copy(ws, 'a', 'b'), 429, 'resource_exhausted');
      assert.deepEqual(retries, []);
      proxy.inject({ method: 'GET', path: /\/state\/k$/, status: 503, retryAfter: '120', times: 1 });
      const later = await rejectsWith(api.state.get(ws, 'k'), 503, 'unavailable');
      assert.equal(later.retryAfterMs, 120_000);
      assert.deepEqual(retries, []);
    });

    it('gives typed errors with code, status and details, a network failure included', async () => {
      const bad = await rejectsWith(api.workspaces.create({ name: '' }), 400, 'invalid_argument');
      assert.ok(
        bad.details.some((d) => d.field === 'body.name'),
        JSON.stringify(bad.details),
      );
      assert.ok(bad.requestId);
      await rejectsWith(
        createClient({ baseUrl: proxy.url, token: 'not-a-token' }).workspaces.list(),
        401,
        'unauthenticated',
      );
      await rejectsWith(createClient({ baseUrl: proxy.url }).workspaces.list(), 401, 'unauthenticated');
      let tokenCalls = 0;
      const refreshing = createClient({ baseUrl: proxy.url, token: async () => (tokenCalls++, alice.token) });
      await refreshing.workspaces.get(ws);
      assert.equal(tokenCalls, 1);
      const closed = await faultProxy(target.baseUrl);
      await closed.close();
      const offline = createClient({ baseUrl: closed.url, token: alice.token, retry: { retries: 1, baseDelayMs: 1 } });
      const network = await rejectsWith(offline.workspaces.get(ws), 0, 'network');
      assert.ok(network.cause);
    });
  });

  describe('change stream', () => {
    it('resumes with Last-Event-ID after a dropped connection: nothing lost, nothing repeated', async function () {
      this.timeout(60_000);
      const stream = api.changes.stream(ws, { reconnectDelayMs: 20 });
      const events = stream[Symbol.asyncIterator]();
      const ready = await nextEvent(events, () => true);
      assert.deepEqual([ready.type, (ready.data as { id: string }).id], ['ready', ws]);
      await api.agents.put(ws, 'a1', { status: 'running' });
      const agent = await nextEvent(events, (e) => e.type === 'agent');
      assert.ok(agent.id);
      assert.equal(stream.lastEventId, agent.id);

      const release = proxy.cutStreams();
      await api.state.put(ws, 'missed', 'while away');
      release();
      const next = await nextEvent(events, (e) => e.type !== 'ready');
      assert.equal(next.type, 'state');
      assert.deepEqual((next.data as { key: string; value: unknown }).value, 'while away');
      const streams = seen('GET', /\/events$/);
      assert.ok(streams.length >= 2);
      assert.equal(streams.at(-1)!.headers['last-event-id'], agent.id);

      await api.workspaces.delete(ws);
      const deleted = await nextEvent(events, (e) => e.type === 'workspace');
      assert.equal((deleted.data as { status: string }).status, 'deleted');
      assert.deepEqual(await events.next(), { done: true, value: undefined });
    });

    it('finishes on close(), and throws a typed error when the stream is refused', async () => {
      const stream = api.changes.stream(ws);
      const events = stream[Symbol.asyncIterator]();
      assert.equal((await events.next()).value?.type, 'ready');
      stream.close();
      assert.equal((await events.next()).done, true);
      const stranger = clientFor(bob).changes.stream(ws);
      await rejectsWith(stranger[Symbol.asyncIterator]().next(), 404, 'not_found');
    });
  });
}
