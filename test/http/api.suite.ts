/**
 * The HTTP scenarios every backend must pass, run by an outside client
 * (fetch) against a live server: the local backend, or the `api` function
 * in the Functions emulator. Each test uses fresh users, so the suites need
 * no cleanup between tests.
 */
import { strict as assert } from 'node:assert';
import type { ApiResponse, Request } from '../support/http';
import type { ApiTarget, TestUser } from '../support/targets';
import { withTarget } from '../support/suite';
import { UsageReportSchema } from '@functions/schemas/usage';

/**
 * What Cloud Functions' runtime (and the Functions emulator's) answers for a body labelled
 * application/json that does not parse, before the function runs: Express's default error page
 * (NODE_ENV=production, so no stack), status 400. See docs/api.md, "Known platform difference".
 */
const RUNTIME_BAD_REQUEST_PAGE =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n' +
  '<body>\n<pre>Bad Request</pre>\n</body>\n</html>\n';

function assertError(res: ApiResponse, status: number, code: string): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(res.json?.error?.code, code, res.text);
  assert.equal(typeof res.json.error.message, 'string');
  assert.ok(Array.isArray(res.json.error.details));
  // No stack traces, internal paths or SDK text.
  assert.doesNotMatch(res.text, /\n\s+at |node_modules|\/work\/|\.ts:\d|firestore|grpc/i);
}

