/** Direct uploads on the local backend: the one-time URL stands in for a V4 signed URL. */
import { strict as assert } from 'node:assert';
import { client, type Request } from '../support/http';
import { localTarget, type ApiTarget, type TestUser } from '../support/targets';

export function localUploadsSuite(): void {
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;
  let ws: string;
  before(async () => {
    target = await localTarget();
    request = client(target.baseUrl);
  });
  after(async () => target?.close());
  beforeEach(async () => {
    alice = await target.newUser('alice');
    ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'uploads' } })).json.id;
  });

  const grant = (body: unknown) => request('POST', `/v1/workspaces/${ws}/uploads`, { token: alice.token, body });

  it('hands out a one-time URL bound to type and size; the file is indexed when it lands', async () => {
    const bytes = Buffer.from('<h1>uploaded directly</h1>');
    const res = await grant({ path: 'direct/index.html', contentType: 'text/html', size: bytes.length });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.method, 'PUT');
    assert.match(res.json.url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/uploads\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // Only headers a browser may set: fetch and XMLHttpRequest refuse Content-Length (and set it themselves).
    assert.deepEqual(res.json.headers, { 'Content-Type': 'text/html' });
    const ttl = Date.parse(res.json.expiresAt) - Date.now();
    assert.ok(ttl > 14 * 60_000 && ttl <= 15 * 60_000, String(ttl));

    const put = await fetch(res.json.url, { method: 'PUT', headers: res.json.headers, body: bytes });
    assert.equal(put.status, 200, await put.clone().text());
    const entry = await request('GET', `/v1/workspaces/${ws}/files/direct/index.html?alt=json`, { token: alice.token });
    assert.equal(entry.status, 200);
    assert.equal(entry.json.size, bytes.length);
    const w = (await request('GET', `/v1/workspaces/${ws}`, { token: alice.token })).json;
    assert.deepEqual([w.fileCount, w.totalBytes], [1, bytes.length]);

    const again = await fetch(res.json.url, { method: 'PUT', headers: res.json.headers, body: bytes });
    assert.equal(again.status, 412, 'a URL works once');
  });

  it('refuses the wrong type or size, forged tokens, and grants over quota or for bad paths', async () => {
    const target1 = (await grant({ path: 'a.txt', contentType: 'text/plain', size: 5 })).json;
    const wrongType = await fetch(target1.url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      body: '12345',
    });
    assert.equal(wrongType.status, 415);
    const target2 = (await grant({ path: 'a.txt', contentType: 'text/plain', size: 5 })).json;
    const wrongSize = await fetch(target2.url, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: '123',
    });
    assert.equal(wrongSize.status, 400);
    const forged = await fetch(`${target.baseUrl}/v1/uploads/eyJ9.AAAA`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x',
    });
    assert.equal(forged.status, 404);
    assert.equal((await grant({ path: '../x', contentType: 'text/plain', size: 1 })).status, 400);
    assert.equal((await grant({ path: 'x.exe', contentType: 'application/x-msdownload', size: 1 })).status, 415);
    assert.equal(
      (await grant({ path: 'huge.bin', contentType: 'application/octet-stream', size: 2 ** 40 })).status,
      413,
    );
    assert.equal((await grant({ path: 'x', contentType: 'text/plain' })).status, 400);
    const bob = await target.newUser('bob');
    const hidden = await request('POST', `/v1/workspaces/${ws}/uploads`, {
      token: bob.token,
      body: { path: 'x', contentType: 'text/plain', size: 1 },
    });
    assert.equal(hidden.status, 404);
    const list = await request('GET', `/v1/workspaces/${ws}/files`, { token: alice.token });
    assert.deepEqual(list.json.items, []);
  });
}
