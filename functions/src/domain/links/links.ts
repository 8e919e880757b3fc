/**
 * Links: a URL that grants one scope (preview, events or read) on one
 * workspace, or one checkpoint of it, until it expires or is revoked, with
 * no user token. Editors make, list and revoke them. Anything a link token
 * does not grant is not found, as if the workspace did not exist.
 */
import { createHash } from 'node:crypto';
import { ApiError, invalidArgument, notFound } from '../shared/errors';
import { newId } from '../shared/ids';
import type { PageTokens } from '../shared/pageTokens';
import type { AccessClock } from '../workspaces/accessClock';
import { authorize } from '../workspaces/access';
import type { LinkGrant, Principal } from '../../ports/auth';
import type { MetadataPorts } from '../../ports';
import type { LinkCursor, LinkRecord, LinkScope } from '../../ports/links';
import type { IdempotencyRecord } from '../../ports/workspaces';
import { IDEMPOTENCY_TTL_MS } from '../workspaces/workspaces';
import { LinkTokens } from './tokens';

/** Shortest and longest life of a link, in seconds (the contract's range). */
export const LINK_TTL_MIN_SECONDS = 60;
export const LINK_TTL_MAX_SECONDS = 30 * 24 * 3600;

/** Whether a checkpoint exists (the checkpoint service provides it; without one, none does). */
export interface CheckpointLookup {
  exists(workspaceId: string, checkpointId: string): Promise<boolean>;
}

export interface LinkServiceOptions {
  stores: Pick<MetadataPorts, 'transactions' | 'links' | 'workspaces'>;
  /** The link signing key, read when first needed. */
  key: () => Buffer;
  pageTokens: PageTokens;
  access: AccessClock;
  checkpoints?: CheckpointLookup;
  now?: () => number;
}

export interface CreateLinkBody {
  scope: LinkScope;
  checkpointId?: string;
  expiresIn: number;
  label?: string;
}

/** A stored link with its token (the token is derived again from the record; it is never stored). */
export interface IssuedLink {
  link: LinkRecord;
  token: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a link token that is not honoured gets: the same answer as a workspace that does not exist. */
const refused = () => notFound('Not found (or the link has expired or was revoked).');

export class LinkService {
  private readonly tokens: LinkTokens;
  private readonly now: () => number;

  constructor(private readonly options: LinkServiceOptions) {
    this.tokens = new LinkTokens(options.key);
    this.now = options.now ?? Date.now;
  }

  /** POST .../links (editor). With an Idempotency-Key, a retry with the same body returns the first link. */
  async create(
    caller: Principal,
    workspaceId: string,
    body: CreateLinkBody,
    idempotencyKey?: string,
  ): Promise<{ issued: IssuedLink; replayed: boolean }> {
    if (caller.link) throw refused();
    const checkpointId = body.checkpointId ?? null;
    if (checkpointId !== null && body.scope === 'events') {
      throw invalidArgument('An events link follows the live workspace; checkpointId is for preview and read links.', [
        { field: 'body.checkpointId', reason: 'not allowed with scope events' },
      ]);
    }
    if (checkpointId !== null) {
      // Only members may learn whether a checkpoint exists.
      authorize(await this.options.stores.workspaces.getWorkspace(workspaceId), caller, 'write');
      if (!(await this.options.checkpoints?.exists(workspaceId, checkpointId))) {
        throw notFound('Checkpoint not found.');
      }
    }
    const now = this.now();
    const record: LinkRecord = {
      id: newId(),
      workspaceId,
      scope: body.scope,
      checkpointId,
      label: body.label ?? '',
      createdAt: now,
      expiresAt: now + body.expiresIn * 1000,
      createdBy: caller.uid,
    };
    const keyId =
      idempotencyKey === undefined
        ? undefined
        : sha256(`links.create\n${caller.uid}\n${workspaceId}\n${idempotencyKey}`);
    const requestHash = sha256(JSON.stringify([body.scope, checkpointId, body.expiresIn, body.label ?? null]));
    const result = await this.options.stores.transactions.run(async (tx) => {
      const previous = keyId === undefined ? null : await tx.getIdempotency(keyId);
      const workspace = authorize(await tx.getWorkspace(workspaceId), caller, 'write');
      if (previous && previous.expiresAt > now) {
        if (previous.requestHash !== requestHash) {
          throw new ApiError('already_exists', 'This Idempotency-Key was already used with a different request body.', [
            { field: 'Idempotency-Key', reason: 'reused with another body' },
          ]);
        }
        return { workspace, link: JSON.parse(previous.responseBody) as LinkRecord, replayed: true };
      }
      tx.putLink(record);
      if (keyId !== undefined) {
        const stored: IdempotencyRecord = {
          id: keyId,
          uid: caller.uid,
          requestHash,
          statusCode: 201,
          responseBody: JSON.stringify(record),
          createdAt: now,
          expiresAt: now + IDEMPOTENCY_TTL_MS,
        };
        tx.putIdempotency(stored);
      }
      return { workspace, link: record, replayed: false };
    });
    await this.options.access.touch(result.workspace);
    return { issued: this.issue(result.link), replayed: result.replayed };
  }

