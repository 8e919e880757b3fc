import { createHash } from 'node:crypto';
import { ApiError, failedPrecondition, invalidArgument, notFound, permissionDenied } from '../shared/errors';
import { LIMITS } from '../shared/limits';
import { etagMatches, workspaceEtag } from '../shared/etag';
import { viewOfFrozen } from '../shared/frozenViews';
import { newId } from '../shared/ids';
import { authorize } from './access';
import { AccessClock } from './accessClock';
import type { IdempotencyRecord, WorkspaceRecord, WorkspaceStatus } from '../../ports/workspaces';
import type { Principal } from '../../ports/auth';
import type { PageTokens } from '../shared/pageTokens';
import type { CreateWorkspaceBody, PatchWorkspaceBody, Workspace } from '../../schemas/workspaces';
import type { MetadataPorts } from '../../ports';
import type { WorkspaceCursor } from '../../ports/workspaces';

export interface WorkspaceServiceOptions {
  stores: Pick<MetadataPorts, 'transactions' | 'workspaces'>;
  pageTokens: PageTokens;
  now?: () => number;
  /** lastAccessedAt is written at most once per this many ms per workspace. */
  accessTouchIntervalMs: number;
  /** The clock files and collaboration share (one is made from accessTouchIntervalMs when absent). */
  access?: AccessClock;
}

export interface CreateResult {
  status: number;
  workspace: Workspace;
  replayed: boolean;
}

/** Idempotency-Key records are honoured this long (contract: 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** The API view of a stored workspace; made once for a record the store hands out frozen (see viewOfFrozen). */
export const toWorkspace: (r: WorkspaceRecord) => Workspace = viewOfFrozen(workspaceView);

function workspaceView(r: WorkspaceRecord): Workspace {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    status: r.status,
    ownerId: r.ownerId,
    members: { ...r.members },
    metadata: { ...r.metadata },
    fileCount: r.fileCount,
    totalBytes: r.totalBytes,
    versionBytes: r.versionBytes ?? 0,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    lastAccessedAt: iso(r.lastAccessedAt),
    etag: workspaceEtag(r.id, r.version),
  };
}

/** Canonical JSON (sorted keys), so equal bodies hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Workspace CRUD and membership, with roles enforced here rather than in handlers. */
export class WorkspaceService {
  private readonly stores: Pick<MetadataPorts, 'transactions' | 'workspaces'>;
  private readonly now: () => number;
  private readonly access: AccessClock;

  constructor(private readonly options: WorkspaceServiceOptions) {
    this.stores = options.stores;
    this.now = options.now ?? Date.now;
    this.access = options.access ?? new AccessClock(options.stores, options.accessTouchIntervalMs, this.now);
  }

  async create(caller: Principal, body: CreateWorkspaceBody, idempotencyKey?: string): Promise<CreateResult> {
    // The uid becomes a key of the members map; Firestore refuses `__x__` field names.
    if (LIMITS.reservedName.test(caller.uid)) {
      throw permissionDenied('A user id of the form __name__ cannot own a workspace.');
    }
    const now = this.now();
    const record: WorkspaceRecord = {
      id: newId(),
      name: body.name,
      description: body.description ?? '',
      status: 'active',
      ownerId: caller.uid,
      members: { [caller.uid]: 'owner' },
      metadata: body.metadata ?? {},
      fileCount: 0,
      totalBytes: 0,
      createdAt: now,
      updatedAt: now,
      lastAccessedAt: now,
      deletedAt: null,
      deletedBy: null,
      version: 1,
    };
    if (idempotencyKey === undefined) {
      await this.stores.transactions.run(async (tx) => tx.createWorkspace(record));
      return { status: 201, workspace: toWorkspace(record), replayed: false };
    }

    // The key is scoped to the caller and the operation; the stored first
    // response is replayed for 24 h to the same caller with the same body.
    const keyId = sha256(`workspaces.create\n${caller.uid}\n${idempotencyKey}`);
    const requestHash = sha256(canonicalJson(body));
    return this.stores.transactions.run(async (tx) => {
      const previous = await tx.getIdempotency(keyId);
      if (previous && previous.expiresAt > now) {
        if (previous.requestHash !== requestHash) {
          throw new ApiError('already_exists', 'This Idempotency-Key was already used with a different request body.', [
            { field: 'Idempotency-Key', reason: 'reused with another body' },
          ]);
        }
        return {
          status: previous.statusCode,
          workspace: JSON.parse(previous.responseBody) as Workspace,
          replayed: true,
        };
      }
      const workspace = toWorkspace(record);
      const stored: IdempotencyRecord = {
        id: keyId,
        uid: caller.uid,
        requestHash,
        statusCode: 201,
        responseBody: JSON.stringify(workspace),
        createdAt: now,
        expiresAt: now + IDEMPOTENCY_TTL_MS,
      };
      tx.createWorkspace(record);
      tx.putIdempotency(stored);
      return { status: 201, workspace, replayed: false };
    });
  }

  /** Reads a workspace and keeps lastAccessedAt fresh, writing it at most once per interval. */
  async get(caller: Principal, id: string): Promise<Workspace> {
    return toWorkspace(await this.access.open(caller, id, 'read'));
  }

