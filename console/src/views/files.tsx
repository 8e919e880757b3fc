import { useEffect, useMemo, useState } from 'preact/hooks';
import { explain, PREVIEW_LINK_MARGIN_MS, type Api, type FileEntry, type Workspace } from '../api';
import { buildTree, bytes, isImage, isText, languageOf, typeLabel, type Folder } from '../format';
import { highlight } from '../highlight';
import { Empty, ErrorNote } from './common';
import { Dialog } from './dialog';

interface Upload {
  id: number;
  path: string;
  progress: number;
  error?: string;
  done?: boolean;
}

let uploadIds = 0;

export function FilesPanel({
  api,
  workspace,
  files,
  canEdit,
  changes,
  preview,
}: {
  api: Api;
  workspace: Workspace;
  files: Map<string, FileEntry>;
  canEdit: boolean;
  changes: number;
  /** The preview's URL (undefined while its link is being made). */
  preview: string | undefined;
}) {
  const tree = useMemo(() => buildTree(files.values()), [files]);
  const [selected, setSelected] = useState<string>();
  const [folder, setFolder] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<unknown>();
  const [moving, setMoving] = useState<string>();
  const entry = selected ? files.get(selected) : undefined;

  const update = (id: number, patch: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...patch } : u)));

  const upload = (picked: FileList | File[]) => {
    for (const file of Array.from(picked)) {
      const id = ++uploadIds;
      const path = `${folder}${file.name}`;
      setUploads((list) => [...list, { id, path, progress: 0 }]);
      // The client sends files over 8 MiB through a direct upload URL (POST .../uploads), as the contract advises.
      const send = api.files.upload(workspace.id, path, file, {
        contentType: file.type || 'application/octet-stream',
        onProgress: (p) => update(id, { progress: p.total ? p.loaded / p.total : 0 }),
      });
      send.then(
        () => update(id, { done: true, progress: 1 }),
        (e: unknown) => update(id, { error: explain(e) }),
      );
    }
  };

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };

  const download = async (path: string) =>
    act(async () => {
      const blob = await api.blob(workspace.id, path);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = path.split('/').pop()!;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });

  return (
    <div class="files-layout">
      <div
        class={`tree-pane${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          if (!canEdit) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          if (!canEdit) return;
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer?.files.length) upload(e.dataTransfer.files);
        }}
        data-testid="dropzone"
      >
        <div class="bar small">
          <h2 id="tree-title">
            Files{' '}
            <span class="muted">
              ({workspace.fileCount}, {bytes(workspace.totalBytes)})
            </span>
          </h2>
          {canEdit && (
            <label class="button">
              Upload files{folder ? ` to ${folder}` : ''}
              <input
                type="file"
                multiple
                class="sr-only"
                data-testid="upload-input"
                onChange={(e) => {
                  const input = e.currentTarget;
                  if (input.files?.length) upload(input.files);
                  input.value = '';
                }}
              />
            </label>
          )}
        </div>
        {canEdit && <p class="hint">Or drop files here. Target folder: {folder || '(top level)'}</p>}
        {uploads.length > 0 && (
          <ul class="uploads" aria-label="Uploads">
            {uploads.map((u) => (
              <li key={u.id} data-upload={u.path}>
                <span class="path">{u.path}</span>
                <progress max={1} value={u.progress} aria-label={`Upload of ${u.path}`} />
                <span class="muted">{u.error ? '' : u.done ? 'done' : `${Math.round(u.progress * 100)}%`}</span>
                {u.error && <span class="error">{u.error}</span>}
              </li>
            ))}
          </ul>
        )}
        {files.size === 0 ? (
          <Empty>
            {canEdit
              ? 'This workspace has no files. Upload some (button or drop), or run an agent that writes them.'
              : 'This workspace has no files yet.'}
          </Empty>
        ) : (
          <ul class="tree" role="tree" aria-labelledby="tree-title">
            <FolderNodes
              folder={tree}
              selected={selected}
              selectedFolder={folder}
              onFile={setSelected}
              onFolder={(p) => setFolder(p === folder ? '' : p)}
              depth={0}
            />
          </ul>
        )}
        <ErrorNote error={error} />
      </div>
      <div class="viewer-pane">
        {entry ? (
          <Viewer
            key={`${entry.path}@${entry.generation}`}
            api={api}
            workspaceId={workspace.id}
            entry={entry}
            canEdit={canEdit}
            onDownload={() => download(entry.path)}
            onDelete={() => {
              if (confirm(`Delete ${entry.path}?`)) void act(() => api.files.delete(workspace.id, entry.path));
            }}
            onMove={() => setMoving(entry.path)}
          />
        ) : (
          <Empty>Select a file in the tree to see it here.</Empty>
        )}
        {canEdit && folder && (
          <p>
            <button
              type="button"
              class="danger"
              onClick={() => {
                if (confirm(`Delete the folder ${folder} and everything in it?`))
                  void act(async () => {
                    await api.files.deleteFolder(workspace.id, folder);
                    setFolder('');
                  });
              }}
            >
              Delete folder {folder}
            </button>
          </p>
        )}
      </div>
      <Preview files={files} changes={changes} preview={preview} />
      {moving !== undefined && (
        <MoveDialog
          from={moving}
          onClose={() => setMoving(undefined)}
          onMove={async (to) => {
            await api.files.move(workspace.id, moving, to);
            setSelected(to);
          }}
        />
      )}
    </div>
  );
}

/** Move or rename one file: the new path, checked before it is sent (the API checks it again). */
function MoveDialog({
  from,
  onMove,
  onClose,
}: {
  from: string;
  onMove: (to: string) => Promise<void>;
  onClose: () => void;
}) {
  const [to, setTo] = useState(from);
  return (
    <Dialog
      title={`Move or rename ${from}`}
      confirmLabel="Move"
      onClose={onClose}
      onConfirm={async () => {
        const target = to.trim();
        if (!target || target === from) throw new Error('Type a new path for the file (folders end before the name).');
        await onMove(target);
      }}
    >
      <label>
        New path
        <input
          name="to"
          required
          value={to}
          onInput={(e) => setTo(e.currentTarget.value)}
          spellcheck={false}
          autoComplete="off"
        />
      </label>
      <p class="hint">Folders are part of the path: menu/about.html moves the file into menu/.</p>
    </Dialog>
  );
}

function FolderNodes(props: {
  folder: Folder;
  selected: string | undefined;
  selectedFolder: string;
  onFile: (path: string) => void;
  onFolder: (path: string) => void;
  depth: number;
}) {
  const { folder, depth } = props;
  return (
    <>
      {folder.folders.map((f) => (
        <FolderNode key={f.path} {...props} folder={f} depth={depth} />
      ))}
      {folder.files.map((file) => (
        <li role="treeitem" aria-selected={props.selected === file.path} key={file.path} data-path={file.path}>
          <button
            type="button"
            class="node file"
            style={{ paddingLeft: `${0.5 + depth}rem` }}
            onClick={() => props.onFile(file.path)}
          >
            <span class="name">{file.path.slice(folder.path.length)}</span>
            <span class="type">{typeLabel(file)}</span>
            <span class="size">{bytes(file.size)}</span>
          </button>
        </li>
      ))}
    </>
  );
}

function FolderNode(props: Parameters<typeof FolderNodes>[0]) {
  const { folder, depth } = props;
  const [open, setOpen] = useState(depth === 0);
  return (
    <li
      role="treeitem"
      aria-expanded={open}
      data-folder={folder.path}
      aria-selected={props.selectedFolder === folder.path}
    >
      <button
        type="button"
        class="node folder"
        style={{ paddingLeft: `${0.5 + depth}rem` }}
        onClick={() => {
          setOpen(!open);
          props.onFolder(folder.path);
        }}
      >
        <span class="name">
          <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
          {folder.name}/
        </span>
        <span class="type">{folder.count} files</span>
        <span class="size">{bytes(folder.size)}</span>
      </button>
      {open && (
        <ul role="group">
          <FolderNodes {...props} depth={depth + 1} />
        </ul>
      )}
    </li>
  );
}

function Viewer(props: {
  api: Api;
  workspaceId: string;
  entry: FileEntry;
  canEdit: boolean;
  onDownload: () => void;
  onDelete: () => void;
  onMove: () => void;
}) {
  const { api, workspaceId, entry } = props;
  const [content, setContent] = useState<{ html?: string; text?: string; image?: string }>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let url: string | undefined;
    let cancelled = false;
    if (!isText(entry) && !isImage(entry)) {
      setContent({});
      return;
    }
    api.blob(workspaceId, entry.path).then(
      async (blob) => {
        if (cancelled) return;
        if (isImage(entry)) {
          url = URL.createObjectURL(blob);
          setContent({ image: url });
          return;
        }
        const text = await blob.text();
        const language = languageOf(entry.path);
        setContent(language && text.length < 500_000 ? { html: highlight(text, language) } : { text });
      },
      (e: unknown) => setError(e),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [entry.path, entry.generation]);

  return (
    <article class="viewer" aria-labelledby="viewer-title">
      <div class="bar small">
        <h2 id="viewer-title" class="path">
          {entry.path}
        </h2>
        <span class="muted">
          {entry.contentType}, {bytes(entry.size)}, generation {entry.generation}
        </span>
      </div>
      <div class="actions">
        <button type="button" onClick={props.onDownload}>
          Download
        </button>
        {props.canEdit && (
          <>
            <button type="button" onClick={props.onMove}>
              Move or rename
            </button>
            <button type="button" class="danger" onClick={props.onDelete}>
              Delete
            </button>
          </>
        )}
      </div>
      <ErrorNote error={error} />
      {content?.image ? (
        <img src={content.image} alt={`Image ${entry.path}`} class="image" />
      ) : content?.html !== undefined ? (
        <pre class="code hljs" tabIndex={0} aria-label={`Contents of ${entry.path}`}>
          <code dangerouslySetInnerHTML={{ __html: content.html }} />
        </pre>
      ) : content?.text !== undefined ? (
        <pre class="code" tabIndex={0} aria-label={`Contents of ${entry.path}`}>
          {content.text}
        </pre>
      ) : content ? (
        <Empty>No viewer for {entry.contentType}: download it instead.</Empty>
      ) : (
        !error && <p aria-busy="true">Loading…</p>
      )}
    </article>
  );
}

/**
 * The preview's URL: a preview link when `useLink` (editors, once there is a site; see
 * api.previewLink), else the token URL (viewers may not make links: the server answers that URL
 * with a redirect to a fresh link of its own, on each load).
 */
export function usePreviewUrl(api: Api, workspaceId: string, uid: string, useLink: boolean): string | undefined {
  const [link, setLink] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!useLink) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const get = () =>
      api.previewLink(workspaceId, uid).then(
        (fresh) => {
          if (cancelled) return;
          setLink(fresh.url);
          setFailed(false);
          timer = setTimeout(get, Math.max(60_000, fresh.expiresAt - Date.now() - PREVIEW_LINK_MARGIN_MS));
        },
        // No link (e.g. the role just changed): the token URL still shows pages with inline styles.
        () => !cancelled && setFailed(true),
      );
    void get();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [workspaceId, useLink]);
  if (!useLink || failed) return api.previewUrl(workspaceId);
  return link;
}

/** The generated site in a sandboxed iframe (scripts run, but in an opaque origin), reloaded when files change. */
function Preview({
  files,
  changes,
  preview,
}: {
  files: Map<string, FileEntry>;
  changes: number;
  preview: string | undefined;
}) {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // Many files land at once when an agent writes: reload once they settle.
    const timer = setTimeout(() => setVersion(changes), 250);
    return () => clearTimeout(timer);
  }, [changes]);
  const hasIndex = files.has('index.html');
  return (
    <section class="preview-pane" aria-labelledby="preview-title">
      <div class="bar small">
        <h2 id="preview-title">Preview</h2>
        <button type="button" onClick={() => setVersion((v) => v + 1000000)}>
          Reload
        </button>
        {preview && (
          <a href={preview} target="_blank" rel="noopener">
            Open in a new tab
          </a>
        )}
      </div>
      {!hasIndex ? (
        <Empty>No index.html at the top level yet: the preview appears once the site has one.</Empty>
      ) : !preview ? (
        <p aria-busy="true">Preparing the preview…</p>
      ) : (
        <iframe
          key={version}
          title="Preview of the generated site"
          src={preview}
          sandbox="allow-scripts allow-forms"
          data-testid="preview"
          data-version={version}
        />
      )}
    </section>
  );
}
