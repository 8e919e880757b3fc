/** History over HTTP (commits, versions, diffs, staged uploads), on the local server and the `api` function. */
import { strict as assert } from 'node:assert';
import type { Request } from '../support/http';
import { SseStream } from '../support/sse';
import type { ApiTarget, TestUser } from '../support/targets';
import { withTarget } from '../support/suite';

/**
 * `uploadUrls`: the target hands out upload URLs a client can PUT to (the local backend; signing V4
 * URLs needs a service account key, which the emulators do not have).
 */
export function historySuite(makeTarget: () => Promise<ApiTarget>, options: { uploadUrls: boolean }): void {
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;
  let ws: string;

  withTarget(makeTarget, (t, r) => {
    target = t;
    request = r;
  });
  beforeEach(async () => {
    alice = await target.newUser('alice');
    ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'history' } })).json.id;
  });

  const commit = (body: unknown, token = alice.token) =>
    request('POST', `/v1/workspaces/${ws}/commits`, { token, body });
  const get = (path: string, token = alice.token) => request('GET', `/v1/workspaces/${ws}${path}`, { token });
  const workspace = async () => (await get('')).json;

  it('commits a generation of many files at once, and lists it with every other write', async () => {
    const files = Array.from({ length: 30 }, (_, i) => ({
      path: `site/page${i}.html`,
      content: `<h1>page ${i}</h1>`,
      contentType: 'text/html',
    }));
    const res = await commit({ message: 'first generation', agentId: 'gen-1', changes: files });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.id, /^c[0-9a-v]{19}$/);
    assert.equal(res.json.message, 'first generation');
    assert.equal(res.json.agentId, 'gen-1');
    assert.equal(res.json.author, alice.uid);
    assert.equal(res.json.changes.length, 30);
    assert.ok(res.json.changes.every((c: { generation: string }) => /^\d+$/.test(c.generation)));
    const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
    assert.deepEqual([res.json.workspace.fileCount, res.json.workspace.totalBytes], [30, bytes]);
    const w = await workspace();
    assert.deepEqual([w.fileCount, w.totalBytes, w.versionBytes], [30, bytes, 0]);
    assert.equal(res.json.workspace.etag, w.etag);
    const page = await get('/files/site/page7.html');
    assert.equal(page.text, '<h1>page 7</h1>');
    assert.equal(page.headers.get('etag'), `"g${res.json.changes[7].generation}"`);

    // Every other write is a commit too.
    const put = await request('PUT', `/v1/workspaces/${ws}/files/site/page7.html`, {
      token: alice.token,
      raw: '<h1>edited</h1>',
      headers: { 'Content-Type': 'text/html' },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(
      (await request('DELETE', `/v1/workspaces/${ws}/files/site/page8.html`, { token: alice.token })).status,
      204,
    );
    const moved = await request('POST', `/v1/workspaces/${ws}/move`, {
      token: alice.token,
      body: { from: 'site/page9.html', to: 'site/nine.html' },
    });
    assert.equal(moved.status, 200, moved.text);
    const log = await get('/commits?limit=3');
    assert.equal(log.status, 200, log.text);
    assert.deepEqual(
      log.json.items.map((c: { kind: string }) => c.kind),
      ['move', 'delete', 'put'],
    );
    assert.ok(log.json.nextPageToken);
    const rest = await get(`/commits?limit=3&pageToken=${encodeURIComponent(log.json.nextPageToken)}`);
    assert.deepEqual(
      rest.json.items.map((c: { id: string }) => c.id),
      [res.json.id],
    );
    assert.equal(rest.json.nextPageToken, undefined);
    const one = await get(`/commits/${res.json.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.json.changes, res.json.changes);
    assert.equal(one.json.workspace, undefined);
    assert.deepEqual(
      log.json.items[0].changes.map((c: { path: string; deleted?: boolean }) => [c.path, c.deleted ?? false]),
      [
        ['site/page9.html', true],
        ['site/nine.html', false],
      ],
    );
    const after = await workspace();
    // Kept only for history, per path: page7's old bytes, page8's deleted ones, page9's (moved away).
    assert.deepEqual([after.fileCount, after.versionBytes], [29, 3 * Buffer.byteLength('<h1>page 7</h1>')]);
  });

  it('keeps versions: list them, read one by generation, diff two, bring one back', async () => {
    const v1 = await commit({
      changes: [{ path: 'app.js', content: 'let a = 1;\nlet b = 2;\n', contentType: 'text/javascript' }],
    });
    const g1 = v1.json.changes[0].generation;
    const v2 = await commit({
      changes: [
        { path: 'app.js', content: 'let a = 1;\nlet b = 3;\n', contentType: 'text/javascript', ifGeneration: g1 },
      ],
    });
    assert.equal(v2.status, 201, v2.text);
    const g2 = v2.json.changes[0].generation;
    const versions = await get('/versions?path=app.js');
    assert.equal(versions.status, 200, versions.text);
    assert.deepEqual(
      versions.json.items.map((v: { generation: string }) => v.generation),
      [g2, g1],
    );
    assert.equal(versions.json.items[1].commitId, v1.json.id);
    assert.equal(versions.json.items[1].author, alice.uid);
    assert.equal(versions.json.items[1].deleted, false);
    const paged = await get('/versions?path=app.js&limit=1');
    assert.equal(paged.json.items.length, 1);
    const next = await get(`/versions?path=app.js&limit=1&pageToken=${encodeURIComponent(paged.json.nextPageToken)}`);
    assert.equal(next.json.items[0].generation, g1);

    const old = await get(`/files/app.js?generation=${g1}`);
    assert.equal(old.status, 200);
    assert.equal(old.text, 'let a = 1;\nlet b = 2;\n');
    assert.equal(old.headers.get('etag'), `"g${g1}"`);
    const oldJson = await get(`/files/app.js?generation=${g1}&alt=json`);
    assert.equal(oldJson.json.generation, g1);
    assert.equal((await get('/files/app.js?generation=123')).status, 404);
    assert.equal((await get('/files/app.js?generation=abc')).status, 400);

    const diff = await get(`/diff?path=app.js&from=${g1}`);
    assert.equal(diff.status, 200, diff.text);
    assert.equal(diff.json.to, g2);
    assert.match(diff.json.diff, /^-let b = 2;$/m);
    assert.match(diff.json.diff, /^\+let b = 3;$/m);
    assert.match(diff.json.diff, /^@@ /m);

    // Bring v1 back: a new version with the old bytes.
    const back = await commit({ message: 'undo', changes: [{ path: 'app.js', fromGeneration: g1 }] });
    assert.equal(back.status, 201, back.text);
    assert.equal((await get('/files/app.js')).text, 'let a = 1;\nlet b = 2;\n');
    assert.equal((await get('/versions?path=app.js')).json.items.length, 3);
    // A delete keeps the last version.
    await request('DELETE', `/v1/workspaces/${ws}/files/app.js`, { token: alice.token });
    const gone = await get('/versions?path=app.js');
    assert.equal(gone.json.items[0].deleted, true);
    assert.equal((await get(`/files/app.js?generation=${g2}`)).text, 'let a = 1;\nlet b = 3;\n');
    assert.equal((await get('/versions?path=never.js')).status, 404);
  });

  it('refuses diffs of binary files with 415', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString('base64');
    const a = await commit({ changes: [{ path: 'logo.png', contentBase64: png, contentType: 'image/png' }] });
    assert.equal(a.status, 201, a.text);
    const b = await commit({ changes: [{ path: 'logo.png', contentBase64: 'AAEC', contentType: 'image/png' }] });
    const res = await get(
      `/diff?path=logo.png&from=${a.json.changes[0].generation}&to=${b.json.changes[0].generation}`,
    );
    assert.equal(res.status, 415, res.text);
    assert.equal(res.json.error.code, 'unsupported_media_type');
    assert.deepEqual([...Buffer.from((await get('/files/logo.png')).text, 'latin1')], [0, 1, 2]);
  });

  it('writes nothing when one change among many is bad, and names it', async () => {
    const good = Array.from({ length: 10 }, (_, i) => ({
      path: `ok${i}.txt`,
      content: 'fine',
      contentType: 'text/plain',
    }));
    const cases: [unknown, number, string][] = [
      [{ path: 'bad/../x.txt', content: 'x', contentType: 'text/plain' }, 400, 'changes.5.path'],
      [{ path: 'x.exe', content: 'x', contentType: 'application/x-msdownload' }, 415, 'changes.5'],
      [{ path: 'x.txt', uploadId: 'forged.token' }, 404, 'changes.5.uploadId'],
      [{ path: 'x.txt', fromGeneration: '42' }, 404, 'changes.5.fromGeneration'],
      [{ path: 'x.txt', delete: true }, 404, 'changes.5.path'],
      [{ path: 'ok1.txt', content: 'twice', contentType: 'text/plain' }, 400, 'changes.5.path'],
      [{ path: 'x.txt', content: 'x' }, 400, 'changes.5.contentType'],
      [{ path: 'x.txt', content: 'x', contentBase64: 'eA==', contentType: 'text/plain' }, 400, 'changes.5'],
      [{ path: 'x.txt', contentBase64: 'not base64!', contentType: 'text/plain' }, 400, 'changes.5.contentBase64'],
    ];
    for (const [bad, status, field] of cases) {
      const changes = [...good.slice(0, 5), bad, ...good.slice(5)];
      const res = await commit({ changes });
      assert.equal(res.status, status, `${JSON.stringify(bad)}: ${res.text}`);
      assert.ok(
        res.json.error.details.some((d: { field?: string }) => d.field === field),
        `${JSON.stringify(bad)} -> ${JSON.stringify(res.json.error.details)}`,
      );
    }
    const w = await workspace();
    assert.deepEqual([w.fileCount, w.totalBytes], [0, 0]);
    assert.deepEqual((await get('/commits')).json.items, []);
    assert.equal((await get('/files')).json.items.length, 0);
  });

  it('is 412 naming every conflicting path when ifGeneration fails, and writes nothing', async () => {
    const base = await commit({
      changes: [
        { path: 'a.txt', content: 'a', contentType: 'text/plain' },
        { path: 'b.txt', content: 'b', contentType: 'text/plain' },
      ],
    });
    const [ga, gb] = base.json.changes.map((c: { generation: string }) => c.generation);
    const res = await commit({
      changes: [
        { path: 'a.txt', content: 'a2', contentType: 'text/plain', ifGeneration: ga },
        { path: 'b.txt', content: 'b2', contentType: 'text/plain', ifGeneration: String(BigInt(gb) - 1n) },
        { path: 'c.txt', content: 'c2', contentType: 'text/plain', ifGeneration: ga },
        { path: 'd.txt', content: 'd2', contentType: 'text/plain', ifGeneration: '0' },
      ],
    });
    assert.equal(res.status, 412, res.text);
    assert.equal(res.json.error.code, 'failed_precondition');
    assert.deepEqual(
      res.json.error.details.map((d: { reason: string }) => d.reason.split(':')[0]),
      ['b.txt', 'c.txt'],
    );
    assert.equal((await get('/files/a.txt')).text, 'a');
    assert.equal((await get('/files/d.txt')).status, 404);
    assert.equal((await get('/commits')).json.items.length, 1);
  });

  it('runs concurrent commits with ifGeneration on overlapping paths: losers 412, never 5xx, counters exact', async function () {
    // The Functions emulator on a loaded 2-core machine: 10 in flight can take minutes.
    this.timeout(300_000);
    const seed = await commit({
      changes: ['p0', 'p1', 'p2', 'p3'].map((p) => ({ path: `${p}.txt`, content: 'seed', contentType: 'text/plain' })),
    });
    const gens = new Map(seed.json.changes.map((c: { path: string; generation: string }) => [c.path, c.generation]));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        commit({
          changes: [`p${i % 4}.txt`, `p${(i + 1) % 4}.txt`].map((path) => ({
            path,
            content: `writer ${i}`,
            contentType: 'text/plain',
            ifGeneration: gens.get(path),
          })),
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.ok(
      statuses.every((s) => s === 201 || s === 412),
      statuses.join(','),
    );
    const winners = results.filter((r) => r.status === 201);
    // Writers i and i+2 touch disjoint pairs; at most two can win, at least one does.
    assert.ok(winners.length >= 1 && winners.length <= 2, String(winners.length));
    let total = 0;
    for (const p of ['p0', 'p1', 'p2', 'p3']) {
      const versions = (await get(`/versions?path=${p}.txt`)).json.items;
      const changedBy = winners.filter((w) => w.json.changes.some((c: { path: string }) => c.path === `${p}.txt`));
      assert.ok(changedBy.length <= 1);
      assert.equal(versions.length, 1 + changedBy.length, `${p}: a clean chain`);
      assert.equal(versions[versions.length - 1].generation, gens.get(`${p}.txt`));
      total += versions[0].size;
    }
    const w = await workspace();
    assert.deepEqual([w.fileCount, w.totalBytes, w.versionBytes], [4, total, winners.length * 2 * 'seed'.length]);
  });

  if (options.uploadUrls) stagedUploads();

  function stagedUploads() {
    it('stages uploads: invisible until a commit names them, usable once, bound to workspace and path', async () => {
      const bytes = Buffer.from('<p>staged</p>');
      const grant = await request('POST', `/v1/workspaces/${ws}/uploads`, {
        token: alice.token,
        body: { path: 'big/page.html', contentType: 'text/html', size: bytes.length, staged: true },
      });
      assert.equal(grant.status, 200, grant.text);
      assert.ok(grant.json.uploadId);
      const put = await fetch(grant.json.url, { method: 'PUT', headers: grant.json.headers, body: bytes });
      assert.ok(put.ok, `${put.status} ${await put.text()}`);
      // Landed, but invisible.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await get('/files/big/page.html')).status, 404);
      assert.equal((await workspace()).fileCount, 0);
      // Another path or workspace cannot use it.
      const other = await commit({ changes: [{ path: 'other.html', uploadId: grant.json.uploadId }] });
      assert.equal(other.status, 404, other.text);
      const res = await commit({
        changes: [
          { path: 'big/page.html', uploadId: grant.json.uploadId },
          { path: 'small.txt', content: 'inline', contentType: 'text/plain' },
        ],
      });
      assert.equal(res.status, 201, res.text);
      assert.equal((await get('/files/big/page.html')).text, '<p>staged</p>');
      assert.equal((await workspace()).totalBytes, bytes.length + 'inline'.length);
      const again = await commit({ changes: [{ path: 'big/page.html', uploadId: grant.json.uploadId }] });
      assert.equal(again.status, 404, 'an upload is used once');
    });
  }

  it('sends one commit event on the change stream', async () => {
    const { status, stream } = await SseStream.open(`${target.baseUrl}/v1/workspaces/${ws}/events`, {
      Authorization: `Bearer ${alice.token}`,
    });
    assert.equal(status, 200);
    try {
      await stream.next((e) => e.event === 'ready');
      const res = await commit({
        changes: ['x', 'y', 'z'].map((p) => ({ path: `${p}.txt`, content: p, contentType: 'text/plain' })),
      });
      const event = await stream.next((e) => e.event === 'commit');
      assert.equal((event.data as { id: string }).id, res.json.id);
      assert.equal((event.data as { changes: unknown[] }).changes.length, 3);
    } finally {
      stream.close();
    }
  });

  it('answers 404 for forged or foreign ids, and 403 for viewers', async () => {
    const mine = await commit({ changes: [{ path: 'a.txt', content: 'a', contentType: 'text/plain' }] });
    assert.equal((await get('/commits/c0000000000000000000')).status, 404);
    assert.equal((await get('/commits/not-a-commit')).status, 404);
    const bob = await target.newUser('bob');
    const bobWs = (await request('POST', '/v1/workspaces', { token: bob.token, body: { name: 'bob' } })).json.id;
    // Alice's commit id under Bob's workspace: not there.
    assert.equal(
      (await request('GET', `/v1/workspaces/${bobWs}/commits/${mine.json.id}`, { token: bob.token })).status,
      404,
    );
    // Bob cannot see Alice's workspace at all.
    assert.equal((await get(`/commits/${mine.json.id}`, bob.token)).status, 404);
    assert.equal((await get('/versions?path=a.txt', bob.token)).status, 404);
    await request('PUT', `/v1/workspaces/${ws}/members/${bob.uid}`, { token: alice.token, body: { role: 'viewer' } });
    assert.equal((await get(`/commits/${mine.json.id}`, bob.token)).status, 200);
    const denied = await commit({ changes: [{ path: 'b.txt', content: 'b', contentType: 'text/plain' }] }, bob.token);
    assert.equal(denied.status, 403);
  });
}
