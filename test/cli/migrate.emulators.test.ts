/**
 * `websplat migrate --to firebase` from a populated local data folder into
 * the Firestore + Storage emulators, run as a real process; then re-runs
 * (idempotent, resumable), a failed verification, and the other operator
 * commands on the firebase backend.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { firestoreStores } from '@functions/adapters/firebase/firestore';
import { GcsBlobStore } from '@functions/adapters/firebase/gcsBlobStore';
import { objectName } from '@functions/domain/files/paths';
import { silentLogger } from '@functions/ports/logger';
import { createLocalRuntime, type LocalRuntime } from '@functions/runtime/local';

const BIN = resolve(__dirname, '../../bin/websplat.js');

describe('websplat migrate --to firebase (local data folder -> emulators)', function () {
  this.timeout(180_000);
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const cloud = firestoreStores();
  const bucket = new GcsBlobStore();
  const owner = `dave-${randomBytes(3).toString('hex')}`;
  const picture = randomBytes(200_000);
  const ids: { main: string; archived: string; deleted: string } = { main: '', archived: '', deleted: '' };

  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  async function withLocal<T>(work: (runtime: LocalRuntime) => Promise<T>): Promise<T> {
    const runtime = createLocalRuntime({ dataDir, logger: silentLogger });
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  }
  const put = (runtime: LocalRuntime, id: string, path: string, body: Buffer | string, type = 'text/plain') =>
    runtime.deps.files.put({ uid: owner }, id, path, Readable.from([Buffer.from(body)]), { contentType: type });

  before(async () => {
    if (!process.env.FIRESTORE_EMULATOR_HOST) throw new Error('run under `npm run emulators:exec`');
    dataDir = mkdtempSync(join(tmpdir(), 'websplat-migrate-'));
    env = { ...process.env, WEBSPLAT_DATA_DIR: dataDir };
    await withLocal(async (runtime) => {
      const caller = { uid: owner };
      const main = (await runtime.deps.workspaces.create(caller, { name: 'Main site' })).workspace.id;
      await runtime.deps.workspaces.putMember(caller, main, 'erin', 'editor');
      await put(runtime, main, 'index.html', '<h1>hi</h1>', 'text/html');
      await put(runtime, main, 'css/site.css', 'h1{}', 'text/css');
      await put(runtime, main, 'img/picture.png', picture, 'image/png');
      await put(runtime, main, 'deep/er/still/x.txt', 'x');
      await put(runtime, main, 'ünïcode/名前.txt', 'names');
      await runtime.deps.collab.reportAgent(caller, main, 'builder', { status: 'running', progress: 0.5 });
      await runtime.deps.collab.putState(caller, main, 'plan', { pages: 3 }, {});
      const archived = (await runtime.deps.workspaces.create(caller, { name: 'Old' })).workspace.id;
      await put(runtime, archived, 'a.txt', 'a');
      await put(runtime, archived, 'b.txt', 'bb');
      await runtime.deps.workspaces.patch(caller, archived, { status: 'archived' });
      const deleted = (await runtime.deps.workspaces.create(caller, { name: 'Gone' })).workspace.id;
      await runtime.deps.workspaces.delete(caller, deleted);
      await runtime.deps.userData.putSession(caller, 's1', { data: { step: 2 } });
      Object.assign(ids, { main, archived, deleted });
    });
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('copies every live workspace with its files, members, agents, state and sessions, and verifies', async () => {
    const first = run('migrate', '--to', 'firebase');
    assert.equal(first.status, 0, `${first.stdout}\n${first.stderr}`);
    assert.match(
      first.stdout,
      /Copied 2 workspaces: 7 files .* copied, 0 already there, 0 removed; 2 agent\/state records, 1 sessions/,
    );
    assert.match(first.stdout, /Verified: 2 workspaces, 7 files .*counts and MD5 checksums match/);
    // Said plainly: the history stays behind.
    assert.match(first.stdout, /^History is not carried: commits and kept versions stay on the source only;/m);

    const main = await cloud.workspaces.getWorkspace(ids.main);
    assert.equal(main?.name, 'Main site');
    assert.deepEqual(main?.members, { [owner]: 'owner', erin: 'editor' });
    assert.equal(main?.fileCount, 5);
    assert.equal((await cloud.workspaces.getWorkspace(ids.archived))?.status, 'archived');
    assert.equal(await cloud.workspaces.getWorkspace(ids.deleted), null, 'a deleted workspace is not migrated');
    const stored = await bucket.read(objectName(ids.main, 'img/picture.png'));
    assert.ok(stored && (await buffer(stored.body)).equals(picture));
    assert.ok(await cloud.fileIndex.getFile(ids.main, 'ünïcode/名前.txt'));
    assert.equal((await cloud.collab.getRecord('agents', ids.main, 'builder'))?.data.status, 'running');
    assert.ok(await cloud.collab.getRecord('state', ids.main, 'plan'));
    assert.ok(await cloud.sessions.getSession(owner, 's1'));
  });

  it('is idempotent, and a re-run brings the target up to date with the source', async () => {
    const again = run('migrate', '--to', 'firebase');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /0 files \(0 B\) copied, 7 already there, 0 removed/);

    await withLocal(async (runtime) => {
      await put(runtime, ids.main, 'new.txt', 'new at the source');
      await runtime.deps.files.delete({ uid: owner }, ids.main, 'deep/er/still/x.txt');
    });
    const updated = run('migrate', '--to', 'firebase');
    assert.equal(updated.status, 0, updated.stderr);
    assert.match(updated.stdout, /1 files \(.*\) copied, 6 already there, 1 removed/);
    assert.match(updated.stdout, /Verified: 2 workspaces, 7 files/);
    assert.equal(await cloud.fileIndex.getFile(ids.main, 'deep/er/still/x.txt'), null);
  });

  it('fails verification when the target lost bytes, and the next run repairs them', async () => {
    await bucket.delete(objectName(ids.main, 'css/site.css'));
    const check = run('migrate', '--to', 'firebase', '--verify-only');
    assert.equal(check.status, 1, check.stdout);
    assert.match(check.stdout, new RegExp(`MISMATCH ${ids.main}/css/site.css: missing on the target`));
    assert.match(check.stdout, /Verification FAILED/);
    // The Storage trigger may or may not have indexed the deletion yet; either way the copy repairs it.
    const repaired = run('migrate', '--to', 'firebase');
    assert.equal(repaired.status, 0, repaired.stdout);
    assert.match(repaired.stdout, /Verified: 2 workspaces, 7 files/);
  });

  it('reindex, purge and log work on the firebase backend too', () => {
    const reindex = run('reindex', ids.main, '--backend', 'firebase');
    assert.equal(reindex.status, 0, reindex.stderr);
    assert.match(reindex.stdout, new RegExp(`${ids.main}: 5 files; index matches the bucket; counters right`));
    const purge = run('purge', '--backend', 'firebase', '--dry-run', '--stale-after', '3650d', '--json');
    assert.equal(purge.status, 0, purge.stderr);
    const report = JSON.parse(purge.stdout) as { dryRun: boolean; workspaces: { workspaceId: string }[] };
    assert.equal(report.dryRun, true);
    assert.ok(!report.workspaces.some((w) => w.workspaceId === ids.main), 'a fresh workspace is not a candidate');
    const log = run('log', ids.main, '--backend', 'firebase', '--json');
    assert.equal(log.status, 0, log.stderr);
    const commits = (JSON.parse(log.stdout) as { commits: { changes: unknown[] }[] }).commits;
    assert.ok(commits.length > 0, 'the migrated files were committed on the target');
  });

  it('resumes after the process is killed midway (SIGKILL), and verifies', async () => {
    // Enough new files that the copy is still running when it is killed.
    const bulk = await withLocal(async (runtime) => {
      const id = (await runtime.deps.workspaces.create({ uid: owner }, { name: 'Bulk' })).workspace.id;
      for (let i = 0; i < 100; i++) await put(runtime, id, `bulk/f${String(i).padStart(3, '0')}.txt`, `bulk ${i}`);
      return id;
    });
    const child = spawn(process.execPath, [BIN, 'migrate', '--to', 'firebase'], { env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    // Kill it once some, not all, of the bulk files have arrived.
    const deadline = Date.now() + 60_000;
    while (((await cloud.workspaces.getWorkspace(bulk))?.fileCount ?? 0) < 10 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL', 'the migration was still running when killed');
    const partial = (await cloud.workspaces.getWorkspace(bulk))?.fileCount ?? 0;
    assert.ok(partial >= 10 && partial < 100, `killed midway (${partial} of 100 files there)`);

    const resumed = run('migrate', '--to', 'firebase');
    assert.equal(resumed.status, 0, `${resumed.stdout}\n${resumed.stderr}`);
    assert.match(resumed.stdout, /Verified: 3 workspaces, 107 files/);
    const copied = Number(/: (\d+) files \(/.exec(resumed.stdout)?.[1]);
    assert.ok(copied <= 100 - partial + 8, `the re-run copied only what the killed run had not (${copied})`);
    assert.equal((await cloud.workspaces.getWorkspace(bulk))?.fileCount, 100);
  });
});
