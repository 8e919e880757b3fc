/**
 * The purge pass's history step over real stores (SQLite + disk, Firestore +
 * Cloud Storage emulators): versions past retention or beyond the per-file
 * bound go with exact versionBytes, empty tombstones go, unreferenced bytes
 * go once older than the grace period (never those of a commit in flight),
 * a pass that dies anywhere is finished by the next one, and a purged
 * workspace leaves no commit, version or blob behind.
 *
 * The held set comes from heldByCheckpoints, as in production: a real
 * checkpoint holds what its manifest names.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { CommitEngine, keptBytes, type PreparedChange } from '@functions/domain/history/commitEngine';
import { blobObjectName, newBlobId } from '@functions/domain/history/ids';
import { stagedUploadName } from '@functions/domain/history/history';
import { PurgeService } from '@functions/domain/lifecycle/purge';
import { Reconciler } from '@functions/domain/lifecycle/reconcile';
import {
  emptyRetentionReport,
  GRACE_MS,
  RETENTION_STEP,
  RetentionDeadline,
  RetentionPass,
  type RetentionCursor,
  type RetentionReport,
  type RetentionSettings,
} from '@functions/domain/lifecycle/retention';
import { workspaceRootPrefix } from '@functions/domain/files/paths';
import { ApiError } from '@functions/domain/shared/errors';
import { silentLogger } from '@functions/ports/logger';
import type { MetadataPorts } from '@functions/ports';
import type { BlobStore } from '@functions/ports/blobs';
import type { WorkspaceRecord } from '@functions/ports/workspaces';
import { FileIndexer } from '@functions/domain/files/fileIndexer';
import { FileService } from '@functions/domain/files/files';
import { CheckpointService } from '@functions/domain/history/checkpoints';
import { PageTokens } from '@functions/domain/shared/pageTokens';
import { AccessClock } from '@functions/domain/workspaces/accessClock';
import { workspaceRecord } from '../support/records';

type Stores = () => { metadata: MetadataPorts; blobs: BlobStore };

const DAY = 24 * 3600_000;
const RULES: RetentionSettings = { retentionDays: 30, versionsPerFile: 3 };
const LIMITS = { maxWorkspaceBytes: 1_000_000, maxWorkspaceFiles: 100, versionsPerFile: 50 };
const author = { kind: 'commit' as const, author: 'alice', message: 'm' };

export function retentionContract(stores: Stores): void {
  const metadata = () => stores().metadata;
  const blobs = () => stores().blobs;
  /** The time commits are made at (versions get it as createdAt). */
  let commitClock = 0;
  const engine = (limits = LIMITS) =>
    new CommitEngine({ stores: metadata(), blobs: blobs(), limits: () => limits, now: () => commitClock });

  const newWorkspace = async (id?: string): Promise<WorkspaceRecord> => {
    const record = workspaceRecord(id === undefined ? {} : { id });
    await metadata().transactions.run(async (tx) => tx.createWorkspace(record));
    return record;
  };
  const fresh = async (id: string) => (await metadata().workspaces.getWorkspace(id))!;

  /** Bytes staged as a blob, as the file service does before a commit. */
  const stage = async (ws: string, path: string, text: string): Promise<PreparedChange & { op: 'write' }> => {
    const blob = newBlobId();
    const info = await blobs().put(blobObjectName(ws, blob), Readable.from([Buffer.from(text)]), {
      contentType: 'text/plain',
      ifGenerationMatch: '0',
    });
    const { size, md5, generation } = info;
    const common = { field: 'changes.0', path, op: 'write' as const, blob, size, md5, staged: true };
    return { ...common, contentType: 'text/plain', bucketGeneration: generation };
  };
  const write = async (ws: string, path: string, text: string, at: number) => {
    commitClock = at;
    return engine().apply(await fresh(ws), [await stage(ws, path, text)], author);
  };
  const remove = async (ws: string, path: string, at: number) => {
    commitClock = at;
    return engine().apply(await fresh(ws), [{ field: 'changes.0', path, op: 'delete' }], author);
  };

  const pass = (now: () => number, store: Partial<MetadataPorts> = {}, blobStore?: BlobStore) =>
    new RetentionPass({
      stores: { ...metadata(), ...store },
      blobs: blobStore ?? blobs(),
      logger: silentLogger,
      now,
    });

  async function allEntries(ws: string) {
    const entries = [];
    let after: string | undefined;
    for (;;) {
      const page = await metadata().history.listEntries(ws, { limit: 100, ...(after !== undefined && { after }) });
      entries.push(...page);
      if (page.length < 100) return entries;
      after = page[page.length - 1]!.path;
    }
  }
  async function objects(ws: string, folder: 'blobs' | 'uploads') {
    const page = await blobs().list(`workspaces/${ws}/${folder}/`, { limit: 1000 });
    return page.items.map((i) => i.name.slice(i.name.lastIndexOf('/') + 1)).sort();
  }
  /** The counters agree with the entries, and the blobs are exactly those the entries name. */
  async function assertConsistent(ws: string) {
    const entries = await allEntries(ws);
    const w = await fresh(ws);
    const live = entries.filter((e) => !e.deleted);
    assert.equal(w.fileCount, live.length, 'fileCount');
    assert.equal(
      w.totalBytes,
      live.reduce((n, e) => n + e.size, 0),
      'totalBytes',
    );
    assert.equal(
      w.versionBytes ?? 0,
      entries.reduce((n, e) => n + keptBytes(e), 0),
      'versionBytes',
    );
    const named = new Set<string>();
    for (const e of entries) {
      if (e.blob !== undefined) named.add(e.blob);
      for (const v of e.versions ?? []) if (v.blob !== undefined) named.add(v.blob);
    }
    assert.deepEqual(await objects(ws, 'blobs'), [...named].sort(), 'blobs are exactly the referenced ones');
  }

  /**
   * A workspace whose history spans 45 days before `now`: a.txt written on
   * days 0, 10 and 40 (its day-0 version was replaced on day 10: past
   * retention); b.txt five times in the last days (beyond the bound of 3);
   * d.txt written on day 0 and deleted on day 1 (a tombstone whose only
   * version is past retention); e.txt deleted yesterday (kept).
   */
  async function seedHistory(ws: string, now: number) {
    const day = (n: number) => now - 45 * DAY + n * DAY;
    await write(ws, 'a.txt', 'a day 0', day(0));
    await write(ws, 'a.txt', 'a day 10', day(10));
    await write(ws, 'a.txt', 'a day 40', day(40));
    for (let i = 0; i < 5; i++) await write(ws, 'b.txt', `b number ${i}`, day(41) + i * 1000);
    await write(ws, 'd.txt', 'd gone long ago', day(0));
    await remove(ws, 'd.txt', day(1));
    await write(ws, 'e.txt', 'e gone yesterday', day(43));
    await remove(ws, 'e.txt', day(44));
  }
  const keptSizes = async (ws: string, path: string) =>
    ((await metadata().history.getEntry(ws, path))?.versions ?? []).map((v) => v.size);

  it('drops versions past retention or beyond the per-file bound, and empty tombstones, with exact versionBytes', async () => {
    const ws = await newWorkspace();
    const now = Date.now();
    await seedHistory(ws.id, now);
    await assertConsistent(ws.id);
    const aBefore = (await metadata().history.getEntry(ws.id, 'a.txt'))!;
    const dayZero = aBefore.versions!.find((v) => v.size === 'a day 0'.length)!;

    const report = emptyRetentionReport();
    await pass(() => now).trim(ws.id, RULES, Infinity, report);
    assert.deepEqual(await keptSizes(ws.id, 'a.txt'), ['a day 10'.length]);
    assert.deepEqual(
      await keptSizes(ws.id, 'b.txt'),
      [3, 2, 1].map((i) => `b number ${i}`.length),
    );
    assert.equal(await metadata().history.getEntry(ws.id, 'd.txt'), null, 'the empty tombstone is gone');
    assert.deepEqual(await keptSizes(ws.id, 'e.txt'), ['e gone yesterday'.length]);
    assert.deepEqual(
      [report.versionsDropped, report.tombstonesDeleted, report.versionBytesFreed],
      [3, 1, 'a day 0'.length + 'b number 0'.length + 'd gone long ago'.length],
    );
    // The live tree is untouched.
    assert.equal((await metadata().fileIndex.getFile(ws.id, 'a.txt'))?.generation, aBefore.generation);
    const w = await fresh(ws.id);
    assert.deepEqual([w.fileCount, w.totalBytes], [2, 'a day 40'.length + 'b number 4'.length]);

    // Again: nothing more to drop, nothing changes.
    const again = emptyRetentionReport();
    await pass(() => now).trim(ws.id, RULES, Infinity, again);
    assert.equal(again.versionsDropped, 0);

    // The dropped versions' bytes stay until they are older than the grace period (they are now).
    await pass(() => now).sweep(ws.id, RULES, Infinity, report);
    assert.equal(report.objectsSwept, 0);
    assert.ok(await blobs().stat(blobObjectName(ws.id, dayZero.blob!)));
    await pass(() => now + GRACE_MS + 60_000).sweep(ws.id, RULES, Infinity, report);
    assert.equal(report.objectsSwept, 3);
    assert.equal(await blobs().stat(blobObjectName(ws.id, dayZero.blob!)), null);
    await assertConsistent(ws.id);
  });

  it('keeps what a checkpoint holds past retention and the bound, and lets it go once the checkpoint is deleted', async () => {
    const ws = await newWorkspace();
    const now = Date.now();
    const day = (n: number) => now - 45 * DAY + n * DAY;
    await write(ws.id, 'a.txt', 'held by the checkpoint', day(0));
    const m = metadata();
    const pageTokens = new PageTokens(() => Buffer.alloc(32, 7));
    const access = new AccessClock(m, 3600_000);
    const commits = engine();
    const files = new FileService({
      stores: m,
      blobs: blobs(),
      indexer: new FileIndexer(m),
      commits,
      pageTokens,
      limits: () => ({ ...LIMITS, maxFileBytes: 1_000_000, allowedContentTypes: ['text/*'] }),
      access,
    });
    const checkpoints = new CheckpointService({
      stores: m,
      blobs: blobs(),
      files,
      commits,
      access,
      pageTokens,
      maxChanges: () => 1000,
    });
    const checkpoint = await checkpoints.createFor(await fresh(ws.id), 'day 0', 'alice');
    for (let n = 1; n <= 5; n += 1) await write(ws.id, 'a.txt', `version ${n}`, day(n));
    const heldVersion = (await metadata().history.getEntry(ws.id, 'a.txt'))!.versions!.at(-1)!;
    assert.equal(heldVersion.size, 'held by the checkpoint'.length);

    const report = emptyRetentionReport();
    await pass(() => now).trim(ws.id, RULES, Infinity, report);
    // Every kept version is past retention (replaced 40+ days ago): only the held one stays.
    assert.deepEqual(await keptSizes(ws.id, 'a.txt'), ['held by the checkpoint'.length]);
    await pass(() => now + GRACE_MS + 60_000).sweep(ws.id, RULES, Infinity, report);
    assert.ok(await blobs().stat(blobObjectName(ws.id, heldVersion.blob!)), 'the held bytes stay');

    assert.equal(await metadata().history.deleteCheckpoint(ws.id, checkpoint.id), true);
    await pass(() => now).trim(ws.id, RULES, Infinity, report);
    assert.deepEqual(await keptSizes(ws.id, 'a.txt'), []);
    await pass(() => now + GRACE_MS + 60_000).sweep(ws.id, RULES, Infinity, report);
    assert.equal(await blobs().stat(blobObjectName(ws.id, heldVersion.blob!)), null);
    await assertConsistent(ws.id);
  });

  it('never takes the bytes of a commit in flight; the orphans of a commit that died before its index go later', async () => {
    const ws = await newWorkspace();
    const now = Date.now();
    await write(ws.id, 'site/index.html', 'live', now);
    // A commit in flight: its bytes are staged, its transaction has not run yet.
    const inFlight = await stage(ws.id, 'site/new.html', 'landing soon');
    // A commit that died after its bytes, before its index: nothing of it is visible.
    const died = await stage(ws.id, 'site/lost.html', 'never indexed');
    assert.equal(await metadata().fileIndex.getFile(ws.id, 'site/lost.html'), null);
    assert.equal((await metadata().history.listCommits(ws.id, { limit: 10 })).length, 1);
    // An upload staged for a commit that never named it.
    const nonce = randomBytes(15).toString('base64url');
    await blobs().put(stagedUploadName(ws.id, nonce), Readable.from([Buffer.from('staged')]), {
      contentType: 'text/plain',
    });

    const report = emptyRetentionReport();
    await pass(() => now).sweep(ws.id, RULES, Infinity, report);
    assert.equal(report.objectsSwept, 0, 'everything is younger than the grace period');
    commitClock = now;
    await engine().apply(await fresh(ws.id), [inFlight], author);
    assert.equal((await metadata().fileIndex.getFile(ws.id, 'site/new.html'))?.blob, inFlight.blob);
    assert.ok(await blobs().stat(blobObjectName(ws.id, inFlight.blob)), 'the landed commit has its bytes');

    await pass(() => now + GRACE_MS + 60_000).sweep(ws.id, RULES, Infinity, report);
    assert.equal(report.objectsSwept, 2);
    assert.equal(report.bytesSwept, 'never indexed'.length + 'staged'.length);
    assert.equal(await blobs().stat(blobObjectName(ws.id, died.blob)), null);
    assert.deepEqual(await objects(ws.id, 'uploads'), []);
    await assertConsistent(ws.id);
    const read = await blobs().read(blobObjectName(ws.id, inFlight.blob));
    const chunks: Buffer[] = [];
    for await (const chunk of read!.body) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'landing soon');
  });

  it('a restore of a version the pass dropped meanwhile is 404, and writes nothing', async () => {
    const ws = await newWorkspace();
    const now = Date.now();
    await write(ws.id, 'page.html', 'old bytes', now - 60 * DAY);
    await write(ws.id, 'page.html', 'new bytes', now - 40 * DAY);
    const old = (await metadata().history.getEntry(ws.id, 'page.html'))!.versions![0]!;
    // Prepared (the version was found) before the pass dropped it; applied after.
    const restore: PreparedChange = {
      field: 'changes.0',
      path: 'page.html',
      op: 'write',
      blob: old.blob!,
      size: old.size,
      contentType: old.contentType,
      md5: old.md5,
      staged: false,
      keptGeneration: old.generation,
    };
    await pass(() => now).trim(ws.id, RULES, Infinity, emptyRetentionReport());
    commitClock = now;
    await assert.rejects(
      engine().apply(await fresh(ws.id), [restore], author),
      (e: unknown) =>
        e instanceof ApiError && e.code === 'not_found' && e.details[0]?.field === 'changes.0.fromGeneration',
    );
    assert.equal((await metadata().history.listCommits(ws.id, { limit: 10 })).length, 2);
    await pass(() => now + GRACE_MS + 60_000).sweep(ws.id, RULES, Infinity, emptyRetentionReport());
    await assertConsistent(ws.id);
  });

  it('counts only live bytes against the quota: history does not', async () => {
    const ws = await newWorkspace();
    const tight = { ...LIMITS, maxWorkspaceBytes: 10 };
    commitClock = Date.now();
    await engine(tight).apply(ws, [await stage(ws.id, 'f.txt', '0123456789')], author);
    await engine(tight).apply(await fresh(ws.id), [await stage(ws.id, 'f.txt', 'abcdefghij')], author);
    const w = await fresh(ws.id);
    assert.deepEqual([w.totalBytes, w.versionBytes], [10, 10]);
  });

  describe('the walk over workspaces', () => {
    const tag = `~rt${randomBytes(4).toString('hex')}`;
    let run = 0;
    /** Workspaces whose ids sort after every other one, and a cursor that starts the walk just before them. */
    async function isolatedWalk(count: number, now: number) {
      const prefix = `${tag}${String(run++).padStart(2, '0')}`;
      const spaces = [];
      for (let i = 0; i < count; i++) {
        const ws = await newWorkspace(`${prefix}w${i}`);
        await seedHistory(ws.id, now);
        await stage(ws.id, 'orphan.txt', 'died before its index');
        spaces.push(ws);
      }
      const cursor: RetentionCursor = { cycleStartedAt: now, done: false, lastDone: prefix };
      await metadata().lifecycle.putMaintenanceCursor(RETENTION_STEP, JSON.stringify(cursor));
      return spaces;
    }
    async function assertRetained(spaces: WorkspaceRecord[]) {
      for (const ws of spaces) {
        assert.deepEqual(await keptSizes(ws.id, 'a.txt'), ['a day 10'.length], ws.id);
        assert.equal((await keptSizes(ws.id, 'b.txt')).length, 3);
        assert.equal(await metadata().history.getEntry(ws.id, 'd.txt'), null);
        assert.equal((await keptSizes(ws.id, 'e.txt')).length, 1);
        await assertConsistent(ws.id);
      }
    }
    const totals = (r: RetentionReport) => [
      r.versionsDropped,
      r.tombstonesDeleted,
      r.versionBytesFreed,
      r.objectsSwept,
    ];
    const savedCursor = async () =>
      JSON.parse((await metadata().lifecycle.getMaintenanceCursor(RETENTION_STEP))!) as RetentionCursor;

    it('visits every workspace from the saved cursor, a bounded number per pass, then rests until the next cycle', async () => {
      const now = Date.now();
      const spaces = await isolatedWalk(3, now);
      const later = () => now + GRACE_MS + 60_000;
      const settings = { ...RULES, workspacesPerPass: 2 };
      const first = emptyRetentionReport();
      await pass(later).run(settings, Infinity, first);
      assert.deepEqual([first.ran, first.workspacesDone, first.cycleComplete], [true, 2, false]);
      assert.equal((await savedCursor()).lastDone, spaces[1]!.id);
      const second = emptyRetentionReport();
      await pass(later).run(settings, Infinity, second);
      assert.deepEqual([second.workspacesDone, second.cycleComplete], [1, true]);
      assert.equal((await savedCursor()).done, true);
      await assertRetained(spaces);
      // Within the same cycle there is nothing to do.
      const third = emptyRetentionReport();
      await pass(later).run(settings, Infinity, third);
      assert.equal(third.ran, false);
      assert.deepEqual(
        totals(first).map((n, i) => n + totals(second)[i]!),
        [9, 3, 3 * (7 + 10 + 15), 3 * 4],
      );
    });

    /** Fails the nth call of `method` on `target`, before or after it takes effect. */
    function failing<T extends object>(target: T, method: keyof T, nth: number, when: 'before' | 'after'): T {
      let calls = 0;
      return new Proxy(target, {
        get(obj, key) {
          const value = Reflect.get(obj, key) as unknown;
          if (key !== method || typeof value !== 'function') {
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
          }
          return async (...args: unknown[]) => {
            const n = ++calls;
            if (n === nth && when === 'before') throw new Error(`injected failure before call ${n}`);
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
            if (n === nth) throw new Error(`injected failure after call ${n}`);
            return result;
          };
        },
      });
    }

    const faults: {
      name: string;
      nth: number;
      when: 'before' | 'after';
      inject: 'transactions' | 'cursor' | 'delete';
    }[] = [
      { name: 'a trim transaction fails', nth: 3, when: 'before', inject: 'transactions' },
      {
        name: 'the process dies right after a trim transaction commits',
        nth: 5,
        when: 'after',
        inject: 'transactions',
      },
      { name: 'the cursor cannot be saved', nth: 3, when: 'before', inject: 'cursor' },
      { name: 'the process dies after a blob delete', nth: 2, when: 'after', inject: 'delete' },
    ];
    for (const fault of faults) {
      it(`is finished by the next pass, in the same state and with exact counters, when ${fault.name}`, async function () {
        this.timeout(120_000);
        const now = Date.now();
        const spaces = await isolatedWalk(2, now);
        const later = () => now + GRACE_MS + 60_000;
        const m = metadata();
        const broken =
          fault.inject === 'transactions'
            ? pass(later, { transactions: failing(m.transactions, 'run', fault.nth, fault.when) })
            : fault.inject === 'cursor'
              ? pass(later, { lifecycle: failing(m.lifecycle, 'putMaintenanceCursor', fault.nth, fault.when) })
              : pass(later, {}, failing(blobs(), 'delete', fault.nth, fault.when));
        const first = emptyRetentionReport();
        await assert.rejects(broken.run(RULES, Infinity, first), /injected failure/);
        assert.equal(first.cycleComplete, false);
        const second = emptyRetentionReport();
        await pass(later).run(RULES, Infinity, second);
        assert.equal(second.cycleComplete, true);
        await assertRetained(spaces);
      });
    }

    it('stops at its deadline and the next pass continues from the cursor', async () => {
      const now = Date.now();
      const spaces = await isolatedWalk(2, now);
      let ticks = 0;
      // The clock moves on with every look at it: the deadline falls inside the first workspace.
      const ticking = () => now + GRACE_MS + 60_000 + ticks++;
      const deadline = now + GRACE_MS + 60_000 + 4;
      const first = emptyRetentionReport();
      await assert.rejects(pass(ticking).run(RULES, deadline, first), RetentionDeadline);
      assert.ok((await savedCursor()).current, 'the cursor names the workspace being worked on');
      const second = emptyRetentionReport();
      await pass(() => now + GRACE_MS + 60_000).run(RULES, Infinity, second);
      assert.equal(second.cycleComplete, true);
      await assertRetained(spaces);
    });
  });

  it('a purged workspace leaves no commit, version, tombstone or blob behind', async function () {
    this.timeout(120_000);
    const ws = await newWorkspace();
    const now = Date.now();
    await seedHistory(ws.id, now);
    await blobs().put(stagedUploadName(ws.id, 'u1'), Readable.from([Buffer.from('staged')]), {
      contentType: 'text/plain',
    });
    await stage(ws.id, 'orphan.txt', 'orphan');
    await metadata().transactions.run(async (tx) =>
      tx.updateWorkspace(ws.id, { status: 'deleted', deletedAt: now, deletedBy: ws.ownerId, version: 2 }),
    );
    const purger = new PurgeService({
      stores: metadata(),
      blobs: blobs(),
      reconciler: new Reconciler(metadata(), blobs()),
      logger: silentLogger,
    });
    const report = await purger.runPass({
      staleAfterMs: now - Date.UTC(2020, 0, 1),
      budgetMs: 60_000,
      reconcileSample: 0,
    });
    assert.equal(report.workspaces.find((w) => w.workspaceId === ws.id)?.outcome, 'purged');
    assert.equal(await metadata().workspaces.getWorkspace(ws.id), null);
    assert.deepEqual(await metadata().history.listCommits(ws.id, { limit: 10 }), []);
    assert.deepEqual(await allEntries(ws.id), [], 'no entry, tombstone or kept version');
    assert.equal(await metadata().history.getEntry(ws.id, 'e.txt'), null);
    assert.deepEqual((await blobs().list(workspaceRootPrefix(ws.id), { limit: 10 })).items, []);
  });
}
