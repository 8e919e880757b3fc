/** The workspace port's contract (documents, members, listings, idempotency records): every adapter must pass it unchanged. */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { newId } from '@functions/domain/shared/ids';
import type { MetadataPorts } from '@functions/ports';
import type { WorkspaceRecord } from '@functions/ports/workspaces';
import { uid, workspaceRecord } from '../support/records';

export function workspacesContract(getStore: () => MetadataPorts): void {
  const create = (record: WorkspaceRecord) => getStore().transactions.run(async (tx) => tx.createWorkspace(record));

  it('stores and reads back a workspace exactly', async () => {
    const record = workspaceRecord({ metadata: { 'a.b': 'c', x: 'y' }, description: 'd' });
    await create(record);
    assert.deepEqual(await getStore().workspaces.getWorkspace(record.id), record);
    assert.equal(await getStore().workspaces.getWorkspace(newId()), null);
  });

  it('refuses to create the same id twice and keeps the first', async () => {
    const record = workspaceRecord({ name: 'first' });
    await create(record);
    await assert.rejects(create({ ...record, name: 'second' }));
    assert.equal((await getStore().workspaces.getWorkspace(record.id))?.name, 'first');
  });

  it('updates only the given fields and keeps the counters', async () => {
    const record = workspaceRecord({ fileCount: 3, totalBytes: 300 });
    await create(record);
    const bob = uid('bob');
    await getStore().transactions.run(async (tx) => {
      const current = await tx.getWorkspace(record.id);
      tx.updateWorkspace(record.id, {
        name: 'renamed',
        members: { ...current!.members, [bob]: 'viewer' },
        version: current!.version + 1,
      });
    });
    const after = await getStore().workspaces.getWorkspace(record.id);
    assert.deepEqual(after, {
      ...record,
      name: 'renamed',
      members: { ...record.members, [bob]: 'viewer' },
      version: 2,
    });
  });

  it("lists a member's workspaces newest first, by status, with a cursor", async () => {
    const me = uid('me');
    const other = uid('other');
    const base = Date.UTC(2026, 5, 1);
    const mine = [
      workspaceRecord({ ownerId: me, members: { [me]: 'owner' }, createdAt: base + 1 }),
      workspaceRecord({ ownerId: other, members: { [other]: 'owner', [me]: 'viewer' }, createdAt: base + 2 }),
      workspaceRecord({ ownerId: me, members: { [me]: 'owner' }, createdAt: base + 3, status: 'archived' }),
      workspaceRecord({ ownerId: me, members: { [me]: 'owner' }, createdAt: base + 4, status: 'deleted' }),
      // Two with the same createdAt: ties are ordered by id, descending.
      workspaceRecord({ ownerId: me, members: { [me]: 'owner' }, createdAt: base + 5 }),
      workspaceRecord({ ownerId: me, members: { [me]: 'owner' }, createdAt: base + 5 }),
    ];
    await create(workspaceRecord({ ownerId: other, members: { [other]: 'owner' }, createdAt: base + 6 }));
    for (const r of mine) await create(r);

    const visible = mine
      .filter((r) => r.status !== 'deleted')
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const all = await getStore().workspaces.listWorkspaces({
      memberId: me,
      statuses: ['active', 'archived'],
      limit: 100,
    });
    assert.deepEqual(
      all.map((r) => r.id),
      visible,
    );

    const active = await getStore().workspaces.listWorkspaces({ memberId: me, statuses: ['active'], limit: 100 });
    assert.deepEqual(
      active.map((r) => r.id),
      visible.filter((id) => mine.find((r) => r.id === id)!.status === 'active'),
    );

    const pages: string[] = [];
    let after: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = await getStore().workspaces.listWorkspaces({
        memberId: me,
        statuses: ['active', 'archived'],
        limit: 2,
        after,
      });
      pages.push(...page.map((r) => r.id));
      if (page.length < 2) break;
      const last = page[page.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    assert.deepEqual(pages, visible);
  });

  it('follows membership changes in listings', async () => {
    const me = uid('me');
    const friend = uid('friend');
    const record = workspaceRecord({ ownerId: me, members: { [me]: 'owner', [friend]: 'editor' } });
    await create(record);
    const list = (who: string) =>
      getStore().workspaces.listWorkspaces({ memberId: who, statuses: ['active'], limit: 10 });
    assert.equal((await list(friend)).length, 1);
    await getStore().transactions.run(async (tx) => {
      await tx.getWorkspace(record.id);
      tx.updateWorkspace(record.id, { members: { [me]: 'owner' } });
    });
    assert.equal((await list(friend)).length, 0);
    assert.equal((await list(me)).length, 1);
  });

  it('touches lastAccessedAt without changing the version, and ignores missing workspaces', async () => {
    const record = workspaceRecord();
    await create(record);
    const later = record.lastAccessedAt + 600_000;
    await getStore().workspaces.touchWorkspace(record.id, later, later - 300_000);
    const after = await getStore().workspaces.getWorkspace(record.id);
    assert.equal(after?.lastAccessedAt, later);
    assert.equal(after?.version, record.version);
    assert.equal(after?.updatedAt, record.updatedAt);
    await getStore().workspaces.touchWorkspace(newId(), later, later - 300_000);
    assert.equal(await getStore().workspaces.getWorkspace(newId()), null);
  });

  it('stores idempotency records inside transactions', async () => {
    const id = randomBytes(16).toString('hex');
    const record = {
      id,
      uid: uid('u'),
      requestHash: 'h',
      statusCode: 201,
      responseBody: '{"a":1}',
      createdAt: Date.UTC(2026, 0, 1),
      expiresAt: Date.UTC(2026, 0, 2),
    };
    assert.equal(await getStore().transactions.run((tx) => tx.getIdempotency(id)), null);
    await getStore().transactions.run(async (tx) => tx.putIdempotency(record));
    assert.deepEqual(await getStore().transactions.run((tx) => tx.getIdempotency(id)), record);
  });
}