export function apiSuite(makeTarget: () => Promise<ApiTarget>): void {
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;

  withTarget(makeTarget, (t, r) => {
    target = t;
    request = r;
  });
  beforeEach(async () => {
    alice = await target.newUser('alice');
  });

  const create = async (user: TestUser, body: unknown = { name: 'Site' }, headers: Record<string, string> = {}) => {
    const res = await request('POST', '/v1/workspaces', { token: user.token, body, headers });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };

  describe('health and description', () => {
    it('answers healthz without auth, naming the backend', async () => {
      const res = await request('GET', '/v1/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { status: 'ok', backend: target.backend });
    });

    it('serves an OpenAPI document generated from the schemas', async () => {
      const res = await request('GET', '/v1/openapi.json');
      assert.equal(res.status, 200);
      assert.equal(res.json.openapi, '3.1.0');
      assert.deepEqual(
        Object.keys(res.json.paths).sort(),
        [
          '/v1/admin/usage',
          '/v1/cache/{key}',
          '/v1/healthz',
          '/v1/openapi.json',
          '/v1/sessions/{sessionId}',
          '/v1/workspaces',
          '/v1/workspaces/{workspaceId}/agents',
          '/v1/workspaces/{workspaceId}/agents/{agentId}',
          '/v1/workspaces/{workspaceId}/state',
          '/v1/workspaces/{workspaceId}/state/{key}',
          '/v1/workspaces/{workspaceId}',
          '/v1/workspaces/{workspaceId}/clone',
          '/v1/workspaces/{workspaceId}/commits',
          '/v1/workspaces/{workspaceId}/commits/{commitId}',
          '/v1/workspaces/{workspaceId}/checkpoints',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/files',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/files/{path}',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/diff',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/restore',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/preview/',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/preview/{path}',
          '/v1/workspaces/{workspaceId}/checkpoints/{checkpointId}/export.zip',
          '/v1/workspaces/{workspaceId}/diff',
          '/v1/workspaces/{workspaceId}/versions',
          '/v1/workspaces/{workspaceId}/events',
          '/v1/workspaces/{workspaceId}/copy',
          '/v1/workspaces/{workspaceId}/export.zip',
          '/v1/workspaces/{workspaceId}/files',
          '/v1/workspaces/{workspaceId}/files/{path}',
          '/v1/workspaces/{workspaceId}/members/{uid}',
          '/v1/workspaces/{workspaceId}/move',
          '/v1/workspaces/{workspaceId}/preview/',
          '/v1/workspaces/{workspaceId}/preview/{path}',
          '/v1/workspaces/{workspaceId}/links',
          '/v1/workspaces/{workspaceId}/links/{linkId}',
          '/v1/p/{linkToken}',
          '/v1/p/{linkToken}/',
          '/v1/p/{linkToken}/{path}',
          '/v1/workspaces/{workspaceId}/uploads',
          // The local backend's stand-in for signed Cloud Storage URLs.
          ...(target.backend === 'local' ? ['/v1/uploads/{token}'] : []),
        ].sort(),
      );
      const workspace = res.json.components.schemas.Workspace;
      assert.deepEqual(workspace.required.sort(), [
        'createdAt',
        'description',
        'etag',
        'fileCount',
        'id',
        'lastAccessedAt',
        'members',
        'metadata',
        'name',
        'ownerId',
        'status',
        'totalBytes',
        'updatedAt',
        'versionBytes',
      ]);
      const create = res.json.paths['/v1/workspaces'].post;
      assert.equal(
        create.requestBody.content['application/json'].schema.$ref,
        '#/components/schemas/CreateWorkspaceRequest',
      );
      assert.equal(res.json.components.schemas.CreateWorkspaceRequest.additionalProperties, false);
    });

    it('answers an unknown path or method with a not_found error body', async () => {
      assertError(await request('GET', '/v1/nothing-here'), 404, 'not_found');
      assertError(await request('PUT', '/v1/healthz'), 404, 'not_found');
    });

    it('answers CORS preflights so a browser frontend can call it', async () => {
      const res = await request('OPTIONS', '/v1/workspaces', {
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
        },
      });
      assert.ok(res.status === 204 || res.status === 200, String(res.status));
      assert.match(res.headers.get('access-control-allow-origin') ?? '', /^(\*|http:\/\/localhost:5173)$/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    });

    it('exposes to a frontend every response header it reads (CORS)', async () => {
      const res = await request('GET', '/v1/workspaces', {
        token: alice.token,
        headers: { Origin: 'http://localhost:5173' },
      });
      assert.equal(res.status, 200);
      const exposed = (res.headers.get('access-control-expose-headers') ?? '')
        .split(/,\s*/)
        .map((h) => h.toLowerCase());
      for (const name of [
        'ETag',
        'Location',
        'Retry-After',
        'X-Request-Id',
        'Idempotent-Replayed',
        'Content-Range',
        'Accept-Ranges',
        'Content-Disposition',
        'X-Update-Applied',
      ]) {
        assert.ok(exposed.includes(name.toLowerCase()), `${name} in Access-Control-Expose-Headers: ${exposed}`);
      }
    });
  });

  describe('workspaces', () => {
    it('creates a workspace owned by the caller', async () => {
      const res = await request('POST', '/v1/workspaces', {
        token: alice.token,
        body: { name: '  Landing page  ', description: 'for the launch', metadata: { template: 'react' } },
      });
      assert.equal(res.status, 201, res.text);
      const ws = res.json;
      assert.match(ws.id, /^[A-Za-z0-9]{20}$/);
      assert.equal(ws.name, 'Landing page');
      assert.equal(ws.description, 'for the launch');
      assert.equal(ws.status, 'active');
      assert.equal(ws.ownerId, alice.uid);
      assert.deepEqual(ws.members, { [alice.uid]: 'owner' });
      assert.deepEqual(ws.metadata, { template: 'react' });
      assert.equal(ws.fileCount, 0);
      assert.equal(ws.totalBytes, 0);
      for (const field of ['createdAt', 'updatedAt', 'lastAccessedAt']) {
        assert.match(ws[field], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      assert.equal(res.headers.get('etag'), `"${ws.etag}"`);
      assert.equal(res.headers.get('location'), `/v1/workspaces/${ws.id}`);

      const read = await request('GET', `/v1/workspaces/${ws.id}`, { token: alice.token });
      assert.equal(read.status, 200);
      assert.deepEqual({ ...read.json, lastAccessedAt: ws.lastAccessedAt }, ws);
    });

    it('honours If-None-Match on read', async () => {
      const ws = await create(alice);
      const res = await request('GET', `/v1/workspaces/${ws.id}`, {
        token: alice.token,
        headers: { 'If-None-Match': `"${ws.etag}"` },
      });
      assert.equal(res.status, 304);
      assert.equal(res.text, '');
    });

    it('replays a create with the same Idempotency-Key and body, and refuses another body', async () => {
      const headers = { 'Idempotency-Key': `create-${Date.now()}` };
      const first = await request('POST', '/v1/workspaces', {
        token: alice.token,
        body: { name: 'A', metadata: { a: '1', b: '2' } },
        headers,
      });
      assert.equal(first.status, 201);
      // Same body with keys in another order is the same request.
      const again = await request('POST', '/v1/workspaces', {
        token: alice.token,
        body: { metadata: { b: '2', a: '1' }, name: 'A' },
        headers,
      });
      assert.equal(again.status, 201);
      assert.deepEqual(again.json, first.json);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      const other = await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'B' }, headers });
      assertError(other, 409, 'already_exists');
      // The key is per caller: bob's request with the same key is his own.
      const bob = await target.newUser('bob');
      const bobs = await request('POST', '/v1/workspaces', { token: bob.token, body: { name: 'A' }, headers });
      assert.equal(bobs.status, 201);
      assert.notEqual(bobs.json.id, first.json.id);
      const list = await request('GET', '/v1/workspaces', { token: alice.token });
      assert.deepEqual(
        list.json.items.map((w: { id: string }) => w.id),
        [first.json.id],
      );
    });

    it("lists only the caller's workspaces, newest first, in pages", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await create(alice, { name: `W${i}` })).id);
      const bob = await target.newUser('bob');
      await create(bob, { name: 'not alice' });
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const qs = `?limit=2${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
        const res = await request('GET', `/v1/workspaces${qs}`, { token: alice.token });
        assert.equal(res.status, 200, res.text);
        assert.ok(res.json.items.length <= 2);
        seen.push(...res.json.items.map((w: { id: string }) => w.id));
        pageToken = res.json.nextPageToken;
        pages++;
      } while (pageToken && pages < 10);
      assert.deepEqual(seen, [...ids].reverse());
      assert.equal(pages, 3);
    });

    it('filters by status and hides deleted workspaces from lists and reads', async () => {
      const a = await create(alice, { name: 'keep' });
      const b = await create(alice, { name: 'archive me' });
      const c = await create(alice, { name: 'delete me' });
      const archived = await request('PATCH', `/v1/workspaces/${b.id}`, {
        token: alice.token,
        body: { status: 'archived' },
      });
      assert.equal(archived.status, 200);
      assert.equal(archived.json.status, 'archived');
      const deleted = await request('DELETE', `/v1/workspaces/${c.id}`, { token: alice.token });
      assert.equal(deleted.status, 202);
      assert.equal(deleted.json.status, 'deleted');

      const ids = async (qs: string) =>
        (await request('GET', `/v1/workspaces${qs}`, { token: alice.token })).json.items.map(
          (w: { id: string }) => w.id,
        );
      assert.deepEqual(await ids(''), [b.id, a.id]);
      assert.deepEqual(await ids('?status=active'), [a.id]);
      assert.deepEqual(await ids('?status=archived'), [b.id]);
      assertError(await request('GET', `/v1/workspaces/${c.id}`, { token: alice.token }), 404, 'not_found');
      assertError(
        await request('PATCH', `/v1/workspaces/${c.id}`, { token: alice.token, body: { name: 'x' } }),
        404,
        'not_found',
      );
      assertError(await request('DELETE', `/v1/workspaces/${c.id}`, { token: alice.token }), 404, 'not_found');
    });

    it('patches with If-Match and refuses a stale etag', async () => {
      const ws = await create(alice, { name: 'v1', metadata: { a: '1' } });
      const ok = await request('PATCH', `/v1/workspaces/${ws.id}`, {
        token: alice.token,
        body: { name: 'v2', metadata: { b: '2' } },
        headers: { 'If-Match': `"${ws.etag}"` },
      });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.name, 'v2');
      assert.deepEqual(ok.json.metadata, { b: '2' }, 'metadata is replaced as a whole');
      assert.equal(ok.json.description, '');
      assert.notEqual(ok.json.etag, ws.etag);
      const stale = await request('PATCH', `/v1/workspaces/${ws.id}`, {
        token: alice.token,
        body: { name: 'v3' },
        headers: { 'If-Match': `"${ws.etag}"` },
      });
      assertError(stale, 412, 'failed_precondition');
      const read = await request('GET', `/v1/workspaces/${ws.id}`, { token: alice.token });
      assert.equal(read.json.name, 'v2');
      assertError(
        await request('DELETE', `/v1/workspaces/${ws.id}`, {
          token: alice.token,
          headers: { 'If-Match': `"${ws.etag}"` },
        }),
        412,
        'failed_precondition',
      );
      const del = await request('DELETE', `/v1/workspaces/${ws.id}`, {
        token: alice.token,
        headers: { 'If-Match': ok.json.etag },
      });
      assert.equal(del.status, 202);
    });
  });

  describe('members and roles', () => {
    it('lets the owner share a workspace and enforces each role', async () => {
      const bob = await target.newUser('bob');
      const carol = await target.newUser('carol');
      const ws = await create(alice, { name: 'shared' });
      const path = `/v1/workspaces/${ws.id}`;

      // A stranger cannot tell the workspace exists.
      assertError(await request('GET', path, { token: bob.token }), 404, 'not_found');

      const put = await request('PUT', `${path}/members/${bob.uid}`, { token: alice.token, body: { role: 'viewer' } });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.json.members, { [alice.uid]: 'owner', [bob.uid]: 'viewer' });

      // Viewer: reads and lists, changes nothing.
      assert.equal((await request('GET', path, { token: bob.token })).status, 200);
      const bobsList = await request('GET', '/v1/workspaces', { token: bob.token });
      assert.deepEqual(
        bobsList.json.items.map((w: { id: string }) => w.id),
        [ws.id],
      );
      assertError(await request('PATCH', path, { token: bob.token, body: { name: 'x' } }), 403, 'permission_denied');
      assertError(await request('DELETE', path, { token: bob.token }), 403, 'permission_denied');
      assertError(
        await request('PUT', `${path}/members/${carol.uid}`, { token: bob.token, body: { role: 'viewer' } }),
        403,
        'permission_denied',
      );

      // Editor: edits content fields, not status, members or deletion.
      await request('PUT', `${path}/members/${bob.uid}`, { token: alice.token, body: { role: 'editor' } });
      const renamed = await request('PATCH', path, { token: bob.token, body: { name: 'renamed by bob' } });
      assert.equal(renamed.status, 200, renamed.text);
      assertError(
        await request('PATCH', path, { token: bob.token, body: { status: 'archived' } }),
        403,
        'permission_denied',
      );
      assertError(await request('DELETE', path, { token: bob.token }), 403, 'permission_denied');
      assertError(
        await request('DELETE', `${path}/members/${alice.uid}`, { token: bob.token }),
        403,
        'permission_denied',
      );

      // The owner cannot be demoted or removed; removing a member revokes access.
      assertError(
        await request('PUT', `${path}/members/${alice.uid}`, { token: alice.token, body: { role: 'viewer' } }),
        400,
        'invalid_argument',
      );
      assertError(
        await request('DELETE', `${path}/members/${alice.uid}`, { token: alice.token }),
        400,
        'invalid_argument',
      );
      assertError(await request('DELETE', `${path}/members/${carol.uid}`, { token: alice.token }), 404, 'not_found');
      const removed = await request('DELETE', `${path}/members/${bob.uid}`, { token: alice.token });
      assert.equal(removed.status, 204);
      assertError(await request('GET', path, { token: bob.token }), 404, 'not_found');
      assert.deepEqual((await request('GET', '/v1/workspaces', { token: bob.token })).json.items, []);
    });
  });

  describe('auth matrix', () => {
    it("refuses every protected endpoint without a valid token (401) and hides others' workspaces (404)", async () => {
      const ws = await create(alice);
      const mallory = await target.newUser('mallory');
      const endpoints: [string, string, unknown?][] = [
        ['POST', '/v1/workspaces', { name: 'x' }],
        ['GET', '/v1/workspaces'],
        ['GET', `/v1/workspaces/${ws.id}`],
        ['PATCH', `/v1/workspaces/${ws.id}`, { name: 'x' }],
        ['DELETE', `/v1/workspaces/${ws.id}`],
        ['PUT', `/v1/workspaces/${ws.id}/members/${mallory.uid}`, { role: 'editor' }],
        ['DELETE', `/v1/workspaces/${ws.id}/members/${alice.uid}`],
      ];
      const tokens: Record<string, string | undefined> = { missing: undefined, ...target.badTokens(alice) };
      for (const [method, path, body] of endpoints) {
        for (const [kind, token] of Object.entries(tokens)) {
          const res = await request(method, path, {
            ...(token !== undefined && { token }),
            ...(body !== undefined && { body }),
          });
          assert.equal(res.status, 401, `${kind} token on ${method} ${path}: ${res.status} ${res.text}`);
          assertError(res, 401, 'unauthenticated');
        }
        const other = await request(method, path, { token: mallory.token, ...(body !== undefined && { body }) });
        if (path.includes(ws.id)) assertError(other, 404, 'not_found');
        else assert.ok(other.status === 200 || other.status === 201, `${method} ${path} as another user`);
      }
      const basic = await request('GET', '/v1/workspaces', {
        headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      });
      assertError(basic, 401, 'unauthenticated');
      // Nothing changed for the owner.
      const read = await request('GET', `/v1/workspaces/${ws.id}`, { token: alice.token });
      assert.equal(read.json.etag, ws.etag);
      assert.deepEqual(read.json.members, { [alice.uid]: 'owner' });
    });
  });

  describe('bad input', () => {
    const long = (n: number) => 'x'.repeat(n);
    const tooManyKeys = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));

    it('answers every bad request with a 4xx error body and changes nothing', async () => {
      const ws = await create(alice, { name: 'stable', metadata: { keep: 'me' } });
      const bob = await target.newUser('bob');
      const path = `/v1/workspaces/${ws.id}`;
      const json = (body: unknown) => ({ body });
      const cases: [string, string, string, Parameters<Request>[2], number, string][] = [
        ['create: name of wrong type', 'POST', '/v1/workspaces', json({ name: 42 }), 400, 'invalid_argument'],
        ['create: missing name', 'POST', '/v1/workspaces', json({}), 400, 'invalid_argument'],
        ['create: blank name', 'POST', '/v1/workspaces', json({ name: '   ' }), 400, 'invalid_argument'],
        ['create: name too long', 'POST', '/v1/workspaces', json({ name: long(201) }), 400, 'invalid_argument'],
        [
          'create: control character in name',
          'POST',
          '/v1/workspaces',
          json({ name: 'a\u0000b' }),
          400,
          'invalid_argument',
        ],
        ['create: unknown field', 'POST', '/v1/workspaces', json({ name: 'a', owner: 'me' }), 400, 'invalid_argument'],
        [
          'create: __proto__ field',
          'POST',
          '/v1/workspaces',
          { raw: '{"name":"a","__proto__":{"x":1}}', headers: { 'Content-Type': 'application/json' } },
          400,
          'invalid_argument',
        ],
        [
          'create: description too long',
          'POST',
          '/v1/workspaces',
          json({ name: 'a', description: long(2001) }),
          400,
          'invalid_argument',
        ],
        [
          'create: too many metadata keys',
          'POST',
          '/v1/workspaces',
          json({ name: 'a', metadata: tooManyKeys }),
          400,
          'invalid_argument',
        ],
        [
          'create: metadata value too long',
          'POST',
          '/v1/workspaces',
          json({ name: 'a', metadata: { k: long(1025) } }),
          400,
          'invalid_argument',
        ],
        [
          'create: metadata key with space',
          'POST',
          '/v1/workspaces',
          json({ name: 'a', metadata: { 'a b': 'v' } }),
          400,
          'invalid_argument',
        ],
        [
          'create: metadata value not a string',
          'POST',
          '/v1/workspaces',
          json({ name: 'a', metadata: { k: 1 } }),
          400,
          'invalid_argument',
        ],
        ['create: body is an array', 'POST', '/v1/workspaces', json([{ name: 'a' }]), 400, 'invalid_argument'],
        [
          'create: empty body',
          'POST',
          '/v1/workspaces',
          { headers: { 'Content-Type': 'application/json' } },
          400,
          'invalid_argument',
        ],
        [
          'create: wrong content type',
          'POST',
          '/v1/workspaces',
          { raw: '{"name":"a"}', headers: { 'Content-Type': 'text/plain' } },
          415,
          'unsupported_media_type',
        ],
        [
          'create: form content type',
          'POST',
          '/v1/workspaces',
          { raw: 'name=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
          415,
          'unsupported_media_type',
        ],
        ['create: no content type', 'POST', '/v1/workspaces', { raw: '{"name":"a"}' }, 415, 'unsupported_media_type'],
        [
          'create: body over 64 KiB',
          'POST',
          '/v1/workspaces',
          json({ name: 'a', description: long(70_000) }),
          413,
          'payload_too_large',
        ],
        [
          'create: bad Idempotency-Key',
          'POST',
          '/v1/workspaces',
          { body: { name: 'a' }, headers: { 'Idempotency-Key': 'has spaces' } },
          400,
          'invalid_argument',
        ],
        ['list: limit 0', 'GET', '/v1/workspaces?limit=0', {}, 400, 'invalid_argument'],
        ['list: limit 1001', 'GET', '/v1/workspaces?limit=1001', {}, 400, 'invalid_argument'],
        ['list: limit not a number', 'GET', '/v1/workspaces?limit=ten', {}, 400, 'invalid_argument'],
        ['list: limit fractional', 'GET', '/v1/workspaces?limit=1.5', {}, 400, 'invalid_argument'],
        ['list: status deleted', 'GET', '/v1/workspaces?status=deleted', {}, 400, 'invalid_argument'],
        ['list: unknown parameter', 'GET', '/v1/workspaces?owner=me', {}, 400, 'invalid_argument'],
        ['list: repeated parameter', 'GET', '/v1/workspaces?limit=1&limit=2', {}, 400, 'invalid_argument'],
        ['list: garbage page token', 'GET', '/v1/workspaces?pageToken=garbage', {}, 400, 'invalid_argument'],
        [
          'list: forged page token',
          'GET',
          `/v1/workspaces?pageToken=${Buffer.from('{"q":"x","c":[0,"a"]}').toString('base64url')}.AAAA`,
          {},
          400,
          'invalid_argument',
        ],
        ['get: malformed id', 'GET', '/v1/workspaces/short', {}, 400, 'invalid_argument'],
        ['get: id with dots', 'GET', '/v1/workspaces/..%2F..%2Fetc%2Fpasswd', {}, 400, 'invalid_argument'],
        ['patch: empty object', 'PATCH', path, json({}), 400, 'invalid_argument'],
        ['patch: status deleted', 'PATCH', path, json({ status: 'deleted' }), 400, 'invalid_argument'],
        ['patch: unknown status', 'PATCH', path, json({ status: 'gone' }), 400, 'invalid_argument'],
        ['patch: read-only field', 'PATCH', path, json({ ownerId: bob.uid }), 400, 'invalid_argument'],
        ['patch: counters are read-only', 'PATCH', path, json({ fileCount: 99 }), 400, 'invalid_argument'],
        [
          'patch: wrong content type',
          'PATCH',
          path,
          { raw: '{"name":"a"}', headers: { 'Content-Type': 'text/json' } },
          415,
          'unsupported_media_type',
        ],
        ['member: role owner', 'PUT', `${path}/members/${bob.uid}`, json({ role: 'owner' }), 400, 'invalid_argument'],
        ['member: missing role', 'PUT', `${path}/members/${bob.uid}`, json({}), 400, 'invalid_argument'],
        ['member: uid with space', 'PUT', `${path}/members/a%20b`, json({ role: 'viewer' }), 400, 'invalid_argument'],
        [
          'member: uid too long',
          'PUT',
          `${path}/members/${long(129)}`,
          json({ role: 'viewer' }),
          400,
          'invalid_argument',
        ],
      ];
      for (const [label, method, url, options, status, code] of cases) {
        const res = await request(method, url, { token: alice.token, ...options });
        try {
          assertError(res, status, code);
        } catch (error) {
          (error as Error).message = `${label}: ${(error as Error).message}`;
          throw error;
        }
      }
      // Nothing was created or changed by any of them.
      const list = await request('GET', '/v1/workspaces', { token: alice.token });
      assert.deepEqual(
        list.json.items.map((w: { id: string }) => w.id),
        [ws.id],
      );
      const read = await request('GET', path, { token: alice.token });
      assert.equal(read.json.etag, ws.etag);
      assert.equal(read.json.name, 'stable');
      assert.deepEqual(read.json.metadata, { keep: 'me' });
      assert.deepEqual(read.json.members, { [alice.uid]: 'owner' });
    });

    it('refuses malformed JSON (and a bare null) and malformed URLs with a 400 and creates nothing', async () => {
      // A path that is not valid percent-encoding is refused the same way (runtime layer in the cloud).
      const badPath = await request('GET', '/v1/workspaces/%E0%A4%A', { token: alice.token });
      assert.equal(badPath.status, 400);
      if (target.backend === 'local') assertError(badPath, 400, 'invalid_argument');
      for (const raw of ['{"name": ', 'null', '{"name": "a"} trailing']) {
        const res = await request('POST', '/v1/workspaces', {
          token: alice.token,
          raw,
          headers: { 'Content-Type': 'application/json' },
        });
        assert.equal(res.status, 400, `${raw}: ${res.text}`);
        assert.doesNotMatch(res.text, /\n\s+at |node_modules|\/work\/|SyntaxError/);
        if (target.backend === 'local') assertError(res, 400, 'invalid_argument');
        else {
          // The runtime's body parser answers before the function runs, with Express's own error
          // page; this exact answer is documented in docs/api.md ("Known platform difference").
          assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
          assert.equal(res.text, RUNTIME_BAD_REQUEST_PAGE);
        }
      }
      const list = await request('GET', '/v1/workspaces', { token: alice.token });
      assert.deepEqual(list.json.items, []);
    });

    it('refuses a page token issued to another user or for another filter', async () => {
      for (let i = 0; i < 3; i++) await create(alice, { name: `W${i}` });
      const page = await request('GET', '/v1/workspaces?limit=1', { token: alice.token });
      const token = page.json.nextPageToken;
      assert.ok(token);
      const bob = await target.newUser('bob');
      assertError(
        await request('GET', `/v1/workspaces?limit=1&pageToken=${encodeURIComponent(token)}`, { token: bob.token }),
        400,
        'invalid_argument',
      );
      assertError(
        await request('GET', `/v1/workspaces?limit=1&status=active&pageToken=${encodeURIComponent(token)}`, {
          token: alice.token,
        }),
        400,
        'invalid_argument',
      );
      const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.slice(-1);
      assertError(
        await request('GET', `/v1/workspaces?limit=1&pageToken=${encodeURIComponent(flipped)}`, { token: alice.token }),
        400,
        'invalid_argument',
      );
      const next = await request('GET', `/v1/workspaces?limit=1&pageToken=${encodeURIComponent(token)}`, {
        token: alice.token,
      });
      assert.equal(next.status, 200);
    });
  });

  describe('usage (operators only)', () => {
    it('refuses members who are not operators, and reports counts, bytes and a cost estimate to operators', async () => {
      const ws = await create(alice, { name: 'Metered' });
      for (const path of ['a.html', 'b.html']) {
        const put = await request('PUT', `/v1/workspaces/${ws.id}/files/${path}`, {
          token: alice.token,
          raw: '<p>hello</p>',
          headers: { 'Content-Type': 'text/html' },
        });
        assert.ok(put.status === 201 || put.status === 200, put.text);
      }
      assert.equal((await request('GET', `/v1/workspaces/${ws.id}`, { token: alice.token })).status, 200);

      assertError(await request('GET', '/v1/admin/usage', { token: alice.token }), 403, 'permission_denied');
      assertError(await request('GET', '/v1/admin/usage'), 401, 'unauthenticated');

      const operator = await target.newAdmin('operator');
      const res = await request('GET', `/v1/admin/usage?workspaceId=${ws.id}`, { token: operator.token });
      assert.equal(res.status, 200, res.text);
      const report = res.json;
      UsageReportSchema.parse(report); // what the OpenAPI document promises
      assert.equal(report.days, 30);
      assert.equal(report.totals.workspaces, 1);
      assert.equal(report.totals.files, 2);
      assert.equal(report.totals.bytes, 2 * '<p>hello</p>'.length);
      const row = report.workspaces.find((w: { workspaceId: string }) => w.workspaceId === ws.id);
      assert.equal(row.operations['files.put'], 2);
      assert.equal(row.operations['workspaces.get'], 1);
      assert.ok(report.estimate.monthlyTotal >= 0);
      assert.ok(report.estimate.lines.some((l: { item: string }) => l.item.startsWith('Firestore: document reads')));

      assertError(
        await request('GET', '/v1/admin/usage?from=2026-13-01', { token: operator.token }),
        400,
        'invalid_argument',
      );
      assertError(
        await request('GET', '/v1/admin/usage?from=2026-11-02&to=2026-11-01', { token: operator.token }),
        400,
        'invalid_argument',
      );
    });
  });
}
