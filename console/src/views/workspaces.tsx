import { useEffect, useState } from 'preact/hooks';
import type { Api, Workspace } from '../api';
import { bytes, when } from '../format';
import { Empty, ErrorNote } from './common';

export function WorkspaceList({ api, uid }: { api: Api; uid: string }) {
  const [items, setItems] = useState<Workspace[]>();
  const [error, setError] = useState<unknown>();
  const [name, setName] = useState('');
  const [show, setShow] = useState<'active' | 'archived'>('active');

  const load = async () => {
    try {
      setItems(await api.collect(api.workspaces.iterate({ status: show, limit: 100 })));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    setItems(undefined);
    void load();
  }, [show]);

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
      await load();
    } catch (e) {
      setError(e);
    }
  };

  const create = (e: Event) => {
    e.preventDefault();
    const value = name.trim();
    if (!value) return;
    void act(async () => {
      const created = await api.workspaces.create({ name: value });
      setName('');
      location.hash = `#/w/${encodeURIComponent(created.id)}`;
    });
  };

  return (
    <section aria-labelledby="ws-title">
      <div class="bar">
        <h1 id="ws-title">Workspaces</h1>
        <form class="inline" onSubmit={create}>
          <label>
            New workspace name
            <input name="name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">
            Create workspace
          </button>
        </form>
      </div>
      <div role="group" aria-label="Show" class="tabs">
        {(['active', 'archived'] as const).map((s) => (
          <button type="button" aria-pressed={show === s} onClick={() => setShow(s)}>
            {s === 'active' ? 'Active' : 'Archived'}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
      {items === undefined ? (
        <p aria-busy="true">Loading workspaces…</p>
      ) : items.length === 0 ? (
        <Empty>
          {show === 'active'
            ? 'No workspaces yet. Type a name above and press “Create workspace”, or let an agent create one through the API.'
            : 'No archived workspaces.'}
        </Empty>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Your role</th>
              <th scope="col">Files</th>
              <th scope="col">Size</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <WorkspaceRow key={w.id} w={w} role={w.members[uid] ?? 'viewer'} api={api} act={act} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WorkspaceRow({
  w,
  role,
  api,
  act,
}: {
  w: Workspace;
  role: string;
  api: Api;
  act: (a: () => Promise<unknown>) => Promise<void>;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(w.name);
  const canEdit = role === 'owner' || role === 'editor';
  return (
    <tr data-workspace={w.id}>
      <td>
        {renaming ? (
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              setRenaming(false);
              void act(() => api.workspaces.update(w.id, { name: name.trim() }));
            }}
          >
            <label>
              <span class="sr-only">New name for {w.name}</span>
              <input autoFocus required value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </label>
            <button type="submit">Save</button>
            <button type="button" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <a href={`#/w/${encodeURIComponent(w.id)}`}>{w.name}</a>
        )}
      </td>
      <td>{role}</td>
      <td>{w.fileCount}</td>
      <td>{bytes(w.totalBytes)}</td>
      <td>{when(w.updatedAt)}</td>
      <td class="actions">
        {canEdit && !renaming && (
          <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${w.name}`}>
            Rename
          </button>
        )}
        {canEdit && (
          <button
            type="button"
            onClick={() =>
              act(() => api.workspaces.update(w.id, { status: w.status === 'archived' ? 'active' : 'archived' }))
            }
            aria-label={`${w.status === 'archived' ? 'Unarchive' : 'Archive'} ${w.name}`}
          >
            {w.status === 'archived' ? 'Unarchive' : 'Archive'}
          </button>
        )}
        {role === 'owner' && (
          <button
            type="button"
            class="danger"
            aria-label={`Delete ${w.name}`}
            onClick={() => {
              if (confirm(`Delete workspace “${w.name}” and all its files? The purge removes it for good.`))
                void act(() => api.workspaces.delete(w.id));
            }}
          >
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
