/**
 * GET .../checkpoints/{cp}/diff?against={cp2|live}: what changed from the
 * checkpoint to the other side, merged in path order and paginated by path.
 * A file changed when its bytes (md5, size) or type differ.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../ports/auth';
import { invalidArgument } from '../shared/errors';
import type { CheckpointAccess, ManifestFile } from './manifest';

interface Side {
  generation: string;
  size: number;
}

export interface CheckpointDiff {
  added: ({ path: string } & Side)[];
  removed: ({ path: string } & Side)[];
  changed: { path: string; from: Side; to: Side }[];
  nextPageToken?: string;
}

const side = (f: ManifestFile): Side => ({ generation: f.generation, size: f.size });

export async function diffCheckpoint(
  service: CheckpointAccess,
  caller: Principal,
  workspaceId: string,
  checkpointId: string,
  query: { against: string; limit: number; pageToken?: string | undefined },
): Promise<CheckpointDiff> {
  const { manifest } = await service.load(caller, workspaceId, checkpointId);
  const other =
    query.against === 'live'
      ? (await service.manifests.allFiles(workspaceId))
          .map((e) => ({ ...e, blob: e.blob ?? '' }))
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      : (await service.load(caller, workspaceId, query.against)).manifest.files;
  const queryId = createHash('sha256')
    .update(`checkpoint.diff\n${workspaceId}\n${checkpointId}\n${query.against}`)
    .digest('hex')
    .slice(0, 16);
  let after = '';
  if (query.pageToken !== undefined) {
    const cursor = service.options.pageTokens.decode(queryId, query.pageToken);
    if (typeof cursor !== 'string') throw invalidArgument('pageToken is not valid for this listing.');
    after = cursor;
  }
  const result: CheckpointDiff = { added: [], removed: [], changed: [] };
  const from = manifest.files;
  let i = 0;
  let j = 0;
  let count = 0;
  let last = '';
  while (i < from.length || j < other.length) {
    const a = from[i];
    const b = other[j];
    const path = a && (!b || a.path <= b.path) ? a.path : b!.path;
    if (a?.path === path) i++;
    if (b?.path === path) j++;
    if (path <= after) continue;
    const was = a?.path === path ? a : undefined;
    const now = b?.path === path ? b : undefined;
    const differs = !was || !now || was.md5 !== now.md5 || was.size !== now.size || was.contentType !== now.contentType;
    if (!differs) continue;
    if (count === query.limit) {
      result.nextPageToken = service.options.pageTokens.encode(queryId, last);
      break;
    }
    if (!was) result.added.push({ path, ...side(now!) });
    else if (!now) result.removed.push({ path, ...side(was) });
    else result.changed.push({ path, from: side(was), to: side(now) });
    count++;
    last = path;
  }
  return result;
}
