/**
 * The SDK-less document reader against the Firestore emulator: it must read
 * what the SDK reads, so the workspace contracts run again on stores whose
 * workspace gets go through it (as they do in the cloud, where Firestore's
 * transport is REST), and a document holding every value type decodes as
 * the SDK decodes it.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { adminFirestore } from '@functions/adapters/firebase/app';
import { firestoreStores } from '@functions/adapters/firebase/firestore';
import { metadataServerToken, RestDocumentReader } from '@functions/adapters/firebase/firestore/documentReader';
import { projectId } from '@functions/config';
import { newId } from '@functions/domain/shared/ids';
import { workspaceRecord } from '../support/records';
import { signUpEmulatorUser } from '../support/targets';
import { workspaceServiceContract } from './workspaceService.suite';
import { workspacesContract } from './workspaces.suite';

const PROJECT = projectId();
const run = promisify(execFile);
const emulatorReader = (authorization: () => Promise<string> = async () => 'Bearer owner') =>
  new RestDocumentReader({ baseUrl: `http://${process.env.FIRESTORE_EMULATOR_HOST}`, project: PROJECT, authorization });

/** Timestamps (the SDK's or the reader's) as [seconds, nanoseconds], so both sides compare. */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  const time = value as { seconds?: unknown; nanoseconds?: unknown; toMillis?: unknown };
  if (typeof time.toMillis === 'function') return ['timestamp', time.seconds, time.nanoseconds];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

describe('Firestore document reader (REST, no SDK) on the emulator', () => {
  const reader = emulatorReader();
  after(() => reader.close());

  it('decodes a document of every value type our codecs store as the SDK does', async () => {
    // The SDK's own Timestamp class, from the functions codebase that depends on it.
    const { Timestamp } = createRequire(join(__dirname, '..', '..', 'functions', 'package.json'))(
      'firebase-admin/firestore',
    ) as { Timestamp: new (seconds: number, nanoseconds: number) => unknown };
    const id = newId();
    const doc = {
      text: 'naïve ✓ "quoted"',
      count: 9_007_199_254_740_991,
      negative: -3,
      ratio: 0.1,
      whole: 2.0,
      flag: true,
      nothing: null,
      at: new Timestamp(1_796_276_340, 123_456_000), // Firestore keeps microseconds
      bytes: Buffer.from([0, 255, 10]),
      members: { alice: 'owner', 'dotted.key': 'viewer' },
      nested: { list: [1, 'two', { three: [] }], empty: {} },
      emptyList: [],
    };
    await adminFirestore().collection('readerTypes').doc(id).set(doc);
    const viaSdk = (await adminFirestore().collection('readerTypes').doc(id).get()).data();
    const viaRest = (await reader.get('readerTypes', id)).data();
    assert.deepEqual(plain(viaRest), plain(viaSdk));
    assert.deepEqual(plain(viaRest), plain(doc));
  });

  it('reads a workspace record exactly as the SDK-backed store does, and a missing one as null', async () => {
    const sdk = firestoreStores({ documents: null });
    const rest = firestoreStores({ documents: reader });
    const record = workspaceRecord({
      metadata: { 'a.b': 'c', 'quote"d': 'naïve ✓' },
      description: 'd',
      versionBytes: 7,
    });
    await sdk.transactions.run(async (tx) => tx.createWorkspace(record));
    assert.deepEqual(await rest.workspaces.getWorkspace(record.id), await sdk.workspaces.getWorkspace(record.id));
    assert.deepEqual(await rest.workspaces.getWorkspace(record.id), record);
    assert.equal(await rest.workspaces.getWorkspace(newId()), null);
  });

  it('sends the access token the metadata server gives (the emulator takes "owner" as an admin token)', async () => {
    let asked = 0;
    const metadata = createServer((req, res) => {
      asked += req.headers['metadata-flavor'] === 'Google' ? 1 : 0;
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ access_token: 'owner', expires_in: 3599, token_type: 'Bearer' }));
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    const viaMetadata = emulatorReader(metadataServerToken(`127.0.0.1:${(metadata.address() as AddressInfo).port}`));
    try {
      const record = workspaceRecord({});
      await firestoreStores({ documents: null }).transactions.run(async (tx) => tx.createWorkspace(record));
      const stores = firestoreStores({ documents: viaMetadata });
      assert.equal((await stores.workspaces.getWorkspace(record.id))?.id, record.id);
      assert.equal((await stores.workspaces.getWorkspace(record.id))?.name, record.name);
      assert.equal(asked, 1, 'one token, kept for the second read');
    } finally {
      viaMetadata.close();
      metadata.closeAllConnections();
      await new Promise((resolve) => metadata.close(resolve));
    }
  });

  it("answers a cold instance's first authenticated GET without loading Firestore's SDK (REST transport)", async () => {
    const authHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
    assert.ok(authHost, 'FIREBASE_AUTH_EMULATOR_HOST is unset: run under `npm run emulators:exec`.');
    const { user } = await signUpEmulatorUser(authHost, 'cold');
    // Accessed just now, so no lastAccessedAt write is due (a write would load the SDK, as it should).
    const record = workspaceRecord({
      ownerId: user.uid,
      members: { [user.uid]: 'owner' },
      createdAt: Date.now(),
      lastAccessedAt: Date.now(),
    });
    await firestoreStores({ documents: null }).transactions.run(async (tx) => tx.createWorkspace(record));
    // A fresh process serves the built api function on node:http, answers one GET, and lists what it loaded.
    const script = `
      const api = require(${JSON.stringify(join(__dirname, '..', '..', 'functions', 'lib', 'index.js'))}).api;
      const server = require('node:http').createServer((req, res) => api(req, res));
      server.listen(0, '127.0.0.1', async () => {
        const res = await fetch('http://127.0.0.1:' + server.address().port + '/v1/workspaces/${record.id}', {
          headers: { Authorization: 'Bearer ${user.token}' },
        });
        const body = await res.json();
        const loaded = Object.keys(require.cache).filter((f) => /@google-cloud[\\/]firestore|google-gax|grpc-js/.test(f));
        process.stdout.write('\\nresult ' + JSON.stringify({ status: res.status, id: body.id, loaded }) + '\\n');
        process.exit(0);
      });`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: {
        ...process.env,
        FIRESTORE_PREFER_REST: 'true',
        FIREBASE_CONFIG: JSON.stringify({ projectId: PROJECT, storageBucket: `${PROJECT}.appspot.com` }),
      },
    });
    // The function's own log lines go to stdout too.
    const line = stdout.split('\n').find((l) => l.startsWith('result '));
    assert.ok(line, stdout);
    const answer = JSON.parse(line.slice('result '.length)) as { status: number; id: string; loaded: string[] };
    assert.deepEqual([answer.status, answer.id], [200, record.id]);
    assert.deepEqual(answer.loaded, []);
  });

  // The workspace contracts again, on stores whose workspace gets go through the reader.
  const metadata = firestoreStores({ documents: reader });
  describe('workspaces contract (Firestore, gets over REST)', () => workspacesContract(() => metadata));
  describe('workspace service contract (Firestore, gets over REST)', () => workspaceServiceContract(() => metadata));
});
