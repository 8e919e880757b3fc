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
export interface FileEntry {
  path: string;
  size: number;
  contentType: string;
  md5: string;
  generation: string;
  updatedAt: number;
  /** A tombstone: the path was deleted at `generation`. Never listed or counted. */
  deleted: boolean;
}

export type ObjectEvent =
  | {
      kind: 'finalized';
      path: string;
      generation: string;
      size: number;
      contentType: string;
      md5: string;
      updatedAt: number;
    }
  | { kind: 'deleted'; path: string; generation: string; updatedAt: number };

export interface IndexDecision {
  outcome: 'applied' | 'stale' | 'duplicate';
  /** The entry to store; absent when nothing changes. */
  write?: FileEntry;
  files: number;
  bytes: number;
}

const gen = (g: string) => BigInt(g);

export function decide(current: FileEntry | null, event: ObjectEvent): IndexDecision {
  const none = (outcome: IndexDecision['outcome']): IndexDecision => ({ outcome, files: 0, bytes: 0 });
  const liveBefore = current !== null && !current.deleted;
  if (event.kind === 'finalized') {
    if (current && gen(current.generation) >= gen(event.generation)) {
      return none(gen(current.generation) === gen(event.generation) && !current.deleted ? 'duplicate' : 'stale');
    }
    const write: FileEntry = {
      path: event.path,
      size: event.size,
      contentType: event.contentType,
      md5: event.md5,
      generation: event.generation,
      updatedAt: event.updatedAt,
      deleted: false,
    };
    return liveBefore
      ? { outcome: 'applied', write, files: 0, bytes: event.size - current.size }
      : { outcome: 'applied', write, files: 1, bytes: event.size };
  }
  if (current && gen(current.generation) > gen(event.generation)) return none('stale');
  if (current && current.deleted && gen(current.generation) === gen(event.generation)) return none('duplicate');
  const tombstone: FileEntry = {
    path: event.path,
    size: 0,
    contentType: '',
    md5: '',
    generation: event.generation,
    updatedAt: event.updatedAt,
    deleted: true,
  };
  return liveBefore
    ? { outcome: 'applied', write: tombstone, files: -1, bytes: -current.size }
    : { outcome: 'applied', write: tombstone, files: 0, bytes: 0 };
}
