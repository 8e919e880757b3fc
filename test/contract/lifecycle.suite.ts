/**
 * The purge and the reconciler over real stores (SQLite + disk, Firestore +
 * Cloud Storage emulators). Each scenario runs against the same ports the
 * scheduled function and the CLI use, with a controlled clock and with
 * crashes injected between the purge's steps.
 *
 * The stores are shared with other suites, so every assertion is about the
 * workspaces a test made itself; "stale" here means accessed before 2020, a
 * period no other suite's data falls in.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileIndexer } from '@functions/domain/files/fileIndexer';
import { finalizedEvent } from '@functions/domain/files/objectEvent';
import type { FileEntry } from '@functions/ports/fileIndex';
import type { WorkspaceRecord } from '@functions/ports/workspaces';
import { objectName, workspaceRootPrefix } from '@functions/domain/files/paths';
import { mapWithConcurrency } from '@functions/domain/shared/pool';
import {
  LEASE_MS,
  PurgeService,
  VERIFY_AFTER_MS,
  type PurgeHooks,
  type PurgeReport,
  type PurgeStep,
} from '@functions/domain/lifecycle/purge';
import { Reconciler } from '@functions/domain/lifecycle/reconcile';
import { restorePurgedWorkspace } from '@functions/domain/lifecycle/restore';
import { ApiError } from '@functions/domain/shared/errors';
import { UserDataService } from '@functions/domain/userData/userData';
import { jsonLineLogger } from '@functions/adapters/local/jsonLineLogger';
import { silentLogger } from '@functions/ports/logger';
import type { BlobStore } from '@functions/ports/blobs';
import type { MetadataPorts } from '@functions/ports';
import { workspaceRecord } from '../support/records';

type Stores = () => { metadata: MetadataPorts; blobs: BlobStore };

const DAY = 24 * 3600_000;
/** Workspaces accessed before this are stale in these tests; no other suite's data is that old. */
const STALE_LINE = Date.UTC(2020, 0, 1);
const ANCIENT = Date.UTC(2019, 0, 1);

class Crash extends Error {
  constructor(step: string) {
    super(`injected crash after ${step}`);
  }
}

