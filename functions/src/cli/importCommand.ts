/**
 * `websplat import <dir> --owner <uid> [--name N]`: adopts a folder of
 * generated files (one folder per workspace, as the old file-system
 * workspace manager wrote them) as a new workspace. Every regular file
 * becomes a file at its relative path, through the same FileService the API
 * uses (so quotas, types and the index behave exactly as for an upload).
 *
 * Re-running the same import (same folder, same owner) within 24 hours
 * continues the same workspace: the create is idempotent, and files whose
 * bytes are already there are skipped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { contentTypeFor } from '../domain/files/contentTypes';
import { ApiError } from '../domain/shared/errors';
import { filePathProblem } from '../domain/files/paths';
import { Uid } from '../schemas/common';
import { CreateWorkspaceBody } from '../schemas/workspaces';
import { buildServices } from '../runtime/services';
import { openStores } from '../runtime/stores';
import { parseArgs, UsageError } from './args';
import { allowOnly, backendOption } from './options';
import { formatBytes, Progress } from './output';

/** Tooling and OS litter, not the site (skipped, folders with everything under them). `.well-known` etc. stay. */
const SKIPPED_NAMES = new Set(['node_modules', '.git', '.svn', '.hg', '.DS_Store', 'Thumbs.db']);

interface Found {
  path: string;
  file: string;
  size: number;
}

/** Regular files under `root` in path order, one directory listing in memory at a time. */
async function* walk(root: string, skipped: { path: string; reason: string }[], prefix = ''): AsyncGenerator<Found> {
  const names: { name: string; kind: 'file' | 'dir' | 'other' }[] = [];
  for await (const entry of await opendir(join(root, prefix))) {
    names.push({ name: entry.name, kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'dir' : 'other' });
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, kind } of names) {
    const path = prefix ? `${prefix}/${name}` : name;
    if (SKIPPED_NAMES.has(name)) {
      skipped.push({ path, reason: 'tooling, not part of the site' });
    } else if (kind === 'dir') {
      yield* walk(root, skipped, path);
    } else if (kind === 'other') {
      skipped.push({ path, reason: 'not a regular file (symlink, socket, ...)' });
    } else {
      const problem = filePathProblem(path);
      if (problem) skipped.push({ path, reason: `not a valid file path: ${problem}` });
      else yield { path, file: join(root, path), size: (await stat(join(root, path))).size };
    }
  }
}

const md5Of = (file: string) =>
  new Promise<string>((done, fail) => {
    const hash = createHash('md5');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('base64')));
  });

export async function importCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['json']);
  allowOnly(args, ['owner', 'name', 'description', 'backend', 'json']);
  const [dir, ...extra] = args.positionals;
  if (!dir || extra.length) throw new UsageError('import takes exactly one <dir>');
  const owner = args.options.owner;
  if (typeof owner !== 'string' || !Uid.safeParse(owner).success) throw new UsageError('--owner <uid> is required');
  const root = resolve(dir);
  if (!(await stat(root).catch(() => null))?.isDirectory()) throw new UsageError(`not a folder: ${dir}`);
  const body = CreateWorkspaceBody.safeParse({
    name: typeof args.options.name === 'string' ? args.options.name : basename(root),
    ...(typeof args.options.description === 'string' && { description: args.options.description }),
  });
  if (!body.success) throw new UsageError(`not a valid workspace name: ${body.error.issues[0]?.message}`);

  const stores = openStores(backendOption(args), dataDir);
  try {
    const key = randomBytes(32);
    const services = buildServices({
      metadata: stores.metadata,
      blobs: stores.blobs,
      changes: { subscribe: async () => () => undefined },
      sseMaxMs: 0,
      pageTokenKey: () => key,
      linkKey: () => key,
    });
    const caller = { uid: owner };
    const idempotencyKey = createHash('sha256').update(`import\n${root}`).digest('hex');
    const { workspace, replayed } = await services.workspaces
      .create(caller, body.data, idempotencyKey)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'already_exists') {
          throw new UsageError(
            'this folder was imported for this owner in the last 24 hours with another --name or --description; ' +
              'use the same ones to continue that import',
          );
        }
        throw error;
      });
    process.stderr.write(
      `${replayed ? 'Continuing' : 'Importing into'} workspace ${workspace.id} "${workspace.name}" on ${stores.location}\n`,
    );
    const skipped: { path: string; reason: string }[] = [];
    const progress = new Progress('import');
    let imported = 0;
    let unchanged = 0;
    let bytes = 0;
    for await (const found of walk(root, skipped)) {
      const existing = replayed ? await stores.metadata.fileIndex.getFile(workspace.id, found.path) : null;
      if (existing && existing.size === found.size && existing.md5 === (await md5Of(found.file))) {
        unchanged++;
      } else {
        try {
          await services.files.put(caller, workspace.id, found.path, createReadStream(found.file), {
            contentType: contentTypeFor(found.path),
            contentLength: found.size,
          });
          imported++;
          bytes += found.size;
        } catch (error) {
          // A type the service refuses is skipped; a quota or backend error stops the import (re-run to continue).
          if (error instanceof ApiError && error.code === 'unsupported_media_type') {
            skipped.push({ path: found.path, reason: error.message });
          } else {
            throw error;
          }
        }
      }
      progress.update(imported + unchanged, undefined, `files (${formatBytes(bytes)})`);
    }
    progress.done();
    const summary = { workspaceId: workspace.id, name: workspace.name, imported, unchanged, bytes, skipped };
    if (args.options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      for (const s of skipped) process.stdout.write(`  skipped ${s.path}: ${s.reason}\n`);
      process.stdout.write(
        `Workspace ${workspace.id}: imported ${imported} files (${formatBytes(bytes)})` +
          `${unchanged ? `, ${unchanged} already there` : ''}, skipped ${skipped.length}.\n`,
      );
    }
    return 0;
  } finally {
    await stores.close();
  }
}
