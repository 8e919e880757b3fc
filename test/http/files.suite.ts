/** File scenarios over HTTP, run against the local server and the `api` function in the emulator. */
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { rawRequest, type Request } from '../support/http';
import { readWithPython, zipCommentWithPython } from '../support/zipReader';
import type { ApiTarget, TestUser } from '../support/targets';
import { withTarget } from '../support/suite';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');

export function filesSuite(makeTarget: () => Promise<ApiTarget>): void {
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
    const res = await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'files' } });
    ws = res.json.id;
  });

  const put = (path: string, bytes: Buffer | string, type = 'text/plain', headers: Record<string, string> = {}) =>
    request('PUT', `/v1/workspaces/${ws}/files/${path}`, {
      token: alice.token,
      raw: bytes,
      headers: { 'Content-Type': type, ...headers },
    });
  const counters = async () => {
    const res = await request('GET', `/v1/workspaces/${ws}`, { token: alice.token });
    return { fileCount: res.json.fileCount, totalBytes: res.json.totalBytes };
  };

  it('writes a file (201), replaces it (200) and keeps the counters exact', async () => {
    const html = Buffer.from('<!doctype html><h1>Hi</h1>');
    const created = await put('index.html', html, 'text/html; charset=utf-8');
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.path, 'index.html');
    assert.equal(created.json.size, html.length);
    assert.equal(created.json.md5, md5(html));
    assert.equal(created.json.contentType, 'text/html; charset=utf-8');
    assert.match(created.json.generation, /^\d+$/);
    assert.equal(created.headers.get('etag'), `"${created.json.etag}"`);
    assert.deepEqual(await counters(), { fileCount: 1, totalBytes: html.length });

    const bigger = Buffer.from('<!doctype html><h1>Hello, world</h1>');
    const replaced = await put('index.html', bigger, 'text/html');
    assert.equal(replaced.status, 200, replaced.text);
    assert.ok(BigInt(replaced.json.generation) > BigInt(created.json.generation));
    assert.notEqual(replaced.json.etag, created.json.etag);
    assert.deepEqual(await counters(), { fileCount: 1, totalBytes: bigger.length });

    const entry = await request('GET', `/v1/workspaces/${ws}/files/index.html?alt=json`, { token: alice.token });
    assert.equal(entry.status, 200);
    assert.deepEqual(entry.json, replaced.json);
  });

  it('serves the bytes with type, length, etag, ranges and conditional reads', async () => {
    const bytes = randomBytes(5000);
    const created = await put('assets/blob.bin', bytes, 'application/octet-stream');
    const url = `${target.baseUrl}/v1/workspaces/${ws}/files/assets/blob.bin`;
    const auth = { Authorization: `Bearer ${alice.token}` };
    const full = await fetch(url, { headers: auth });
    assert.equal(full.status, 200);
    assert.equal(full.headers.get('content-type'), 'application/octet-stream');
    assert.equal(full.headers.get('content-length'), '5000');
    assert.equal(full.headers.get('etag'), `"${created.json.etag}"`);
    assert.match(full.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.deepEqual(Buffer.from(await full.arrayBuffer()), bytes);

    const part = await fetch(url, { headers: { ...auth, Range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 100-199/5000');
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 200));
    const tail = await fetch(url, { headers: { ...auth, Range: 'bytes=-10' } });
    assert.equal(tail.status, 206);
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(4990));

    const head = await fetch(url, { method: 'HEAD', headers: auth });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '5000');
    assert.equal((await head.arrayBuffer()).byteLength, 0);
    await put('assets/empty.bin', Buffer.alloc(0), 'application/octet-stream');
    const empty = await fetch(`${target.baseUrl}/v1/workspaces/${ws}/files/assets/empty.bin`, { headers: auth });
    assert.equal(empty.status, 200);
    assert.equal(empty.headers.get('content-length'), '0');
    assert.equal((await empty.arrayBuffer()).byteLength, 0);

    const cached = await fetch(url, { headers: { ...auth, 'If-None-Match': `"${created.json.etag}"` } });
    assert.equal(cached.status, 304);
    const missing = await request('GET', `/v1/workspaces/${ws}/files/assets/nope.bin`, { token: alice.token });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'not_found');

    // Read again after a replacement: every header names the new version.
    assert.equal(full.headers.get('last-modified'), new Date(created.json.updatedAt).toUTCString());
    assert.equal((await fetch(url, { headers: auth })).headers.get('content-length'), '5000');
    const replaced = await put('assets/blob.bin', bytes.subarray(0, 3000), 'image/png');
    const again = await fetch(url, { headers: auth });
    assert.equal(again.headers.get('content-length'), '3000');
    assert.equal(again.headers.get('content-type'), 'image/png');
    assert.equal(again.headers.get('etag'), `"${replaced.json.etag}"`);
    assert.equal(again.headers.get('last-modified'), new Date(replaced.json.updatedAt).toUTCString());
    assert.deepEqual(Buffer.from(await again.arrayBuffer()), bytes.subarray(0, 3000));
  });

  it('lists by prefix in path order, with folders as prefixes and pages', async () => {
    for (const p of [
      'index.html',
      'src/App.tsx',
      'src/main.tsx',
      'src/components/Button.tsx',
      'assets/logo.svg',
      'about.html',
    ]) {
      assert.equal((await put(p, `// ${p}`)).status, 201);
    }
    const list = async (qs: string) =>
      (await request('GET', `/v1/workspaces/${ws}/files${qs}`, { token: alice.token })).json;
    const all = await list('');
    assert.deepEqual(
      all.items.map((f: { path: string }) => f.path),
      ['about.html', 'assets/logo.svg', 'index.html', 'src/App.tsx', 'src/components/Button.tsx', 'src/main.tsx'],
    );
    const top = await list('?delimiter=/');
    assert.deepEqual(
      top.items.map((f: { path: string }) => f.path),
      ['about.html', 'index.html'],
    );
    assert.deepEqual(top.prefixes, ['assets/', 'src/']);
    const src = await list('?prefix=src/&delimiter=/');
    assert.deepEqual(
      src.items.map((f: { path: string }) => f.path),
      ['src/App.tsx', 'src/main.tsx'],
    );
    assert.deepEqual(src.prefixes, ['src/components/']);

    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await list(`?delimiter=/&limit=1${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
      seen.push(...page.items.map((f: { path: string }) => f.path), ...page.prefixes);
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.deepEqual(seen, ['about.html', 'assets/', 'index.html', 'src/']);
    const bad = await request('GET', `/v1/workspaces/${ws}/files?pageToken=forged`, { token: alice.token });
    assert.equal(bad.status, 400);
  });

  it('answers a listing asked again the same until a write changes it, with page tokens of each caller', async () => {
    for (const p of ['a.txt', 'b.txt', 'c.txt']) assert.equal((await put(p, p)).status, 201);
    const bob = await target.newUser('bob');
    await request('PUT', `/v1/workspaces/${ws}/members/${bob.uid}`, { token: alice.token, body: { role: 'viewer' } });
    const list = (user: TestUser, qs = '?limit=2') =>
      request('GET', `/v1/workspaces/${ws}/files${qs}`, { token: user.token });
    const paths = (res: { json: { items: { path: string }[] } }) => res.json.items.map((f) => f.path);
    const first = await list(alice);
    assert.equal((await list(alice)).text, first.text);
    const bobs = await list(bob);
    assert.deepEqual(paths(bobs), ['a.txt', 'b.txt']);
    assert.notEqual(bobs.json.nextPageToken, first.json.nextPageToken, 'a token names its caller');
    const next = (user: TestUser, token: string) => list(user, `?limit=2&pageToken=${encodeURIComponent(token)}`);
    assert.deepEqual(paths(await next(bob, bobs.json.nextPageToken)), ['c.txt']);
    assert.deepEqual(paths(await next(alice, first.json.nextPageToken)), ['c.txt']);
    assert.equal((await next(bob, first.json.nextPageToken)).status, 400);

    const replaced = await put('b.txt', 'b, again');
    assert.equal(replaced.status, 200);
    const after = await list(alice);
    assert.equal(after.json.items[1].etag, replaced.json.etag);
    assert.equal(after.json.items[1].size, 8);
    assert.equal((await request('DELETE', `/v1/workspaces/${ws}/files/a.txt`, { token: alice.token })).status, 204);
    assert.deepEqual(paths(await list(bob)), ['b.txt', 'c.txt']);
    assert.equal((await list(bob)).json.nextPageToken, undefined);
  });

  it('deletes a file and a whole folder, and the counters follow', async () => {
    for (const p of ['keep.txt', 'dir/a.txt', 'dir/b.txt', 'dir/sub/c.txt', 'dirt.txt']) await put(p, 'xx');
    assert.deepEqual(await counters(), { fileCount: 5, totalBytes: 10 });
    const del = await request('DELETE', `/v1/workspaces/${ws}/files/keep.txt`, { token: alice.token });
    assert.equal(del.status, 204);
    assert.equal((await request('GET', `/v1/workspaces/${ws}/files/keep.txt`, { token: alice.token })).status, 404);
    assert.equal((await request('DELETE', `/v1/workspaces/${ws}/files/keep.txt`, { token: alice.token })).status, 404);
    const folder = await request('DELETE', `/v1/workspaces/${ws}/files?prefix=dir/`, { token: alice.token });
    assert.equal(folder.status, 204);
    const rest = await request('GET', `/v1/workspaces/${ws}/files`, { token: alice.token });
    assert.deepEqual(
      rest.json.items.map((f: { path: string }) => f.path),
      ['dirt.txt'],
    );
    assert.deepEqual(await counters(), { fileCount: 1, totalBytes: 2 });
  });

  it('honours If-Match and If-None-Match: * on writes', async () => {
    const first = await put('page.html', 'v1', 'text/html', { 'If-None-Match': '*' });
    assert.equal(first.status, 201);
    assert.equal((await put('page.html', 'v2', 'text/html', { 'If-None-Match': '*' })).status, 412);
    const ok = await put('page.html', 'v2', 'text/html', { 'If-Match': `"${first.json.etag}"` });
    assert.equal(ok.status, 200);
    const stale = await put('page.html', 'v3', 'text/html', { 'If-Match': `"${first.json.etag}"` });
    assert.equal(stale.status, 412);
    assert.equal(stale.json.error.code, 'failed_precondition');
    const body = await request('GET', `/v1/workspaces/${ws}/files/page.html`, { token: alice.token });
    assert.equal(body.text, 'v2');
  });

  it('enforces roles on files', async () => {
    await put('a.txt', 'a');
    const bob = await target.newUser('bob');
    const path = `/v1/workspaces/${ws}/files/a.txt`;
    assert.equal((await request('GET', path, { token: bob.token })).status, 404);
    await request('PUT', `/v1/workspaces/${ws}/members/${bob.uid}`, { token: alice.token, body: { role: 'viewer' } });
    assert.equal((await request('GET', path, { token: bob.token })).status, 200);
    const write = await request('PUT', path, { token: bob.token, raw: 'b', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(write.status, 403);
    assert.equal((await request('DELETE', path, { token: bob.token })).status, 403);
    assert.equal((await request('GET', path, { token: alice.token })).text, 'a');
  });

  it('names the same file whether / in {path} is sent raw or as %2F (files and preview)', async () => {
    const send = (method: string, path: string, body?: string) =>
      rawRequest(target.baseUrl, method, `/v1/workspaces/${ws}/${path}`, {
        token: alice.token,
        ...(body !== undefined && { body, headers: { 'Content-Type': 'text/html' } }),
      });
    const raw = await send('PUT', 'files/site/pages/a.html', '<p>raw</p>');
    assert.equal(raw.status, 201, raw.text);
    assert.equal(raw.json.path, 'site/pages/a.html');
    const encoded = await send('PUT', 'files/site%2Fpages%2Fb.html', '<p>encoded</p>');
    assert.equal(encoded.status, 201, encoded.text);
    assert.equal(encoded.json.path, 'site/pages/b.html');
    // Each read both ways, and a mixed spelling.
    for (const [path, text] of [
      ['site/pages/a.html', '<p>raw</p>'],
      ['site%2Fpages%2Fa.html', '<p>raw</p>'],
      ['site/pages/b.html', '<p>encoded</p>'],
      ['site%2Fpages/b.html', '<p>encoded</p>'],
    ] as const) {
      const read = await send('GET', `files/${path}`);
      assert.equal(read.status, 200, `${path}: ${read.status} ${read.text}`);
      assert.equal(read.text, text, path);
      const preview = await send('GET', `preview/${path}`);
      assert.equal(preview.status, 200, `preview ${path}: ${preview.status}`);
      assert.equal(preview.text, text, `preview ${path}`);
    }
    const entry = await send('GET', 'files/site%2Fpages%2Fb.html?alt=json');
    assert.deepEqual(entry.json, encoded.json);
    const list = await request('GET', `/v1/workspaces/${ws}/files?prefix=site/`, { token: alice.token });
    assert.deepEqual(
      list.json.items.map((f: { path: string }) => f.path),
      ['site/pages/a.html', 'site/pages/b.html'],
    );
    const removed = await send('DELETE', 'files/site%2Fpages%2Fa.html');
    assert.equal(removed.status, 204);
    assert.equal((await send('GET', 'files/site/pages/a.html')).status, 404);
    assert.deepEqual(await counters(), { fileCount: 1, totalBytes: '<p>encoded</p>'.length });
  });

  it('refuses hostile paths with 400 and writes nothing', async () => {
    // (`./a` and `a/./b` are left out: URL dot-segment removal in front ends
    // legitimately turns them into `a` and `a/b`, inside the workspace.)
    const hostile = [
      '../escape.txt',
      'a/../../escape.txt',
      '%2e%2e/escape.txt',
      '..%2Fescape.txt',
      'a/%2E%2E/%2E%2E/escape.txt',
      'a//b.txt',
      'dir/',
      '/etc/passwd',
      'a%00b.txt',
      'a%5Cb.txt',
      '..%5C..%5Cescape.txt',
      'a%01b.txt',
      `${'x'.repeat(513)}`,
      encodeURIComponent('é'.repeat(257)),
      'e%CC%81.txt',
      '%ED%A0%80.txt',
    ];
    for (const path of hostile) {
      // Literal dot segments may be resolved by a front end (the Functions emulator
      // does) before the API sees them: then the request names no file route (404).
      const literalDots = /(^|\/)(\.|%2e){2}(\/|$)/i.test(path);
      // Not valid UTF-8 once decoded: in the cloud the runtime's router refuses it (400) before the API runs.
      const undecodable = path.startsWith('%ED%A0%80');
      const res = await rawRequest(target.baseUrl, 'PUT', `/v1/workspaces/${ws}/files/${path}`, {
        token: alice.token,
        body: 'pwned',
        headers: { 'Content-Type': 'text/plain' },
      });
      if (literalDots && res.status === 404) assert.equal(res.json?.error?.code, 'not_found', path);
      else if (undecodable && target.backend === 'firebase') assert.equal(res.status, 400, path);
      else {
        assert.equal(res.status, 400, `${path}: ${res.status} ${res.text}`);
        assert.equal(res.json?.error?.code, 'invalid_argument', path);
      }
      const read = await rawRequest(target.baseUrl, 'GET', `/v1/workspaces/${ws}/files/${path}`, {
        token: alice.token,
      });
      assert.ok(read.status === 400 || (literalDots && read.status === 404), `GET ${path}: ${read.status}`);
    }
    const list = await request('GET', `/v1/workspaces/${ws}/files`, { token: alice.token });
    assert.deepEqual(list.json.items, []);
    assert.deepEqual(await counters(), { fileCount: 0, totalBytes: 0 });
  });

  it('refuses files without a content type or of a type not allowed (415)', async () => {
    const none = await request('PUT', `/v1/workspaces/${ws}/files/a.bin`, {
      token: alice.token,
      raw: Buffer.from('x'),
    });
    assert.equal(none.status, 415, none.text);
    const exe = await put('a.exe', 'MZ', 'application/x-msdownload');
    assert.equal(exe.status, 415);
    assert.equal(exe.json.error.code, 'unsupported_media_type');
    assert.deepEqual(await counters(), { fileCount: 0, totalBytes: 0 });
  });

  it('keeps exact counters under concurrent writes and deletes', async function () {
    // ~30 s through the Functions emulator on 2 cores (each write also runs its trigger).
    this.timeout(240_000);
    const paths = Array.from({ length: 16 }, (_, i) => `c/${i}.txt`);
    const created = await Promise.all(paths.map((p, i) => put(p, 'x'.repeat(i + 1))));
    assert.deepEqual(
      created.map((r) => r.status),
      paths.map(() => 201),
    );
    const changed = await Promise.all([
      ...paths.slice(0, 6).map((p) => request('DELETE', `/v1/workspaces/${ws}/files/${p}`, { token: alice.token })),
      ...paths.slice(6, 10).map((p) => put(p, 'y'.repeat(100))),
    ]);
    assert.deepEqual(
      changed.map((r) => r.status),
      [...Array(6).fill(204), ...Array(4).fill(200)],
    );
    const expectedBytes = 4 * 100 + paths.slice(10).reduce((sum, _p, i) => sum + (i + 11), 0);
    assert.deepEqual(await counters(), { fileCount: 10, totalBytes: expectedBytes });
    const list = await request('GET', `/v1/workspaces/${ws}/files?prefix=c/`, { token: alice.token });
    assert.equal(list.json.items.length, 10);
  });

  it('exports the whole workspace as a zip stream', async () => {
    const files: Record<string, Buffer> = {
      'index.html': Buffer.from('<h1>export</h1>'),
      'src/App.tsx': Buffer.from('export const App = () => null;'),
      'assets/data.bin': randomBytes(20_000),
    };
    for (const [p, bytes] of Object.entries(files)) await put(p, bytes, 'application/octet-stream');
    const res = await fetch(`${target.baseUrl}/v1/workspaces/${ws}/export.zip`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="files\.zip"$/);
    const zip = Buffer.from(await res.arrayBuffer());
    const read = readWithPython(zip);
    assert.deepEqual(Object.keys(read).sort(), Object.keys(files).sort());
    // Said plainly in the archive comment (`unzip` prints it): the history is not in the zip.
    assert.match(
      zipCommentWithPython(zip),
      new RegExp(
        `^WebSplat export of workspace ${ws}, .*: the live files only\\. History \\(commits, kept versions\\) is not included\\.$`,
      ),
    );
    for (const [p, bytes] of Object.entries(files)) assert.deepEqual(Buffer.from(read[p]!, 'base64'), bytes, p);
    const bob = await target.newUser('bob');
    const hidden = await request('GET', `/v1/workspaces/${ws}/export.zip`, { token: bob.token });
    assert.equal(hidden.status, 404);
  });

  it('copies and moves files and folders, keeping the index and counters exact', async () => {
    for (const p of ['a.txt', 'dir/x.txt', 'dir/sub/y.txt']) await put(p, p);
    const op = (kind: string, body: unknown) =>
      request('POST', `/v1/workspaces/${ws}/${kind}`, { token: alice.token, body });

    const copied = await op('copy', { from: 'a.txt', to: 'b/a-copy.txt' });
    assert.equal(copied.status, 200, copied.text);
    assert.deepEqual(
      copied.json.items.map((f: { path: string }) => f.path),
      ['b/a-copy.txt'],
    );
    assert.equal(
      (await request('GET', `/v1/workspaces/${ws}/files/b/a-copy.txt`, { token: alice.token })).text,
      'a.txt',
    );

    const folder = await op('copy', { from: 'dir/', to: 'dir2/' });
    assert.deepEqual(folder.json.items.map((f: { path: string }) => f.path).sort(), ['dir2/sub/y.txt', 'dir2/x.txt']);
    const moved = await op('move', { from: 'dir/', to: 'old/dir/' });
    assert.equal(moved.status, 200);
    const list = await request('GET', `/v1/workspaces/${ws}/files`, { token: alice.token });
    assert.deepEqual(
      list.json.items.map((f: { path: string }) => f.path),
      ['a.txt', 'b/a-copy.txt', 'dir2/sub/y.txt', 'dir2/x.txt', 'old/dir/sub/y.txt', 'old/dir/x.txt'],
    );
    const bytes = 'a.txt'.length * 2 + 'dir/x.txt'.length * 2 + 'dir/sub/y.txt'.length * 2;
    assert.deepEqual(await counters(), { fileCount: 6, totalBytes: bytes });

    for (const [kind, body, status] of [
      ['copy', { from: 'missing.txt', to: 'x.txt' }, 404],
      ['copy', { from: 'a.txt', to: 'a.txt' }, 400],
      ['copy', { from: 'dir2/', to: 'dir2/inner/' }, 400],
      ['copy', { from: 'a.txt', to: '../escape.txt' }, 400],
      ['copy', { from: 'dir2/', to: 'no-slash' }, 400],
      ['move', { from: 'a.txt' }, 400],
      ['move', { from: 'a.txt', to: 'b.txt', extra: 1 }, 400],
    ] as const) {
      const res = await op(kind, body);
      assert.equal(res.status, status, `${kind} ${JSON.stringify(body)}: ${res.text}`);
    }
    assert.deepEqual(await counters(), { fileCount: 6, totalBytes: bytes });
  });

  it('clones a workspace with its files for the caller, once per Idempotency-Key', async () => {
    await put('index.html', '<h1>original</h1>', 'text/html');
    await put('src/App.tsx', 'app');
    const bob = await target.newUser('bob');
    await request('PUT', `/v1/workspaces/${ws}/members/${bob.uid}`, { token: alice.token, body: { role: 'viewer' } });
    const headers = { 'Idempotency-Key': `clone-${ws}` };
    const res = await request('POST', `/v1/workspaces/${ws}/clone`, {
      token: bob.token,
      body: { name: 'variant' },
      headers,
    });
    assert.equal(res.status, 201, res.text);
    const clone = res.json;
    assert.notEqual(clone.id, ws);
    assert.equal(clone.ownerId, bob.uid);
    assert.deepEqual(clone.members, { [bob.uid]: 'owner' });
    assert.equal(clone.metadata.clonedFrom, ws);
    assert.equal(clone.fileCount, 2);
    const files = await request('GET', `/v1/workspaces/${clone.id}/files`, { token: bob.token });
    assert.deepEqual(
      files.json.items.map((f: { path: string }) => f.path),
      ['index.html', 'src/App.tsx'],
    );
    assert.equal(
      (await request('GET', `/v1/workspaces/${clone.id}/files/index.html`, { token: bob.token })).text,
      '<h1>original</h1>',
    );
    // The fork is independent of the original.
    await request('PUT', `/v1/workspaces/${clone.id}/files/index.html`, {
      token: bob.token,
      raw: Buffer.from('changed'),
      headers: { 'Content-Type': 'text/html' },
    });
    assert.equal(
      (await request('GET', `/v1/workspaces/${ws}/files/index.html`, { token: alice.token })).text,
      '<h1>original</h1>',
    );
    const again = await request('POST', `/v1/workspaces/${ws}/clone`, {
      token: bob.token,
      body: { name: 'variant' },
      headers,
    });
    assert.equal(again.json.id, clone.id);
    const stranger = await target.newUser('carol');
    assert.equal(
      (await request('POST', `/v1/workspaces/${ws}/clone`, { token: stranger.token, body: { name: 'x' } })).status,
      404,
    );
  });

  it('previews the site with MIME types, index.html for folders and a sandboxing CSP', async () => {
    const site: [string, string, string][] = [
      ['index.html', '<script src="app.js"></script>', 'text/html'],
      ['app.js', 'console.log(1)', 'application/octet-stream'],
      ['style.css', 'body{}', 'text/plain'],
      ['src/App.tsx', 'export default 1', 'text/plain'],
      ['logo.svg', '<svg/>', 'image/svg+xml'],
      ['data.json', '{}', 'text/plain'],
      ['sub/index.html', '<p>sub</p>', 'text/html'],
    ];
    for (const [p, body, type] of site) await put(p, body, type);
    const base = `/v1/workspaces/${ws}/preview`;
    const get = (path: string, headers: Record<string, string> = { Authorization: `Bearer ${alice.token}` }) =>
      fetch(`${target.baseUrl}${base}/${path}`, { headers, redirect: 'manual' });

    const root = await get('');
    assert.equal(root.status, 200);
    assert.equal(root.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await root.text(), '<script src="app.js"></script>');
    const csp = root.headers.get('content-security-policy') ?? '';
    assert.match(csp, /sandbox allow-scripts/);
    assert.doesNotMatch(csp, /allow-same-origin/);
    assert.equal(root.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(root.headers.get('x-content-type-options'), 'nosniff');
    for (const [path, type] of [
      ['app.js', 'text/javascript; charset=utf-8'],
      ['style.css', 'text/css; charset=utf-8'],
      ['src/App.tsx', 'application/typescript; charset=utf-8'],
      ['logo.svg', 'image/svg+xml'],
      ['data.json', 'application/json; charset=utf-8'],
      ['sub/', 'text/html; charset=utf-8'],
    ]) {
      const res = await get(path!);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), type, path);
    }
    const folder = await get('sub');
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.get('location'), 'sub/');
    const etag = root.headers.get('etag')!;
    assert.equal((await get('', { Authorization: `Bearer ${alice.token}`, 'If-None-Match': etag })).status, 304);
    assert.equal((await get('missing.html')).status, 404);
    assert.equal((await get('', {})).status, 401);
    const bob = await target.newUser('bob');
    assert.equal((await get('', { Authorization: `Bearer ${bob.token}` })).status, 404);

    // An iframe cannot send headers: ?access_token= is swapped for a preview link (links.suite), never a cookie.
    const framed = await fetch(`${target.baseUrl}${base}/?access_token=${encodeURIComponent(alice.token)}`, {
      redirect: 'manual',
    });
    assert.equal(framed.status, 302);
    assert.equal(framed.headers.get('set-cookie'), null);
  });
}
