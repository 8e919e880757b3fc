/** The metadata port's usage counters: increments from many writers, listed by day range in pages. */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { MetadataPorts } from '@functions/ports';

export function usageContract(getStore: () => MetadataPorts): void {
  it('adds concurrent increments and lists a day range, page by page', async () => {
    const store = getStore();
    // A year no other test writes usage for.
    const year = 1900 + Math.floor(Math.random() * 90);
    const day = (d: number) => `${year}-03-${String(d).padStart(2, '0')}`;
    const ws = `W${randomBytes(9).toString('hex')}`.slice(0, 20);
    await Promise.all(
      Array.from({ length: 10 }, () => store.usage.recordUsage(day(2), ws, { 'files.put': 1, 'files.get': 2 })),
    );
    await store.usage.recordUsage(day(2), '', { 'workspaces.list': 5 });
    await store.usage.recordUsage(day(3), ws, { 'files.put': 7 });
    await store.usage.recordUsage(day(9), ws, { 'files.put': 100 });

    const rows = [];
    let after: { day: string; workspaceId: string } | undefined;
    for (;;) {
      const page = await store.usage.listUsage({ from: day(1), to: day(3), limit: 1, ...(after && { after }) });
      rows.push(...page);
      if (page.length < 1) break;
      after = { day: page[0]!.day, workspaceId: page[0]!.workspaceId };
    }
    const mine = rows.map((r) => [r.day, r.workspaceId, r.operations]);
    assert.deepEqual(
      mine.filter(([, w]) => w === ws),
      [
        [day(2), ws, { 'files.put': 10, 'files.get': 20 }],
        [day(3), ws, { 'files.put': 7 }],
      ],
    );
    assert.deepEqual(
      mine.filter(([, w]) => w === ''),
      [[day(2), '', { 'workspaces.list': 5 }]],
    );
  });
}
