/**
 * The local backend remembers its hottest reads (a workspace, an entry, a
 * listing page) until the database changes. These tests show that it never
 * answers from memory what the database no longer says: writes of this
 * connection, commits of another connection on the same folder (the CLI, a
 * second server) and transactions that roll back.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskBlobStore } from '@functions/adapters/local/diskBlobStore';
import { sqliteStores, type SqliteStores } from '@functions/adapters/local/sqlite';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { FileEntry } from '@functions/ports/fileIndex';
import { workspaceRecord } from '../support/records';

const entry = (path: string, generation: string): FileEntry => ({
  path,
  size: 1,
  contentType: 'text/plain',
  md5: 'md5',
  generation,
  updatedAt: Date.UTC(2026, 11, 1),
  deleted: false,
});

describe('local backend: remembered reads', () => {
  let dir: string;
  let stores: SqliteStores;
  let other: SqliteStores;
  const id = workspaceRecord().id;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'websplat-read-cache-'));
    stores = sqliteStores(dir);
    other = sqliteStores(dir);
    await stores.transactions.run(async (tx) => tx.createWorkspace(workspaceRecord({ id, name: 'first' })));
  });
  afterEach(async () => {
    await stores.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rename = (through: SqliteStores, name: string) =>
    through.transactions.run(async (tx) => {
      const current = await tx.getWorkspace(id);
      tx.updateWorkspace(id, { name, version: current!.version + 1 });
    });
  const putFile = (through: SqliteStores, path: string, generation: string) =>
    through.transactions.run(async (tx) => {
      await tx.getFileEntry(id, path);
      tx.putFileEntry(id, entry(path, generation));
      tx.adjustCounters(id, { files: 1, bytes: 1 });
    });
  const listing = async (through: SqliteStores) =>
    (await through.fileIndex.listFiles(id, { prefix: '', limit: 10, summary: true })).map(
      (e) => `${e.path}@${e.generation}`,
    );

  it('sees a commit of another connection in this process at once', async () => {
    assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'first');
    await putFile(stores, 'a.txt', '1');
    assert.deepEqual(await listing(stores), ['a.txt@1']);
    assert.equal((await stores.fileIndex.getFile(id, 'a.txt'))?.generation, '1');

    await rename(other, 'renamed elsewhere');
    await putFile(other, 'a.txt', '2');
    await putFile(other, 'b.txt', '3');

    assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'renamed elsewhere');
    assert.equal((await stores.workspaces.getWorkspace(id))?.fileCount, 3);
    assert.deepEqual(await listing(stores), ['a.txt@2', 'b.txt@3']);
    assert.equal((await stores.fileIndex.getFile(id, 'a.txt'))?.generation, '2');
  });

  it('sees a commit of another process on the same folder (the CLI) at the next request', async () => {
    await putFile(stores, 'a.txt', '1');
    assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'first');
    assert.deepEqual(await listing(stores), ['a.txt@1']);
    // The built store in a process of its own, as `websplat` commands open it.
    const script = `
      const { sqliteStores } = require(${JSON.stringify(require.resolve('../../functions/lib/adapters/local/sqlite/index.js'))});
      const stores = sqliteStores(process.argv[1]);
      stores.transactions.run(async (tx) => {
        const current = await tx.getWorkspace(${JSON.stringify(id)});
        await tx.getFileEntry(${JSON.stringify(id)}, 'b.txt');
        tx.updateWorkspace(${JSON.stringify(id)}, { name: 'renamed by the CLI', version: current.version + 1 });
        tx.putFileEntry(${JSON.stringify(id)}, { ...${JSON.stringify(entry('b.txt', '2'))} });
      }).then(() => stores.close());`;
    await promisify(execFile)(process.execPath, ['-e', script, dir]);
    assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'renamed by the CLI');
    assert.deepEqual(await listing(stores), ['a.txt@1', 'b.txt@2']);
    assert.equal((await stores.fileIndex.getFile(id, 'b.txt'))?.generation, '2');
  });

  it("sees this connection's own writes at once, in and out of transactions", async () => {
    const before = await stores.workspaces.getWorkspace(id);
    await stores.workspaces.touchWorkspace(id, before!.lastAccessedAt + 1000, before!.lastAccessedAt + 1);
    assert.equal((await stores.workspaces.getWorkspace(id))?.lastAccessedAt, before!.lastAccessedAt + 1000);
    await rename(stores, 'second');
    assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'second');
  });

  it('never answers with what a rolled-back transaction wrote, even if it was read meanwhile', async () => {
    await putFile(stores, 'kept.txt', '1');
    assert.deepEqual(await listing(stores), ['kept.txt@1']);
    await assert.rejects(
      stores.transactions.run(async (tx) => {
        await tx.getWorkspace(id);
        tx.updateWorkspace(id, { name: 'never committed', version: 99 });
        tx.putFileEntry(id, entry('ghost.txt', '2'));
        // Another request on the same connection reads while the transaction is open.
        assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'never committed');
        assert.deepEqual(await listing(stores), ['ghost.txt@2', 'kept.txt@1']);
        throw new Error('the commit fails');
      }),
      /the commit fails/,
    );
    assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'first');
    assert.deepEqual(await listing(stores), ['kept.txt@1']);
    assert.equal(await stores.fileIndex.getFile(id, 'ghost.txt'), null);
  });

  it('hands out frozen records, so no caller can change what the next one reads', async () => {
    await putFile(stores, 'a.txt', '1');
    const record = await stores.workspaces.getWorkspace(id);
    assert.throws(() => {
      (record as { name: string }).name = 'changed in memory';
    }, TypeError);
    assert.throws(() => {
      (record!.members as Record<string, string>).intruder = 'owner';
    }, TypeError);
    const [first] = await stores.fileIndex.listFiles(id, { prefix: '', limit: 10, summary: true });
    assert.throws(() => {
      (first as { size: number }).size = 2;
    }, TypeError);
    assert.equal((await stores.workspaces.getWorkspace(id))?.name, 'first');
    assert.equal((await stores.workspaces.getWorkspace(id))?.members.intruder, undefined);
  });

  it('reads the bytes of a blob another process replaced, not the remembered ones', async () => {
    const blobs = new DiskBlobStore(join(dir, 'blobs'));
    try {
      const read = async () => (await buffer((await blobs.read('w/page.html'))!.body)).toString();
      await blobs.put('w/page.html', Readable.from([Buffer.from('first')]), { contentType: 'text/html' });
      assert.equal(await read(), 'first');
      assert.equal(await read(), 'first');
      const script = `
        const { DiskBlobStore } = require(${JSON.stringify(require.resolve('../../functions/lib/adapters/local/diskBlobStore.js'))});
        const { Readable } = require('node:stream');
        const blobs = new DiskBlobStore(process.argv[1]);
        blobs.put('w/page.html', Readable.from([Buffer.from('second')]), { contentType: 'text/html' }).then(() => blobs.close());`;
      await promisify(execFile)(process.execPath, ['-e', script, join(dir, 'blobs')]);
      assert.equal(await read(), 'second');
    } finally {
      await blobs.close();
    }
  });
});