export function lifecycleContract(stores: Stores): void {
  let clock: number;
  const store = () => stores().metadata;
  const blobs = () => stores().blobs;

  beforeEach(() => {
    clock = Date.now();
  });

  function purger(hooks?: PurgeHooks, logs?: Record<string, unknown>[], blobStore: BlobStore = blobs()) {
    const logger = logs ? jsonLineLogger((line) => logs.push(JSON.parse(line))) : silentLogger;
    return new PurgeService({
      stores: store(),
      blobs: blobStore,
      reconciler: new Reconciler(store(), blobStore, logger, () => clock),
      logger,
      now: () => clock,
      ...(hooks && { hooks }),
    });
  }
  /** One pass where only workspaces accessed before 2020 count as stale. */
  const pass = (service: PurgeService, extra: { dryRun?: boolean; budgetMs?: number; sample?: number } = {}) =>
    service.runPass({
      staleAfterMs: clock - STALE_LINE,
      budgetMs: extra.budgetMs ?? 10 * 60_000,
      reconcileSample: extra.sample ?? 0,
      ...(extra.dryRun && { dryRun: true }),
    });

  /** A workspace with `files` indexed files, an agent and a state entry. */
  async function seed(options: { files: number; lastAccessedAt: number; deleted?: boolean }) {
    const record = workspaceRecord({ lastAccessedAt: options.lastAccessedAt });
    await store().transactions.run(async (tx) => tx.createWorkspace(record));
    const entries: FileEntry[] = await mapWithConcurrency(
      Array.from({ length: options.files }, (_, i) => `pages/p${String(i).padStart(4, '0')}.html`),
      16,
      async (path) => {
        const info = await blobs().put(objectName(record.id, path), Readable.from([Buffer.from(`<p>${path}</p>`)]), {
          contentType: 'text/html',
        });
        return { path, ...info, deleted: false };
      },
    );
    // Index in batches (as a burst of trigger events would, but faster to set up).
    for (let i = 0; i < entries.length; i += 100) {
      const batch = entries.slice(i, i + 100);
      await store().transactions.run(async (tx) => {
        for (const e of batch) tx.putFileEntry(record.id, e);
        tx.adjustCounters(record.id, { files: batch.length, bytes: batch.reduce((n, e) => n + e.size, 0) });
      });
    }
    const now = options.lastAccessedAt;
    const data = { key: 'builder', data: { status: 'running' }, version: 1, updatedAt: now, updatedBy: record.ownerId };
    await store().collab.compareAndSetRecord('agents', record.id, { ...data, expiresAt: null }, null);
    await store().collab.compareAndSetRecord('state', record.id, { ...data, key: 'plan', expiresAt: null }, null);
    if (options.deleted) {
      await store().transactions.run(async (tx) =>
        tx.updateWorkspace(record.id, { status: 'deleted', deletedAt: now, deletedBy: record.ownerId, version: 2 }),
      );
    }
    return (await store().workspaces.getWorkspace(record.id))!;
  }

  async function objectCount(id: string): Promise<number> {
    return (await blobs().list(workspaceRootPrefix(id), { limit: 1000 })).items.length;
  }
  const hasDocuments = (id: string) => store().transactions.run((tx) => tx.hasWorkspaceDocuments(id));

  /** Nothing of the workspace is left: no document, no object, and a `purged` record. */
  async function assertPurged(workspace: WorkspaceRecord, reason: 'deleted' | 'stale') {
    assert.equal(await store().workspaces.getWorkspace(workspace.id), null, 'workspace document');
    assert.equal(await objectCount(workspace.id), 0, 'objects under the workspace prefix');
    assert.equal(await hasDocuments(workspace.id), false, 'documents under the workspace');
    const record = await store().lifecycle.getPurgeRecord(workspace.id);
    assert.ok(record, 'purge record');
    assert.equal(record.state, 'purged');
    assert.equal(record.reason, reason);
    assert.equal(record.requestedBy, reason === 'deleted' ? workspace.ownerId : 'purge');
    assert.equal(record.fileCount, workspace.fileCount);
    assert.equal(record.totalBytes, workspace.totalBytes);
    assert.equal(record.objectsDeleted, workspace.fileCount);
    assert.equal(record.bytesDeleted, workspace.totalBytes);
    assert.ok(record.completedAt !== null && record.completedAt >= record.claimedAt);
    return record;
  }

  async function assertIntact(workspace: WorkspaceRecord) {
    const now = await store().workspaces.getWorkspace(workspace.id);
    assert.equal(now?.status, 'active');
    assert.equal(now.fileCount, workspace.fileCount);
    assert.equal(await objectCount(workspace.id), workspace.fileCount);
    assert.equal(
      (await store().fileIndex.listFiles(workspace.id, { prefix: '', limit: 1000 })).length,
      workspace.fileCount,
    );
    assert.ok(await store().collab.getRecord('agents', workspace.id, 'builder'));
    assert.equal(await store().lifecycle.getPurgeRecord(workspace.id), null);
  }

  const resultOf = (report: PurgeReport, id: string) => report.workspaces.find((w) => w.workspaceId === id);

  describe('purge', () => {
    it('removes deleted and stale workspaces completely, keeps fresh ones, and logs its totals', async () => {
      const stale = await seed({ files: 3, lastAccessedAt: ANCIENT });
      const deleted = await seed({ files: 2, lastAccessedAt: clock - DAY, deleted: true });
      const fresh = await seed({ files: 2, lastAccessedAt: clock - DAY });
      const logs: Record<string, unknown>[] = [];
      const report = await pass(purger(undefined, logs));

      assert.equal(resultOf(report, stale.id)?.outcome, 'purged');
      assert.equal(resultOf(report, deleted.id)?.outcome, 'purged');
      assert.equal(resultOf(report, fresh.id), undefined, 'a fresh workspace is not even a candidate');
      await assertPurged(stale, 'stale');
      await assertPurged(deleted, 'deleted');
      await assertIntact(fresh);

      const summary = logs.find((l) => l.event === 'purge.pass');
      assert.ok(summary, 'a purge.pass log entry');
      assert.ok((summary.workspacesPurged as number) >= 2);
      assert.ok((summary.objectsDeleted as number) >= 5);
      assert.equal(summary.dryRun, false);
      const perWorkspace = logs.filter((l) => l.event === 'purge.workspace').map((l) => l.workspaceId);
      assert.ok(perWorkspace.includes(stale.id) && perWorkspace.includes(deleted.id));
    });

    it('changes nothing on a dry run, and reports what it would remove', async () => {
      const stale = await seed({ files: 2, lastAccessedAt: ANCIENT });
      const report = await pass(purger(), { dryRun: true });
      const would = resultOf(report, stale.id);
      assert.equal(would?.outcome, 'would_purge');
      assert.equal(would?.reason, 'stale');
      assert.equal(would?.totalBytes, stale.totalBytes);
      await assertIntact(stale);
      await pass(purger());
      await assertPurged(stale, 'stale');
    });

    it('keeps a stale workspace that is accessed while the purge is deciding', async () => {
      const touched = await seed({ files: 2, lastAccessedAt: ANCIENT });
      const report = await pass(
        purger({
          // A member opens the workspace between the candidate query and the claim.
          beforeClaim: (id) =>
            id === touched.id ? store().workspaces.touchWorkspace(id, clock, clock - 1) : undefined,
        }),
      );
      assert.equal(resultOf(report, touched.id)?.outcome, 'kept');
      await assertIntact({ ...touched });
    });

    for (const step of ['claim', 'objects', 'documents', 'finish'] as PurgeStep[]) {
      it(`finishes cleanly on the next pass after dying right after "${step}"`, async () => {
        const doomed = await seed({ files: 4, lastAccessedAt: ANCIENT });
        const crashing = purger({
          afterStep: (at, id) => {
            if (at === step && id === doomed.id) throw new Crash(step);
          },
        });
        const first = await pass(crashing);
        assert.equal(resultOf(first, doomed.id)?.outcome, 'failed');
        assert.equal(first.complete, false);
        // Whatever is left is never visible as active.
        const left = await store().workspaces.getWorkspace(doomed.id);
        assert.ok(left === null || left.status === 'deleted');
        // The dead pass's lease keeps others away for a while, then the next pass finishes the job.
        const blocked = await pass(purger());
        if (step !== 'finish') assert.equal(resultOf(blocked, doomed.id)?.outcome, 'busy');
        clock += LEASE_MS + 1;
        await pass(purger());
        await assertPurged(doomed, 'stale');
      });
    }

    it('survives a backend error midway (object deletes failing) and completes on the next pass', async () => {
      const doomed = await seed({ files: 6, lastAccessedAt: ANCIENT });
      let deletes = 0;
      const flaky: BlobStore = Object.create(blobs());
      flaky.list = (prefix, options) => blobs().list(prefix, options);
      flaky.delete = async (name, options) => {
        if (name.includes(doomed.id) && ++deletes === 3) throw new Error('injected: 503 backend unavailable');
        return blobs().delete(name, options);
      };
      // A listing page is deleted with bounded concurrency; a failing delete is retried on the next listing.
      const logs: Record<string, unknown>[] = [];
      const first = await pass(purger(undefined, logs, flaky));
      assert.equal(resultOf(first, doomed.id)?.outcome, 'failed');
      assert.ok(logs.some((l) => l.event === 'purge.failed' && l.workspaceId === doomed.id));
      assert.equal((await store().workspaces.getWorkspace(doomed.id))?.status, 'deleted');
      clock += LEASE_MS + 1;
      await pass(purger());
      await assertPurged(doomed, 'stale');
    });

    it('stops at its time budget and leaves the rest to the next pass', async () => {
      const big = await seed({ files: 3, lastAccessedAt: ANCIENT });
      const slow = purger({
        afterStep: (at) => {
          if (at === 'claim') clock += 11 * 60_000; // the claim took longer than the whole budget
        },
      });
      const first = await pass(slow);
      assert.equal(resultOf(first, big.id)?.outcome, 'in_progress');
      assert.ok(first.backlog >= 1);
      assert.equal(first.complete, false);
      assert.equal((await store().workspaces.getWorkspace(big.id))?.status, 'deleted');
      clock += LEASE_MS;
      await pass(purger());
      await assertPurged(big, 'stale');
    });

    it('removes stragglers written after a purge completed, when it verifies the purge later', async () => {
      const doomed = await seed({ files: 1, lastAccessedAt: ANCIENT });
      await pass(purger());
      await assertPurged(doomed, 'stale');
      // A write that raced the purge lands afterwards: an object and an index document.
      await blobs().put(objectName(doomed.id, 'late.txt'), Readable.from([Buffer.from('late')]), {
        contentType: 'text/plain',
      });
      await store().collab.compareAndSetRecord(
        'agents',
        doomed.id,
        { key: 'late', data: {}, version: 1, updatedAt: clock, updatedBy: 'x', expiresAt: null },
        null,
      );
      await pass(purger());
      assert.equal(await objectCount(doomed.id), 1, 'not verified before VERIFY_AFTER_MS');
      clock += VERIFY_AFTER_MS + 1;
      const report = await pass(purger());
      assert.ok(report.stragglersDeleted >= 2);
      assert.equal(await objectCount(doomed.id), 0);
      assert.equal(await hasDocuments(doomed.id), false);
      const record = await store().lifecycle.getPurgeRecord(doomed.id);
      assert.ok(record?.verifiedAt);
      assert.equal(record.stragglersDeleted, 2);
    });

    it('deletes expired sessions, idempotency records and cache entries, and keeps live ones', async () => {
      const user = { uid: `u-${randomBytes(4).toString('hex')}` };
      const earlier = new UserDataService(store(), blobs(), () => clock - 2 * DAY);
      const now = new UserDataService(store(), blobs(), () => clock);
      await earlier.putSession(user, 'old', { data: 1, ttlSeconds: 3600 });
      await now.putSession(user, 'live', { data: 2, ttlSeconds: 3600 });
      await earlier.putCache(user, 'old', Readable.from([Buffer.from('x')]), {
        contentType: 'text/plain',
        ttlSeconds: 60,
      });
      await now.putCache(user, 'live', Readable.from([Buffer.from('y')]), {
        contentType: 'text/plain',
        ttlSeconds: 60,
      });
      const keyId = `k${randomBytes(8).toString('hex')}`;
      await store().transactions.run(async (tx) =>
        tx.putIdempotency({
          id: keyId,
          uid: user.uid,
          requestHash: 'h',
          statusCode: 201,
          responseBody: '{}',
          createdAt: clock - 2 * DAY,
          expiresAt: clock - DAY,
        }),
      );

      const dry = await pass(purger(), { dryRun: true });
      assert.ok(dry.sessionsDeleted >= 1 && dry.cacheEntriesDeleted >= 1 && dry.idempotencyKeysDeleted >= 1);
      assert.ok(await store().sessions.getSession(user.uid, 'old'), 'a dry run deletes nothing');

      const report = await pass(purger());
      assert.ok(report.sessionsDeleted >= 1);
      assert.ok(report.cacheEntriesDeleted >= 1);
      assert.ok(report.idempotencyKeysDeleted >= 1);
      assert.equal(await store().sessions.getSession(user.uid, 'old'), null);
      assert.ok(await store().sessions.getSession(user.uid, 'live'));
      assert.equal(await store().transactions.run((tx) => tx.getIdempotency(keyId)), null);
      const cached = await blobs().list(`cache/${Buffer.from(user.uid).toString('base64url')}/`, { limit: 10 });
      assert.deepEqual(
        cached.items.map((i) => i.name.split('/').pop()),
        ['live'],
      );
    });

    it('reconciles a sample of recently active workspaces, healing lost events', async () => {
      const active = await seed({ files: 2, lastAccessedAt: clock - 60_000 });
      // A finalize event that never arrived.
      await blobs().put(objectName(active.id, 'lost.css'), Readable.from([Buffer.from('a{}')]), {
        contentType: 'text/css',
      });
      const logs: Record<string, unknown>[] = [];
      // Sample everything accessed in the last day: large enough to include this workspace.
      const report = await pass(purger(undefined, logs), { sample: 1000 });
      const mine = report.reconciled.find((r) => r.workspaceId === active.id);
      assert.equal(mine?.entriesAdded, 1);
      assert.ok(await store().fileIndex.getFile(active.id, 'lost.css'));
      assert.equal((await store().workspaces.getWorkspace(active.id))?.fileCount, 3);
      assert.ok(logs.some((l) => l.event === 'reconcile.drift' && l.workspaceId === active.id));
    });

    it('purges a workspace of 1,000 files completely', async function () {
      this.timeout(240_000);
      const big = await seed({ files: 1000, lastAccessedAt: ANCIENT });
      assert.equal(big.fileCount, 1000);
      let report = await pass(purger());
      // One pass normally suffices; a slow machine may need the next one.
      for (let i = 0; i < 3 && resultOf(report, big.id)?.outcome !== 'purged'; i++) {
        clock += LEASE_MS + 1;
        report = await pass(purger());
      }
      await assertPurged(big, 'stale');
      assert.ok((await store().lifecycle.getPurgeRecord(big.id))!.documentsDeleted >= 1000 + 2);
    });
  });

  describe('restore (undoing a purge)', () => {
    it('recreates a purged workspace from its record; restored objects survive later passes and are reindexed', async () => {
      const doomed = await seed({ files: 3, lastAccessedAt: ANCIENT });
      await store().transactions.run(async (tx) =>
        tx.updateWorkspace(doomed.id, { members: { [doomed.ownerId]: 'owner', erin: 'editor' }, metadata: { k: 'v' } }),
      );
      const before = (await store().workspaces.getWorkspace(doomed.id))!;
      const notYet = restorePurgedWorkspace(store(), doomed.id);
      await assert.rejects(notYet, (e: unknown) => e instanceof ApiError && e.code === 'not_found');
      await pass(purger());
      await assertPurged(before, 'stale');

      const { workspace } = await restorePurgedWorkspace(store(), doomed.id, () => clock);
      assert.deepEqual(
        [workspace.name, workspace.ownerId, workspace.members, workspace.metadata, workspace.status],
        [before.name, before.ownerId, before.members, { k: 'v' }, 'active'],
      );
      assert.equal(workspace.createdAt, before.createdAt);
      assert.equal((await store().lifecycle.getPurgeRecord(doomed.id))?.state, 'restored');
      await assert.rejects(
        restorePurgedWorkspace(store(), doomed.id),
        (e: unknown) => e instanceof ApiError && e.code === 'failed_precondition',
      );

      // The operator brings the objects back (soft delete / object versions), then reindexes.
      for (let i = 0; i < 3; i++) {
        const path = `pages/p${String(i).padStart(4, '0')}.html`;
        await blobs().put(objectName(doomed.id, path), Readable.from([Buffer.from(`<p>${path}</p>`)]), {
          contentType: 'text/html',
        });
      }
      clock += VERIFY_AFTER_MS + 1;
      await pass(purger());
      assert.equal(await objectCount(doomed.id), 3, 'the straggler check leaves a restored workspace alone');
      const report = await new Reconciler(store(), blobs(), silentLogger).reconcile(doomed.id, { repair: true });
      assert.equal(report?.entriesAdded, 3);
      const restored = await store().workspaces.getWorkspace(doomed.id);
      assert.deepEqual([restored?.fileCount, restored?.totalBytes], [3, before.totalBytes]);
    });
  });

  describe('reconciler (websplat reindex)', () => {
    it('repairs a deliberately damaged index and counters from the bucket listing', async () => {
      const ws = await seed({ files: 10, lastAccessedAt: clock });
      const id = ws.id;
      // Lost finalize events: objects with no entry.
      for (const path of ['new/a.js', 'new/b.js', 'z-last.txt']) {
        await blobs().put(objectName(id, path), Readable.from([Buffer.from(`// ${path}`)]), {
          contentType: 'text/javascript',
        });
      }
      // Lost delete events: entries with no object.
      for (const path of ['pages/p0001.html', 'pages/p0007.html']) await blobs().delete(objectName(id, path));
      // A corrupted entry (same generation, wrong size and checksum) and drifted counters.
      const victim = (await store().fileIndex.getFile(id, 'pages/p0003.html'))!;
      await store().transactions.run(async (tx) => {
        tx.putFileEntry(id, { ...victim, size: 999, md5: 'bogus' });
        tx.adjustCounters(id, { files: 7, bytes: 12345 });
      });

      const reconciler = new Reconciler(store(), blobs(), silentLogger);
      const dry = await reconciler.reconcile(id, { repair: false, pageSize: 4 });
      assert.deepEqual([dry?.entriesAdded, dry?.entriesRemoved, dry?.entriesFixed, dry?.repaired], [3, 2, 1, false]);
      assert.equal((await store().fileIndex.getFile(id, 'pages/p0003.html'))?.size, 999, 'a dry run repairs nothing');

      // Small pages, so the walk crosses page boundaries on both sides.
      const report = await reconciler.reconcile(id, { repair: true, pageSize: 4 });
      assert.ok(report);
      assert.deepEqual(
        [report.entriesAdded, report.entriesRemoved, report.entriesFixed, report.complete, report.repaired],
        [3, 2, 1, true, true],
      );
      assert.equal(report.objects, 11);

      // The index now equals the bucket listing, entry for entry, and the counters match it.
      const listing = (await blobs().list(`workspaces/${id}/files/`, { limit: 1000 })).items;
      const entries = await store().fileIndex.listFiles(id, { prefix: '', limit: 1000 });
      assert.deepEqual(
        entries.map((e) => [e.path, e.generation, e.size, e.md5]),
        listing.map((o) => [o.name.slice(`workspaces/${id}/files/`.length), o.generation, o.size, o.md5]),
      );
      const after = (await store().workspaces.getWorkspace(id))!;
      assert.equal(after.fileCount, 11);
      assert.equal(
        after.totalBytes,
        listing.reduce((n, o) => n + o.size, 0),
      );

      const again = await reconciler.reconcile(id, { repair: true });
      assert.deepEqual(
        [again?.entriesAdded, again?.entriesRemoved, again?.entriesFixed, again?.filesDrift, again?.bytesDrift],
        [0, 0, 0, 0, 0],
      );
    });

    it('never undoes a write that races it: a newer entry than the listing is left alone', async () => {
      const ws = await seed({ files: 1, lastAccessedAt: clock });
      const path = 'pages/p0000.html';
      // Listing sees generation A; a writer then replaces the object and indexes B before the repair runs.
      const indexer = new FileIndexer(store());
      const racing: BlobStore = Object.create(blobs());
      racing.stat = async (name) => {
        const info = await blobs().put(name, Readable.from([Buffer.from('newer bytes')]), { contentType: 'text/html' });
        await indexer.apply(ws.id, path, finalizedEvent(info));
        return blobs().stat(name);
      };
      racing.list = (prefix, options) => blobs().list(prefix, options);
      // Damage the entry so the walk wants to repair it.
      const entry = (await store().fileIndex.getFile(ws.id, path))!;
      await store().transactions.run(async (tx) => tx.putFileEntry(ws.id, { ...entry, md5: 'bogus' }));
      await new Reconciler(store(), racing, silentLogger).reconcile(ws.id, { repair: true });
      const now = await store().fileIndex.getFile(ws.id, path);
      const object = await blobs().stat(objectName(ws.id, path));
      assert.equal(now?.generation, object?.generation);
      assert.equal(now?.size, 'newer bytes'.length);
      assert.equal((await store().workspaces.getWorkspace(ws.id))?.fileCount, 1);
    });
  });
}
