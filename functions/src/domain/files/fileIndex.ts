import type { FileEntry } from '../../ports/fileIndex';
import type { ObjectEvent } from './objectEvent';

/**
 * The file index's one rule, as a pure function: given the current entry of
 * a path and an object event, what to write and how the counters move.
 *
 * Storage events are at-least-once and unordered, so every decision compares
 * Cloud Storage generations (which grow with every write of a name):
 * - an event for a generation older than the entry's is stale and ignored;
 * - a delete leaves a tombstone carrying its generation, so a finalize of
 *   that generation arriving late cannot resurrect the file;
 * - an overwrite may deliver the old generation's delete after the new
 *   finalize: the entry is newer, so the delete is ignored.
 * Counter changes are derived from the entry being replaced (read in the
 * same transaction), so a replayed event never moves them twice.
 */
export interface IndexDecision {
  outcome: 'applied' | 'stale' | 'duplicate';
  /** The entry to store; absent when nothing changes. */
  write?: FileEntry;
  files: number;
  bytes: number;
}

const gen = (g: string) => BigInt(g);

/** The live entry describing an object's bytes. */
const liveEntry = (path: string, o: ObservedObject): FileEntry => ({
  path,
  size: o.size,
  contentType: o.contentType,
  md5: o.md5,
  generation: o.generation,
  updatedAt: o.updatedAt,
  deleted: false,
});

/** The entry a delete of `generation` leaves behind. */
const tombstoneEntry = (path: string, generation: string, updatedAt: number): FileEntry => ({
  path,
  size: 0,
  contentType: '',
  md5: '',
  generation,
  updatedAt,
  deleted: true,
});

export function decide(current: FileEntry | null, path: string, event: ObjectEvent): IndexDecision {
  const none = (outcome: IndexDecision['outcome']): IndexDecision => ({ outcome, files: 0, bytes: 0 });
  const liveBefore = current !== null && !current.deleted;
  if (event.kind === 'finalized') {
    if (current && gen(current.generation) >= gen(event.generation)) {
      return none(gen(current.generation) === gen(event.generation) && !current.deleted ? 'duplicate' : 'stale');
    }
    const write = liveEntry(path, event);
    return liveBefore
      ? { outcome: 'applied', write, files: 0, bytes: event.size - current.size }
      : { outcome: 'applied', write, files: 1, bytes: event.size };
  }
  if (current && gen(current.generation) > gen(event.generation)) return none('stale');
  if (current && current.deleted && gen(current.generation) === gen(event.generation)) return none('duplicate');
  const tombstone = tombstoneEntry(path, event.generation, event.updatedAt);
  return liveBefore
    ? { outcome: 'applied', write: tombstone, files: -1, bytes: -current.size }
    : { outcome: 'applied', write: tombstone, files: 0, bytes: 0 };
}

/** What the bucket holds for a path, as the reconciler saw it. */
export interface ObservedObject {
  generation: string;
  size: number;
  contentType: string;
  md5: string;
  updatedAt: number;
}

export interface RepairDecision {
  /** added: an object had no entry; removed: an entry had no object; fixed: the entry described other bytes. */
  repair: 'added' | 'removed' | 'fixed' | 'none';
  write?: FileEntry;
  files: number;
  bytes: number;
}

/**
 * The reconciler's rule: make the entry of a path describe what the bucket
 * holds (`object`, or null when the bucket has nothing). Unlike decide(), a
 * live entry of the same generation with other contents is corrected (the
 * index was damaged, not merely late). A newer entry than the observation
 * means a write raced the reconciler: it is left alone. For an absent
 * object, `listedGeneration` is the entry generation that was seen without
 * an object; an entry that has moved on since is left alone too.
 */
export function repairDecision(
  path: string,
  current: FileEntry | null,
  object: ObservedObject | null,
  listedGeneration?: string,
): RepairDecision {
  const none: RepairDecision = { repair: 'none', files: 0, bytes: 0 };
  const live = current !== null && !current.deleted;
  if (object) {
    if (current && gen(current.generation) > gen(object.generation)) return none;
    if (current?.deleted && gen(current.generation) >= gen(object.generation)) return none;
    if (
      live &&
      current.generation === object.generation &&
      current.size === object.size &&
      current.md5 === object.md5 &&
      current.contentType === object.contentType
    ) {
      return none;
    }
    const write = liveEntry(path, object);
    return live
      ? { repair: 'fixed', write, files: 0, bytes: object.size - current.size }
      : { repair: 'added', write, files: 1, bytes: object.size };
  }
  if (!live) return none;
  if (listedGeneration !== undefined && current.generation !== listedGeneration) return none;
  const tombstone = tombstoneEntry(path, current.generation, current.updatedAt);
  return { repair: 'removed', write: tombstone, files: -1, bytes: -current.size };
}
