/** Workspace service behaviour over a real metadata store: run on both backends. */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { ApiError } from '@functions/domain/shared/errors';
import { PageTokens } from '@functions/domain/shared/pageTokens';
import { WorkspaceService } from '@functions/domain/workspaces/workspaces';
import type { MetadataPorts } from '@functions/ports';
import type { WorkspaceStore } from '@functions/ports/workspaces';

const principal = (label: string) => ({ uid: `${label}-${randomBytes(4).toString('hex')}` });

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

export function workspaceServiceContract(getStore: () => MetadataPorts): void {
  let clock: number;
  let touches: number;
  let service: WorkspaceService;

  beforeEach(() => {
    clock = Date.UTC(2026, 10, 1, 12);
    touches = 0;
    const store = getStore();
    // Count the lastAccessedAt writes while delegating to the real store.
    const workspaces: WorkspaceStore = Object.assign(Object.create(store.workspaces), {
      touchWorkspace: (id: string, at: number, staleBefore: number) => {
        touches++;
        return store.workspaces.touchWorkspace(id, at, staleBefore);
      },
    });
    const counting: MetadataPorts = { ...store, workspaces };
    service = new WorkspaceService({
      stores: counting,
      pageTokens: new PageTokens(() => Buffer.from('contract-test-key')),
      now: () => clock,
      accessTouchIntervalMs: 5 * 60_000,
    });
  });

  it('writes lastAccessedAt at most once per interval however often it is read', async () => {
    const alice = principal('alice');
    const { workspace } = await service.create(alice, { name: 'busy' });
    for (let i = 0; i < 20; i++) {
      clock += 10_000; // 20 reads over 200 s
      const read = await service.get(alice, workspace.id);
      assert.equal(read.lastAccessedAt, workspace.lastAccessedAt);
    }
    assert.equal(touches, 0);
    clock += 120_000; // now 320 s after creation
    const fresh = await service.get(alice, workspace.id);
    assert.equal(touches, 1);
    assert.equal(fresh.lastAccessedAt, new Date(clock).toISOString());
    assert.equal(fresh.etag, workspace.etag, 'a read does not change the etag');
    const stored = await getStore().workspaces.getWorkspace(workspace.id);
    assert.equal(stored?.lastAccessedAt, clock);
    await service.get(alice, workspace.id);
    assert.equal(touches, 1);
  });

  it('replays an idempotent create and keeps one workspace', async () => {
    const alice = principal('alice');
    const first = await service.create(alice, { name: 'once' }, 'key-1');
    clock += 1000;
    const again = await service.create(alice, { name: 'once' }, 'key-1');
    assert.equal(again.replayed, true);
    assert.deepEqual(again.workspace, first.workspace);
    await rejectsWith(service.create(alice, { name: 'other' }, 'key-1'), 'already_exists');
    const list = await service.list(alice, { limit: 10 });
    assert.deepEqual(
      list.items.map((w) => w.id),
      [first.workspace.id],
    );
  });

  it('honours an idempotency key for 24 hours only', async () => {
    const alice = principal('alice');
    const first = await service.create(alice, { name: 'daily' }, 'key-2');
    clock += 24 * 3600_000 + 1;
    const later = await service.create(alice, { name: 'daily' }, 'key-2');
    assert.equal(later.replayed, false);
    assert.notEqual(later.workspace.id, first.workspace.id);
  });

  it('runs concurrent idempotent creates into one workspace', async () => {
    const alice = principal('alice');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => service.create(alice, { name: 'race' }, 'key-3')),
    );
    assert.equal(new Set(results.map((r) => r.workspace.id)).size, 1);
    assert.equal((await service.list(alice, { limit: 10 })).items.length, 1);
  });

  it('pages through a listing with signed tokens bound to the caller and filter', async () => {
    const alice = principal('alice');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      clock += 1000;
      ids.push((await service.create(alice, { name: `w${i}` })).workspace.id);
    }
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await service.list(alice, { limit: 3, ...(pageToken && { pageToken }) });
      seen.push(...page.items.map((w) => w.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.deepEqual(seen, ids.reverse());
    const first = await service.list(alice, { limit: 3 });
    await rejectsWith(
      service.list(principal('bob'), { limit: 3, pageToken: first.nextPageToken! }),
      'invalid_argument',
    );
    await rejectsWith(
      service.list(alice, { limit: 3, status: 'archived', pageToken: first.nextPageToken! }),
      'invalid_argument',
    );
  });

  it('enforces roles in the domain, whatever the caller', async () => {
    const alice = principal('alice');
    const bob = principal('bob');
    const { workspace } = await service.create(alice, { name: 'roles' });
    await rejectsWith(service.get(bob, workspace.id), 'not_found');
    await service.putMember(alice, workspace.id, bob.uid, 'viewer');
    await rejectsWith(service.patch(bob, workspace.id, { name: 'x' }), 'permission_denied');
    await service.putMember(alice, workspace.id, bob.uid, 'editor');
    await service.patch(bob, workspace.id, { name: 'bob was here' });
    await rejectsWith(service.patch(bob, workspace.id, { status: 'archived' }), 'permission_denied');
    await rejectsWith(service.delete(bob, workspace.id), 'permission_denied');
    const deleted = await service.delete(alice, workspace.id);
    assert.equal(deleted.status, 'deleted');
    await rejectsWith(service.get(alice, workspace.id), 'not_found');
    const stored = await getStore().workspaces.getWorkspace(workspace.id);
    assert.equal(stored?.status, 'deleted');
    assert.equal(stored?.deletedAt, clock);
  });

  it('lets exactly one of two racing If-Match updates win', async () => {
    const alice = principal('alice');
    const { workspace } = await service.create(alice, { name: 'v1' });
    const results = await Promise.allSettled([
      service.patch(alice, workspace.id, { name: 'left' }, [workspace.etag]),
      service.patch(alice, workspace.id, { name: 'right' }, [workspace.etag]),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal(((lost[0] as PromiseRejectedResult).reason as ApiError).code, 'failed_precondition');
    const final = await service.get(alice, workspace.id);
    assert.equal(final.name, (won[0] as PromiseFulfilledResult<{ name: string }>).value.name);
  });
}
