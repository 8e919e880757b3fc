/**
 * The Storage-trigger handlers over a real metadata store: duplicated,
 * shuffled and late events for many generations must leave an index and
 * counters equal to the final set of objects.
 */
import { strict as assert } from 'node:assert';
import { FileIndexer } from '@functions/domain/files/fileIndexer';
import { objectName } from '@functions/domain/files/paths';
import { silentLogger } from '@functions/ports/logger';
import type { MetadataPorts } from '@functions/ports';
import type { EntryChange } from '@functions/ports/entrySwaps';
import type { FileEntry } from '@functions/ports/fileIndex';
import type { ObjectEventDeps } from '@functions/domain/files/objectEventHandler';
import { handleObjectDeleted, handleObjectFinalized, type StorageObjectInput } from '../support/storageEvents';
import { workspaceRecord } from '../support/records';

/** A small deterministic PRNG so a failing seed can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Event = { kind: 'finalized' | 'deleted'; input: StorageObjectInput };

export function fileIndexContract(getStore: () => MetadataPorts): void {
  let deps: ObjectEventDeps;
  beforeEach(() => {
    deps = { indexer: new FileIndexer(getStore()), logger: silentLogger, maxEventAgeMs: 3600_000 };
  });

  const newWorkspace = async () => {
    const record = workspaceRecord();
    await getStore().transactions.run(async (tx) => tx.createWorkspace(record));
    return record.id;
  };
  const fire = (e: Event) => (e.kind === 'finalized' ? handleObjectFinalized : handleObjectDeleted)(e.input, deps);

  async function assertIndexEquals(workspaceId: string, expected: Map<string, { generation: string; size: number }>) {
    const entries = await getStore().fileIndex.listFiles(workspaceId, { prefix: '', limit: 1000 });
    assert.deepEqual(
      entries.map((e) => [e.path, e.generation, e.size]),
      [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, o]) => [p, o.generation, o.size]),
    );
    const ws = await getStore().workspaces.getWorkspace(workspaceId);
    assert.equal(ws?.fileCount, expected.size);
    assert.equal(
      ws?.totalBytes,
      [...expected.values()].reduce((sum, o) => sum + o.size, 0),
    );
  }

  it('indexes a finalize, replaces on overwrite and ignores the late delete of the old generation', async () => {
    const id = await newWorkspace();
    const name = objectName(id, 'src/App.tsx');
    assert.equal(
      await handleObjectFinalized({ name, generation: '100', size: 10, contentType: 'text/plain' }, deps),
      'applied',
    );
    assert.equal(await handleObjectFinalized({ name, generation: '100', size: 10 }, deps), 'duplicate');
    assert.equal(await handleObjectFinalized({ name, generation: '200', size: 25 }, deps), 'applied');
    assert.equal(await handleObjectDeleted({ name, generation: '100' }, deps), 'stale');
    await assertIndexEquals(id, new Map([['src/App.tsx', { generation: '200', size: 25 }]]));
    // A delete that overtook its finalize leaves a tombstone the finalize cannot pass.
    const other = objectName(id, 'b.txt');
    assert.equal(await handleObjectDeleted({ name: other, generation: '300' }, deps), 'applied');
    assert.equal(await handleObjectFinalized({ name: other, generation: '300', size: 5 }, deps), 'stale');
    assert.equal(await getStore().fileIndex.getFile(id, 'b.txt'), null);
    await assertIndexEquals(id, new Map([['src/App.tsx', { generation: '200', size: 25 }]]));
  });

  it('refuses a direct upload of another size than it announced: never indexed, that generation removed', async () => {
    const id = await newWorkspace();
    const removed: [string, string | undefined][] = [];
    deps.blobs = {
      delete: async (name, options) => {
        removed.push([name, options?.ifGenerationMatch]);
        return true;
      },
    };
    const name = objectName(id, 'upload.bin');
    const declared = { websplatDeclaredSize: '10' };
    assert.equal(
      await handleObjectFinalized({ name, generation: '7', size: 3, metadata: declared }, deps),
      'upload_refused',
    );
    assert.deepEqual(removed, [[name, '7']]);
    await assertIndexEquals(id, new Map());
    assert.equal(await handleObjectFinalized({ name, generation: '8', size: 10, metadata: declared }, deps), 'applied');
    await assertIndexEquals(id, new Map([['upload.bin', { generation: '8', size: 10 }]]));
  });

  it('ignores objects outside workspaces, invalid paths, deleted workspaces and events past the bound', async () => {
    const id = await newWorkspace();
    assert.equal(await handleObjectFinalized({ name: 'cache/u1/key', generation: '1' }, deps), 'not_a_workspace_file');
    assert.equal(
      await handleObjectFinalized({ name: `workspaces/${id}/exports/x.zip`, generation: '1' }, deps),
      'not_a_workspace_file',
    );
    for (const bad of ['a//b', '../x', 'a/./b', 'C:\\x', 'x\u0001', 'e\u0301', 'dir/']) {
      assert.equal(
        await handleObjectFinalized({ name: objectName(id, bad), generation: '1' }, deps),
        'invalid_path',
        bad,
      );
    }
    const old = new Date(Date.now() - 2 * 3600_000).toISOString();
    assert.equal(
      await handleObjectFinalized({ name: objectName(id, 'old.txt'), generation: '1', eventTime: old }, deps),
      'too_old',
    );
    const gone = workspaceRecord({ status: 'deleted' });
    await getStore().transactions.run(async (tx) => tx.createWorkspace(gone));
    assert.equal(
      await handleObjectFinalized({ name: objectName(gone.id, 'a.txt'), generation: '1', size: 3 }, deps),
      'workspace_gone',
    );
    await assertIndexEquals(id, new Map());
  });

  for (const seed of [1, 2, 3]) {
    it(`converges on the final object set from shuffled, duplicated events (seed ${seed})`, async function () {
      this.timeout(120_000);
      const random = prng(seed);
      const id = await newWorkspace();
      const paths = ['index.html', 'src/App.tsx', 'src/main.tsx', 'assets/logo.svg'];
      const bucket = new Map<string, { generation: string; size: number }>();
      const events: Event[] = [];
      let generation = 1_700_000_000_000_000;
      for (let step = 0; step < 60; step++) {
        const path = paths[Math.floor(random() * paths.length)]!;
        const name = objectName(id, path);
        const existing = bucket.get(path);
        if (existing && random() < 0.35) {
          events.push({ kind: 'deleted', input: { name, generation: existing.generation } });
          bucket.delete(path);
        } else {
          generation += 1 + Math.floor(random() * 1000);
          const size = Math.floor(random() * 5000);
          events.push({
            kind: 'finalized',
            input: { name, generation: String(generation), size, contentType: 'text/plain' },
          });
          // An overwrite also reports the replaced generation as deleted.
          if (existing) events.push({ kind: 'deleted', input: { name, generation: existing.generation } });
          bucket.set(path, { generation: String(generation), size });
        }
      }
      const delivered = events.flatMap((e) => (random() < 0.3 ? [e, e] : [e]));
      for (let i = delivered.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [delivered[i], delivered[j]] = [delivered[j]!, delivered[i]!];
      }
      // Delivered a few at a time concurrently, as parallel trigger instances would.
      for (let i = 0; i < delivered.length; i += 4) await Promise.all(delivered.slice(i, i + 4).map(fire));
      await assertIndexEquals(id, bucket);
    });
  }

  describe("one path's change as a compare-and-set (readEntry / swapEntry)", () => {
    const entry = (path: string, generation: string, extra: Partial<FileEntry> = {}): FileEntry => ({
      path,
      size: 10,
      contentType: 'text/plain',
      md5: 'bWQ1',
      generation,
      updatedAt: Date.UTC(2026, 0, 2),
      deleted: false,
      commitId: `c${generation}`,
      author: 'bucket',
      ...extra,
    });
    const change = (e: FileEntry, counters?: EntryChange['counters']): EntryChange => ({
      entry: e,
      commit: {
        id: e.commitId!,
        kind: 'direct',
        message: '',
        author: 'bucket',
        createdAt: e.updatedAt,
        changes: [{ path: e.path, generation: e.generation, size: e.size }],
      },
      ...(counters && { counters }),
    });
    const commitIds = async (id: string) =>
      (await getStore().history.listCommits(id, { limit: 100 })).map((c) => c.id).sort();

    it('writes the entry, its commit and the counters together when nothing changed since the read', async () => {
      const id = await newWorkspace();
      const index = getStore().entrySwaps;
      const read = await index.readEntry(id, 'a.txt', { workspace: true });
      assert.equal(read.entry, null);
      assert.equal(read.workspaceStatus, 'active');
      assert.equal(await index.swapEntry(read, change(entry('a.txt', '1'), { files: 1, bytes: 10 })), true);
      assert.equal((await index.readEntry(id, 'a.txt', { workspace: false })).workspaceStatus, undefined);
      await assertIndexEquals(id, new Map([['a.txt', { generation: '1', size: 10 }]]));
      assert.deepEqual(await commitIds(id), ['c1']);
    });

    it('refuses a swap when the entry was created or changed in any field since the read, and writes nothing', async () => {
      const id = await newWorkspace();
      const index = getStore().entrySwaps;
      const beforeCreate = await index.readEntry(id, 'a.txt', { workspace: false });
      assert.equal(await index.swapEntry(beforeCreate, change(entry('a.txt', '1'), { files: 1, bytes: 10 })), true);
      // Created by another writer meanwhile.
      assert.equal(await index.swapEntry(beforeCreate, change(entry('a.txt', '2'), { files: 1, bytes: 10 })), false);
      // Changed meanwhile in a field no index write moves (its kept versions) and nothing else.
      const beforeVersions = await index.readEntry(id, 'a.txt', { workspace: false });
      await getStore().transactions.run(async (tx) => {
        await tx.getFileEntry(id, 'a.txt');
        tx.putVersions(id, 'a.txt', []);
      });
      assert.equal(await index.swapEntry(beforeVersions, change(entry('a.txt', '3'), { files: 0, bytes: 5 })), false);
      await assertIndexEquals(id, new Map([['a.txt', { generation: '1', size: 10 }]]));
      assert.deepEqual(await commitIds(id), ['c1']);
      // Read again, it goes through.
      const fresh = await index.readEntry(id, 'a.txt', { workspace: false });
      assert.equal(
        await index.swapEntry(fresh, change(entry('a.txt', '3', { size: 15 }), { files: 0, bytes: 5 })),
        true,
      );
      await assertIndexEquals(id, new Map([['a.txt', { generation: '3', size: 15 }]]));
    });

    it('replaces the whole entry: fields the new one lacks are gone', async () => {
      const id = await newWorkspace();
      const index = getStore().entrySwaps;
      const withBlob = entry('a.txt', '1', { blob: 'b1', versions: [] });
      await index.swapEntry(
        await index.readEntry(id, 'a.txt', { workspace: false }),
        change(withBlob, { files: 1, bytes: 10 }),
      );
      const tombstone: FileEntry = {
        path: 'a.txt',
        size: 0,
        contentType: '',
        md5: '',
        generation: '2',
        updatedAt: withBlob.updatedAt,
        deleted: true,
        commitId: 'c2',
      };
      const read = await index.readEntry(id, 'a.txt', { workspace: false });
      assert.equal(await index.swapEntry(read, change(tombstone, { files: -1, bytes: -10 })), true);
      assert.deepEqual((await index.readEntry(id, 'a.txt', { workspace: false })).entry, tombstone);
      await assertIndexEquals(id, new Map());
    });

    it('sees a deleted or missing workspace, and a swap moving the counters of a missing one fails with nothing written', async () => {
      const index = getStore().entrySwaps;
      const deleted = workspaceRecord({ status: 'deleted' });
      await getStore().transactions.run(async (tx) => tx.createWorkspace(deleted));
      assert.equal((await index.readEntry(deleted.id, 'a.txt', { workspace: true })).workspaceStatus, 'deleted');
      const missing = workspaceRecord().id;
      const read = await index.readEntry(missing, 'a.txt', { workspace: true });
      assert.equal(read.workspaceStatus, null);
      await assert.rejects(index.swapEntry(read, change(entry('a.txt', '1'), { files: 1, bytes: 10 })));
      assert.equal((await index.readEntry(missing, 'a.txt', { workspace: false })).entry, null);
      assert.deepEqual(await commitIds(missing), []);
    });

    it('absorbs many events of one path at once: the newest generation wins, every version kept, counters exact', async function () {
      this.timeout(60_000);
      const id = await newWorkspace();
      const name = objectName(id, 'index.html');
      const generations = Array.from({ length: 12 }, (_, i) => 1_700_000_000_000_000 + i);
      const outcomes = await Promise.all(
        generations.map((g) => handleObjectFinalized({ name, generation: String(g), size: 100 + (g % 100) }, deps)),
      );
      // Each event is applied, or found stale once a newer one is in; none fails.
      assert.ok(
        outcomes.every((o) => o === 'applied' || o === 'stale'),
        outcomes.join(),
      );
      const newest = generations.at(-1)!;
      await assertIndexEquals(
        id,
        new Map([['index.html', { generation: String(newest), size: 100 + (newest % 100) }]]),
      );
      const stored = (await getStore().entrySwaps.readEntry(id, 'index.html', { workspace: false })).entry!;
      const applied = outcomes.filter((o) => o === 'applied').length;
      assert.equal((stored.versions ?? []).length, applied - 1);
      assert.equal((await commitIds(id)).length, applied);
    });
  });
}
