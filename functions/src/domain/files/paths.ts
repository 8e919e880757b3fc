/**
 * Path safety: the one place that decides which file paths exist. Every
 * adapter, the HTTP layer and the Storage triggers go through it, so a path
 * that could escape a workspace (or a folder on disk) never reaches storage.
 *
 * A valid path is a relative POSIX path of 1..512 UTF-8 bytes in NFC, whose
 * segments are not empty, `.` or `..`, with no `\` and no control characters.
 */
import { invalidArgument } from '../shared/errors';

export const MAX_PATH_BYTES = 512;

/** Why `path` is not a valid file path, or undefined when it is. */
export function filePathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'must be a string';
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes === 0) return 'must not be empty';
  if (bytes > MAX_PATH_BYTES) return `must be at most ${MAX_PATH_BYTES} UTF-8 bytes`;
  if (!path.isWellFormed()) return 'must be valid Unicode';
  if (path !== path.normalize('NFC')) return 'must be in Unicode NFC form';
  if (/\p{Cc}/u.test(path)) return 'must not contain control characters';
  if (path.includes('\\')) return 'must not contain a backslash';
  if (path.startsWith('/')) return 'must be relative (no leading /)';
  for (const segment of path.split('/')) {
    if (segment === '') return 'must not contain empty segments (// or a trailing /)';
    if (segment === '.' || segment === '..') return 'must not contain . or .. segments';
  }
  return undefined;
}

export function isValidFilePath(path: unknown): path is string {
  return filePathProblem(path) === undefined;
}

/** Returns `path` when valid; otherwise a 400 naming the field. */
export function checkFilePath(path: unknown, field = 'path'): string {
  const problem = filePathProblem(path);
  if (problem) throw invalidArgument(`Invalid file path: it ${problem}.`, [{ field, reason: problem }]);
  return path as string;
}

/**
 * A folder prefix for listings and folder operations: empty (the whole
 * workspace) or a valid path followed by `/`.
 */
export function checkFolderPrefix(prefix: string, field = 'prefix'): string {
  if (prefix === '') return prefix;
  if (!prefix.endsWith('/')) {
    throw invalidArgument('A folder must end with /.', [{ field, reason: 'must end with /' }]);
  }
  checkFilePath(prefix.slice(0, -1), field);
  return prefix;
}

/** A listing prefix may end anywhere (like Cloud Storage's); it only has to be a safe start of a path. */
export function checkListPrefix(prefix: string, field = 'prefix'): string {
  if (prefix === '') return prefix;
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  // `a/..` as a prefix could only match paths that are invalid anyway, but refuse it clearly.
  checkFilePath(trimmed, field);
  return prefix;
}

const OBJECT_PREFIX = 'workspaces/';
const FILES = '/files/';

/** The Cloud Storage object name of a workspace file. */
export function objectName(workspaceId: string, path: string): string {
  return `${OBJECT_PREFIX}${workspaceId}${FILES}${path}`;
}

/** Everything a workspace has in the bucket (its files and anything else under it): what the purge removes. */
export function workspaceRootPrefix(workspaceId: string): string {
  return `${OBJECT_PREFIX}${workspaceId}/`;
}

/** The objects that are a workspace's files (what the index describes). */
export function workspaceObjectPrefix(workspaceId: string): string {
  return `${OBJECT_PREFIX}${workspaceId}${FILES}`;
}

/**
 * The workspace and path an object name stands for, or undefined when the
 * object is not a workspace file (cache entries, exports) or its path is not
 * valid (such objects are ignored by the index, never crash it).
 */
export function parseObjectName(
  name: string,
): { workspaceId: string; path: string } | { workspaceId: string; problem: string } | undefined {
  if (!name.startsWith(OBJECT_PREFIX)) return undefined;
  const rest = name.slice(OBJECT_PREFIX.length);
  const cut = rest.indexOf(FILES);
  if (cut <= 0) return undefined;
  const workspaceId = rest.slice(0, cut);
  if (!/^[A-Za-z0-9]{20}$/.test(workspaceId)) return undefined;
  const path = rest.slice(cut + FILES.length);
  const problem = filePathProblem(path);
  return problem ? { workspaceId, problem } : { workspaceId, path };
}
