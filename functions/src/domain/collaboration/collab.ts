/**
 * Collaboration state beside a workspace: agent progress (editors write,
 * members read, monotonic per agent) and shared knowledge state (any JSON,
 * versioned, compare-and-set with If-Match).
 */
import { createHash } from 'node:crypto';
import type { AccessClock } from '../workspaces/accessClock';
import { ApiError, failedPrecondition, invalidArgument, notFound } from '../shared/errors';
import { etagMatches } from '../shared/etag';
import type { Principal } from '../../ports/auth';
import type { PageTokens } from '../shared/pageTokens';
import type { MetadataPorts } from '../../ports';
import type { StoredRecord } from '../../ports/records';

export const AGENT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface Agent {
  agentId: string;
  status: AgentStatus;
  step: string;
  progress: number;
  message: string;
  /** The agent's own sequence number of this report (monotonic within a run). */
  sequence: number;
  updatedAt: string;
  updatedBy: string;
}

export interface AgentReport {
  status: AgentStatus;
  step?: string;
  progress?: number;
  message?: string;
  sequence?: number;
}

export interface StateEntry {
  key: string;
  value: unknown;
  version: number;
  updatedAt: string;
  updatedBy: string;
  etag: string;
}

/** 256 KiB of JSON text, as the contract says. */
export const STATE_VALUE_MAX_BYTES = 256 * 1024;

const iso = (ms: number) => new Date(ms).toISOString();
const stateEtag = (key: string, version: number) =>
  createHash('sha256').update(`state:${key}:${version}`).digest('base64url').slice(0, 16);

export function toAgent(r: StoredRecord): Agent {
  const d = r.data as { status: AgentStatus; step: string; progress: number; message: string; sequence: number };
  return {
    agentId: r.key,
    status: d.status,
    step: d.step,
    progress: d.progress,
    message: d.message,
    sequence: d.sequence,
    updatedAt: iso(r.updatedAt),
    updatedBy: r.updatedBy,
  };
}

export function toStateEntry(r: StoredRecord): StateEntry {
  return {
    key: r.key,
    value: JSON.parse((r.data as { valueJson: string }).valueJson),
    version: r.version,
    updatedAt: iso(r.updatedAt),
    updatedBy: r.updatedBy,
    etag: stateEtag(r.key, r.version),
  };
}

export class CollabService {
  constructor(
    private readonly stores: Pick<MetadataPorts, 'transactions' | 'collab'>,
    private readonly pageTokens: PageTokens,
    private readonly access: AccessClock,
    private readonly now: () => number = Date.now,
  ) {}

  private async readable(caller: Principal, workspaceId: string) {
    return this.access.open(caller, workspaceId, 'read');
  }

  /**
   * Records an agent's progress. With `sequence`, a report older than (or
   * equal to) the stored one is ignored and the stored state is returned:
   * late, reordered reports never move progress backwards. Without it, the
   * server's arrival order decides.
   */
  async reportAgent(
    caller: Principal,
    workspaceId: string,
    agentId: string,
    report: AgentReport,
  ): Promise<{ agent: Agent; applied: boolean; created: boolean }> {
    await this.access.open(caller, workspaceId, 'write');
    return this.stores.transactions.run(async (tx) => {
      const current = await tx.getRecord('agents', workspaceId, agentId);
      const stored = current ? toAgent(current) : undefined;
      const sequence = report.sequence ?? (stored ? stored.sequence + 1 : 1);
      if (stored && report.sequence !== undefined && report.sequence <= stored.sequence) {
        return { agent: stored, applied: false, created: false };
      }
      const record: StoredRecord = {
        key: agentId,
        data: {
          status: report.status,
          step: report.step ?? '',
          progress: report.progress ?? (report.status === 'succeeded' ? 1 : (stored?.progress ?? 0)),
          message: report.message ?? '',
          sequence,
        },
        version: (current?.version ?? 0) + 1,
        updatedAt: this.now(),
        updatedBy: caller.uid,
        expiresAt: null,
      };
      tx.putRecord('agents', workspaceId, record);
      return { agent: toAgent(record), applied: true, created: !current };
    });
  }

  async getAgent(caller: Principal, workspaceId: string, agentId: string): Promise<Agent> {
    await this.readable(caller, workspaceId);
    const record = await this.stores.collab.getRecord('agents', workspaceId, agentId);
    if (!record) throw notFound('No such agent in this workspace.');
    return toAgent(record);
  }

  async listAgents(caller: Principal, workspaceId: string, query: { limit: number; pageToken?: string }) {
    await this.readable(caller, workspaceId);
    return this.page(caller, workspaceId, 'agents', query, toAgent);
  }

  async getState(caller: Principal, workspaceId: string, key: string): Promise<StateEntry> {
    await this.readable(caller, workspaceId);
    const record = await this.stores.collab.getRecord('state', workspaceId, key);
    if (!record) throw notFound('No such state key in this workspace.');
    return toStateEntry(record);
  }

