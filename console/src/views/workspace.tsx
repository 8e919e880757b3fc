import { useEffect, useState } from 'preact/hooks';
import type { Agent, Api, Commit, FileEntry, StateEntry, Workspace } from '../api';
import { subscribe, type LiveStatus } from '../live';
import { ErrorNote } from './common';
import { FilesPanel, usePreviewUrl } from './files';
import { HistoryPanel } from './history';
import { AgentsPanel, MembersPanel, StatePanel } from './panels';

type Tab = 'files' | 'history' | 'agents' | 'state' | 'members';
const TABS: [Tab, string][] = [
  ['files', 'Files and preview'],
  ['history', 'History'],
  ['agents', 'Agents'],
  ['state', 'Shared state'],
  ['members', 'Members'],
];

const LIVE_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Stream ended',
};

/** One workspace: its files, preview, agents, state and members, kept live from the change stream. */
export function WorkspacePage({ api, uid, workspaceId }: { api: Api; uid: string; workspaceId: string }) {
  const [workspace, setWorkspace] = useState<Workspace>();
  const [files, setFiles] = useState<Map<string, FileEntry>>();
  const [agents, setAgents] = useState<Map<string, Agent>>(new Map());
  const [state, setState] = useState<Map<string, StateEntry>>(new Map());
  const [error, setError] = useState<unknown>();
  const [live, setLive] = useState<{ status: LiveStatus; reason?: string }>({ status: 'connecting' });
  const [tab, setTab] = useState<Tab>('files');
  const [changes, setChanges] = useState(0);
  const [liveCommits, setLiveCommits] = useState<Commit[]>([]);

  const reload = async () => {
    try {
      const [w, fileList, agentList, stateList] = await Promise.all([
        api.workspaces.get(workspaceId),
        api.collect(api.files.iterate(workspaceId, { limit: 1000 })),
        api.collect(api.agents.iterate(workspaceId, { limit: 1000 })),
        api.collect(api.state.iterate(workspaceId, { limit: 1000 })),
      ]);
      setWorkspace(w);
      setFiles(new Map(fileList.map((f) => [f.path, f])));
      setAgents(new Map(agentList.map((a) => [a.agentId, a])));
      setState(new Map(stateList.map((s) => [s.key, s])));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    void reload();
    let wasLive = false;
    return subscribe(() => api.eventsUrl(workspaceId), {
      onStatus(status, reason) {
        setLive({ status, ...(reason && { reason }) });
        // Changes made while the stream was down: catch up from a fresh listing.
        if (status === 'live' && wasLive) void reload();
        if (status === 'live') wasLive = true;
      },
      onEvent(type, data) {
        if (type === 'workspace') setWorkspace(data as Workspace);
        else if (type === 'commit') {
          const commit = data as Commit;
          // The history tab lists the rest when it opens: keep only the recent ones here.
          setLiveCommits((prev) => [commit, ...prev.filter((c) => c.id !== commit.id)].slice(0, 200));
        } else if (type === 'file') {
          const d = data as FileEntry & { deleted?: boolean };
          setFiles((prev) => {
            const next = new Map(prev);
            if (d.deleted) next.delete(d.path);
            else next.set(d.path, d);
            return next;
          });
          setChanges((n) => n + 1);
        } else if (type === 'agent') {
          const d = data as Agent & { deleted?: boolean };
          setAgents((prev) => {
            const next = new Map(prev);
            if (d.deleted) next.delete(d.agentId);
            else next.set(d.agentId, d);
            return next;
          });
        } else {
          const d = data as StateEntry & { deleted?: boolean };
          setState((prev) => {
            const next = new Map(prev);
            if (d.deleted) next.delete(d.key);
            else next.set(d.key, d);
            return next;
          });
        }
      },
    });
  }, [workspaceId]);

  const role = workspace?.members[uid] ?? 'viewer';
  const canEdit = role !== 'viewer';
  // A preview link only once there is a site to preview.
  const preview = usePreviewUrl(api, workspaceId, uid, canEdit && Boolean(files?.has('index.html')));

  if (!workspace || !files) {
    return error ? (
      <section>
        <ErrorNote error={error} />
        <p>
          <a href="#/">Back to your workspaces</a>
        </p>
      </section>
    ) : (
      <p aria-busy="true">Loading workspace…</p>
    );
  }
  return (
    <section aria-labelledby="w-title" data-role={role}>
      <div class="bar">
        <nav aria-label="Breadcrumb">
          <a href="#/">Workspaces</a> /
        </nav>
        <h1 id="w-title">{workspace.name}</h1>
        <span class={`badge ${workspace.status}`}>{workspace.status}</span>
        <span class="badge">you: {role}</span>
        <span class={`live ${live.status}`} role="status" aria-live="polite" data-testid="live">
          {LIVE_TEXT[live.status]}
          {live.reason ? ` (${live.reason})` : ''}
        </span>
      </div>
      {!canEdit && (
        <p class="note" data-testid="viewer-note">
          You are a viewer of this workspace: you can look, but not change anything. Ask its owner ({workspace.ownerId})
          for the editor role.
        </p>
      )}
      <ErrorNote error={error} />
      <div role="tablist" aria-label="Workspace views" class="tabs">
        {TABS.map(([id, label]) => (
          <button
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              const i = TABS.findIndex(([t]) => t === id);
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              const next = TABS[(i + step + TABS.length) % TABS.length]![0];
              setTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
            tabIndex={tab === id ? 0 : -1}
          >
            {label}
            {id === 'agents' && agents.size ? ` (${agents.size})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'files' && (
          <FilesPanel
            api={api}
            workspace={workspace}
            files={files}
            canEdit={canEdit}
            changes={changes}
            preview={preview}
          />
        )}
        {tab === 'history' && (
          <HistoryPanel api={api} workspace={workspace} canEdit={canEdit} liveCommits={liveCommits} />
        )}
        {tab === 'agents' && <AgentsPanel agents={[...agents.values()]} />}
        {tab === 'state' && <StatePanel entries={[...state.values()]} />}
        {tab === 'members' && <MembersPanel api={api} workspace={workspace} uid={uid} onChanged={setWorkspace} />}
      </div>
    </section>
  );
}
