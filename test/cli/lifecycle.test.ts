/** `websplat import`, `reindex` and `purge` on the local backend, run as real processes on a data folder. */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { objectName, workspaceRootPrefix } from '@functions/domain/files/paths';
import { entryObjectName } from '@functions/domain/files/files';
import { FileIndexer } from '@functions/domain/files/fileIndexer';
import { finalizedEvent } from '@functions/domain/files/objectEvent';
import { mapWithConcurrency } from '@functions/domain/shared/pool';
import type { LocalRuntime } from '@functions/runtime/local';
import { BIN, localCli } from '../support/localCli';

const DAY = 24 * 3600_000;

describe('websplat lifecycle commands (local backend)', () => {
  const cli = localCli('lifecycle');
  const run = (...args: string[]) => cli.run(args);
  /** Opens the data folder in this process (the CLI process has exited by then). */
  const withRuntime = cli.withRuntime;
  const put = (runtime: LocalRuntime, uid: string, id: string, path: string, text: string) =>
    runtime.deps.files.put({ uid }, id, path, Readable.from([Buffer.from(text)]), { contentType: 'text/plain' });

  describe('import', () => {
    let site: string;
    const logo = randomBytes(50_000);
    beforeEach(() => {
      site = mkdtempSync(join(tmpdir(), 'websplat-site-'));
      const files: Record<string, string | Buffer> = {
        'index.html': '<h1>Home</h1>',
        'css/site.css': 'h1{color:red}',
        'img/logo.png': logo,
        'app/page.tsx': 'export default () => <main/>;',
        '.well-known/security.txt': 'Contact: mailto:x@example.com',
        'data/blob.xyz': 'opaque',
        'node_modules/react/index.js': 'module.exports = {};',
        '.git/HEAD': 'ref: refs/heads/main',
        '.DS_Store': 'litter',
        'bad\\name.txt': 'a backslash is not a valid path character',
      };
      for (const [path, body] of Object.entries(files)) {
        mkdirSync(dirname(join(site, path)), { recursive: true });
        writeFileSync(join(site, path), body);
      }
      symlinkSync(join(site, 'index.html'), join(site, 'link.html'));
    });
    afterEach(() => rmSync(site, { recursive: true, force: true }));

    it('adopts a folder as a workspace, skipping tooling, links and invalid names; a re-run continues it', async () => {
      const first = run('import', site, '--owner', 'alice', '--name', 'Imported site');
      assert.equal(first.status, 0, first.stderr);
      const id = /Workspace ([A-Za-z0-9]{20}): imported 6 files/.exec(first.stdout)?.[1];
      assert.ok(id, first.stdout);
      for (const skipped of ['node_modules', '.git', '.DS_Store', 'link.html', 'bad\\name.txt']) {
        assert.ok(first.stdout.includes(`skipped ${skipped}`), `${skipped} in ${first.stdout}`);
      }

      await withRuntime(async (runtime) => {
        const ws = await runtime.deps.workspaces.get({ uid: 'alice' }, id);
        assert.equal(ws.name, 'Imported site');
        assert.equal(ws.ownerId, 'alice');
        assert.equal(ws.fileCount, 6);
        const listed = await runtime.deps.files.list({ uid: 'alice' }, id, { limit: 100 });
        const types = Object.fromEntries(listed.items.map((f) => [f.path, f.contentType]));
        assert.deepEqual(types, {
          '.well-known/security.txt': 'text/plain',
          'app/page.tsx': 'application/typescript',
          'css/site.css': 'text/css',
          'data/blob.xyz': 'application/octet-stream',
          'img/logo.png': 'image/png',
          'index.html': 'text/html',
        });
        const entry = (await runtime.metadata.fileIndex.getFile(id, 'img/logo.png'))!;
        const stored = await runtime.blobs.read(entryObjectName(id, entry));
        assert.ok(stored);
        assert.ok((await buffer(stored.body)).equals(logo));
        assert.equal(stored.info.md5, createHash('md5').update(logo).digest('base64'));
      });

      // Same folder, same owner: the same workspace, nothing uploaded twice.
      writeFileSync(join(site, 'index.html'), '<h1>Home, edited</h1>');
      const again = run('import', site, '--owner', 'alice', '--name', 'Imported site', '--json');
      assert.equal(again.status, 0, again.stderr);
      const summary = JSON.parse(again.stdout) as { workspaceId: string; imported: number; unchanged: number };
      assert.deepEqual([summary.workspaceId, summary.imported, summary.unchanged], [id, 1, 5]);
      // Another name for the same folder within the replay window is refused, not silently forked.
      const renamed = run('import', site, '--owner', 'alice', '--name', 'Other');
      assert.equal(renamed.status, 2);
      assert.match(renamed.stderr, /use the same ones to continue/);
    });

    it('refuses bad usage with exit 2', () => {
      for (const bad of [
        ['import', site],
        ['import', '--owner', 'alice'],
        ['import', join(site, 'missing'), '--owner', 'alice'],
        ['import', site, '--owner', 'alice', '--nmae', 'typo'],
        ['import', site, '--owner', 'alice', '--name', ''],
      ]) {
        const res = run(...bad);
        assert.equal(res.status, 2, `${bad.join(' ')}: ${res.stderr}`);
      }
    });
  });

  it('reindex: reports, then repairs, an index damaged behind its back', async () => {
    const id = await withRuntime(async (runtime) => {
      const { workspace } = await runtime.deps.workspaces.create({ uid: 'bob' }, { name: 'Damaged' });
      // Files written straight to the bucket (the objects are the truth the listing repairs from).
      const indexer = new FileIndexer(runtime.metadata);
      for (const path of ['a.txt', 'b.txt', 'c.txt']) {
        const name = objectName(workspace.id, path);
        const info = await runtime.blobs.put(name, Readable.from([Buffer.from(`file ${path}`)]), {
          contentType: 'text/plain',
        });
        await indexer.apply(workspace.id, path, finalizedEvent(info));
      }
      // A lost finalize, a lost delete and drifted counters.
      await runtime.blobs.put(objectName(workspace.id, 'lost.txt'), Readable.from([Buffer.from('lost')]), {
        contentType: 'text/plain',
      });
      await runtime.blobs.delete(objectName(workspace.id, 'b.txt'));
      await runtime.metadata.transactions.run(async (tx) => tx.adjustCounters(workspace.id, { files: 5, bytes: 100 }));
      return workspace.id;
    });

    const dry = run('reindex', id, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`${id}: 3 files; would repair 1 missing, 1 orphaned, 0 wrong entries`));
    await withRuntime(async (runtime) => assert.ok(await runtime.metadata.fileIndex.getFile(id, 'b.txt')));

    const real = run('reindex');
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, new RegExp(`${id}: 3 files; repaired 1 missing, 1 orphaned, 0 wrong entries`));
    assert.match(real.stdout, /1 workspaces checked .*; 1 had drift \(repaired\)/);
    await withRuntime(async (runtime) => {
      const paths = (await runtime.metadata.fileIndex.listFiles(id, { prefix: '', limit: 10 })).map((e) => e.path);
      assert.deepEqual(paths, ['a.txt', 'c.txt', 'lost.txt']);
      const ws = await runtime.metadata.workspaces.getWorkspace(id);
      assert.equal(ws?.fileCount, 3);
      assert.equal(ws?.totalBytes, 'file a.txt'.length + 'file c.txt'.length + 'lost'.length);
    });
    assert.equal(run('reindex', 'not-an-id').status, 2);
  });

  it('purge: a dry run lists deleted and stale workspaces, a real pass removes them and keeps fresh ones', async () => {
    const ids = await withRuntime(async (runtime) => {
      const make = async (name: string) => {
        const { workspace } = await runtime.deps.workspaces.create({ uid: 'carol' }, { name });
        await put(runtime, 'carol', workspace.id, 'index.html', `<p>${name}</p>`);
        return workspace.id;
      };
      const deleted = await make('Deleted');
      await runtime.deps.workspaces.delete({ uid: 'carol' }, deleted);
      const stale = await make('Stale');
      await runtime.metadata.transactions.run(async (tx) =>
        tx.updateWorkspace(stale, { lastAccessedAt: Date.now() - 10 * DAY }),
      );
      const fresh = await make('Fresh');
      return { deleted, stale, fresh };
    });

    const dry = run('purge', '--dry-run', '--stale-after', '7d');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^Dry run: nothing is changed\./);
    assert.match(dry.stdout, new RegExp(`would purge ${ids.deleted} "Deleted" \\(deleted; 1 files`));
    assert.match(dry.stdout, new RegExp(`would purge ${ids.stale} "Stale" \\(stale; 1 files`));
    assert.ok(!dry.stdout.includes(ids.fresh));
    await withRuntime(async (runtime) => assert.ok(await runtime.metadata.workspaces.getWorkspace(ids.stale)));

    const real = run('purge', '--stale-after', '7d');
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, new RegExp(`purged ${ids.deleted} "Deleted" \\(deleted`));
    assert.match(real.stdout, new RegExp(`purged ${ids.stale} "Stale" \\(stale`));
    assert.match(real.stdout, /Removed: 2 workspaces/);
    await withRuntime(async (runtime) => {
      for (const gone of [ids.deleted, ids.stale]) {
        assert.equal(await runtime.metadata.workspaces.getWorkspace(gone), null);
        assert.equal((await runtime.blobs.list(workspaceRootPrefix(gone), { limit: 10 })).items.length, 0);
        assert.equal((await runtime.metadata.lifecycle.getPurgeRecord(gone))?.state, 'purged');
      }
      assert.equal((await runtime.metadata.lifecycle.getPurgeRecord(ids.deleted))?.requestedBy, 'carol');
      assert.equal((await runtime.metadata.workspaces.getWorkspace(ids.fresh))?.fileCount, 1);
    });
    assert.equal(run('purge', '--stale-after', 'soon').status, 2);
  });

  it('usage: bytes, files and operation counts with a cost estimate, as text and as JSON', async () => {
    const id = await withRuntime(async (runtime) => {
      const { workspace } = await runtime.deps.workspaces.create({ uid: 'erin' }, { name: 'Counted' });
      await put(runtime, 'erin', workspace.id, 'index.html', '<p>counted</p>');
      // What the HTTP pipeline does for each request; closing the runtime flushes it.
      for (let i = 0; i < 3; i++) runtime.deps.usageMeter.count('files.get', workspace.id);
      return workspace.id;
    });
    const json = run('usage', '--json', '--days', '7');
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.days, 7);
    assert.deepEqual([report.totals.workspaces, report.totals.files, report.totals.bytes], [1, 1, 14]);
    assert.deepEqual(report.workspaces[0].operations, { 'files.get': 3 });
    assert.equal(report.estimate.currency, 'USD');

    const text = run('usage', '--workspace', id);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Totals: 1 workspaces, 1 files, 14 B, 3 API operations/);
    assert.match(text.stdout, /Estimated monthly cost \(list prices of \d{4}-\d{2}-\d{2}/);
    assert.match(text.stdout, new RegExp(`${id}\\s+1\\s+14 B\\s+3\\s+Counted`));
    for (const bad of [
      ['usage', '--days', '0'],
      ['usage', '--from', 'yesterday'],
      ['usage', '--top', 'x'],
    ]) {
      assert.equal(run(...bad).status, 2, bad.join(' '));
    }
  });

  it('purge: a pass killed midway (SIGKILL) is finished by the next one once its lease runs out', async function () {
    this.timeout(120_000);
    const FILES = 3000;
    const id = await withRuntime(async (runtime) => {
      const { workspace } = await runtime.deps.workspaces.create({ uid: 'frank' }, { name: 'Big' });
      const entries = await mapWithConcurrency(
        Array.from({ length: FILES }, (_, i) => `f/${i}.txt`),
        16,
        async (path) => ({
          path,
          ...(await runtime.blobs.put(objectName(workspace.id, path), Readable.from([Buffer.from(path)]), {
            contentType: 'text/plain',
          })),
          deleted: false,
        }),
      );
      await runtime.metadata.transactions.run(async (tx) => {
        for (const e of entries) tx.putFileEntry(workspace.id, e);
        tx.adjustCounters(workspace.id, { files: FILES, bytes: entries.reduce((n, e) => n + e.size, 0) });
        tx.updateWorkspace(workspace.id, { lastAccessedAt: Date.now() - 10 * DAY });
      });
      return workspace.id;
    });

    const child = spawn(process.execPath, [BIN, 'purge', '--stale-after', '7d', '--lease', '1s'], {
      env: cli.env(),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    // Kill it after its first page of objects is gone and recorded.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const record = await withRuntime((runtime) => runtime.metadata.lifecycle.getPurgeRecord(id));
      if ((record?.objectsDeleted ?? 0) > 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL', 'the purge was still running when killed');
    await withRuntime(async (runtime) => {
      assert.equal((await runtime.metadata.workspaces.getWorkspace(id))?.status, 'deleted', 'never visible as active');
      assert.equal((await runtime.metadata.lifecycle.getPurgeRecord(id))?.state, 'purging');
      assert.ok((await runtime.blobs.list(workspaceRootPrefix(id), { limit: 1 })).items.length > 0, 'killed midway');
    });

    await new Promise((r) => setTimeout(r, 1100)); // the dead pass's lease
    const next = run('purge', '--stale-after', '7d');
    assert.equal(next.status, 0, next.stderr);
    assert.match(next.stdout, new RegExp(`purged ${id} "Big"`));
    await withRuntime(async (runtime) => {
      assert.equal(await runtime.metadata.workspaces.getWorkspace(id), null);
      assert.equal((await runtime.blobs.list(workspaceRootPrefix(id), { limit: 1 })).items.length, 0);
      assert.equal(await runtime.metadata.transactions.run((tx) => tx.hasWorkspaceDocuments(id)), false);
      const record = await runtime.metadata.lifecycle.getPurgeRecord(id);
      assert.equal(record?.state, 'purged');
      assert.ok((record?.passes ?? 0) >= 2);
    });
  });
});
