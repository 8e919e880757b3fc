/**
 * Hostile but small JSON bodies (issue 15), on both backends: every JSON
 * endpoint answers 2xx with the value read back exactly, or a 4xx whose
 * details name the field; never a 5xx. The bodies are sent as raw text, so
 * duplicate keys, unpaired surrogates and huge numbers reach the server as
 * written. Limits: docs/limits.md.
 */
import { strict as assert } from 'node:assert';
import type { ApiResponse, Request } from '../support/http';
import type { ApiTarget, TestUser } from '../support/targets';
import { withTarget } from '../support/suite';

const KIB256 = 256 * 1024;

interface Piece {
  name: string;
  /** JSON text of the value, placed into the field under test. */
  text: string;
  /** Any-JSON fields: 'ok' (stored, read back exactly) or the status and the field's tail. */
  expect: 'ok' | { status: number; field: RegExp };
}

const deep = (n: number, open: string, leaf: string, close: string) => open.repeat(n) + leaf + close.repeat(n);
const refused = (field: RegExp, status = 400) => ({ status, field });
// The body is level 1; a value inside it may nest 63 more (JSON_MAX_DEPTH = 64).
const PIECES: Piece[] = [
  { name: 'arrays 5,000 deep', text: deep(5000, '[', '', ']'), expect: refused(/^(\.0){63}/) },
  { name: 'objects 5,000 deep', text: deep(5000, '{"a":', '1', '}'), expect: refused(/^(\.a){63}/) },
  { name: 'arrays 63 deep', text: deep(63, '[', '"x"', ']'), expect: 'ok' },
  { name: 'arrays 64 deep', text: deep(64, '[', '"x"', ']'), expect: refused(/^(\.0){63}$/) },
  { name: 'objects 63 deep', text: deep(63, '{"k":', 'null', '}'), expect: 'ok' },
  { name: 'objects 64 deep', text: deep(64, '{"k":', 'null', '}'), expect: refused(/^(\.k){63}$/) },
  { name: 'arrays in arrays', text: '{"palette":[[255,0,0],[0,0,255]],"grid":[[[1],[]],[]]}', expect: 'ok' },
  { name: 'exactly 256 KiB of JSON', text: `"${'x'.repeat(KIB256 - 2)}"`, expect: 'ok' },
  { name: 'one byte over 256 KiB', text: `"${'x'.repeat(KIB256 - 1)}"`, expect: refused(/^$/, 413) },
  { name: 'a number beyond a double', text: '{"n":1e400}', expect: refused(/^\.n$/) },
  { name: 'a negative number beyond a double', text: '[0,-2e308]', expect: refused(/^\.1$/) },
  { name: 'the largest and smallest doubles', text: '[1.7976931348623157e308,5e-324,-0.0,1E2]', expect: 'ok' },
  { name: 'a lone high surrogate', text: '{"s":"a\\ud800"}', expect: refused(/^\.s$/) },
  { name: 'a lone low surrogate', text: '["\\udc00b"]', expect: refused(/^\.0$/) },
  { name: 'a surrogate pair in reverse', text: '"\\ude00\\ud83d"', expect: refused(/^$/) },
  { name: 'a surrogate pair, escaped and raw', text: '["\\ud83d\\ude00","\u{1F600}"]', expect: 'ok' },
  { name: 'a key given twice', text: '{"a":1,"b":{"c":1,"c":2}}', expect: refused(/^\.b\.c$/) },
  { name: 'a __proto__ key', text: '{"x":[{"__proto__":{"admin":true}}]}', expect: refused(/^\.x\.0\.__proto__$/) },
  { name: 'constructor and prototype keys', text: '{"constructor":{"prototype":{"toString":1}}}', expect: 'ok' },
  { name: 'reserved and dotted keys', text: '{"__name__":1,"__key__":[2],"a.b":3,"":4}', expect: 'ok' },
];

