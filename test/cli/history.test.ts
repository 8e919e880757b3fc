/** `websplat log` and the purge's history step, run as real processes on a local data folder. */
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { ApiError } from '@functions/domain/shared/errors';
import type { LocalRuntime } from '@functions/runtime/local';
import { localCli } from '../support/localCli';

describe('websplat log and the history step of purge (local backend)', () => {
  const cli = localCli('history');
  const withRuntime = cli.withRuntime;
  const run = cli.run;
  const put = (runtime: LocalRuntime, id: string, path: string, text: string) =>
    runtime.deps.files.put({ uid: 'dana' }, id, path, Readable.from([Buffer.from(text)]), {
      contentType: 'text/plain',
    });

  it('log: commits newest first with time, author or agent, message and changed paths; --limit pages; --json', async () => {
    const id = await withRuntime(async (runtime) => {
      const caller = { uid: 'dana' };
      const { workspace } = await runtime.deps.workspaces.create(caller, { name: 'Logged' });
      await put(runtime, workspace.id, 'index.html', 'one');
      await runtime.deps.history.commit(caller, workspace.id, {
        message: 'Build the site\nwith two pages',
        agentId: 'builder',
        changes: [
          ...['a', 'b', 'c', 'd', 'e', 'f'].map((p) => ({ path: `${p}.txt`, content: p, contentType: 'text/plain' })),
          { path: 'index.html', delete: true as const },
        ],
      });
      return workspace.id;
    });

    const text = run(['log', id]);
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.split('\n');
    assert.equal(lines[0], `Commits of ${id} "Logged", newest first:`);
    assert.match(lines[1]!, /^c[0-9a-v]{19} {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}dana \(agent builder\) {2}commit$/);
    assert.equal(lines[2], '    Build the site');
    assert.equal(lines[3], '    with two pages');
    assert.equal(lines[4], '    7 changed (6 written, 1 deleted): a.txt, b.txt, c.txt, d.txt, e.txt, and 2 more');
    assert.match(lines[5]!, /^c[0-9a-v]{19} {2}\S+ {2}dana {2}put$/);
    assert.equal(lines[6], '    1 changed (1 written): index.html');
    assert.ok(!text.stdout.includes('More:'));

    const first = run(['log', id, '--limit', '1']);
    assert.equal(first.status, 0, first.stderr);
    const more = /More: websplat log \S+ --limit 1 --before (c[0-9a-v]{19})/.exec(first.stdout);
    assert.ok(more, first.stdout);
    const second = run(['log', id, '--limit', '1', '--before', more[1]!]);
    assert.match(second.stdout, / {2}put\n {4}1 changed \(1 written\): index\.html\n$/);

    const json = run(['log', id, '--json']);
    assert.equal(json.status, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as {
      workspaceId: string;
      commits: { id: string; kind: string; agentId?: string; changeCount: number; changes: { path: string }[] }[];
      nextBefore?: string;
    };
    assert.equal(parsed.workspaceId, id);
    assert.deepEqual(
      parsed.commits.map((c) => [c.kind, c.agentId, c.changeCount]),
      [
        ['commit', 'builder', 7],
        ['put', undefined, 1],
      ],
    );
    assert.equal(parsed.nextBefore, undefined);
    assert.equal(JSON.parse(run(['log', id, '--json', '--limit', '1']).stdout).nextBefore, parsed.commits[0]!.id);

    // Bad usage is exit 2; an unknown workspace is exit 1.
    for (const bad of [['log'], ['log', id, 'extra'], ['log', 'not an id'], ['log', id, '--limit', '0']]) {
      assert.equal(run(bad).status, 2, bad.join(' '));
    }
    assert.equal(run(['log', id, '--before', 'yesterday']).status, 2);
    const unknown = run(['log', 'AAAAAAAAAAAAAAAAAAAA']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no workspace AAAAAAAAAAAAAAAAAAAA/);
  });

  it('purge: removes kept versions past retention, after which reading one is 404; the live file stays', async () => {
    const { id, old } = await withRuntime(async (runtime) => {
      const { workspace } = await runtime.deps.workspaces.create({ uid: 'dana' }, { name: 'Kept' });
      const first = await put(runtime, workspace.id, 'page.txt', 'first');
      await put(runtime, workspace.id, 'page.txt', 'second');
      return { id: workspace.id, old: first.file.generation };
    });
    const read = (runtime: LocalRuntime, generation?: string) =>
      runtime.deps.files.read({ uid: 'dana' }, id, 'page.txt', undefined, generation);

    // Within retention (the default 30 days), the version stays.
    const kept = run(['purge']);
    assert.equal(kept.status, 0, kept.stderr);
    assert.match(kept.stdout, /History: 1 workspaces checked; 0 kept versions past retention removed/);
    await withRuntime(async (runtime) => (await read(runtime, old)).body.destroy());

    // With no retention at all, the next cycle removes it.
    const gone = run(['purge'], { WEBSPLAT_VERSION_RETENTION_DAYS: '0' });
    assert.equal(gone.status, 0, gone.stderr);
    assert.match(gone.stdout, /History: every workspace was checked less than a day ago/);
    await withRuntime(async (runtime) => {
      // A new cycle: what a day later would start.
      await runtime.metadata.lifecycle.putMaintenanceCursor(
        'retention',
        JSON.stringify({ cycleStartedAt: 0, done: true }),
      );
    });
    const pruned = run(['purge'], { WEBSPLAT_VERSION_RETENTION_DAYS: '0' });
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.match(pruned.stdout, /History: 1 workspaces checked; 1 kept versions past retention removed \(5 B\)/);
    await withRuntime(async (runtime) => {
      await assert.rejects(read(runtime, old), (e: unknown) => e instanceof ApiError && e.code === 'not_found');
      const current = await read(runtime);
      const chunks: Buffer[] = [];
      for await (const chunk of current.body) chunks.push(chunk as Buffer);
      assert.equal(Buffer.concat(chunks).toString(), 'second');
      const ws = await runtime.metadata.workspaces.getWorkspace(id);
      assert.deepEqual([ws?.totalBytes, ws?.versionBytes ?? 0], [6, 0]);
    });
  });
});
