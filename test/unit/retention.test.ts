/** Which kept versions an entry keeps after retention (versionsToKeep), decided without any store. */
import { strict as assert } from 'node:assert';
import { heldKey, NOTHING_HELD, type HeldSet } from '@functions/domain/history/held';
import { versionsToKeep } from '@functions/domain/lifecycle/retention';
import type { FileEntry, FileVersion } from '@functions/ports/fileIndex';

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 5, 1);

const version = (generation: string, daysAgo: number, blob = `b${generation}`): FileVersion => ({
  generation,
  blob,
  size: 10,
  contentType: 'text/plain',
  md5: 'x',
  createdAt: NOW - daysAgo * DAY,
  deleted: false,
});
/** An entry written `daysAgo`, replacing `versions` (newest first). */
const entry = (daysAgo: number, versions: FileVersion[], deleted = false): FileEntry => ({
  path: 'p.txt',
  size: deleted ? 0 : 10,
  contentType: deleted ? '' : 'text/plain',
  md5: deleted ? '' : 'x',
  generation: '100',
  updatedAt: NOW - daysAgo * DAY,
  deleted,
  versions,
});
const rules = (held: HeldSet = NOTHING_HELD, versionsPerFile = 50) => ({
  now: NOW,
  retentionMs: 30 * DAY,
  versionsPerFile,
  held,
});
const generations = (kept: FileVersion[] | null) => kept?.map((v) => v.generation) ?? null;

describe('retention: versionsToKeep', () => {
  it('counts a version from when it was replaced, not from when it was written', () => {
    // Written 400 days ago, replaced 10 days ago: kept; the one before it was replaced 400 days ago: dropped.
    const e = entry(10, [version('2', 400), version('1', 500)]);
    assert.deepEqual(generations(versionsToKeep(e, rules())), ['2']);
    assert.equal(versionsToKeep(entry(10, [version('2', 400)]), rules()), null, 'nothing to drop: null');
  });

  it('keeps at most the per-file bound, newest first', () => {
    const e = entry(0, [version('4', 0), version('3', 0), version('2', 0), version('1', 0)]);
    assert.deepEqual(generations(versionsToKeep(e, rules(NOTHING_HELD, 2))), ['4', '3']);
  });

  it('keeps what a checkpoint holds, by version or by blob, whatever its age or rank', () => {
    const e = entry(0, [version('3', 0), version('2', 100), version('1', 200, 'shared')]);
    const held: HeldSet = { versions: new Set([heldKey('p.txt', '2')]), blobs: new Set(['shared']) };
    assert.equal(versionsToKeep(e, rules(held, 1)), null);
    assert.deepEqual(generations(versionsToKeep(e, rules(NOTHING_HELD, 1))), ['3']);
  });

  it('a tombstone whose versions all expire keeps none (the pass then deletes it)', () => {
    const tomb = entry(40, [{ ...version('1', 50), deleted: false }], true);
    assert.deepEqual(versionsToKeep(tomb, rules()), []);
  });
});
