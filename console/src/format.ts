import type { FileEntry } from './types';

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** A short type label for the tree: "html", "png", or the MIME subtype. */
export function typeLabel(entry: Pick<FileEntry, 'path' | 'contentType'>): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(entry.path)?.[1];
  return (ext ?? entry.contentType.split(/[/;]/)[1] ?? entry.contentType).toLowerCase();
}

export interface Folder {
  name: string;
  path: string; // with trailing '/', '' for the root
  folders: Folder[];
  files: FileEntry[];
  size: number;
  count: number;
}

/** The folder tree of a flat, path-sorted listing. */
export function buildTree(files: Iterable<FileEntry>): Folder {
  const root: Folder = { name: '', path: '', folders: [], files: [], size: 0, count: 0 };
  const index = new Map<string, Folder>([['', root]]);
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const parts = file.path.split('/');
    let folder = root;
    folder.size += file.size;
    folder.count++;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = `${parts.slice(0, i + 1).join('/')}/`;
      let next = index.get(path);
      if (!next) {
        next = { name: parts[i]!, path, folders: [], files: [], size: 0, count: 0 };
        index.set(path, next);
        folder.folders.push(next);
      }
      folder = next;
      folder.size += file.size;
      folder.count++;
    }
    folder.files.push(file);
  }
  return root;
}

export function isText(entry: Pick<FileEntry, 'path' | 'contentType'>): boolean {
  return (
    /^text\/|json|javascript|xml|svg/.test(entry.contentType) ||
    /\.(html?|css|m?js|ts|tsx|json|md|txt|svg|xml|ya?ml)$/i.test(entry.path)
  );
}

export function isImage(entry: Pick<FileEntry, 'contentType'>): boolean {
  return /^image\/(png|jpe?g|gif|webp|avif|svg\+xml)/.test(entry.contentType);
}

/** The highlight.js language for a path, among the few bundled. */
export function languageOf(path: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'html':
    case 'htm':
    case 'svg':
    case 'xml':
      return 'xml';
    case 'css':
      return 'css';
    case 'js':
    case 'mjs':
    case 'ts':
    case 'tsx':
      return 'javascript';
    case 'json':
      return 'json';
    case 'md':
      return 'markdown';
    default:
      return undefined;
  }
}
