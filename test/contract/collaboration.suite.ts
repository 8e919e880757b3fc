/** Shared-state compare-and-set and agent monotonicity over real stores (SQLite, Firestore). */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { AccessClock } from '@functions/domain/workspaces/accessClock';
import { CollabService } from '@functions/domain/collaboration/collab';
import { ApiError } from '@functions/domain/shared/errors';
import { PageTokens } from '@functions/domain/shared/pageTokens';
import type { MetadataPorts } from '@functions/ports';
import { workspaceRecord } from '../support/records';
import { HARD_JSON } from '../support/anyJson';

export function collabContract(getStore: () => MetadataPorts): void {
  let service: CollabService;
  let owner: { uid: string };
  let ws: string;
  beforeEach(async () => {
    service = new CollabService(
      getStore(),
      new PageTokens(() => Buffer.from('k')),
      new AccessClock(getStore(), 300_000),
    );
    owner = { uid: `o-${randomBytes(4).toString('hex')}` };
    const record = workspaceRecord({ ownerId: owner.uid, members: { [owner.uid]: 'owner' } });
    await getStore().transactions.run(async (tx) => tx.createWorkspace(record));
    ws = record.id;
  });

  it('keeps any JSON value, also what a document could not hold natively (arrays in arrays, 60 levels)', async () => {
    for (const [name, value] of Object.entries(HARD_JSON)) {
      const key = name.replace(/\W/g, '-');
      const put = await service.putState(owner, ws, key, value, {});
      assert.deepEqual(put.entry.value, value, name);
      const read = await service.getState(owner, ws, key);
      assert.equal(JSON.stringify(read.value), JSON.stringify(value), name);
    }
    const listed = await service.listState(owner, ws, { limit: 100 });
    assert.equal(listed.items.length, Object.keys(HARD_JSON).length);
  });

  it('loses no update when 50 writers increment one value with compare-and-set', async function () {
    this.timeout(240_000);
    await service.putState(owner, ws, 'counter', 0, {});
    const writer = async () => {
      for (let attempt = 0; attempt < 1000; attempt++) {
        const read = await service.getState(owner, ws, 'counter');
        try {
          await service.putState(owner, ws, 'counter', (read.value as number) + 1, { ifMatch: [read.etag] });
          return;
        } catch (error) {
          const code = (error as ApiError).code;
          assert.ok(code === 'failed_precondition' || code === 'aborted', String(error));
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 5 * 2 ** attempt)));
        }
      }
      throw new Error('writer gave up');
    };
    await Promise.all(Array.from({ length: 50 }, writer));
    const final = await service.getState(owner, ws, 'counter');
    assert.equal(final.value, 50);
    assert.equal(final.version, 51);
  });

  it('never lets an older agent report overwrite a newer one, whatever the arrival order', async () => {
    const reports = Array.from({ length: 20 }, (_, i) => ({
      status: 'running' as const,
      progress: i / 20,
      sequence: i + 1,
    }));
    for (let i = reports.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [reports[i], reports[j]] = [reports[j]!, reports[i]!];
    }
    await Promise.all(reports.map((r) => service.reportAgent(owner, ws, 'builder', r)));
    const agent = await service.getAgent(owner, ws, 'builder');
    assert.equal(agent.sequence, 20);
    assert.equal(agent.progress, 19 / 20);
  });
}