  async list(
    caller: Principal,
    query: { status?: 'active' | 'archived'; limit: number; pageToken?: string },
  ): Promise<{ items: Workspace[]; nextPageToken?: string }> {
    const statuses: WorkspaceStatus[] = query.status ? [query.status] : ['active', 'archived'];
    const queryId = sha256(`workspaces.list\n${caller.uid}\n${statuses.join(',')}`).slice(0, 16);
    let after: WorkspaceCursor | undefined;
    if (query.pageToken !== undefined) {
      after = parseCursor(this.options.pageTokens.decode(queryId, query.pageToken));
    }
    // One extra row tells whether another page exists without a second query.
    const rows = await this.stores.workspaces.listWorkspaces({
      memberId: caller.uid,
      statuses,
      limit: query.limit + 1,
      after,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const result: { items: Workspace[]; nextPageToken?: string } = { items: page.map(toWorkspace) };
    if (rows.length > query.limit && last) {
      result.nextPageToken = this.options.pageTokens.encode(queryId, [last.createdAt, last.id]);
    }
    return result;
  }

  async patch(caller: Principal, id: string, body: PatchWorkspaceBody, ifMatch?: string[]): Promise<Workspace> {
    return this.stores.transactions.run(async (tx) => {
      const current = authorize(await tx.getWorkspace(id), caller, 'write');
      if (body.status !== undefined && body.status !== current.status) {
        authorize(current, caller, 'administer');
      }
      checkIfMatch(current, ifMatch);
      const now = this.now();
      const next: WorkspaceRecord = {
        ...current,
        ...(body.name !== undefined && { name: body.name }),
        ...(body.description !== undefined && { description: body.description }),
        ...(body.status !== undefined && { status: body.status }),
        ...(body.metadata !== undefined && { metadata: body.metadata }),
        updatedAt: now,
        lastAccessedAt: now,
        version: current.version + 1,
      };
      tx.updateWorkspace(id, {
        name: next.name,
        description: next.description,
        status: next.status,
        metadata: next.metadata,
        updatedAt: next.updatedAt,
        lastAccessedAt: next.lastAccessedAt,
        version: next.version,
      });
      return toWorkspace(next);
    });
  }

  /** Soft delete: the workspace reads as not found from now on; the purge removes it later. */
  async delete(caller: Principal, id: string, ifMatch?: string[]): Promise<Workspace> {
    return this.stores.transactions.run(async (tx) => {
      const current = authorize(await tx.getWorkspace(id), caller, 'administer');
      checkIfMatch(current, ifMatch);
      const now = this.now();
      const changes = {
        status: 'deleted' as const,
        deletedAt: now,
        deletedBy: caller.uid,
        updatedAt: now,
        version: current.version + 1,
      };
      tx.updateWorkspace(id, changes);
      return toWorkspace({ ...current, ...changes });
    });
  }

  async putMember(
    caller: Principal,
    id: string,
    uid: string,
    role: 'editor' | 'viewer',
    ifMatch?: string[],
  ): Promise<Workspace> {
    return this.changeMembers(caller, id, ifMatch, (current) => {
      if (uid === current.ownerId) {
        throw invalidArgument("The owner's role cannot be changed.", [{ field: 'uid', reason: 'is the owner' }]);
      }
      return { ...current.members, [uid]: role };
    });
  }

  async deleteMember(caller: Principal, id: string, uid: string, ifMatch?: string[]): Promise<void> {
    await this.changeMembers(caller, id, ifMatch, (current) => {
      if (uid === current.ownerId) {
        throw invalidArgument('The owner cannot be removed.', [{ field: 'uid', reason: 'is the owner' }]);
      }
      if (!Object.hasOwn(current.members, uid)) throw notFound('No such member.');
      const members = { ...current.members };
      delete members[uid];
      return members;
    });
  }

  private changeMembers(
    caller: Principal,
    id: string,
    ifMatch: string[] | undefined,
    change: (current: WorkspaceRecord) => Record<string, WorkspaceRecord['members'][string]>,
  ): Promise<Workspace> {
    return this.stores.transactions.run(async (tx) => {
      const current = authorize(await tx.getWorkspace(id), caller, 'administer');
      checkIfMatch(current, ifMatch);
      const now = this.now();
      const next: WorkspaceRecord = {
        ...current,
        members: change(current),
        updatedAt: now,
        lastAccessedAt: now,
        version: current.version + 1,
      };
      tx.updateWorkspace(id, {
        members: next.members,
        updatedAt: now,
        lastAccessedAt: now,
        version: next.version,
      });
      return toWorkspace(next);
    });
  }
}

function checkIfMatch(current: WorkspaceRecord, ifMatch: string[] | undefined): void {
  if (ifMatch !== undefined && !etagMatches(ifMatch, workspaceEtag(current.id, current.version))) {
    throw failedPrecondition('The workspace has changed since it was read (If-Match does not match its etag).');
  }
}

function parseCursor(value: unknown): WorkspaceCursor {
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string') {
    return { createdAt: value[0], id: value[1] };
  }
  throw invalidArgument('pageToken is not valid for this listing.', [
    { field: 'pageToken', reason: 'malformed cursor' },
  ]);
}
