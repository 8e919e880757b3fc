/** `websplat checkpoint` and `websplat restore-checkpoint` on the local backend, run as real processes. */
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { LocalRuntime } from '@functions/runtime/local';
import { localCli } from '../support/localCli';

describe('websplat checkpoint commands (local backend)', () => {
  const cli = localCli('checkpoints');
  const withRuntime = cli.withRuntime;
  const run = (...args: string[]) => cli.run(args);
  const put = (runtime: LocalRuntime, id: string, path: string, text: string) =>
    runtime.deps.files.put({ uid: 'alice' }, id, path, Readable.from([Buffer.from(text)]), {
      contentType: 'text/plain',
    });
  const read = async (runtime: LocalRuntime, id: string, path: string) =>
    (await buffer((await runtime.deps.files.read({ uid: 'alice' }, id, path)).body)).toString();

  it('takes a checkpoint and restores it, printing how to undo the restore', async () => {
    const id = await withRuntime(async (runtime) => {
      const { workspace } = await runtime.deps.workspaces.create({ uid: 'alice' }, { name: 'Site' });
      await put(runtime, workspace.id, 'index.html', 'good');
      return workspace.id;
    });
    const taken = run('checkpoint', id, '--label', 'before the agent', '--json');
    assert.equal(taken.status, 0, taken.stderr);
    const cp = JSON.parse(taken.stdout) as { id: string; label: string; fileCount: number; author: string };
    assert.deepEqual([cp.label, cp.fileCount, cp.author], ['before the agent', 1, 'alice']);
    await withRuntime((runtime) => put(runtime, id, 'index.html', 'bad'));

    const restored = run('restore-checkpoint', id, cp.id);
    assert.equal(restored.status, 0, restored.stderr);
    const undo = /To undo: websplat restore-checkpoint \S+ (k[0-9a-v]{19})/.exec(restored.stdout)?.[1];
    assert.ok(undo, restored.stdout);
    await withRuntime(async (runtime) => {
      assert.equal(await read(runtime, id, 'index.html'), 'good');
      const auto = await runtime.deps.checkpoints.get({ uid: 'alice' }, id, undo);
      assert.equal(auto.label, `before restore of ${cp.id}`);
    });

    const unknown = run('restore-checkpoint', id, 'k0000000000000000000');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /not_found/);
    assert.equal(run('checkpoint').status, 2);
    assert.equal(run('checkpoint', 'no/such').status, 2);
    assert.equal(run('checkpoint', 'A'.repeat(20)).status, 1);
  });
});
