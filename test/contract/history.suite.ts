/**
 * The history port and the commit engine over real stores (SQLite + disk,
 * Firestore + Cloud Storage emulators): atomic commits, kept versions,
 * exact counters, the commit log and its change event, concurrency.
 */
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { CommitEngine, type PreparedChange } from '@functions/domain/history/commitEngine';
import { blobObjectName, newBlobId } from '@functions/domain/history/ids';
import { FileIndexer } from '@functions/domain/files/fileIndexer';
import { FileService } from '@functions/domain/files/files';
import { PageTokens } from '@functions/domain/shared/pageTokens';
import { AccessClock } from '@functions/domain/workspaces/accessClock';
import { ApiError } from '@functions/domain/shared/errors';
import { mapWithConcurrency } from '@functions/domain/shared/pool';
import { silentLogger } from '@functions/ports/logger';
import type { MetadataPorts } from '@functions/ports';
import type { BlobStore } from '@functions/ports/blobs';
import type { ChangeEvent, ChangeFeed } from '@functions/ports/changes';
import type { WorkspaceRecord } from '@functions/ports/workspaces';
import { handleObjectDeleted, handleObjectFinalized, type StorageObjectInput } from '../support/storageEvents';
import { workspaceRecord } from '../support/records';

type Stores = () => { metadata: MetadataPorts; blobs: BlobStore; changes: ChangeFeed };

const LIMITS = { maxWorkspaceBytes: 1_000_000, maxWorkspaceFiles: 100, versionsPerFile: 50 };