/** Bodies broken as a whole: refused before any field is looked at. */
const BODIES: { name: string; raw: string | Buffer; field: RegExp }[] = [
  { name: 'a body 5,000 deep', raw: deep(5000, '[', '', ']'), field: /^body(\.0){64}$/ },
  { name: 'a field given twice', raw: '{"x":1,"x":2}', field: /^body\.x$/ },
  { name: 'invalid UTF-8', raw: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), field: /^body$/ },
  { name: 'a __proto__ field', raw: '{"__proto__":{"admin":true},"x":1}', field: /^body\.__proto__$/ },
];

function assertNamedRefusal(res: ApiResponse, status: number, field: RegExp, what: string): void {
  assert.equal(res.status, status, `${what}: expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  const fields: string[] = (res.json?.error?.details ?? []).map((d: { field?: string }) => d.field ?? '');
  assert.ok(
    fields.some((f) => field.test(f)),
    `${what}: no detail names ${field}: ${res.text.slice(0, 300)}`,
  );
}

export function limitsSuite(makeTarget: () => Promise<ApiTarget>): void {
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;
  let ws: string;

  withTarget(makeTarget, (t, r) => {
    target = t;
    request = r;
  });
  before(async () => {
    alice = await target.newUser('limits');
    const created = await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'limits' } });
    assert.equal(created.status, 201, created.text);
    ws = created.json.id;
  });

  const send = (method: string, path: string, raw: string | Buffer) =>
    request(method, path, { token: alice.token, raw, headers: { 'Content-Type': 'application/json' } });

  /** The endpoints that take any JSON: where the value goes, and where it is read back. */
  const anyJson = [
    {
      name: 'PUT state/{key} value',
      field: 'body.value',
      put: (i: number, text: string) => send('PUT', `/v1/workspaces/${ws}/state/k${i}`, `{"value":${text}}`),
      get: async (i: number) => (await request('GET', `/v1/workspaces/${ws}/state/k${i}`, { token: alice.token })).json,
      read: (json: { value: unknown }) => json.value,
    },
    {
      name: 'PUT sessions/{id} data',
      field: 'body.data',
      put: (i: number, text: string) => send('PUT', `/v1/sessions/limits${i}`, `{"data":${text},"ttlSeconds":600}`),
      get: async (i: number) => (await request('GET', `/v1/sessions/limits${i}`, { token: alice.token })).json,
      read: (json: { data: unknown }) => json.data,
    },
  ];

  for (const endpoint of anyJson) {
    describe(endpoint.name, () => {
      PIECES.forEach((piece, i) => {
        const outcome = piece.expect === 'ok' ? 'stored and read back exactly' : `${piece.expect.status}`;
        it(`${piece.name}: ${outcome}`, async function () {
          this.timeout(60_000);
          const res = await endpoint.put(i, piece.text);
          if (piece.expect === 'ok') {
            assert.ok(res.status === 200 || res.status === 201, `${res.status}: ${res.text.slice(0, 300)}`);
            const expected = JSON.stringify(JSON.parse(piece.text));
            assert.equal(JSON.stringify(endpoint.read(res.json)), expected, 'the answer to the write');
            assert.equal(JSON.stringify(endpoint.read(await endpoint.get(i))), expected, 'read back');
          } else {
            const field = new RegExp(`^${endpoint.field.replace('.', '\\.')}${piece.expect.field.source.slice(1)}`);
            assertNamedRefusal(res, piece.expect.status, field, piece.name);
            const after = await endpoint.get(i);
            assert.equal(after?.error?.code, 'not_found', 'a refused write stores nothing');
          }
        });
      });
      for (const body of BODIES) {
        it(`${body.name}: 400 naming the field`, async () => {
          const path = endpoint.name.startsWith('PUT state') ? `/v1/workspaces/${ws}/state/b` : '/v1/sessions/b';
          assertNamedRefusal(await send('PUT', path, body.raw), 400, body.field, body.name);
        });
      }
    });
  }

  it('caches raw bytes as they are, whatever JSON they hold (the cache takes no JSON)', async () => {
    const raw = deep(5000, '[', '', ']');
    const put = await send('PUT', '/v1/cache/deep', raw);
    assert.equal(put.status, 201, put.text);
    const got = await request('GET', '/v1/cache/deep', { token: alice.token });
    assert.equal(got.text, raw);
  });

  it('refuses a cache Content-Type longer than 255 characters, naming the header', async () => {
    const res = await request('PUT', '/v1/cache/ct', {
      token: alice.token,
      raw: 'x',
      headers: { 'Content-Type': `text/plain; p=${'a'.repeat(300)}` },
    });
    assertNamedRefusal(res, 400, /^header\.Content-Type$/, 'long Content-Type');
  });

  /** Endpoints with fixed fields: the same pieces in one field are a 4xx naming a field, or a 2xx. */
  const strict: { name: string; method: string; path: () => string; body: (text: string) => string }[] = [
    {
      name: 'POST workspaces metadata',
      method: 'POST',
      path: () => '/v1/workspaces',
      body: (t) => `{"name":"n","metadata":${t}}`,
    },
    { name: 'POST workspaces name', method: 'POST', path: () => '/v1/workspaces', body: (t) => `{"name":${t}}` },
    {
      name: 'PATCH workspace description',
      method: 'PATCH',
      path: () => `/v1/workspaces/${ws}`,
      body: (t) => `{"description":${t}}`,
    },
    {
      name: 'PUT member role',
      method: 'PUT',
      path: () => `/v1/workspaces/${ws}/members/u2`,
      body: (t) => `{"role":${t}}`,
    },
    {
      name: 'PUT agent message',
      method: 'PUT',
      path: () => `/v1/workspaces/${ws}/agents/a1`,
      body: (t) => `{"status":"running","message":${t}}`,
    },
    {
      name: 'POST uploads size',
      method: 'POST',
      path: () => `/v1/workspaces/${ws}/uploads`,
      body: (t) => `{"path":"a.txt","contentType":"text/plain","size":${t}}`,
    },
  ];
  for (const endpoint of strict) {
    it(`${endpoint.name}: every piece is a 2xx or a 4xx naming a field, never a 5xx`, async function () {
      this.timeout(120_000);
      for (const piece of [...PIECES, { name: 'a lone surrogate string', text: '"\\udbff"' }]) {
        const res = await send(endpoint.method, endpoint.path(), endpoint.body(piece.text));
        assert.ok(res.status < 500, `${piece.name}: ${res.status} ${res.text.slice(0, 300)}`);
        if (res.status >= 400) assertNamedRefusal(res, res.status, /^(body|header)/, `${endpoint.name}: ${piece.name}`);
      }
      for (const body of BODIES) {
        assertNamedRefusal(await send(endpoint.method, endpoint.path(), body.raw), 400, body.field, body.name);
      }
    });
  }

  it('refuses reserved __x__ names that would become document field names', async () => {
    const meta = await send('POST', '/v1/workspaces', '{"name":"n","metadata":{"__proto__":"x"}}');
    assertNamedRefusal(meta, 400, /^body\.metadata\.__proto__$/, 'metadata key __proto__');
    const reserved = await send('POST', '/v1/workspaces', '{"name":"n","metadata":{"__key__":"x"}}');
    assertNamedRefusal(reserved, 400, /^body\.metadata\.__key__/, 'metadata key __key__');
    const member = await request('PUT', `/v1/workspaces/${ws}/members/__x__`, {
      token: alice.token,
      body: { role: 'viewer' },
    });
    assertNamedRefusal(member, 400, /^path\.uid$/, 'member uid __x__');
    const odd = await request('PUT', `/v1/workspaces/${ws}/members/constructor`, {
      token: alice.token,
      body: { role: 'viewer' },
    });
    assert.equal(odd.status, 200, odd.text);
    assert.equal(odd.json.members.constructor, 'viewer');
  });
}
