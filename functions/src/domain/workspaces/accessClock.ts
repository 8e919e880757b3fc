import { authorize, type Capability } from './access';
import type { Principal } from '../../ports/auth';
import type { WorkspaceRecord } from '../../ports/workspaces';
import type { MetadataPorts } from '../../ports';

/**
 * Authorizes a caller on a workspace and keeps its lastAccessedAt fresh.
 * lastAccessedAt is the purge's staleness clock, so every read or write a
 * member makes through the API counts as access; it is written at most once
 * per interval per workspace, so a busy workspace costs no extra writes.
 */
export class AccessClock {
  constructor(
    private readonly stores: Pick<MetadataPorts, 'workspaces'>,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async open(caller: Principal, workspaceId: string, capability: Capability): Promise<WorkspaceRecord> {
    const record = authorize(await this.stores.workspaces.getWorkspace(workspaceId), caller, capability);
    // Every request comes through here: when no touch is due, no further promise (each one costs
    // async hooks under functions-framework's per-request domain).
    return this.due(record) ? this.touch(record) : record;
  }

  private due(record: WorkspaceRecord): boolean {
    return record.lastAccessedAt < this.now() - this.intervalMs;
  }

  /** The record as it is after the touch (a copy when it was due: stores may hand out shared, frozen records). */
  async touch(record: WorkspaceRecord): Promise<WorkspaceRecord> {
    const now = this.now();
    const staleBefore = now - this.intervalMs;
    if (record.lastAccessedAt >= staleBefore) return record;
    await this.stores.workspaces.touchWorkspace(record.id, now, staleBefore);
    return { ...record, lastAccessedAt: now };
  }
}
