/** The history tab's models, free of the DOM (unit-tested in test/unit/console.test.ts). */
import type { Commit } from './types';

/**
 * One entry of the timeline. Commits are the only kind the API serves to this console today;
 * checkpoints (GET .../checkpoints) join as `{kind: 'checkpoint', id, at: createdAt, checkpoint}`
 * entries from a second source passed to mergeTimeline, with a row and a detail view of their own.
 */
export type TimelineEntry = { kind: 'commit'; id: string; at: string; commit: Commit };

/** Several sources (each newest first) as one list by time, newest first; an entry seen twice is kept once. */
export function mergeTimeline(...sources: TimelineEntry[][]): TimelineEntry[] {
  const seen = new Map<string, TimelineEntry>();
  for (const source of sources) {
    for (const entry of source) {
      const key = `${entry.kind}:${entry.id}`;
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
