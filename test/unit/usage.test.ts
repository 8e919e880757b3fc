/** The usage meter (batched, lossless on write failures) and the cost estimate's arithmetic. */
import { strict as assert } from 'node:assert';
import { estimate, loadPricing, parseDay, UsageMeter } from '@functions/domain/usage/usage';
import { ApiError } from '@functions/domain/shared/errors';
import type { UsageStore } from '@functions/ports/usage';

describe('usage', () => {
  it('meters in memory, writes one increment per workspace-day on flush, and keeps counts a failed write missed', async () => {
    const written: [string, string, Record<string, number>][] = [];
    let failNext = false;
    const usage: UsageStore = {
      async recordUsage(day: string, workspaceId: string, counts: Record<string, number>) {
        if (failNext) {
          failNext = false;
          throw new Error('backend down');
        }
        written.push([day, workspaceId, counts]);
      },
      listUsage: async () => [],
    };
    let clock = Date.UTC(2026, 10, 28, 23, 59);
    const meter = new UsageMeter({ usage }, { flushEveryMs: 60_000, now: () => clock });
    meter.count('files.put', 'w1');
    meter.count('files.put', 'w1');
    meter.count('workspaces.list');
    assert.equal(written.length, 0, 'no write per request');
    failNext = true;
    await assert.rejects(meter.flush());
    clock += 2 * 60_000; // the next UTC day
    meter.count('files.get', 'w1');
    await meter.flush();
    const byKey = Object.fromEntries(written.map(([d, w, c]) => [`${d}/${w}`, c]));
    assert.deepEqual(byKey, {
      '2026-11-28/w1': { 'files.put': 2 },
      '2026-11-28/': { 'workspaces.list': 1 },
      '2026-11-29/w1': { 'files.get': 1 },
    });
  });

  it('estimates a month from stored bytes and the period scaled to 30 days, with the deployed price list', () => {
    const prices = loadPricing();
    assert.equal(prices.currency, 'USD');
    const result = estimate(
      prices,
      {
        workspaces: 10,
        files: 1000,
        bytes: 50 * 1024 ** 3,
        operations: { 'files.put': 100_000, 'unknown.op': 300_000 },
      },
      15,
    );
    const cost = (prefix: string) => result.lines.find((l) => l.item.startsWith(prefix))!;
    assert.equal(
      cost('Cloud Storage: stored').monthlyCost,
      Math.round(50 * prices.storage.standardPerGiBMonth * 100) / 100,
    );
    // 15 days -> x2; files.put as the price list says, unknown ops use the default profile (2 reads, no write).
    const put = prices.operations['files.put']!;
    const reads = (100_000 * 2 * put.firestoreReads! + 300_000 * 2 * 2) / 100_000;
    assert.equal(cost('Firestore: document reads').quantity, reads);
    assert.equal(cost('Firestore: document writes').quantity, (100_000 * 2 * put.firestoreWrites!) / 100_000);
    const total = result.lines.reduce((sum, l) => sum + l.monthlyCost, 0);
    assert.ok(Math.abs(result.monthlyTotal - total) < 0.01);
  });

  it('accepts only real calendar days', () => {
    assert.equal(parseDay('2026-02-28', 'from'), Date.UTC(2026, 1, 28));
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', 'today']) {
      assert.throws(
        () => parseDay(bad, 'from'),
        (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument',
      );
    }
  });
});
