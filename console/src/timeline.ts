/** The history tab's models, free of the DOM (unit-tested in test/unit/console.test.ts). */
import type { Checkpoint, Commit } from './types';

/** One entry of the timeline: a commit (every write), or a checkpoint (a named snapshot). */
export type TimelineEntry =
  | { kind: 'commit'; id: string; at: string; commit: Commit }
  | { kind: 'checkpoint'; id: string; at: string; checkpoint: Checkpoint };

export const commitEntry = (commit: Commit): TimelineEntry => ({
  kind: 'commit',
  id: commit.id,
  at: commit.createdAt,
  commit,
});

export const checkpointEntry = (checkpoint: Checkpoint): TimelineEntry => ({
  kind: 'checkpoint',
  id: checkpoint.id,
  at: checkpoint.createdAt,
  checkpoint,
});

/** An entry's key in the timeline: ids are unique within a kind only. */
export const entryKey = (entry: { kind: string; id: string }) => `${entry.kind}:${entry.id}`;

/** Several sources (each newest first) as one list by time, newest first; an entry seen twice is kept once. */
export function mergeTimeline(...sources: TimelineEntry[][]): TimelineEntry[] {
  const seen = new Map<string, TimelineEntry>();
  for (const source of sources) {
    for (const entry of source) {
      const key = entryKey(entry);
      if (!seen.has(key)) seen.set(key, entry);
    }
  }
  // A stable sort: entries of the same instant keep the order their sources gave them.
  return [...seen.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'meta' | 'same';

/** A unified diff's lines, each marked as added, removed, a hunk header, a file header or context. */
export function diffLines(diff: string): { kind: DiffLineKind; text: string }[] {
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let inHunk = false; // before the first @@ every line is a header (a removed "-- x" line is not "--- a")
  return lines.map((text) => {
    if (text.startsWith('@@')) {
      inHunk = true;
      return { kind: 'hunk', text };
    }
    if (!inHunk || text.startsWith('\\')) return { kind: 'meta', text };
    return { kind: text.startsWith('+') ? 'add' : text.startsWith('-') ? 'del' : 'same', text };
  });
}