  async listState(caller: Principal, workspaceId: string, query: { limit: number; pageToken?: string }) {
    await this.readable(caller, workspaceId);
    return this.page(caller, workspaceId, 'state', query, toStateEntry);
  }

  /**
   * Writes a value. With If-Match, only over that version (412 otherwise):
   * compare-and-set, in one transaction, so concurrent writers never lose an
   * update. `If-None-Match: *` only creates.
   */
  async putState(
    caller: Principal,
    workspaceId: string,
    key: string,
    value: unknown,
    conditions: { ifMatch?: string[]; createOnly?: boolean },
  ): Promise<{ entry: StateEntry; created: boolean }> {
    await this.access.open(caller, workspaceId, 'write');
    const valueJson = JSON.stringify(value);
    if (Buffer.byteLength(valueJson) > STATE_VALUE_MAX_BYTES) {
      throw new ApiError('payload_too_large', `A state value may be at most ${STATE_VALUE_MAX_BYTES} bytes of JSON.`, [
        { field: 'body.value', reason: `is more than ${STATE_VALUE_MAX_BYTES} bytes of JSON` },
      ]);
    }
    // Optimistic compare-and-set: read, check the caller's condition, write only
    // over the version read. Without a condition a lost race is simply retried.
    for (let attempt = 0; ; attempt++) {
      const current = await this.stores.collab.getRecord('state', workspaceId, key);
      if (conditions.createOnly && current) throw failedPrecondition('The key already exists (If-None-Match: *).');
      if (conditions.ifMatch && (!current || !etagMatches(conditions.ifMatch, stateEtag(key, current.version)))) {
        throw failedPrecondition('The value has changed since it was read (If-Match does not match its etag).');
      }
      const record: StoredRecord = {
        key,
        data: { valueJson },
        version: (current?.version ?? 0) + 1,
        updatedAt: this.now(),
        updatedBy: caller.uid,
        expiresAt: null,
      };
      if (await this.stores.collab.compareAndSetRecord('state', workspaceId, record, current?.version ?? null)) {
        return { entry: toStateEntry(record), created: !current };
      }
      if (conditions.ifMatch || conditions.createOnly) {
        throw failedPrecondition('The value changed while it was being written.');
      }
      if (attempt >= 20) throw new ApiError('aborted', 'Too many concurrent writes to this key; retry.');
    }
  }

  async deleteState(caller: Principal, workspaceId: string, key: string, ifMatch?: string[]): Promise<void> {
    await this.access.open(caller, workspaceId, 'write');
    await this.stores.transactions.run(async (tx) => {
      const current = await tx.getRecord('state', workspaceId, key);
      if (!current) throw notFound('No such state key in this workspace.');
      if (ifMatch && !etagMatches(ifMatch, stateEtag(key, current.version))) {
        throw failedPrecondition('The value has changed since it was read (If-Match does not match its etag).');
      }
      tx.deleteRecord('state', workspaceId, key);
    });
  }

  private async page<T>(
    caller: Principal,
    scope: string,
    kind: 'agents' | 'state',
    query: { limit: number; pageToken?: string },
    map: (r: StoredRecord) => T,
  ): Promise<{ items: T[]; nextPageToken?: string }> {
    const queryId = createHash('sha256').update(`${kind}.list\n${caller.uid}\n${scope}`).digest('hex').slice(0, 16);
    let after: string | undefined;
    if (query.pageToken !== undefined) {
      const cursor = this.pageTokens.decode(queryId, query.pageToken);
      if (typeof cursor !== 'string') throw invalidArgument('pageToken is not valid for this listing.');
      after = cursor;
    }
    const rows = await this.stores.collab.listRecords(kind, scope, {
      limit: query.limit + 1,
      ...(after !== undefined && { after }),
    });
    const page = rows.slice(0, query.limit);
    const result: { items: T[]; nextPageToken?: string } = { items: page.map(map) };
    if (rows.length > query.limit) result.nextPageToken = this.pageTokens.encode(queryId, page[page.length - 1]!.key);
    return result;
  }

  /** Copies every shared-state value of one workspace into another (for clone). */
  async copyState(fromWorkspace: string, toWorkspace: string, by: Principal): Promise<number> {
    let copied = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.stores.collab.listRecords('state', fromWorkspace, {
        limit: 100,
        ...(after !== undefined && { after }),
      });
      for (const record of page) {
        await this.stores.transactions.run(async (tx) => {
          tx.putRecord('state', toWorkspace, { ...record, version: 1, updatedAt: this.now(), updatedBy: by.uid });
        });
        copied++;
      }
      if (page.length < 100) return copied;
      after = page[page.length - 1]!.key;
    }
  }
}
