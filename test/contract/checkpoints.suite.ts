/**
 * Checkpoints over real stores (SQLite + disk, Firestore + Cloud Storage
 * emulators): manifests and records, bytes kept for files written straight
 * to the bucket, unknown ids, what checkpoints hold (for retention), the
 * purge, and restore: atomic under a fault at every write, retried once when
 * a writer gets in between, then refused.
 */
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { FileIndexer } from '@functions/domain/files/fileIndexer';
import { FileService } from '@functions/domain/files/files';
import { CheckpointService } from '@functions/domain/history/checkpoints';
import { heldByCheckpoints } from '@functions/domain/history/held';
import { CommitEngine } from '@functions/domain/history/commitEngine';
import { manifestObjectName } from '@functions/domain/history/ids';
import { ApiError } from '@functions/domain/shared/errors';
import { PageTokens } from '@functions/domain/shared/pageTokens';
import { AccessClock } from '@functions/domain/workspaces/accessClock';
import { silentLogger } from '@functions/ports/logger';
import type { MetadataPorts } from '@functions/ports';
import type { BlobStore } from '@functions/ports/blobs';
import type { Transaction } from '@functions/ports/transaction';
import type { WorkspaceRecord } from '@functions/ports/workspaces';
import { handleObjectFinalized } from '../support/storageEvents';
import { workspaceRecord } from '../support/records';

type Stores = () => { metadata: MetadataPorts; blobs: BlobStore };

const LIMITS = {
  maxFileBytes: 1_000_000,
  maxWorkspaceBytes: 10_000_000,
  maxWorkspaceFiles: 1000,
  allowedContentTypes: ['text/*', 'application/*'],
};

/** A transaction whose `failAt`-th write throws (after the earlier writes were made): a process dying mid-restore. */
function failingWrites(metadata: MetadataPorts, failAt: () => number): MetadataPorts {
  const isWrite = (name: string) => /^(put|delete|create|adjust|update|set)/.test(name);
  return {
    ...metadata,
    transactions: {
      run: (work) =>
        metadata.transactions.run((tx) => {
          let writes = 0;
          const faulty = new Proxy(tx, {
            get(target, name, receiver) {
              const value = Reflect.get(target, name, receiver) as unknown;
              if (typeof name !== 'string' || typeof value !== 'function' || !isWrite(name)) return value;
              return (...args: unknown[]) => {
                if (++writes === failAt()) throw new Error(`injected failure at write ${writes} (${name})`);
                return (value as (...a: unknown[]) => unknown).apply(target, args);
              };
            },
          }) as Transaction;
          return work(faulty);
        }),
    },
  };
}

