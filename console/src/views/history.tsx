import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api, Checkpoint, CheckpointDiff, Commit, FileDiff, FileVersion, Workspace } from '../api';
import { bytes, isText, when } from '../format';
import { Empty, ErrorNote } from './common';
import { Dialog } from './dialog';
import { checkpointEntry, commitEntry, diffLines, entryKey, mergeTimeline } from '../timeline';

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
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);
  const [nextPage, setNextPage] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<string>();
  const [path, setPath] = useState<string>();
  const [taking, setTaking] = useState(false);
  const [label, setLabel] = useState('');
  // After a restore its button is gone: focus goes to the automatic checkpoint's row instead of the page.
  const [focusEntry, setFocusEntry] = useState<string>();

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

  const loadCheckpoints = async () => {
    try {
      setCheckpoints(await api.collect(api.checkpoints.iterate(workspace.id, { limit: 100 })));
    } catch (e) {
      setError(e);
    }
  };
  // A restore (anyone's) takes an automatic checkpoint, which the change stream does not announce.
  const newestRestore = liveCommits.find((c) => c.kind === 'restore')?.id;
  useEffect(() => void loadCheckpoints(), [workspace.id, newestRestore]);

  useEffect(() => {
    if (!focusEntry) return;
    const row = document.querySelector<HTMLElement>(`[data-entry="${CSS.escape(focusEntry)}"] > button`);
    if (row) {
      row.focus();
      setFocusEntry(undefined);
    }
  });

  const timeline = useMemo(
    () => mergeTimeline(liveCommits.map(commitEntry), listed.map(commitEntry), checkpoints.map(checkpointEntry)),
    [liveCommits, listed, checkpoints],
  );
  const entry = timeline.find((e) => entryKey(e) === selected);
  const commits = timeline.flatMap((e) => (e.kind === 'commit' ? [e.commit] : []));
  // The newest commit that touched the open path: its versions are listed again when it changes.
  const pathStamp = path ? commits.find((c) => c.changes.some((ch) => ch.path === path))?.id : undefined;

  return (
    <div class="history-layout">
      <section class="timeline-pane" aria-labelledby="timeline-title">
        <div class="bar small">
          <h2 id="timeline-title">Timeline</h2>
          <span class="muted">every write is a commit, newest first, with the checkpoints taken</span>
          {canEdit && (
            <button type="button" onClick={() => (setLabel(''), setTaking(true))}>
              Take checkpoint
            </button>
          )}
        </div>
        <ErrorNote error={error} />
        {timeline.length === 0 && !loading ? (
          <Empty>No commits yet: every write to this workspace (upload, agent, restore) will appear here.</Empty>
        ) : (
          <ol class="timeline" aria-label="Commits and checkpoints, newest first">
            {timeline.map((e) => {
              const key = entryKey(e);
              const current = selected === key ? 'true' : undefined;
              const select = () => (setSelected(key), e.kind === 'checkpoint' && setPath(undefined));
              return e.kind === 'commit' ? (
                <li key={key} data-entry={key} data-commit={e.id} aria-current={current}>
                  <button type="button" class="node" onClick={select}>
                    <span class="name">{title(e.commit)}</span>
                    <span class="muted">
                      {e.commit.agentId ? `${e.commit.agentId} (${e.commit.author})` : e.commit.author},{' '}
                      {when(e.commit.createdAt)},{' '}
                      {e.commit.changes.length === 1 ? '1 file' : `${e.commit.changes.length} files`}
                    </span>
                  </button>
                </li>
              ) : (
                <li key={key} data-entry={key} data-checkpoint={e.id} class="checkpoint" aria-current={current}>
                  <button type="button" class="node" onClick={select}>
                    <span class="name">
                      <span class="badge">checkpoint</span> {checkpointTitle(e.checkpoint)}
                    </span>
                    <span class="muted">
                      {e.checkpoint.author}, {when(e.checkpoint.createdAt)},{' '}
                      {e.checkpoint.fileCount === 1 ? '1 file' : `${e.checkpoint.fileCount} files`}
                    </span>
                  </button>
                </li>
              );
            })}
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
      <section class="commit-pane" aria-label="The selected entry">
        {entry?.kind === 'commit' ? (
          <CommitDetails commit={entry.commit} path={path} onPath={setPath} />
        ) : entry?.kind === 'checkpoint' ? (
          <CheckpointDetails
            key={entry.id}
            api={api}
            workspaceId={workspace.id}
            checkpoint={entry.checkpoint}
            stamp={commits[0]?.id}
            canEdit={canEdit}
            onRestored={async (automaticId) => {
              await loadCheckpoints();
              const key = entryKey({ kind: 'checkpoint', id: automaticId });
              setSelected(key);
              setFocusEntry(key);
            }}
          />
        ) : (
          <Empty>Select a commit or a checkpoint to see the files it holds or changed.</Empty>
        )}
        {path && entry?.kind !== 'checkpoint' && (
          <Versions key={path} api={api} workspaceId={workspace.id} path={path} stamp={pathStamp} canEdit={canEdit} />
        )}
      </section>
      {taking && (
        <Dialog
          title="Take a checkpoint"
          confirmLabel="Take checkpoint"
          onClose={() => setTaking(false)}
          onConfirm={async () => {
            const taken = await api.checkpoints.create(workspace.id, { label: label.trim() });
            await loadCheckpoints();
            setSelected(entryKey({ kind: 'checkpoint', id: taken.id }));
          }}
        >
          <p>A snapshot of every file and the shared state as they are now, to compare with or restore later.</p>
          <label>
            Checkpoint label
            <input
              name="label"
              value={label}
              maxLength={200}
              placeholder="e.g. before the redesign"
              onInput={(e) => setLabel((e.target as HTMLInputElement).value)}
            />
          </label>
        </Dialog>
      )}
    </div>
  );
}

function checkpointTitle(c: Checkpoint): string {
  return c.label || `Checkpoint ${c.id}`;
}

/** The pages of a checkpoint's diff against the live files, as one. */
async function diffAgainstLive(api: Api, workspaceId: string, checkpointId: string): Promise<CheckpointDiff> {
  const all: CheckpointDiff = { added: [], removed: [], changed: [] };
  let pageToken: string | undefined;
  do {
    const page = await api.checkpoints.diff(workspaceId, checkpointId, {
      against: 'live',
      limit: 100,
      ...(pageToken && { pageToken }),
    });
    all.added.push(...page.added);
    all.removed.push(...page.removed);
    all.changed.push(...page.changed);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/** A checkpoint: what it holds, what changed since (its diff against live), and its restore. */
function CheckpointDetails({
  api,
  workspaceId,
  checkpoint,
  stamp,
  canEdit,
  onRestored,
}: {
  api: Api;
  workspaceId: string;
  checkpoint: Checkpoint;
  /** The newest commit: the diff against live is read again when it changes. */
  stamp: string | undefined;
  canEdit: boolean;
  onRestored: (automaticCheckpointId: string) => Promise<void>;
}) {
  const [diff, setDiff] = useState<CheckpointDiff>();
  const [error, setError] = useState<unknown>();
  const [restoring, setRestoring] = useState(false);
  const [fileDiff, setFileDiff] = useState<{ path: string; from: string; to: string }>();

  useEffect(() => {
    let cancelled = false;
    diffAgainstLive(api, workspaceId, checkpoint.id).then(
      (d) => !cancelled && (setDiff(d), setError(undefined)),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [checkpoint.id, stamp]);

  const name = checkpointTitle(checkpoint);
  const count = diff ? diff.added.length + diff.removed.length + diff.changed.length : 0;
  return (
    <article aria-labelledby="checkpoint-title" data-testid="checkpoint">
      <div class="bar small">
        <h2 id="checkpoint-title">{name}</h2>
        <span class="badge">checkpoint</span>
      </div>
      <p class="muted">
        by {checkpoint.author}, {when(checkpoint.createdAt)}: {checkpoint.fileCount} files (
        {bytes(checkpoint.totalBytes)}
        ), {checkpoint.stateCount} state keys, checkpoint <code>{checkpoint.id}</code>
      </p>
      {canEdit && (
        <div class="actions">
          <button type="button" onClick={() => setRestoring(true)}>
            Restore checkpoint
          </button>
        </div>
      )}
      <section aria-labelledby="against-live-title" data-testid="checkpoint-diff">
        <h3 id="against-live-title">Changed since (diff against live)</h3>
        <ErrorNote error={error} />
        {!diff ? (
          !error && <p aria-busy="true">Loading the diff…</p>
        ) : count === 0 ? (
          <Empty>The live files are the checkpoint's: nothing changed since.</Empty>
        ) : (
          <ul class="changes" aria-label="Files changed since the checkpoint">
            {diff.changed.map((c) => (
              <li key={c.path} data-change={c.path} data-status="changed">
                <button
                  type="button"
                  class="node"
                  aria-pressed={fileDiff?.path === c.path}
                  aria-label={`Changes to ${c.path} since the checkpoint`}
                  onClick={() => setFileDiff({ path: c.path, from: c.from.generation, to: c.to.generation })}
                >
                  <span class="name path">{c.path}</span>
                  <span class="muted">
                    changed: generation {c.from.generation} → {c.to.generation}
                  </span>
                </button>
              </li>
            ))}
            {diff.added.map((c) => (
              <li key={c.path} data-change={c.path} data-status="added">
                <span class="name path">{c.path}</span> <span class="muted">added since ({bytes(c.size)})</span>
              </li>
            ))}
            {diff.removed.map((c) => (
              <li key={c.path} data-change={c.path} data-status="removed">
                <span class="name path">{c.path}</span> <span class="muted">removed since ({bytes(c.size)})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {fileDiff && (
        <DiffView
          api={api}
          workspaceId={workspaceId}
          path={fileDiff.path}
          fromGeneration={fileDiff.from}
          toGeneration={fileDiff.to}
          heading={`checkpoint (generation ${fileDiff.from}) → live (generation ${fileDiff.to})`}
        />
      )}
      {restoring && (
        <Dialog
          title={`Restore checkpoint ${name}?`}
          confirmLabel="Restore checkpoint"
          onClose={() => setRestoring(false)}
          onConfirm={async () => {
            const restored = await api.checkpoints.restore(workspaceId, checkpoint.id);
            await onRestored(restored.checkpointId);
          }}
        >
          <p>
            The live files and shared state become the checkpoint's again (from {when(checkpoint.createdAt)}):{' '}
            {diff ? `${count === 1 ? '1 file differs' : `${count} files differ`} now.` : ''}
          </p>
          <p>
            What they are now is kept first in an automatic checkpoint, shown in the timeline, so this restore can be
            undone.
          </p>
        </Dialog>
      )}
    </article>
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
      {diff && (
        <DiffView
          api={api}
          workspaceId={workspaceId}
          path={path}
          fromGeneration={diff.from?.generation ?? '0'}
          toGeneration={diff.to?.generation}
          heading={`${diff.from ? `generation ${diff.from.generation}` : 'nothing'} → ${diff.to ? `generation ${diff.to.generation}` : 'current'}`}
        />
      )}
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

/** A unified diff of two generations (`to` undefined: the current one), its added and removed lines marked. */
function DiffView({
  api,
  workspaceId,
  path,
  fromGeneration,
  toGeneration,
  heading,
}: {
  api: Api;
  workspaceId: string;
  path: string;
  /** '0': nothing (the file did not exist). */
  fromGeneration: string;
  toGeneration: string | undefined;
  heading: string;
}) {
  const [result, setResult] = useState<FileDiff>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let cancelled = false;
    setResult(undefined);
    setError(undefined);
    api.versions.diff(workspaceId, { path, from: fromGeneration, ...(toGeneration && { to: toGeneration }) }).then(
      (d) => !cancelled && setResult(d),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [path, fromGeneration, toGeneration]);

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
