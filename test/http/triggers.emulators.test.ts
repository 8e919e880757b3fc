/**
 * End to end on the emulators: an object written straight to the Storage
 * emulator (as an agent with admin credentials or a signed-URL upload would)
 * fires the Functions emulator's onFileFinalized / onFileDeleted triggers, and
 * the index the API serves converges.
 */
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
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

describe('Storage triggers end to end (Storage emulator -> Functions emulator -> Firestore)', function () {
  this.timeout(120_000);
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;
  const bucket = new GcsBlobStore();

  before(async () => {
    target = await emulatorTarget();
    request = client(target.baseUrl);
    alice = await target.newUser('alice');
  });

  it('indexes objects written, replaced and deleted behind the API', async () => {
    const ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'direct' } })).json.id;
    const entry = () => request('GET', `/v1/workspaces/${ws}/files/agent/out.html?alt=json`, { token: alice.token });
    const counters = async () => {
      const w = (await request('GET', `/v1/workspaces/${ws}`, { token: alice.token })).json;
      return [w.fileCount, w.totalBytes];
    };
    const name = objectName(ws, 'agent/out.html');

    const first = await bucket.put(name, Readable.from([Buffer.from('<p>one</p>')]), { contentType: 'text/html' });
    const indexed = await eventually(entry, (r) => r.status === 200, 'the finalize trigger');
    assert.equal(indexed.json.generation, first.generation);
    assert.equal(indexed.json.size, 10);
    assert.deepEqual(await counters(), [1, 10]);

    const second = await bucket.put(name, Readable.from([Buffer.from('<p>two, longer</p>')]), {
      contentType: 'text/html',
    });
    const replaced = await eventually(entry, (r) => r.json?.generation === second.generation, 'the overwrite');
    assert.equal(replaced.json.size, 18);
    await eventually(counters, (c) => c[0] === 1 && c[1] === 18, 'counters after the overwrite');

    await bucket.delete(name);
    await eventually(entry, (r) => r.status === 404, 'the delete trigger');
    await eventually(counters, (c) => c[0] === 0 && c[1] === 0, 'counters after the delete');
  });

  it('ignores objects outside workspace files and with invalid paths', async () => {
    const ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'noise' } })).json.id;
    await bucket.put(`workspaces/${ws}/exports/x.zip`, Readable.from([Buffer.from('zip')]), {
      contentType: 'application/zip',
    });
    await bucket.put(`${objectName(ws, 'a')}//b`, Readable.from([Buffer.from('bad')]), { contentType: 'text/plain' });
    await bucket.put(objectName(ws, 'good.txt'), Readable.from([Buffer.from('ok')]), { contentType: 'text/plain' });
    await eventually(
      () => request('GET', `/v1/workspaces/${ws}/files`, { token: alice.token }),
      (r) => r.json?.items?.length === 1,
      'the valid file',
    );
    // Give the other two events time to (not) land.
    await new Promise((r) => setTimeout(r, 2000));
    const list = await request('GET', `/v1/workspaces/${ws}/files`, { token: alice.token });
    assert.deepEqual(
      list.json.items.map((f: { path: string }) => f.path),
      ['good.txt'],
    );
    const w = (await request('GET', `/v1/workspaces/${ws}`, { token: alice.token })).json;
    assert.deepEqual([w.fileCount, w.totalBytes], [1, 2]);
  });

  it('removes an object that lands for a deleted workspace (an upload that raced the delete)', async () => {
    const ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'late' } })).json.id;
    assert.equal((await request('DELETE', `/v1/workspaces/${ws}`, { token: alice.token })).status, 202);
    const name = objectName(ws, 'late.html');
    await bucket.put(name, Readable.from([Buffer.from('<p>too late</p>')]), { contentType: 'text/html' });
    await eventually(
      () => bucket.stat(name),
      (info) => info === null,
      'the finalize trigger to remove the orphan',
    );
  });
});
