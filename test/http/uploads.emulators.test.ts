/**
 * Direct uploads end to end on the emulators (WEBSPLAT_DIRECT_UPLOADS=storage-emulator, set by
 * scripts/emulators-exec.mjs): the `api` function answers POST .../uploads with an upload
 * session of the Storage emulator for that one object, an outside client PUTs the bytes to it,
 * and the finalize trigger indexes them; a body of another size than announced is refused there.
 */
import { strict as assert } from 'node:assert';
import { GcsBlobStore } from '@functions/adapters/firebase/gcsBlobStore';
import { objectName } from '@functions/domain/files/paths';
import { client, type Request } from '../support/http';
import { emulatorTarget, type ApiTarget, type TestUser } from '../support/targets';

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('direct uploads on the emulators (api function -> Storage emulator -> finalize trigger)', function () {
  this.timeout(120_000);
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;
  let ws: string;
  const bucket = new GcsBlobStore();

  before(async () => {
    target = await emulatorTarget();
    request = client(target.baseUrl);
    alice = await target.newUser('alice');
  });
  beforeEach(async () => {
    ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'uploads' } })).json.id;
  });

  const grant = (body: unknown) => request('POST', `/v1/workspaces/${ws}/uploads`, { token: alice.token, body });

  it('answers with an emulator upload URL for that object; a client PUTs the bytes and the trigger indexes them', async () => {
    const bytes = Buffer.from('<h1>uploaded straight to the Storage emulator</h1>');
    const res = await grant({ path: 'direct/index.html', contentType: 'text/html', size: bytes.length });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.method, 'PUT');
    const url = new URL(res.json.url);
    assert.equal(url.host, process.env.FIREBASE_STORAGE_EMULATOR_HOST, 'the Storage emulator, reachable from outside');
    assert.equal(url.searchParams.get('name'), objectName(ws, 'direct/index.html'));
    assert.deepEqual(res.json.headers, { 'Content-Type': 'text/html' }, 'only headers a browser may set');
    assert.ok(Date.parse(res.json.expiresAt) > Date.now());

    // An outside client: no credential but the URL.
    const put = await fetch(res.json.url, { method: 'PUT', headers: res.json.headers, body: bytes });
    assert.equal(put.status, 200, await put.clone().text());
    const entry = await eventually(
      () => request('GET', `/v1/workspaces/${ws}/files/direct/index.html?alt=json`, { token: alice.token }),
      (r) => r.status === 200,
      'the finalize trigger',
    );
    assert.equal(entry.json.size, bytes.length);
    assert.equal(entry.json.contentType, 'text/html');
    const read = await request('GET', `/v1/workspaces/${ws}/files/direct/index.html`, { token: alice.token });
    assert.equal(read.text, bytes.toString());
    await eventually(
      async () => (await request('GET', `/v1/workspaces/${ws}`, { token: alice.token })).json,
      (w) => w.fileCount === 1 && w.totalBytes === bytes.length,
      'the counters',
    );

    const again = await fetch(res.json.url, { method: 'PUT', headers: res.json.headers, body: bytes });
    assert.ok(again.status >= 400, `a URL works once (got ${again.status})`);
  });

  it('refuses, at finalize, a body of another size than announced: the object is deleted and never listed', async () => {
    const res = await grant({ path: 'liar.txt', contentType: 'text/plain', size: 10 });
    assert.equal(res.status, 200, res.text);
    const put = await fetch(res.json.url, { method: 'PUT', headers: res.json.headers, body: 'four' });
    assert.equal(put.status, 200, 'the emulator cannot bind the size itself');
    const name = objectName(ws, 'liar.txt');
    await eventually(
      () => bucket.stat(name),
      (info) => info === null,
      'the refused object to be deleted',
    );
    // A correct upload after it still lands, so the trigger has run for this workspace meanwhile.
    const good = (await grant({ path: 'honest.txt', contentType: 'text/plain', size: 6 })).json;
    assert.equal((await fetch(good.url, { method: 'PUT', headers: good.headers, body: 'honest' })).status, 200);
    const list = await eventually(
      () => request('GET', `/v1/workspaces/${ws}/files`, { token: alice.token }),
      (r) => r.json?.items?.length >= 1,
      'the honest upload',
    );
    assert.deepEqual(
      list.json.items.map((f: { path: string }) => f.path),
      ['honest.txt'],
    );
  });

  it('still checks type, quota and access when handing out the URL', async () => {
    assert.equal((await grant({ path: 'x.exe', contentType: 'application/x-msdownload', size: 1 })).status, 415);
    assert.equal((await grant({ path: '../x', contentType: 'text/plain', size: 1 })).status, 400);
    assert.equal(
      (await grant({ path: 'huge.bin', contentType: 'application/octet-stream', size: 2 ** 40 })).status,
      413,
    );
    const bob = await target.newUser('bob');
    const hidden = await request('POST', `/v1/workspaces/${ws}/uploads`, {
      token: bob.token,
      body: { path: 'x', contentType: 'text/plain', size: 1 },
    });
    assert.equal(hidden.status, 404);
  });
});
