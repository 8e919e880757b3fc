/** Checkpoints over HTTP, on the local server and the `api` function (docs/history.md, "Checkpoints"). */
import { strict as assert } from 'node:assert';
import type { Request } from '../support/http';
import type { ApiTarget, TestUser } from '../support/targets';
import { withTarget } from '../support/suite';
import { readWithPython } from '../support/zipReader';

export function checkpointsSuite(makeTarget: () => Promise<ApiTarget>): void {
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
    ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'checkpoints' } })).json.id;
  });

  const commit = (changes: unknown[], extra: Record<string, unknown> = {}, token = alice.token) =>
    request('POST', `/v1/workspaces/${ws}/commits`, { token, body: { changes, ...extra } });
  const text = (path: string, content: string, contentType = 'text/html') => ({ path, content, contentType });
  const get = (path: string, token = alice.token) => request('GET', `/v1/workspaces/${ws}${path}`, { token });
  const checkpoint = async (label?: string, token = alice.token) =>
    request('POST', `/v1/workspaces/${ws}/checkpoints`, { token, body: label === undefined ? {} : { label } });
  const putState = (key: string, value: unknown) =>
    request('PUT', `/v1/workspaces/${ws}/state/${key}`, { token: alice.token, body: { value } });

  it('takes, lists, reads and deletes checkpoints; roles and unknown ids are refused', async () => {
    assert.equal((await commit([text('index.html', '<h1>v1</h1>'), text('site/a.html', 'a')])).status, 201);
    await putState('plan', { pages: 2 });
    const made = await checkpoint('first');
    assert.equal(made.status, 201, made.text);
    assert.match(made.json.id, /^k[0-9a-v]{19}$/);
    assert.deepEqual(
      [made.json.label, made.json.author, made.json.fileCount, made.json.totalBytes, made.json.stateCount],
      ['first', alice.uid, 2, '<h1>v1</h1>'.length + 1, 1],
    );
    assert.match(made.json.commitId, /^c[0-9a-v]{19}$/);
    const second = (await checkpoint()).json;
    assert.equal(second.label, '');
    const page = await get('/checkpoints?limit=1');
    assert.deepEqual(
      page.json.items.map((c: { id: string }) => c.id),
      [second.id],
    );
    const rest = await get(`/checkpoints?limit=1&pageToken=${page.json.nextPageToken}`);
    assert.deepEqual(rest.json.items, [made.json]);
    assert.deepEqual((await get(`/checkpoints/${made.json.id}`)).json, made.json);

    const viewer = await target.newUser('vic');
    const editor = await target.newUser('ed');
    for (const [user, role] of [
      [viewer, 'viewer'],
      [editor, 'editor'],
    ] as const) {
      await request('PUT', `/v1/workspaces/${ws}/members/${user.uid}`, { token: alice.token, body: { role } });
    }
    assert.equal((await checkpoint('no', viewer.token)).status, 403);
    assert.equal((await get(`/checkpoints/${made.json.id}`, viewer.token)).status, 200);
    const del = (id: string, token = alice.token) =>
      request('DELETE', `/v1/workspaces/${ws}/checkpoints/${id}`, { token });
    assert.equal((await del(second.id, editor.token)).status, 403);
    const stranger = await target.newUser('eve');
    assert.equal((await get(`/checkpoints/${made.json.id}`, stranger.token)).status, 404);

    // Forged and foreign ids are not found; a bad shape is 400.
    const other = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'other' } })).json.id;
    const foreign = (await request('POST', `/v1/workspaces/${other}/checkpoints`, { token: alice.token, body: {} }))
      .json.id;
    for (const id of [foreign, 'k0000000000000000000', 'cp1', made.json.id.replace(/.$/, 'z')]) {
      assert.equal((await get(`/checkpoints/${id}`)).status, 404, id);
      assert.equal((await get(`/checkpoints/${id}/files`)).status, 404, id);
      assert.equal((await del(id)).status, 404, id);
    }
    assert.equal((await get('/checkpoints/..%2Fx')).status, 400);
    assert.equal((await checkpoint('x'.repeat(257))).status, 400);

    assert.equal((await del(second.id)).status, 204);
    assert.equal((await get(`/checkpoints/${second.id}`)).status, 404);
    assert.equal((await del(second.id)).status, 404);

    // A deleted workspace has no checkpoints.
    assert.equal((await request('DELETE', `/v1/workspaces/${ws}`, { token: alice.token })).status, 202);
    assert.equal((await get(`/checkpoints/${made.json.id}`)).status, 404);
    assert.equal((await checkpoint()).status, 404);
  });

  it('browses a checkpoint as it was: listing, bytes with %2F, Range, If-None-Match, alt=json', async () => {
    await commit([text('index.html', '<h1>v1</h1>'), text('site/a.html', 'abcdef'), text('site/deep/b.css', 'b')]);
    const cp = (await checkpoint('v1')).json.id;
    await commit([text('site/a.html', 'changed'), { path: 'index.html', delete: true }]);

    const listed = await get(`/checkpoints/${cp}/files?prefix=site/&delimiter=/`);
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(
      listed.json.items.map((f: { path: string }) => f.path),
      ['site/a.html'],
    );
    assert.deepEqual(listed.json.prefixes, ['site/deep/']);
    const first = await get(`/checkpoints/${cp}/files?limit=2`);
    assert.deepEqual(
      first.json.items.map((f: { path: string }) => f.path),
      ['index.html', 'site/a.html'],
    );
    const second = await get(`/checkpoints/${cp}/files?limit=2&pageToken=${first.json.nextPageToken}`);
    assert.deepEqual(
      second.json.items.map((f: { path: string }) => f.path),
      ['site/deep/b.css'],
    );
    assert.equal(second.json.nextPageToken, undefined);

    for (const raw of ['site/a.html', 'site%2Fa.html']) {
      const bytes = await get(`/checkpoints/${cp}/files/${raw}`);
      assert.equal(bytes.status, 200, raw);
      assert.equal(bytes.text, 'abcdef');
      assert.equal(bytes.headers.get('content-type'), 'text/html');
      assert.match(bytes.headers.get('content-security-policy') ?? '', /sandbox/);
    }
    const entry = await get(`/checkpoints/${cp}/files/site%2Fa.html?alt=json`);
    assert.equal(entry.json.size, 6);
    const etag = entry.headers.get('etag')!;
    assert.equal(etag, `"${entry.json.etag}"`);
    const part = await request('GET', `/v1/workspaces/${ws}/checkpoints/${cp}/files/site/a.html`, {
      token: alice.token,
      headers: { Range: 'bytes=1-3' },
    });
    assert.equal(part.status, 206);
    assert.equal(part.text, 'bcd');
    assert.equal(part.headers.get('content-range'), 'bytes 1-3/6');
    const same = await request('GET', `/v1/workspaces/${ws}/checkpoints/${cp}/files/site/a.html`, {
      token: alice.token,
      headers: { 'If-None-Match': etag },
    });
    assert.equal(same.status, 304);
    assert.equal((await get(`/checkpoints/${cp}/files/index.html`)).text, '<h1>v1</h1>');
    assert.equal((await get(`/checkpoints/${cp}/files/missing.html`)).status, 404);
    assert.equal((await get(`/checkpoints/${cp}/files/..%2Fx`)).status, 400);
    // The live tree moved on.
    assert.equal((await get('/files/site/a.html')).text, 'changed');
  });

  it('diffs a checkpoint against another and against the live tree, a page at a time', async () => {
    await commit([text('a.html', 'a'), text('b.html', 'b'), text('c.html', 'c')]);
    const one = (await checkpoint()).json.id;
    await commit([text('b.html', 'bb'), { path: 'c.html', delete: true }, text('d.html', 'd')]);
    const two = (await checkpoint()).json.id;
    const diff = await get(`/checkpoints/${one}/diff?against=${two}`);
    assert.equal(diff.status, 200, diff.text);
    assert.deepEqual(
      diff.json.added.map((f: { path: string; size: number }) => [f.path, f.size]),
      [['d.html', 1]],
    );
    assert.deepEqual(
      diff.json.removed.map((f: { path: string }) => f.path),
      ['c.html'],
    );
    assert.deepEqual(
      diff.json.changed.map((c: { path: string; from: { size: number }; to: { size: number } }) => [
        c.path,
        c.from.size,
        c.to.size,
      ]),
      [['b.html', 1, 2]],
    );
    assert.equal((await get(`/checkpoints/${two}/diff?against=live`)).json.changed.length, 0);
    await commit([text('a.html', 'changed')]);
    const paged = await get(`/checkpoints/${one}/diff?against=live&limit=2`);
    assert.deepEqual([...paged.json.changed.map((c: { path: string }) => c.path)], ['a.html', 'b.html']);
    const next = await get(`/checkpoints/${one}/diff?against=live&limit=2&pageToken=${paged.json.nextPageToken}`);
    assert.deepEqual(
      [next.json.removed.map((f: { path: string }) => f.path), next.json.added.map((f: { path: string }) => f.path)],
      [['c.html'], ['d.html']],
    );
    assert.equal(next.json.nextPageToken, undefined);
    assert.equal((await get(`/checkpoints/${one}/diff?against=k0000000000000000000`)).status, 404);
    assert.equal((await get(`/checkpoints/${one}/diff`)).status, 400);
  });

  it('restores files and shared state atomically, after an automatic checkpoint that undoes it', async () => {
    await commit([text('index.html', '<h1>good</h1>'), text('keep.css', 'k')]);
    await putState('plan', { pages: 1 });
    const good = (await checkpoint('good')).json;
    await commit([text('index.html', '<h1>bad</h1>'), text('extra.js', 'x', 'text/javascript')]);
    await putState('plan', { pages: 9 });
    await putState('since', 'made later');

    const restored = await request('POST', `/v1/workspaces/${ws}/checkpoints/${good.id}/restore`, {
      token: alice.token,
    });
    assert.equal(restored.status, 201, restored.text);
    assert.equal(restored.json.kind, 'restore');
    assert.match(restored.json.checkpointId, /^k[0-9a-v]{19}$/);
    assert.deepEqual(
      restored.json.changes.map((c: { path: string; deleted?: true }) => [c.path, c.deleted ?? false]).sort(),
      [
        ['extra.js', true],
        ['index.html', false],
      ],
    );
    assert.deepEqual([restored.json.workspace.fileCount, restored.json.workspace.totalBytes], [2, 14]);
    assert.equal((await get('/files/index.html')).text, '<h1>good</h1>');
    assert.equal((await get('/files/extra.js')).status, 404);
    assert.deepEqual((await get('/state/plan')).json.value, { pages: 1 });
    assert.equal((await get('/state/since')).status, 404);
    const auto = (await get(`/checkpoints/${restored.json.checkpointId}`)).json;
    assert.equal(auto.label, `before restore of ${good.id}`);
    assert.deepEqual([auto.fileCount, auto.stateCount], [3, 2]);
    assert.equal((await get(`/commits/${restored.json.id}`)).json.checkpointId, auto.id);

    // The restore is undone by restoring the automatic checkpoint.
    const undo = await request('POST', `/v1/workspaces/${ws}/checkpoints/${auto.id}/restore`, { token: alice.token });
    assert.equal(undo.status, 201, undo.text);
    assert.equal((await get('/files/index.html')).text, '<h1>bad</h1>');
    assert.equal((await get('/files/extra.js')).text, 'x');
    assert.deepEqual((await get('/state/plan')).json.value, { pages: 9 });
    assert.equal((await get('/state/since')).json.value, 'made later');

    const viewer = await target.newUser('vic');
    await request('PUT', `/v1/workspaces/${ws}/members/${viewer.uid}`, {
      token: alice.token,
      body: { role: 'viewer' },
    });
    const refused = await request('POST', `/v1/workspaces/${ws}/checkpoints/${good.id}/restore`, {
      token: viewer.token,
    });
    assert.equal(refused.status, 403);
    const unknown = await request('POST', `/v1/workspaces/${ws}/checkpoints/k0000000000000000000/restore`, {
      token: alice.token,
    });
    assert.equal(unknown.status, 404);
  });

  it('takes the checkpoint a commit asks for', async () => {
    const res = await commit([text('index.html', 'v1')], { checkpoint: { label: 'turn 1' } });
    assert.equal(res.status, 201, res.text);
    const cp = (await get(`/checkpoints/${res.json.checkpointId}`)).json;
    assert.deepEqual([cp.label, cp.commitId, cp.fileCount], ['turn 1', res.json.id, 1]);
    assert.equal((await commit([text('b.html', 'b')], { checkpoint: { label: 'x\u0000' } })).status, 400);
    assert.equal((await commit([text('b.html', 'b')], { checkpoint: { name: 'x' } })).status, 400);
  });

  it('previews and exports a checkpoint, through links too, and clones from it', async () => {
    await commit([text('index.html', '<h1>v1</h1>'), text('docs/index.html', 'docs v1')]);
    await putState('plan', 'v1');
    const cp = (await checkpoint('v1')).json.id;
    await commit([text('index.html', '<h1>v2</h1>')]);
    await putState('plan', 'v2');

    const page = await get(`/checkpoints/${cp}/preview/`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.text, '<h1>v1</h1>');
    assert.match(page.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.equal((await get(`/checkpoints/${cp}/preview/docs/`)).text, 'docs v1');
    const folder = await fetch(`${target.baseUrl}/v1/workspaces/${ws}/checkpoints/${cp}/preview/docs`, {
      headers: { Authorization: `Bearer ${alice.token}` },
      redirect: 'manual',
    });
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.get('location'), 'docs/');

    // A user token in the URL becomes a preview link of the checkpoint.
    const framed = await fetch(
      `${target.baseUrl}/v1/workspaces/${ws}/checkpoints/${cp}/preview/docs/index.html?access_token=${alice.token}&q=1`,
      { redirect: 'manual' },
    );
    assert.equal(framed.status, 302);
    const location = framed.headers.get('location')!;
    assert.match(location, /^(\.\.\/){6}p\/[^/]+\/docs\/index\.html\?q=1$/);
    const viaLink = await fetch(new URL(location, framed.url));
    assert.equal(await viaLink.text(), 'docs v1');

    const link = await request('POST', `/v1/workspaces/${ws}/links`, {
      token: alice.token,
      body: { scope: 'preview', expiresIn: 600, checkpointId: cp },
    });
    assert.equal(link.status, 201, link.text);
    assert.equal(link.json.checkpointId, cp);
    assert.equal(await (await fetch(link.json.url)).text(), '<h1>v1</h1>');
    const unknown = await request('POST', `/v1/workspaces/${ws}/links`, {
      token: alice.token,
      body: { scope: 'preview', expiresIn: 600, checkpointId: 'k0000000000000000000' },
    });
    assert.equal(unknown.status, 404);

    const read = await request('POST', `/v1/workspaces/${ws}/links`, {
      token: alice.token,
      body: { scope: 'read', expiresIn: 600, checkpointId: cp },
    });
    const zip = await fetch(read.json.url);
    assert.equal(zip.status, 200);
    assert.equal(zip.headers.get('content-type'), 'application/zip');
    const files = readWithPython(Buffer.from(await zip.arrayBuffer()));
    assert.deepEqual(Object.keys(files).sort(), ['docs/index.html', 'index.html']);
    assert.equal(Buffer.from(files['index.html']!, 'base64').toString(), '<h1>v1</h1>');
    // A checkpoint's read link reads that checkpoint only.
    const token = new URL(read.json.url).searchParams.get('access_token')!;
    assert.equal((await fetch(`${target.baseUrl}/v1/workspaces/${ws}/export.zip?access_token=${token}`)).status, 404);
    const viaRead = await fetch(
      `${target.baseUrl}/v1/workspaces/${ws}/checkpoints/${cp}/files/index.html?access_token=${token}`,
    );
    assert.equal(await viaRead.text(), '<h1>v1</h1>');

    const clone = await request('POST', `/v1/workspaces/${ws}/clone`, {
      token: alice.token,
      body: { name: 'fork', checkpointId: cp },
    });
    assert.equal(clone.status, 201, clone.text);
    const fork = clone.json.id;
    assert.equal(clone.json.fileCount, 2);
    const forkGet = (path: string) => request('GET', `/v1/workspaces/${fork}${path}`, { token: alice.token });
    assert.equal((await forkGet('/files/index.html')).text, '<h1>v1</h1>');
    assert.equal((await forkGet('/state/plan')).json.value, 'v1');
    const bad = await request('POST', `/v1/workspaces/${ws}/clone`, {
      token: alice.token,
      body: { name: 'fork', checkpointId: 'k0000000000000000000' },
    });
    assert.equal(bad.status, 404);
  });
}
