import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api, Commit, FileDiff, FileVersion, Workspace } from '../api';
import { bytes, isText, when } from '../format';
import { Empty, ErrorNote } from './common';
import { Dialog } from './dialog';
import { diffLines, mergeTimeline, type TimelineEntry } from '../timeline';

const PAGE = 50;

/** What was done, in a few words: the message, else the kind of write. */
function title(c: Commit): string {
  if (c.message) return c.message;
  const first = c.changes[0]?.path ?? '';
  const more = c.changes.length > 1 ? ` and ${c.changes.length - 1} more` : '';
  return `${c.kind} ${first}${more}`;
}

export function HistoryPanel({
  api,
  workspace,
  canEdit,
  liveCommits,
}: {
  api: Api;
  workspace: Workspace;
  canEdit: boolean;
  /** Commits from the change stream since the page opened, newest first. */
  liveCommits: Commit[];
}) {
  const [listed, setListed] = useState<Commit[]>([]);
  const [nextPage, setNextPage] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<string>();
  const [path, setPath] = useState<string>();

  const load = async (pageToken?: string) => {
    setLoading(true);
    try {
      const page = await api.commits.list(workspace.id, { limit: PAGE, ...(pageToken && { pageToken }) });
      setListed((prev) => (pageToken ? [...prev, ...page.items] : page.items));
      setNextPage(page.nextPageToken);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(), [workspace.id]);

  const toEntry = (commit: Commit): TimelineEntry => ({ kind: 'commit', id: commit.id, at: commit.createdAt, commit });
  const timeline = useMemo(() => mergeTimeline(liveCommits.map(toEntry), listed.map(toEntry)), [liveCommits, listed]);
  const commit = timeline.find((e) => e.id === selected)?.commit;
  // The newest commit that touched the open path: its versions are listed again when it changes.
  const pathStamp = path ? timeline.find((e) => e.commit.changes.some((c) => c.path === path))?.id : undefined;

  return (
    <div class="history-layout">
      <section class="timeline-pane" aria-labelledby="timeline-title">
        <div class="bar small">
          <h2 id="timeline-title">Timeline</h2>
          <span class="muted">every write is a commit, newest first</span>
        </div>
        <ErrorNote error={error} />
        {timeline.length === 0 && !loading ? (
          <Empty>No commits yet: every write to this workspace (upload, agent, restore) will appear here.</Empty>
        ) : (
          <ol class="timeline" aria-label="Commits, newest first">
            {timeline.map(({ id, commit: c }) => (
              <li key={id} data-commit={id} aria-current={selected === id ? 'true' : undefined}>
                <button type="button" class="node" onClick={() => setSelected(id)}>
                  <span class="name">{title(c)}</span>
                  <span class="muted">
                    {c.agentId ? `${c.agentId} (${c.author})` : c.author}, {when(c.createdAt)},{' '}
                    {c.changes.length === 1 ? '1 file' : `${c.changes.length} files`}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        )}
        {loading ? (
          <p aria-busy="true">Loading commits…</p>
        ) : (
          nextPage && (
            <button type="button" onClick={() => void load(nextPage)}>
              Load older commits
            </button>
          )
        )}
      </section>
      <section class="commit-pane" aria-label="The selected commit">
        {commit ? (
          <CommitDetails commit={commit} path={path} onPath={setPath} />
        ) : (
          <Empty>Select a commit to see the files it changed.</Empty>
        )}
        {path && (
          <Versions key={path} api={api} workspaceId={workspace.id} path={path} stamp={pathStamp} canEdit={canEdit} />
        )}
      </section>
    </div>
  );
}

function CommitDetails({
  commit,
  path,
  onPath,
}: {
  commit: Commit;
  path: string | undefined;
  onPath: (path: string) => void;
}) {
  return (
    <article aria-labelledby="commit-title" data-testid="commit">
      <div class="bar small">
        <h2 id="commit-title">{title(commit)}</h2>
        <span class="badge">{commit.kind}</span>
      </div>
      <p class="muted">
        by {commit.author}
        {commit.agentId ? ` (agent ${commit.agentId})` : ''}, {when(commit.createdAt)}, commit <code>{commit.id}</code>
      </p>
      <ul class="changes" aria-label="Files changed">
        {commit.changes.map((c) => (
          <li key={c.path} data-change={c.path}>
            <button
              type="button"
              class="node"
              aria-pressed={path === c.path}
              onClick={() => onPath(c.path)}
              aria-label={`Versions of ${c.path}`}
            >
              <span class="name path">{c.path}</span>
              <span class="muted">{c.deleted ? 'deleted' : `generation ${c.generation}`}</span>
            </button>
          </li>
        ))}
      </ul>
    </article>
  );
}

/** The versions of one path, newest first (the current one, or its deletion, leads), with diffs and restore. */
function Versions({
  api,
  workspaceId,
  path,
  stamp,
  canEdit,
}: {
  api: Api;
  workspaceId: string;
  path: string;
  stamp: string | undefined;
  canEdit: boolean;
}) {
  const [versions, setVersions] = useState<FileVersion[]>();
  const [error, setError] = useState<unknown>();
  const [diff, setDiff] = useState<{ from: FileVersion | undefined; to: FileVersion | undefined }>();
  const [restoring, setRestoring] = useState<FileVersion>();

  useEffect(() => {
    let cancelled = false;
    api.collect(api.versions.iterate(workspaceId, { path, limit: 100 })).then(
      (list) => !cancelled && (setVersions(list), setError(undefined)),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [path, stamp]);

  const head = versions?.[0];
  const current = head && !head.deleted ? head : undefined;
  return (
    <section class="versions" aria-labelledby="versions-title">
      <h3 id="versions-title">
        Versions of <span class="path">{path}</span>
      </h3>
      <ErrorNote error={error} />
      {!versions ? (
        !error && <p aria-busy="true">Loading versions…</p>
      ) : versions.length === 0 ? (
        <Empty>No versions of this path are kept (retention may have removed them).</Empty>
      ) : (
        <ol class="version-list" aria-label={`Versions of ${path}, newest first`}>
          {versions.map((v, i) => {
            const older = versions[i + 1];
            const text = isText(v);
            const label = `generation ${v.generation}`;
            return (
              <li key={v.generation} data-generation={v.generation}>
                <div>
                  <strong>{v.deleted ? `Deleted (${label})` : label}</strong>
                  {v === current && <span class="badge">current</span>}
                  <span class="muted">
                    {' '}
                    {v.deleted ? '' : `${bytes(v.size)}, `}
                    {v.author ? `by ${v.author}, ` : ''}
                    {when(v.createdAt)}
                  </span>
                </div>
                <div class="actions">
                  {text && !v.deleted && (
                    <button
                      type="button"
                      onClick={() => setDiff({ from: older && !older.deleted ? older : undefined, to: v })}
                      aria-label={`Changes made in ${label}`}
                    >
                      Changes
                    </button>
                  )}
                  {text && !v.deleted && current && v !== current && (
                    <button type="button" onClick={() => setDiff({ from: v, to: undefined })}>
                      Compare with current
                    </button>
                  )}
                  {canEdit && !v.deleted && v !== current && (
                    <button type="button" onClick={() => setRestoring(v)}>
                      Restore this version
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {diff && <DiffView api={api} workspaceId={workspaceId} path={path} {...diff} />}
      {restoring && (
        <Dialog
          title={`Restore ${path}?`}
          confirmLabel="Restore"
          onClose={() => setRestoring(undefined)}
          onConfirm={async () => {
            // ifGeneration: refuse (412) rather than overwrite a change made since this list was read.
            await api.commits.create(workspaceId, {
              message: `Restore ${path} to generation ${restoring.generation}`,
              changes: [{ path, fromGeneration: restoring.generation, ifGeneration: current?.generation ?? '0' }],
            });
            setDiff(undefined);
          }}
        >
          <p>
            {path} becomes generation {restoring.generation} again (from {when(restoring.createdAt)}
            {restoring.author ? `, by ${restoring.author}` : ''}).
          </p>
          <p>
            {current
              ? `The current version (generation ${current.generation}) is kept in the history, so this restore can be undone.`
              : 'The file is deleted now: the restore brings it back.'}
          </p>
        </Dialog>
      )}
    </section>
  );
}

/** A unified diff of two versions (`to` undefined: the current one), its added and removed lines marked. */
function DiffView({
  api,
  workspaceId,
  path,
  from,
  to,
}: {
  api: Api;
  workspaceId: string;
  path: string;
  from: FileVersion | undefined;
  to: FileVersion | undefined;
}) {
  const [result, setResult] = useState<FileDiff>();
  const [error, setError] = useState<unknown>();
  const fromGeneration = from?.generation ?? '0';
  useEffect(() => {
    let cancelled = false;
    setResult(undefined);
    setError(undefined);
    api.versions.diff(workspaceId, { path, from: fromGeneration, ...(to && { to: to.generation }) }).then(
      (d) => !cancelled && setResult(d),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [path, fromGeneration, to?.generation]);

  const heading = `${from ? `generation ${from.generation}` : 'nothing'} → ${to ? `generation ${to.generation}` : 'current'}`;
  const lines = result ? diffLines(result.diff) : [];
  return (
    <article class="diff-view" aria-labelledby="diff-title" data-testid="diff">
      <h3 id="diff-title">
        Diff of <span class="path">{path}</span>: {heading}
      </h3>
      {(error as { status?: number } | undefined)?.status === 415 ? (
        <Empty>No text diff for this type of file.</Empty>
      ) : (
        <ErrorNote error={error} />
      )}
      {result ? (
        lines.some((l) => l.kind === 'add' || l.kind === 'del') ? (
          <pre class="code diff" tabIndex={0} aria-label={`Diff of ${path}, ${heading}`}>
            {lines.map((line, i) => (
              <span key={i} class={line.kind}>
                {line.text}
                {'\n'}
              </span>
            ))}
          </pre>
        ) : (
          <Empty>The two versions have the same content.</Empty>
        )
      ) : (
        !error && <p aria-busy="true">Loading the diff…</p>
      )}
    </article>
  );
}
