import { authorize, type Capability } from './access';
import type { Principal, WorkspaceRecord } from './model';
import type { MetadataStore } from '../ports/metadata';

/**
 * Authorizes a caller on a workspace and keeps its lastAccessedAt fresh.
 * lastAccessedAt is the purge's staleness clock, so every read or write a
 * member makes through the API counts as access; it is written at most once
 * per interval per workspace, so a busy workspace costs no extra writes.
 */
export class AccessClock {
  constructor(
    private readonly store: MetadataStore,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async open(caller: Principal, workspaceId: string, capability: Capability): Promise<WorkspaceRecord> {
    const record = authorize(await this.store.getWorkspace(workspaceId), caller, capability);
    await this.touch(record);
    return record;
  }

  async touch(record: WorkspaceRecord): Promise<void> {
    const now = this.now();
    const staleBefore = now - this.intervalMs;
    if (record.lastAccessedAt >= staleBefore) return;
    await this.store.touchWorkspace(record.id, now, staleBefore);
    record.lastAccessedAt = now;
  }
}
