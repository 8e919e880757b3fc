/**
 * The procedures of docs/recovery.md, rehearsed on the emulators as an
 * operator would run them: the real `api` function (Functions emulator), the
 * real CLI on the firebase backend, and damage done behind the API's back.
 * Steps the emulators cannot perform (restoring soft-deleted objects, point-
 * in-time recovery) are stood in for by writing the same bytes back.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { adminFirestore } from '@functions/adapters/firebase/app';
import { GcsBlobStore } from '@functions/adapters/firebase/gcsBlobStore';
import { objectName } from '@functions/domain/files/paths';
import { client, type Request } from '../support/http';
import { emulatorTarget, type ApiTarget, type TestUser } from '../support/targets';

const BIN = resolve(__dirname, '../../bin/websplat.js');
const FILES: Record<string, string> = {
  'index.html': '<h1>Recovered</h1>',
  'css/site.css': 'h1 { color: teal }',
  'app/page.tsx': 'export default () => <main />;',
};

describe('recovery procedures (docs/recovery.md) on the emulators', function () {
  this.timeout(180_000);
  let target: ApiTarget;
  let request: Request;
  let owner: TestUser;
  const bucket = new GcsBlobStore();
  // Not spawnSync: a blocked event loop would miss the API closing an idle keep-alive
  // connection, and the next request would be sent on the dead socket.
  const websplat = async (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args, '--backend', 'firebase']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const status = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(status, 0, `websplat ${args.join(' ')}: ${stdout}\n${stderr}`);
    return stdout;
  };

  before(async () => {
    target = await emulatorTarget();
    request = client(target.baseUrl);
    owner = await target.newUser('owner');
  });

  async function workspaceWithFiles(name: string): Promise<string> {
    const ws = (await request('POST', '/v1/workspaces', { token: owner.token, body: { name } })).json.id as string;
    for (const [path, text] of Object.entries(FILES)) {
      const res = await request('PUT', `/v1/workspaces/${ws}/files/${path}`, {
        token: owner.token,
        raw: text,
        headers: { 'Content-Type': 'text/plain' },
      });
      assert.equal(res.status, 201, res.text);
    }
    return ws;
  }

  async function assertServesAllFiles(ws: string) {
    const list = await request('GET', `/v1/workspaces/${ws}/files`, { token: owner.token });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items.map((f: { path: string }) => f.path).sort(), Object.keys(FILES).sort());
    for (const [path, text] of Object.entries(FILES)) {
      const file = await request('GET', `/v1/workspaces/${ws}/files/${path}`, { token: owner.token });
      assert.equal(file.text, text);
    }
    const w = (await request('GET', `/v1/workspaces/${ws}`, { token: owner.token })).json;
    const bytes = Object.values(FILES).reduce((n, t) => n + Buffer.byteLength(t), 0);
    assert.deepEqual([w.fileCount, w.totalBytes], [Object.keys(FILES).length, bytes]);
  }

  it('index documents lost or corrupted (or Storage events lost): websplat reindex rebuilds them from the bucket', async () => {
    const ws = await workspaceWithFiles('Lost index');
    // The damage: every file entry gone, and the counters wrong. The triggers' late duplicates of the
    // API's writes may still re-create some entries (the index healing itself); the counters they cannot.
    const doc = adminFirestore().collection('workspaces').doc(ws);
    await new Promise((r) => setTimeout(r, 3000));
    const entries = await doc.collection('files').get();
    await Promise.all(entries.docs.map((d) => d.ref.delete()));
    await doc.update({ fileCount: 0, totalBytes: 12345 });
    const broken = (await request('GET', `/v1/workspaces/${ws}`, { token: owner.token })).json;
    assert.deepEqual([broken.fileCount, broken.totalBytes], [0, 12345]);

    const out = await websplat('reindex', ws);
    assert.match(out, new RegExp(`${ws}: 3 files; `));
    assert.match(out, /1 workspaces checked .*; 1 had drift \(repaired\)/);
    await assertServesAllFiles(ws);
  });

  it('a purge removed the wrong workspace: the purge record, websplat restore, the objects back, websplat reindex', async () => {
    const ws = await workspaceWithFiles('Deleted by mistake');
    assert.equal((await request('DELETE', `/v1/workspaces/${ws}`, { token: owner.token })).status, 202);
    const purge = await websplat('purge', '--stale-after', '3650d', '--reconcile', '0');
    assert.match(purge, new RegExp(`purged ${ws} "Deleted by mistake" \\(deleted; 3 files`));
    assert.equal((await request('GET', `/v1/workspaces/${ws}`, { token: owner.token })).status, 404);
    const record = (await adminFirestore().collection('purgeRecords').doc(ws).get()).data();
    assert.equal(record?.requestedBy, owner.uid, 'the purge record says who deleted it');

    // 1. Recreate the workspace first: objects that land for a missing workspace are removed as orphans.
    assert.match(await websplat('restore', ws), /Recreated workspace .* with 1 members/);
    // 2. Bring the objects back (in the cloud: gcloud storage restore from soft delete; here: the same bytes).
    for (const [path, text] of Object.entries(FILES)) {
      await bucket.put(objectName(ws, path), Readable.from([Buffer.from(text)]), { contentType: 'text/plain' });
    }
    // 3. Reindex (the triggers may already have indexed some; the result is the same).
    await websplat('reindex', ws);
    await assertServesAllFiles(ws);
  });
});
