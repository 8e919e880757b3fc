import { useState } from 'preact/hooks';
import type { Agent, Api, Role, StateEntry, Workspace } from '../api';
import { when } from '../format';
import { Empty, ErrorNote } from './common';

const ORDER = { running: 0, queued: 1, failed: 2, succeeded: 3 } as const;

export function AgentsPanel({ agents }: { agents: Agent[] }) {
  if (agents.length === 0)
    return <Empty>No agent has reported progress here yet. Agents report with PUT …/agents/&#123;agentId&#125;.</Empty>;
  const sorted = [...agents].sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.updatedAt < b.updatedAt ? 1 : -1));
  return (
    <ul class="agents" aria-label="Agents">
      {sorted.map((a) => (
        <li key={a.agentId} data-agent={a.agentId} class={`agent ${a.status}`}>
          <div class="bar small">
            <strong>{a.agentId}</strong>
            <span class={`badge ${a.status}`}>{a.status}</span>
            <span class="muted">updated {when(a.updatedAt)}</span>
          </div>
          <div class="step">{a.step || '(no step reported)'}</div>
          <progress max={1} value={a.progress} aria-label={`Progress of ${a.agentId}`} />
          <span class="muted" data-testid="percent">
            {Math.round(a.progress * 100)}%
          </span>
          {a.message && <p class="message">{a.message}</p>}
        </li>
      ))}
    </ul>
  );
}

export function StatePanel({ entries }: { entries: StateEntry[] }) {
  if (entries.length === 0) return <Empty>No shared state yet. Agents keep it with PUT …/state/&#123;key&#125;.</Empty>;
  return (
    <ul class="state" aria-label="Shared state">
      {[...entries]
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map((s) => (
          <li key={s.key} data-key={s.key}>
            <div class="bar small">
              <strong>{s.key}</strong>
              <span class="muted">
                version {s.version}, by {s.updatedBy}, {when(s.updatedAt)}
              </span>
            </div>
            <JsonTree value={s.value} />
          </li>
        ))}
    </ul>
  );
}

/** A readable, collapsible view of any JSON value (native <details>, so keyboard and screen readers work). */
export function JsonTree({ value, name }: { value: unknown; name?: string }) {
  const label = name !== undefined ? <span class="json-key">{name}: </span> : null;
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    return (
      <details class="json" open={entries.length <= 20}>
        <summary>
          {label}
          <span class="muted">{summary}</span>
        </summary>
        <ul>
          {entries.map(([k, v]) => (
            <li key={k}>
              <JsonTree name={k} value={v} />
            </li>
          ))}
        </ul>
      </details>
    );
  }
  return (
    <span class="json-leaf">
      {label}
      <span class={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
    </span>
  );
}

export function MembersPanel({
  api,
  workspace,
  uid,
  onChanged,
}: {
  api: Api;
  workspace: Workspace;
  uid: string;
  onChanged: (w: Workspace) => void;
}) {
  const isOwner = workspace.members[uid] === 'owner';
  const [newUid, setNewUid] = useState('');
  const [newRole, setNewRole] = useState<'editor' | 'viewer'>('viewer');
  const [error, setError] = useState<unknown>();
  const act = async (action: () => Promise<Workspace | unknown>) => {
    try {
      await action();
      onChanged(await api.workspaces.get(workspace.id));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      {!isOwner && <p class="note">Only the owner changes members and roles.</p>}
      <table class="list">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            {isOwner && (
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {Object.entries(workspace.members).map(([member, role]) => (
            <tr key={member} data-member={member}>
              <td>{member}</td>
              <td>
                {isOwner && role !== 'owner' ? (
                  <label>
                    <span class="sr-only">Role of {member}</span>
                    <select
                      value={role}
                      onChange={(e) =>
                        act(() => api.members.put(workspace.id, member, e.currentTarget.value as 'editor'))
                      }
                    >
                      <option value="editor">editor</option>
                      <option value="viewer">viewer</option>
                    </select>
                  </label>
                ) : (
                  (role as Role)
                )}
              </td>
              {isOwner && (
                <td>
                  {role !== 'owner' && (
                    <button
                      type="button"
                      class="danger"
                      onClick={() => act(() => api.members.delete(workspace.id, member))}
                    >
                      Remove {member}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {isOwner && (
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const member = newUid.trim();
            if (member)
              void act(async () => {
                await api.members.put(workspace.id, member, newRole);
                setNewUid('');
              });
          }}
        >
          <label>
            User id
            <input required value={newUid} onInput={(e) => setNewUid(e.currentTarget.value)} />
          </label>
          <label>
            Role
            <select value={newRole} onChange={(e) => setNewRole(e.currentTarget.value as 'viewer')}>
              <option value="viewer">viewer</option>
              <option value="editor">editor</option>
            </select>
          </label>
          <button type="submit" class="primary">
            Add member
          </button>
        </form>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
