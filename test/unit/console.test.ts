/**
 * The console on the local server: static files outside /v1, the
 * development sign-in (local only), and its deployment to Firebase Hosting.
 * The console's own behaviour is tested in Chromium (test/browser).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { consoleHandler } from '@functions/cli/console';
import { serve } from '@functions/cli/serve';
import { LocalTokens } from '@functions/adapters/local/localTokens';
import { silentLogger } from '@functions/ports/logger';
import { rawRequest } from '../support/http';
import { buildTree, typeLabel } from '../../console/src/format';
import { diffLines, entryKey, mergeTimeline, type TimelineEntry } from '../../console/src/timeline';

const ROOT = resolve(__dirname, '../..');

describe('console: static files on the local server', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const tokens = new LocalTokens(randomBytes(32));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'websplat-console-'));
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'site', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside the console folder');
    server = createServer(consoleHandler(tokens, join(dir, 'site')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page, its script with a JavaScript type, and a CSP that keeps generated code out', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    const script = await fetch(`${base}/app.js`);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await script.text(), 'console.log(1)');
  });

  it('answers any other page path with index.html (the console routes itself)', async () => {
    const res = await fetch(`${base}/w/some-workspace`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<title>console<\/title>/);
  });

  it('never serves a file outside its folder, whatever the raw path', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const res = await rawRequest(base, 'GET', path);
      assert.equal(res.status, 200, path);
      assert.doesNotMatch(res.text, /outside the console folder/, path);
    }
  });

  it('refuses writes to static paths', async () => {
    const res = await fetch(`${base}/index.html`, { method: 'PUT', body: 'x' });
    assert.equal(res.status, 405);
  });

  it('says how to build the console when it is not built', async () => {
    const empty = createServer(consoleHandler(tokens, join(dir, 'missing')));
    await new Promise<void>((r) => empty.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(empty.address() as { port: number }).port}/`);
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /npm run build/);
    } finally {
      await new Promise<void>((r) => empty.close(() => r()));
    }
  });
});

describe('console: development sign-in on the local server', () => {
  let dataDir: string;
  let close: () => Promise<void>;
  let url: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'websplat-console-srv-'));
    const started = await serve({ dataDir, port: 0, host: '127.0.0.1', logger: silentLogger });
    url = started.url;
    close = async () => {
      await new Promise<void>((r) => started.server.close(() => r()));
      await started.runtime.close();
    };
  });
  after(async () => {
    await close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/console/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('mints a token for a user id that the API accepts as that user', async () => {
    const res = await signIn({ uid: 'console-alice' });
    assert.equal(res.status, 200);
    const { token, expiresIn } = (await res.json()) as { token: string; expiresIn: number };
    assert.equal(expiresIn, 3600);
    const created = await fetch(`${url}/v1/workspaces`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'from the console' }),
    });
    assert.equal(created.status, 201);
    assert.equal(((await created.json()) as { ownerId: string }).ownerId, 'console-alice');
  });

  it('refuses a bad user id, a non-JSON body, and a request from another site', async () => {
    assert.equal((await signIn({ uid: '' })).status, 400);
    assert.equal((await signIn({ uid: 'a b' })).status, 400);
    assert.equal((await signIn({})).status, 400);
    const form = await fetch(`${url}/console/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'uid=mallory',
    });
    assert.equal(form.status, 415);
    assert.equal((await signIn({ uid: 'mallory' }, { Origin: 'http://evil.example' })).status, 403);
  });

  it('leaves /v1 to the api: health, and the contract error body for unknown API paths', async () => {
    const health = await fetch(`${url}/v1/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok', backend: 'local' });
    const unknown = await fetch(`${url}/v1/console/dev-token`, { method: 'POST' });
    assert.ok(unknown.status === 404 || unknown.status === 401, String(unknown.status));
    assert.ok(((await unknown.json()) as { error?: unknown }).error);
  });
});

describe('console: deployment to Firebase Hosting (firebase.json)', () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8')) as {
    hosting: {
      public: string;
      predeploy: string[];
      rewrites: { source: string; function?: { functionId: string }; destination?: string }[];
    };
  };

  it('serves the hosting build, built before deploy, and sends /v1/** to the api function first', () => {
    assert.equal(config.hosting.public, 'console/dist/hosting');
    assert.ok(config.hosting.predeploy.some((step) => /run build/.test(step)));
    assert.deepEqual(config.hosting.rewrites[0], {
      source: '/v1/**',
      function: { functionId: 'api', region: 'us-central1' },
    });
    assert.deepEqual(config.hosting.rewrites.at(-1), { source: '**', destination: '/index.html' });
  });

  it('the hosting build has no development sign-in; the local build has it', () => {
    execFileSync(process.execPath, [join(ROOT, 'console', 'build.mjs')]);
    const hosting = readFileSync(join(ROOT, 'console', 'dist', 'hosting', 'app.js'), 'utf8');
    const local = readFileSync(join(ROOT, 'console', 'dist', 'local', 'app.js'), 'utf8');
    assert.ok(local.includes('/console/dev-token'));
    assert.ok(!hosting.includes('/console/dev-token'));
    assert.ok(hosting.includes('accounts:signInWithPassword'));
    assert.match(readFileSync(join(ROOT, 'console', 'dist', 'hosting', 'index.html'), 'utf8'), /identitytoolkit/);
  });

  it('the generated console is not checked in (npm run build makes it)', () => {
    assert.match(readFileSync(join(ROOT, '.gitignore'), 'utf8'), /^console\/dist\/$/m);
  });
});

describe('console: folder tree of a listing', () => {
  const file = (path: string, size: number) => ({
    path,
    size,
    contentType: 'text/plain',
    md5: '',
    generation: '1',
    updatedAt: '',
    etag: '',
  });

  it('nests folders, sums sizes and counts per folder, and sorts by path', () => {
    const root = buildTree([file('b/y.txt', 2), file('a.txt', 1), file('b/c/z.txt', 4), file('b/x.txt', 8)]);
    assert.equal(root.count, 4);
    assert.equal(root.size, 15);
    assert.deepEqual(
      root.files.map((f) => f.path),
      ['a.txt'],
    );
    const b = root.folders[0]!;
    assert.equal(b.path, 'b/');
    assert.equal(b.size, 14);
    assert.deepEqual(
      b.files.map((f) => f.path),
      ['b/x.txt', 'b/y.txt'],
    );
    assert.equal(b.folders[0]!.path, 'b/c/');
    assert.equal(b.folders[0]!.count, 1);
  });

  it('labels types by extension, else by MIME subtype', () => {
    assert.equal(typeLabel({ path: 'index.HTML', contentType: 'text/html' }), 'html');
    assert.equal(typeLabel({ path: 'blob', contentType: 'application/octet-stream' }), 'octet-stream');
  });
});

describe('console history models', () => {
  const commit = (id: string, at: string): TimelineEntry => ({
    kind: 'commit',
    id,
    at,
    commit: { id, kind: 'put', message: '', author: 'u', createdAt: at, changes: [] },
  });

  it('merges sources into one timeline by time, newest first, each entry once', () => {
    const live = [commit('c4', '2026-12-02T10:00:04.000Z'), commit('c3', '2026-12-02T10:00:03.000Z')];
    const listed = [commit('c3', '2026-12-02T10:00:03.000Z'), commit('c2', '2026-12-02T10:00:02.000Z')];
    const older = [commit('c1', '2026-12-02T10:00:01.000Z')];
    assert.deepEqual(
      mergeTimeline(older, live, listed).map((e) => e.id),
      ['c4', 'c3', 'c2', 'c1'],
    );
    // Same instant: the order the source gave.
    const tied = [commit('b', '2026-12-02T10:00:00.000Z'), commit('a', '2026-12-02T10:00:00.000Z')];
    assert.deepEqual(
      mergeTimeline(tied).map((e) => e.id),
      ['b', 'a'],
    );
  });

  it('merges checkpoints with commits by time; a checkpoint and a commit of the same id are two entries', () => {
    const checkpoint = (id: string, at: string): TimelineEntry => ({
      kind: 'checkpoint',
      id,
      at,
      checkpoint: {
        id,
        label: '',
        createdAt: at,
        author: 'u',
        commitId: null,
        fileCount: 0,
        totalBytes: 0,
        stateCount: 0,
      },
    });
    const commits = [commit('c3', '2026-12-02T10:00:03.000Z'), commit('c1', '2026-12-02T10:00:01.000Z')];
    const checkpoints = [
      checkpoint('k4', '2026-12-02T10:00:04.000Z'),
      checkpoint('c1', '2026-12-02T10:00:02.000Z'),
      checkpoint('k0', '2026-12-02T10:00:00.000Z'),
    ];
    const merged = mergeTimeline(commits, checkpoints, checkpoints.slice(0, 1));
    assert.deepEqual(
      merged.map((e) => entryKey(e)),
      ['checkpoint:k4', 'commit:c3', 'checkpoint:c1', 'commit:c1', 'checkpoint:k0'],
    );
  });

  it("marks a unified diff's lines: headers, hunks, added, removed and context", () => {
    // As the API's jsdiff makes it (createTwoFilesPatch) for "keep / -- old note / old" -> "keep / --- new note / new".
    const patch =
      'Index: a.sql\n===================================================================\n--- a.sql\tg1\n+++ a.sql\tg2\n' +
      '@@ -1,3 +1,3 @@\n keep\n--- old note\n-old\n+--- new note\n+new\n';
    const lines = diffLines(patch);
    assert.ok(
      lines.slice(0, 4).every((l) => l.kind === 'meta'),
      'the file headers',
    );
    assert.deepEqual(
      lines.slice(4).map((l) => [l.kind, l.text]),
      [
        ['hunk', '@@ -1,3 +1,3 @@'],
        ['same', ' keep'],
        ['del', '--- old note'],
        ['del', '-old'],
        ['add', '+--- new note'],
        ['add', '+new'],
      ],
    );
  });
});
