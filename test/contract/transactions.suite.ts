/** The transaction port's contract: atomic, reads before writes, no lost update; every adapter must pass it unchanged. */
import { strict as assert } from 'node:assert';
import type { MetadataPorts } from '@functions/ports';
import type { WorkspaceRecord } from '@functions/ports/workspaces';
import { workspaceRecord } from '../support/records';

export function transactionsContract(getStore: () => MetadataPorts): void {
  const create = (record: WorkspaceRecord) => getStore().transactions.run(async (tx) => tx.createWorkspace(record));

  it('commits nothing when the transaction throws', async () => {
    const record = workspaceRecord();
    await assert.rejects(
      getStore().transactions.run(async (tx) => {
        tx.createWorkspace(record);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await getStore().workspaces.getWorkspace(record.id), null);
  });

  it('refuses a read after a write inside a transaction', async () => {
    const record = workspaceRecord();
    await assert.rejects(
      getStore().transactions.run(async (tx) => {
        tx.createWorkspace(record);
        await tx.getWorkspace(record.id);
      }),
    );
    assert.equal(await getStore().workspaces.getWorkspace(record.id), null);
  });

  it('loses no update when transactions race on one workspace', async () => {
    const record = workspaceRecord();
    await create(record);
    const writers = 8;
    await Promise.all(
      Array.from({ length: writers }, () =>
        getStore().transactions.run(async (tx) => {
          const current = await tx.getWorkspace(record.id);
          tx.updateWorkspace(record.id, { version: current!.version + 1 });
        }),
      ),
    );
    assert.equal((await getStore().workspaces.getWorkspace(record.id))?.version, 1 + writers);
  });
}
