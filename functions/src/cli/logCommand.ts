import { isCommitId } from '../domain/history/ids';
import { toCommit } from '../domain/history/history';
import type { CommitRecord } from '../ports/history';
import { WorkspaceId } from '../schemas/common';
import { openStores } from '../runtime/stores';
import { parseArgs, UsageError } from './args';
import { allowOnly, backendOption } from './options';
import { Progress } from './output';

const PAGE = 100;
/** Paths named per commit in the text output; the rest are counted. */
const PATHS_SHOWN = 5;

/**
 * `websplat log <workspaceId>`: the commit log, newest first, `--limit` at a
 * time (`--before <commitId>` continues where the last page ended).
 */
export async function logCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['json']);
  allowOnly(args, ['limit', 'before', 'backend', 'json']);
  const [workspaceId, ...extra] = args.positionals;
  if (workspaceId === undefined || extra.length > 0) throw new UsageError('log takes exactly one workspace id');
  if (!WorkspaceId.safeParse(workspaceId).success) throw new UsageError(`not a workspace id: ${workspaceId}`);
  const limit = Number(args.options.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number, 1 or more');
  const before = args.options.before === undefined ? undefined : String(args.options.before);
  if (before !== undefined && !isCommitId(before)) throw new UsageError(`not a commit id: ${before}`);
  const stores = openStores(backendOption(args), dataDir);
  try {
    const workspace = await stores.metadata.workspaces.getWorkspace(workspaceId);
    if (!workspace) {
      process.stderr.write(`websplat: no workspace ${workspaceId} on ${stores.location}\n`);
      return 1;
    }
    // Pages of PAGE, one more than asked for: it tells whether the log goes on.
    const commits: CommitRecord[] = [];
    const progress = new Progress('log');
    let cursor = before;
    while (commits.length <= limit) {
      const page = await stores.metadata.history.listCommits(workspaceId, {
        limit: Math.min(PAGE, limit + 1 - commits.length),
        ...(cursor !== undefined && { before: cursor }),
      });
      commits.push(...page);
      if (limit > PAGE) progress.update(Math.min(commits.length, limit), limit, 'commits read');
      if (page.length === 0 || commits.length > limit) break;
      cursor = page[page.length - 1]!.id;
    }
    if (limit > PAGE) progress.done();
    const shown = commits.slice(0, limit);
    const next = commits.length > limit ? shown[shown.length - 1]!.id : undefined;
    if (args.options.json) {
      const items = shown.map((c) => ({ ...toCommit(c), changeCount: c.changes.length }));
      process.stdout.write(
        `${JSON.stringify({ workspaceId, commits: items, ...(next !== undefined && { nextBefore: next }) }, null, 2)}\n`,
      );
      return 0;
    }
    const status = workspace.status === 'deleted' ? ' (deleted: the purge removes it and its history)' : '';
    process.stdout.write(`Commits of ${workspaceId} "${workspace.name}"${status}, newest first:\n`);
    if (shown.length === 0) process.stdout.write('  (none)\n');
    for (const c of shown) process.stdout.write(describeCommit(c));
    if (next !== undefined) {
      process.stdout.write(`More: websplat log ${workspaceId} --limit ${limit} --before ${next}\n`);
    }
    return 0;
  } finally {
    await stores.close();
  }
}

/** One commit as a few readable lines: id, time, who, kind, message, the paths it changed. */
export function describeCommit(c: CommitRecord): string {
  const who = c.agentId !== undefined ? `${c.author} (agent ${c.agentId})` : c.author;
  const lines = [`${c.id}  ${new Date(c.createdAt).toISOString()}  ${who}  ${c.kind}`];
  if (c.message) lines.push(`    ${c.message.split('\n').join('\n    ')}`);
  const deleted = c.changes.filter((ch) => ch.deleted).length;
  const written = c.changes.length - deleted;
  const counts = [written && `${written} written`, deleted && `${deleted} deleted`].filter(Boolean).join(', ');
  const paths = c.changes.slice(0, PATHS_SHOWN).map((ch) => (ch.deleted ? `${ch.path} (deleted)` : ch.path));
  const more = c.changes.length > PATHS_SHOWN ? `, and ${c.changes.length - PATHS_SHOWN} more` : '';
  lines.push(`    ${c.changes.length} changed (${counts || 'none'}): ${paths.join(', ')}${more}`);
  return `${lines.join('\n')}\n`;
}