export function checkpointsContract(stores: Stores): void {
  const metadata = () => stores().metadata;
  const blobs = () => stores().blobs;

  const services = (options: { metadata?: MetadataPorts; blobs?: BlobStore; maxChanges?: number } = {}) => {
    const m = options.metadata ?? metadata();
    const b = options.blobs ?? blobs();
    const pageTokens = new PageTokens(() => Buffer.alloc(32, 7));
    const access = new AccessClock(m, 3600_000);
    const commits = new CommitEngine({ stores: m, blobs: b, limits: () => ({ ...LIMITS, versionsPerFile: 50 }) });
    const files = new FileService({
      stores: m,
      blobs: b,
      indexer: new FileIndexer(m),
      commits,
      pageTokens,
      limits: () => LIMITS,
      access,
    });
    const checkpoints = new CheckpointService({
      stores: m,
      blobs: b,
      files,
      commits,
      access,
      pageTokens,
      maxChanges: () => options.maxChanges ?? 1000,
    });
    return { files, checkpoints, commits };
  };

  const newWorkspace = async (): Promise<{ ws: WorkspaceRecord; owner: { uid: string } }> => {
    const ws = workspaceRecord();
    await metadata().transactions.run(async (tx) => tx.createWorkspace(ws));
    return { ws, owner: { uid: ws.ownerId } };
  };
  const put = (ws: string, owner: { uid: string }, path: string, text: string) =>
    services().files.put(owner, ws, path, Readable.from([Buffer.from(text)]), { contentType: 'text/plain' });
  const setState = (ws: string, key: string, value: unknown, version = 1) =>
    metadata().transactions.run(async (tx) =>
      tx.putRecord('state', ws, { key, data: { value }, version, updatedAt: 1, updatedBy: 'x', expiresAt: null }),
    );
  const readText = async (ws: string, owner: { uid: string }, path: string) => {
    const { body } = await services().files.read(owner, ws, path);
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString();
  };
  /** Everything a restore could change, to compare before and after. */
  const observe = async (ws: string) => {
    const m = metadata();
    const w = (await m.workspaces.getWorkspace(ws))!;
    const manifests = await blobs().list(`workspaces/${ws}/checkpoints/`, { limit: 100 });
    return {
      files: (await m.fileIndex.listFiles(ws, { prefix: '', limit: 100 })).map((e) => [e.path, e.generation, e.md5]),
      state: (await m.collab.listRecords('state', ws, { limit: 100 })).map((r) => [r.key, r.version, r.data]),
      counters: [w.fileCount, w.totalBytes],
      commits: (await m.history.listCommits(ws, { limit: 100 })).map((c) => c.id),
      checkpoints: (await m.history.listCheckpoints(ws, { limit: 100 })).map((c) => c.id),
      manifests: manifests.items.map((o) => o.name),
    };
  };
  const rejects = async (work: Promise<unknown>, code: string) =>
    assert.rejects(work, (e: unknown) => e instanceof ApiError && e.code === code);

  it('writes an immutable manifest and one record, without copying the bytes of blob files', async () => {
    const { ws, owner } = await newWorkspace();
    await put(ws.id, owner, 'b.txt', 'bee');
    await put(ws.id, owner, 'a/index.html', 'aaa');
    await setState(ws.id, 'plan', { pages: [1, 2] });
    const before = await blobs().list(`workspaces/${ws.id}/blobs/`, { limit: 100 });
    const cp = await services().checkpoints.create(owner, ws.id, { label: 'one' });
    assert.deepEqual([cp.fileCount, cp.totalBytes, cp.stateCount, cp.label], [2, 6, 1, 'one']);
    const record = (await metadata().history.getCheckpoint(ws.id, cp.id))!;
    assert.equal(record.manifest, manifestObjectName(ws.id, cp.id));
    const after = await blobs().list(`workspaces/${ws.id}/blobs/`, { limit: 100 });
    assert.equal(after.items.length, before.items.length, 'no bytes copied');
    // A fresh service (nothing cached) reads the same manifest back.
    const manifest = (await services().checkpoints.manifests.read(record.manifest))!;
    assert.deepEqual(
      manifest.files.map((f) => f.path),
      ['a/index.html', 'b.txt'],
    );
    assert.deepEqual(JSON.parse(manifest.state[0]!.dataJson), { value: { pages: [1, 2] } });
  });

  it('keeps the bytes of a file written straight to the bucket, even after the object is replaced', async () => {
    const { ws, owner } = await newWorkspace();
    const name = `workspaces/${ws.id}/files/direct.txt`;
    const info = await blobs().put(name, Readable.from([Buffer.from('first')]), { contentType: 'text/plain' });
    const deps = { indexer: new FileIndexer(metadata()), logger: silentLogger, maxEventAgeMs: 3600_000 };
    const input = {
      name,
      generation: info.generation,
      size: String(info.size),
      contentType: info.contentType,
      md5Hash: info.md5,
      updated: new Date(info.updatedAt).toISOString(),
    };
    assert.equal(await handleObjectFinalized(input, deps), 'applied');
    const cp = await services().checkpoints.create(owner, ws.id, {});
    await blobs().put(name, Readable.from([Buffer.from('second')]), { contentType: 'text/plain' });
    const { body } = await services().checkpoints.read(owner, ws.id, cp.id, 'direct.txt');
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'first');
  });

  it('refuses a deleted workspace, forged and foreign checkpoint ids with 404', async () => {
    const { ws, owner } = await newWorkspace();
    await put(ws.id, owner, 'a.txt', 'a');
    const { checkpoints } = services();
    const mine = await checkpoints.create(owner, ws.id, {});
    const other = await newWorkspace();
    const foreign = await services().checkpoints.create(other.owner, other.ws.id, {});
    for (const id of [foreign.id, 'k0000000000000000000', 'not-an-id', `${mine.id}x`]) {
      await rejects(checkpoints.get(owner, ws.id, id), 'not_found');
      await rejects(checkpoints.read(owner, ws.id, id, 'a.txt'), 'not_found');
      await rejects(checkpoints.restore(owner, ws.id, id), 'not_found');
      await rejects(checkpoints.diff(owner, ws.id, mine.id, { against: id, limit: 10 }), 'not_found');
      await rejects(checkpoints.delete(owner, ws.id, id), 'not_found');
      assert.equal(await checkpoints.exists(ws.id, id), false);
    }
    assert.equal(await checkpoints.exists(ws.id, mine.id), true);
    await metadata().transactions.run(async (tx) =>
      tx.updateWorkspace(ws.id, { status: 'deleted', deletedAt: Date.now(), deletedBy: owner.uid }),
    );
    await rejects(checkpoints.create(owner, ws.id, {}), 'not_found');
    await rejects(checkpoints.get(owner, ws.id, mine.id), 'not_found');
    await rejects(checkpoints.restore(owner, ws.id, mine.id), 'not_found');
  });

  it('restores atomically: a failure at any write of the restore leaves nothing half-visible', async function () {
    this.timeout(120_000);
    const { ws, owner } = await newWorkspace();
    await put(ws.id, owner, 'index.html', 'good');
    await put(ws.id, owner, 'keep.css', 'k');
    await setState(ws.id, 'plan', 'good');
    const good = await services().checkpoints.create(owner, ws.id, { label: 'good' });
    await put(ws.id, owner, 'index.html', 'bad');
    await put(ws.id, owner, 'extra.js', 'x');
    await setState(ws.id, 'plan', 'bad', 2);
    await setState(ws.id, 'since', 'later');
    const before = await observe(ws.id);

    let failAt = 1;
    const faulty = services({ metadata: failingWrites(metadata(), () => failAt) }).checkpoints;
    let failures = 0;
    for (; failAt < 50; failAt++) {
      try {
        await faulty.restore(owner, ws.id, good.id);
        break; // every write passed: failAt is past the last one
      } catch (error) {
        assert.match(String(error), /injected failure/);
        failures++;
        assert.deepEqual(await observe(ws.id), before, `after a failure at write ${failAt}`);
      }
    }
    // index.html, extra.js (tombstone), the commit, the counters, the checkpoint, two state records at least.
    assert.ok(failures >= 7, `${failures} writes`);
    assert.equal(await readText(ws.id, owner, 'index.html'), 'good');
    assert.equal((await metadata().fileIndex.getFile(ws.id, 'extra.js')) ?? null, null);
    assert.deepEqual(
      (await metadata().collab.listRecords('state', ws.id, { limit: 10 })).map((r) => [r.key, r.data.value]),
      [['plan', 'good']],
    );
    const after = await observe(ws.id);
    assert.equal(after.checkpoints.length, before.checkpoints.length + 1);
    assert.equal(after.manifests.length, before.manifests.length + 1);
  });

  it('retries a restore once when a writer got in between, then refuses it with aborted', async function () {
    this.timeout(60_000);
    const { ws, owner } = await newWorkspace();
    await put(ws.id, owner, 'index.html', 'v1');
    const cp = await services().checkpoints.create(owner, ws.id, {});
    await put(ws.id, owner, 'index.html', 'v2');
    let sneaks = 0;
    let budget = 0;
    // A writer that commits right after each automatic checkpoint's manifest is written.
    const meddling: BlobStore = Object.assign(Object.create(blobs()) as BlobStore, {
      put: async (...args: Parameters<BlobStore['put']>) => {
        const info = await blobs().put(...args);
        if (args[0].endsWith('.json') && args[0].includes('/checkpoints/') && sneaks < budget) {
          sneaks++;
          await put(ws.id, owner, `sneaked${sneaks}.txt`, 's');
        }
        return info;
      },
    });
    const { checkpoints } = services({ blobs: meddling });
    budget = 2;
    const before = await observe(ws.id);
    await rejects(checkpoints.restore(owner, ws.id, cp.id), 'aborted');
    assert.equal(sneaks, 2);
    const now = await observe(ws.id);
    assert.deepEqual([now.checkpoints, now.manifests], [before.checkpoints, before.manifests]);
    assert.equal(await readText(ws.id, owner, 'index.html'), 'v2');

    budget = 3; // one more: the retry goes through and removes what was sneaked in
    const restored = await checkpoints.restore(owner, ws.id, cp.id);
    assert.equal(await readText(ws.id, owner, 'index.html'), 'v1');
    assert.equal(await metadata().fileIndex.getFile(ws.id, 'sneaked3.txt'), null);
    const auto = (await metadata().history.getCheckpoint(ws.id, restored.checkpointId))!;
    assert.equal(auto.fileCount, 4, 'the automatic checkpoint has everything, the sneaked files included');
  });

  it('refuses a restore changing more files than a commit may (413), leaving no manifest behind', async () => {
    const { ws, owner } = await newWorkspace();
    const cp = await services().checkpoints.create(owner, ws.id, {});
    for (const p of ['a', 'b', 'c']) await put(ws.id, owner, p, p);
    const before = await observe(ws.id);
    await rejects(services({ maxChanges: 2 }).checkpoints.restore(owner, ws.id, cp.id), 'payload_too_large');
    assert.deepEqual(await observe(ws.id), before);
  });

  it('tells retention what checkpoints hold, and the purge removes the records', async () => {
    const { ws, owner } = await newWorkspace();
    await put(ws.id, owner, 'a.txt', 'one');
    const one = await services().checkpoints.create(owner, ws.id, {});
    await put(ws.id, owner, 'a.txt', 'two');
    await services().checkpoints.create(owner, ws.id, {});
    const entry = (await metadata().history.getEntry(ws.id, 'a.txt'))!;
    const { checkpoints } = services();
    const held = await heldByCheckpoints(metadata(), blobs())(ws.id);
    assert.equal(held.blobs.size, 2);
    assert.ok(held.blobs.has(entry.blob!));
    assert.ok(held.blobs.has(entry.versions![0]!.blob!));
    assert.ok(held.versions.has(`a.txt\n${entry.versions![0]!.generation}`));
    assert.equal(held.manifests.size, 2);
    await checkpoints.delete(owner, ws.id, one.id);
    assert.equal((await heldByCheckpoints(metadata(), blobs())(ws.id)).blobs.size, 1);

    while ((await metadata().lifecycle.deleteWorkspaceDocuments(ws.id, 100)) > 0);
    assert.deepEqual(await metadata().history.listCheckpoints(ws.id, { limit: 10 }), []);
  });
}