export function historyContract(stores: Stores): void {
  const metadata = () => stores().metadata;
  const blobs = () => stores().blobs;
  const engine = (limits = LIMITS) => new CommitEngine({ stores: metadata(), blobs: blobs(), limits: () => limits });

  const newWorkspace = async (): Promise<WorkspaceRecord> => {
    const record = workspaceRecord();
    await metadata().transactions.run(async (tx) => tx.createWorkspace(record));
    return record;
  };
  const fresh = async (id: string) => (await metadata().workspaces.getWorkspace(id))!;

  /** Stages bytes as a blob, as the file service does before a commit. */
  const stage = async (
    ws: string,
    path: string,
    text: string,
    field = 'changes.0',
  ): Promise<PreparedChange & { op: 'write' }> => {
    const blob = newBlobId();
    const info = await blobs().put(blobObjectName(ws, blob), Readable.from([Buffer.from(text)]), {
      contentType: 'text/plain',
      ifGenerationMatch: '0',
    });
    return {
      field,
      path,
      op: 'write',
      blob,
      size: info.size,
      contentType: 'text/plain',
      md5: info.md5,
      staged: true,
      bucketGeneration: info.generation,
    };
  };
  const author = { kind: 'commit' as const, author: 'alice', message: 'm' };

  it('commits many files at once: blob entries, one commit record, exact counters, newest-first log', async () => {
    const ws = await newWorkspace();
    const first = await engine().apply(
      ws,
      await Promise.all(['a.txt', 'b/c.txt', 'd.txt'].map((p, i) => stage(ws.id, p, `v1 ${p}`, `changes.${i}`))),
      author,
    );
    assert.equal(first.commit.changes.length, 3);
    const entry = await metadata().fileIndex.getFile(ws.id, 'b/c.txt');
    assert.ok(entry?.blob);
    assert.equal(entry.commitId, first.commit.id);
    assert.equal(entry.generation, first.commit.changes[1]!.generation);
    let w = await fresh(ws.id);
    assert.deepEqual(
      [w.fileCount, w.totalBytes, w.versionBytes ?? 0],
      [3, 'v1 a.txt'.length * 2 + 'v1 b/c.txt'.length, 0],
    );

    const second = await engine().apply(
      await fresh(ws.id),
      [await stage(ws.id, 'a.txt', 'version two'), { field: 'changes.1', path: 'd.txt', op: 'delete' }],
      { ...author, agentId: 'agent-7' },
    );
    w = await fresh(ws.id);
    assert.deepEqual(
      [w.fileCount, w.totalBytes, w.versionBytes ?? 0],
      [2, 'version two'.length + 'v1 b/c.txt'.length, 'v1 a.txt'.length * 2],
    );
    // The log, newest first, and one commit by id.
    const log = await metadata().history.listCommits(ws.id, { limit: 10 });
    assert.deepEqual(
      log.map((c) => c.id),
      [second.commit.id, first.commit.id],
    );
    const stored = await metadata().history.getCommit(ws.id, second.commit.id);
    assert.equal(stored?.agentId, 'agent-7');
    assert.equal(stored?.kind, 'commit');
    assert.deepEqual(
      stored?.changes.map((c) => [c.path, c.deleted ?? false]),
      [
        ['a.txt', false],
        ['d.txt', true],
      ],
    );
    assert.deepEqual(await metadata().history.listCommits(ws.id, { limit: 1, before: second.commit.id }), [
      first.commit,
    ]);
    assert.equal(await metadata().history.getCommit(ws.id, 'c0000000000000000000'), null);
    // A delete keeps the last version; the tombstone keeps the history.
    const tomb = await metadata().history.getEntry(ws.id, 'd.txt');
    assert.equal(tomb?.deleted, true);
    assert.equal(tomb?.versions?.[0]?.size, 'v1 d.txt'.length);
    const a = await metadata().history.getEntry(ws.id, 'a.txt');
    assert.deepEqual(
      a?.versions?.map((v) => v.generation),
      [first.commit.changes[0]!.generation],
    );
    assert.ok(BigInt(a!.generation) > BigInt(a!.versions![0]!.generation));
  });

  it('is all or nothing: conflicting ifGeneration is 412 naming every path, and nothing is written', async () => {
    const ws = await newWorkspace();
    const base = await engine().apply(
      ws,
      [await stage(ws.id, 'x.txt', 'x'), await stage(ws.id, 'y.txt', 'y', 'changes.1')],
      author,
    );
    const before = await fresh(ws.id);
    const changes = [
      { ...(await stage(ws.id, 'x.txt', 'x2')), ifGeneration: base.commit.changes[0]!.generation },
      { ...(await stage(ws.id, 'y.txt', 'y2', 'changes.1')), ifGeneration: '1' },
      { ...(await stage(ws.id, 'z.txt', 'z2', 'changes.2')), ifGeneration: '0' },
      { ...(await stage(ws.id, 'x2.txt', 'new', 'changes.3')), ifGeneration: base.commit.changes[0]!.generation },
    ];
    await assert.rejects(engine().apply(before, changes, author), (e: unknown) => {
      assert.ok(e instanceof ApiError && e.code === 'failed_precondition', String(e));
      assert.deepEqual(
        e.details.map((d) => d.field),
        ['changes.1.path', 'changes.3.path'],
      );
      assert.match(e.details[0]!.reason, /^y\.txt: /);
      return true;
    });
    const after = await fresh(ws.id);
    assert.deepEqual([after.fileCount, after.totalBytes, after.versionBytes ?? 0], [2, 2, 0]);
    assert.equal((await metadata().fileIndex.getFile(ws.id, 'x.txt'))?.generation, base.commit.changes[0]!.generation);
    assert.equal(await metadata().fileIndex.getFile(ws.id, 'z.txt'), null);
    assert.equal((await metadata().history.listCommits(ws.id, { limit: 10 })).length, 1);
    // The staged bytes of the failed commit are gone again.
    for (const c of changes) {
      if (c.op === 'write') assert.equal(await blobs().stat(blobObjectName(ws.id, c.blob)), null);
    }
    // A delete of a path that does not exist is 404 for the whole commit.
    await assert.rejects(
      engine().apply(
        after,
        [await stage(ws.id, 'q.txt', 'q'), { field: 'changes.1', path: 'nope', op: 'delete' }],
        author,
      ),
      (e: unknown) => e instanceof ApiError && e.code === 'not_found' && e.details[0]?.field === 'changes.1.path',
    );
    assert.equal(await metadata().fileIndex.getFile(ws.id, 'q.txt'), null);
  });

  it('refuses a commit over quota before writing anything', async () => {
    const ws = await newWorkspace();
    const small = { ...LIMITS, maxWorkspaceBytes: 10 };
    await assert.rejects(
      engine(small).apply(ws, [await stage(ws.id, 'big.txt', 'more than ten bytes')], author),
      (e: unknown) => e instanceof ApiError && e.code === 'payload_too_large',
    );
    assert.equal(await metadata().fileIndex.getFile(ws.id, 'big.txt'), null);
    assert.equal((await fresh(ws.id)).totalBytes, 0);
  });

  it('puts at the quota: a replacement that fits is taken, a new file over it is refused before its bytes are stored', async () => {
    const ws = await newWorkspace();
    const owner = { uid: ws.ownerId };
    const files = (limits: { maxWorkspaceBytes: number; maxWorkspaceFiles: number }) => {
      const m = metadata();
      const all = { ...limits, maxFileBytes: 1000, allowedContentTypes: ['text/*'] };
      return new FileService({
        stores: m,
        blobs: blobs(),
        indexer: new FileIndexer(m),
        commits: engine({ ...LIMITS, ...limits }),
        pageTokens: new PageTokens(() => Buffer.alloc(32, 7)),
        limits: () => all,
        access: new AccessClock(m, 3600_000),
      });
    };
    const put = (limits: { maxWorkspaceBytes: number; maxWorkspaceFiles: number }, path: string, text: string) =>
      files(limits).put(owner, ws.id, path, Readable.from([Buffer.from(text)]), {
        contentType: 'text/plain',
        contentLength: Buffer.byteLength(text),
      });
    const tooLarge = (e: unknown) => e instanceof ApiError && e.code === 'payload_too_large';
    const roomy = { maxWorkspaceBytes: 1000, maxWorkspaceFiles: 10 };
    assert.equal((await put(roomy, 'a.txt', 'x'.repeat(60))).created, true);
    assert.equal((await put(roomy, 'b.txt', 'y'.repeat(20))).created, true);
    const blobsBefore = (await blobs().list(`workspaces/${ws.id}/`, { limit: 100 })).items.length;

    // Two files, the limit is two: replacing one fits (its entry is read first), a third does not.
    const twoFiles = { maxWorkspaceBytes: 1000, maxWorkspaceFiles: 2 };
    assert.equal((await put(twoFiles, 'a.txt', 'x'.repeat(50))).created, false);
    await assert.rejects(put(twoFiles, 'c.txt', 'z'), tooLarge);
    // 70 bytes held, 100 allowed: 60 more bytes fit only in place of a.txt's 50.
    const hundredBytes = { maxWorkspaceBytes: 100, maxWorkspaceFiles: 10 };
    assert.equal((await put(hundredBytes, 'a.txt', 'x'.repeat(60))).created, false);
    await assert.rejects(put(hundredBytes, 'd.txt', 'w'.repeat(60)), tooLarge);

    const w = await fresh(ws.id);
    assert.deepEqual([w.fileCount, w.totalBytes], [2, 80]);
    assert.equal(await metadata().fileIndex.getFile(ws.id, 'c.txt'), null);
    // The refused writes left no bytes behind; the two replacements added one blob each.
    assert.equal((await blobs().list(`workspaces/${ws.id}/`, { limit: 100 })).items.length, blobsBefore + 2);
  });

  it('fails with 404, leaving no staged bytes, when the workspace is gone', async () => {
    const ghost = workspaceRecord();
    const change = await stage(ghost.id, 'a.txt', 'a');
    await assert.rejects(
      engine().apply(ghost, [change], author),
      (e: unknown) => e instanceof ApiError && e.code === 'not_found',
    );
    assert.equal(await blobs().stat(blobObjectName(ghost.id, (change as { blob: string }).blob)), null);
  });

  it('serializes concurrent commits on overlapping paths: clean chains, exact counters, losers 412', async function () {
    this.timeout(120_000);
    const ws = await newWorkspace();
    const paths = ['p0.txt', 'p1.txt', 'p2.txt'];
    const seed = await engine().apply(
      ws,
      await Promise.all(paths.map((p, i) => stage(ws.id, p, `seed ${p}`, `changes.${i}`))),
      author,
    );
    const start = new Map(seed.commit.changes.map((c) => [c.path, c.generation]));
    // 16 writers, each replacing two overlapping paths it read at the seed generation.
    const outcomes = await mapWithConcurrency([...Array(16).keys()], 16, async (i) => {
      const pair = [paths[i % 3]!, paths[(i + 1) % 3]!];
      const changes = await Promise.all(
        pair.map(async (p, j) => ({
          ...(await stage(ws.id, p, `writer ${i} ${p} ${'x'.repeat(i)}`, `changes.${j}`)),
          ifGeneration: start.get(p)!,
        })),
      );
      try {
        return (await engine().apply(await fresh(ws.id), changes, author)).commit;
      } catch (error) {
        assert.ok(error instanceof ApiError && error.code === 'failed_precondition', String(error));
        return null;
      }
    });
    const winners = outcomes.filter((c) => c !== null);
    // Any two writers overlap on a path, so exactly one wins.
    assert.equal(winners.length, 1);
    // Each path's history is a chain: current, then the seed version.
    let total = 0;
    let kept = 0;
    for (const p of paths) {
      const entry = (await metadata().history.getEntry(ws.id, p))!;
      const chain = [entry.generation, ...(entry.versions ?? []).map((v) => v.generation)];
      const touched = winners[0]!.changes.some((c) => c.path === p);
      assert.deepEqual(chain.slice(1), touched ? [start.get(p)] : []);
      total += entry.size;
      kept += (entry.versions ?? []).reduce((n, v) => n + v.size, 0);
    }
    const w = await fresh(ws.id);
    assert.deepEqual([w.fileCount, w.totalBytes, w.versionBytes ?? 0], [3, total, kept]);
  });

  it('concurrent commits without preconditions all land, and each path is still a chain', async function () {
    this.timeout(120_000);
    const ws = await newWorkspace();
    const results = await mapWithConcurrency([...Array(12).keys()], 12, async (i) =>
      engine().apply(await fresh(ws.id), [await stage(ws.id, 'shared.txt', `w${i}`)], author),
    );
    const entry = (await metadata().history.getEntry(ws.id, 'shared.txt'))!;
    const chain = [entry.generation, ...(entry.versions ?? []).map((v) => v.generation)];
    assert.equal(chain.length, 12);
    assert.deepEqual(
      [...chain].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)),
      chain,
      'newest first, strictly',
    );
    assert.deepEqual(new Set(chain), new Set(results.map((r) => r.commit.changes[0]!.generation)));
    const w = await fresh(ws.id);
    const kept = (entry.versions ?? []).reduce((n, v) => n + v.size, 0);
    assert.deepEqual([w.fileCount, w.totalBytes, w.versionBytes ?? 0], [1, entry.size, kept]);
  });

  it("leaves the index unchanged when the Storage trigger gets a commit's bytes as events, duplicated and shuffled", async () => {
    const ws = await newWorkspace();
    const changes = await Promise.all(['a.txt', 'b.txt'].map((p, i) => stage(ws.id, p, `bytes ${p}`, `changes.${i}`)));
    await engine().apply(ws, changes, author);
    const before = await metadata().fileIndex.listFiles(ws.id, { prefix: '', limit: 10 });
    const counters = await fresh(ws.id);
    const deps = { indexer: new FileIndexer(metadata()), logger: silentLogger, maxEventAgeMs: 3600_000 };
    const inputs: { kind: 'finalized' | 'deleted'; input: StorageObjectInput }[] = [];
    for (const c of changes) {
      const info = (await blobs().stat(blobObjectName(ws.id, (c as { blob: string }).blob)))!;
      const input: StorageObjectInput = {
        name: info.name,
        generation: info.generation,
        size: String(info.size),
        contentType: info.contentType,
        md5Hash: info.md5,
        updated: new Date(info.updatedAt).toISOString(),
      };
      inputs.push({ kind: 'finalized', input }, { kind: 'finalized', input }, { kind: 'deleted', input });
    }
    inputs.reverse();
    for (const e of inputs) {
      const outcome = await (e.kind === 'finalized' ? handleObjectFinalized : handleObjectDeleted)(e.input, deps);
      assert.equal(outcome, 'not_a_workspace_file');
    }
    assert.deepEqual(await metadata().fileIndex.listFiles(ws.id, { prefix: '', limit: 10 }), before);
    const after = await fresh(ws.id);
    assert.deepEqual([after.fileCount, after.totalBytes], [counters.fileCount, counters.totalBytes]);
  });

  it('records a write straight to the bucket (the trigger) as a commit, keeping the version it replaces', async () => {
    const ws = await newWorkspace();
    await engine().apply(ws, [await stage(ws.id, 'site/index.html', 'from the api')], author);
    const indexer = new FileIndexer(metadata());
    const name = `workspaces/${ws.id}/files/site/index.html`;
    const info = await blobs().put(name, Readable.from([Buffer.from('from an admin tool')]), {
      contentType: 'text/html',
    });
    const deps = { indexer, logger: silentLogger, maxEventAgeMs: 3600_000 };
    const input: StorageObjectInput = {
      name,
      generation: info.generation,
      size: String(info.size),
      contentType: info.contentType,
      md5Hash: info.md5,
      updated: new Date(info.updatedAt).toISOString(),
    };
    assert.equal(await handleObjectFinalized(input, deps), 'applied');
    assert.equal(await handleObjectFinalized(input, deps), 'duplicate');
    const entry = (await metadata().history.getEntry(ws.id, 'site/index.html'))!;
    assert.equal(entry.blob, undefined);
    assert.equal(entry.size, 'from an admin tool'.length);
    assert.equal(entry.versions?.[0]?.size, 'from the api'.length);
    const [latest] = await metadata().history.listCommits(ws.id, { limit: 1 });
    assert.equal(latest?.kind, 'direct');
    assert.equal(latest?.changes[0]?.generation, info.generation);
    const w = await fresh(ws.id);
    assert.deepEqual([w.fileCount, w.totalBytes, w.versionBytes ?? 0], [1, info.size, 'from the api'.length]);
  });

  it('publishes one commit event on the change feed with the commit', async () => {
    const ws = await newWorkspace();
    const seen: ChangeEvent[] = [];
    const stop = await stores().changes.subscribe(
      ws.id,
      undefined,
      (e) => seen.push(e),
      (error) => assert.fail(String(error)),
    );
    try {
      const { commit } = await engine().apply(
        ws,
        await Promise.all(['1.txt', '2.txt', '3.txt'].map((p, i) => stage(ws.id, p, p, `changes.${i}`))),
        author,
      );
      const deadline = Date.now() + 10_000;
      const commits = () => seen.filter((e) => e.change.kind === 'commit');
      while (commits().length < 1 || seen.filter((e) => e.change.kind === 'file').length < 3) {
        if (Date.now() > deadline) assert.fail(`events: ${JSON.stringify(seen.map((e) => e.change.kind))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(commits().length, 1);
      const only = commits()[0]!.change;
      assert.ok(only.kind === 'commit' && only.commit.id === commit.id);
    } finally {
      stop();
    }
  });

  it('counts a blob shared by several versions of a path once in versionBytes', async () => {
    const ws = await newWorkspace();
    const one = await stage(ws.id, 'a.txt', 'same bytes');
    await engine().apply(ws, [one], author);
    await engine().apply(await fresh(ws.id), [await stage(ws.id, 'a.txt', 'other')], author);
    // Bring the first version back: the same blob, nothing copied.
    await engine().apply(await fresh(ws.id), [{ ...one, staged: false }], author);
    const entry = (await metadata().history.getEntry(ws.id, 'a.txt'))!;
    assert.equal(entry.blob, (one as { blob: string }).blob);
    assert.equal(entry.versions?.length, 2);
    const w = await fresh(ws.id);
    assert.deepEqual([w.totalBytes, w.versionBytes ?? 0], ['same bytes'.length, 'other'.length]);
    const md5 = createHash('md5').update('same bytes').digest('base64');
    assert.equal(entry.md5, md5);
  });
  it('lists a prefix up to its end only, and a summary listing leaves the kept versions out', async () => {
    const ws = await newWorkspace();
    const paths = ['a/one.txt', 'a/two.txt', 'a0.txt', 'b/three.txt'];
    await engine().apply(
      ws,
      await Promise.all(paths.map((p, i) => stage(ws.id, p, `first ${p}`, `changes.${i}`))),
      author,
    );
    await engine().apply(await fresh(ws.id), [await stage(ws.id, 'a/one.txt', 'second')], author);
    const full = await metadata().fileIndex.listFiles(ws.id, { prefix: 'a/', limit: 10 });
    assert.deepEqual(
      full.map((e) => e.path),
      ['a/one.txt', 'a/two.txt'],
    );
    assert.equal(full[0]!.versions?.length, 1);
    assert.ok(full[0]!.blob);
    const summary = await metadata().fileIndex.listFiles(ws.id, { prefix: 'a/', limit: 10, summary: true });
    assert.deepEqual(
      summary,
      full.map((e) => ({
        path: e.path,
        size: e.size,
        contentType: e.contentType,
        md5: e.md5,
        generation: e.generation,
        updatedAt: e.updatedAt,
        deleted: false,
      })),
    );
    const after = await metadata().fileIndex.listFiles(ws.id, { prefix: '', after: 'a/two.txt', limit: 10 });
    assert.deepEqual(
      after.map((e) => e.path),
      ['a0.txt', 'b/three.txt'],
    );
  });
}
