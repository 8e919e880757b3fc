/** The change feed port's contract: a subscriber sees its workspace's committed changes, and only until it stops. */
import { strict as assert } from 'node:assert';
import type { MetadataPorts } from '@functions/ports';
import type { ChangeEvent, ChangeFeed } from '@functions/ports/changes';
import type { StoredRecord } from '@functions/ports/records';
import { workspaceRecord } from '../support/records';

const record = (key: string, value: number): StoredRecord => ({
  key,
  data: { valueJson: JSON.stringify(value) },
  version: 1,
  updatedAt: Date.now(),
  updatedBy: 'feed-test',
  expiresAt: null,
});

/** Resolves with the first event `match` accepts, or fails after `ms`. */
function waitFor(events: ChangeEvent[], match: (e: ChangeEvent) => boolean, ms = 15_000): Promise<ChangeEvent> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const found = events.find(match);
      if (found) resolve(found);
      else if (Date.now() - started > ms) reject(new Error('no such change arrived'));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

const isState = (key: string) => (e: ChangeEvent) => e.change.kind === 'state' && e.change.key === key;

/** A feed over the same stored data as a new process would open it (after a restart). */
export interface ReopenedFeed {
  metadata: MetadataPorts;
  changes: ChangeFeed;
  close(): Promise<void>;
}

/** Subscribes, collecting events, and returns them with the stop function. */
async function collect(changes: ChangeFeed, workspaceId: string, since?: string) {
  const events: ChangeEvent[] = [];
  const failures: unknown[] = [];
  const stop = await changes.subscribe(
    workspaceId,
    since,
    (e) => events.push(e),
    (e) => failures.push(e),
  );
  return { events, failures, stop };
}

const stateKeys = (events: ChangeEvent[]) =>
  events.flatMap((e) => (e.change.kind === 'state' ? [e.change.key] : [])).sort();

export function changeFeedContract(
  ports: () => { metadata: MetadataPorts; changes: ChangeFeed },
  /** Opens the same store again, with a new feed, as the next process would. */
  reopen: () => Promise<ReopenedFeed>,
): void {
  const newWorkspace = async () => {
    const ws = workspaceRecord();
    await ports().metadata.transactions.run(async (tx) => tx.createWorkspace(ws));
    return ws.id;
  };

  it("delivers a workspace's committed changes to its subscriber, and none after it stops", async function () {
    this.timeout(60_000);
    const id = await newWorkspace();
    const events: ChangeEvent[] = [];
    const failures: unknown[] = [];
    const stop = await ports().changes.subscribe(
      id,
      undefined,
      (e) => events.push(e),
      (e) => failures.push(e),
    );
    try {
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', id, record('first', 1)));
      const first = await waitFor(events, isState('first'));
      assert.ok(first.id.length > 0, 'an event id to resume after');
      assert.equal(first.change.kind === 'state' && first.change.record?.data.valueJson, '1');
    } finally {
      stop();
    }
    await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', id, record('after', 2)));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(events.filter(isState('after')).length, 0, 'nothing after the subscription stopped');
    assert.deepEqual(failures, []);
  });

  it("never delivers another workspace's changes", async function () {
    this.timeout(60_000);
    const mine = await newWorkspace();
    const other = await newWorkspace();
    const events: ChangeEvent[] = [];
    const stop = await ports().changes.subscribe(
      mine,
      undefined,
      (e) => events.push(e),
      () => undefined,
    );
    try {
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', other, record('theirs', 1)));
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', mine, record('mine', 1)));
      await waitFor(events, isState('mine'));
      assert.equal(events.filter(isState('theirs')).length, 0);
    } finally {
      stop();
    }
  });

  it('resumes after an event id: a new subscription given it gets each change committed since, once', async function () {
    this.timeout(60_000);
    const id = await newWorkspace();
    const first = await collect(ports().changes, id);
    let resumeAfter: string;
    try {
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', id, record('seen', 1)));
      resumeAfter = (await waitFor(first.events, isState('seen'))).id;
    } finally {
      first.stop();
    }
    // Nobody listens while these three commit.
    for (const key of ['missed-1', 'missed-2', 'missed-3']) {
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', id, record(key, 2)));
    }
    const resumed = await collect(ports().changes, id, resumeAfter);
    try {
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', id, record('live', 3)));
      await waitFor(resumed.events, isState('live'));
      await new Promise((r) => setTimeout(r, 500)); // a late duplicate would arrive by now
      assert.deepEqual(stateKeys(resumed.events), ['live', 'missed-1', 'missed-2', 'missed-3']);
      assert.deepEqual(resumed.failures, []);
    } finally {
      resumed.stop();
    }
  });

  it('resumes across a restart: the next process resumes from an id the previous one gave', async function () {
    this.timeout(60_000);
    const id = await newWorkspace();
    const before = await collect(ports().changes, id);
    let resumeAfter: string;
    try {
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', id, record('before', 1)));
      resumeAfter = (await waitFor(before.events, isState('before'))).id;
    } finally {
      before.stop();
    }
    for (const key of ['meanwhile-1', 'meanwhile-2', 'meanwhile-3']) {
      await ports().metadata.transactions.run(async (tx) => tx.putRecord('state', id, record(key, 2)));
    }
    const next = await reopen();
    try {
      const resumed = await collect(next.changes, id, resumeAfter);
      try {
        await next.metadata.transactions.run(async (tx) => tx.putRecord('state', id, record('after', 3)));
        await waitFor(resumed.events, isState('after'));
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(stateKeys(resumed.events), ['after', 'meanwhile-1', 'meanwhile-2', 'meanwhile-3']);
        assert.deepEqual(resumed.failures, []);
      } finally {
        resumed.stop();
      }
    } finally {
      await next.close();
    }
  });
}