  /**
   * A preview link for a member who opened the preview with a user token in
   * the URL (an iframe cannot send headers): any member may preview, so any
   * member gets one. The user token itself never reaches the page.
   */
  async previewFor(
    caller: Principal,
    workspaceId: string,
    ttlSeconds: number,
    checkpointId: string | null = null,
  ): Promise<IssuedLink> {
    if (caller.link) throw refused();
    const now = this.now();
    const record: LinkRecord = {
      id: newId(),
      workspaceId,
      scope: 'preview',
      checkpointId,
      label: 'preview opened with a user token',
      createdAt: now,
      expiresAt: now + ttlSeconds * 1000,
      createdBy: caller.uid,
    };
    const workspace = await this.options.stores.transactions.run(async (tx) => {
      const found = authorize(await tx.getWorkspace(workspaceId), caller, 'read');
      tx.putLink(record);
      return found;
    });
    await this.options.access.touch(workspace);
    return this.issue(record);
  }

  /** GET .../links (editor): live links, newest first. */
  async list(
    caller: Principal,
    workspaceId: string,
    query: { limit: number; pageToken?: string },
  ): Promise<{ items: IssuedLink[]; nextPageToken?: string }> {
    await this.options.access.open(caller, workspaceId, 'write');
    const queryId = sha256(`links.list\n${caller.uid}\n${workspaceId}`).slice(0, 16);
    let after: LinkCursor | undefined;
    if (query.pageToken !== undefined) {
      const cursor = this.options.pageTokens.decode(queryId, query.pageToken);
      if (!Array.isArray(cursor) || typeof cursor[0] !== 'number' || typeof cursor[1] !== 'string') {
        throw invalidArgument('pageToken is not valid for this listing.');
      }
      after = { createdAt: cursor[0], id: cursor[1] };
    }
    const now = this.now();
    const items: LinkRecord[] = [];
    let more = false;
    // Expired links still stored (until the purge sweeps them) are skipped, a batch at a time.
    for (;;) {
      const batch = await this.options.stores.links.listLinks(workspaceId, {
        ...(after && { after }),
        limit: query.limit + 1,
      });
      for (const link of batch) {
        if (link.expiresAt <= now) continue;
        if (items.length === query.limit) {
          more = true;
          break;
        }
        items.push(link);
      }
      const last = batch[batch.length - 1];
      if (more || batch.length <= query.limit || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const result: { items: IssuedLink[]; nextPageToken?: string } = { items: items.map((l) => this.issue(l)) };
    const last = items[items.length - 1];
    if (more && last) result.nextPageToken = this.options.pageTokens.encode(queryId, [last.createdAt, last.id]);
    return result;
  }

  /** DELETE .../links/{linkId} (editor): the token stops working at once, and open streams through it end. */
  async revoke(caller: Principal, workspaceId: string, linkId: string): Promise<void> {
    await this.options.access.open(caller, workspaceId, 'write');
    if (!(await this.options.stores.links.deleteLink(workspaceId, linkId))) throw notFound('Link not found.');
  }

  /**
   * The principal a link token stands for, or not_found for a token that is
   * forged, expired, revoked or names a workspace that is gone.
   */
  async principal(token: string): Promise<Principal> {
    const grant = this.tokens.read(token);
    if (!grant || grant.expiresAt <= this.now()) throw refused();
    const stored = await this.options.stores.links.getLink(grant.workspaceId, grant.id);
    if (
      !stored ||
      stored.scope !== grant.scope ||
      stored.checkpointId !== grant.checkpointId ||
      stored.expiresAt !== grant.expiresAt
    ) {
      throw refused();
    }
    return { uid: `link:${grant.id}`, link: grant };
  }

  /** Calls `onGone` once the link is revoked (or purged); the returned function stops watching. */
  watch(grant: LinkGrant, onGone: () => void, onError: (error: unknown) => void): Promise<() => void> {
    return this.options.stores.links.watchLink(grant.workspaceId, grant.id, onGone, onError);
  }

  private issue(link: LinkRecord): IssuedLink {
    return { link, token: this.tokens.mint(link) };
  }
}
