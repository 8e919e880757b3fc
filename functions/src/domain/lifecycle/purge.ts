/**
 * The purge: one bounded, resumable pass that removes deleted and stale
 * workspaces (every object, every document, then the workspace itself),
 * expired sessions, idempotency records, links and cache entries, and reconciles a
 * small sample of recently active workspaces. The same pass runs as the
 * scheduled function `purge` and as `websplat purge`.
 *
 * Safety, step by step:
 * 1. claim: a transaction re-reads the workspace and keeps it unless it is
 *    deleted or still stale; a claimed workspace becomes `deleted` at once (so
 *    it can never be seen half-removed) and gets a purge record with a lease.
 * 2. objects: deleted a listing page at a time, with bounded concurrency.
 * 3. documents: file entries, agents and state, a batch at a time.
 * 4. finish: one transaction deletes the workspace document and marks the
 *    record `purged`, only once no document is left under it.
 * Every step is idempotent and its progress is stored, so a pass that dies
 * anywhere leaves a `deleted` workspace that the next pass simply continues.
 * Writes that race the claim are removed by whoever sees the workspace gone
 * (the API's inline index, the finalize trigger), and a later pass verifies
 * each completed purge once more and removes any straggler.
 */
import { mapWithConcurrency } from '../shared/pool';
import { workspaceRootPrefix } from '../files/paths';
import type { PurgeRecord } from '../../ports/lifecycle';
import type { WorkspaceRecord } from '../../ports/workspaces';
import type { Reconciler, ReconcileReport } from './reconcile';
import { CACHE_PREFIX, cacheEntryExpired } from '../userData/userData';
import type { Logger } from '../../ports/logger';
import { BlobPreconditionFailed, type BlobStore } from '../../ports/blobs';
import type { MetadataPorts } from '../../ports';
import type { HeldSet } from '../history/held';
import {
  emptyRetentionReport,
  RetentionDeadline,
  RetentionPass,
  type RetentionReport,
  type RetentionSettings,
} from './retention';

export interface PurgeSettings {
  /** A workspace not accessed for this long is purged. */
  staleAfterMs: number;
  /** The pass starts no new work after this long (keep it well below the function timeout). */
  budgetMs: number;
  /** Report what would be removed; change nothing. */
  dryRun?: boolean;
  /** How many recently active workspaces to reconcile per pass. */
  reconcileSample: number;
  /** How long a claim keeps other passes away (renewed at every step); default LEASE_MS. */
  leaseMs?: number;
  /** The history step (retention and the sweep of unreferenced bytes); absent: not run. */
  retention?: RetentionSettings;
}

/** Named points between the steps, where tests inject crashes. */
export type PurgeStep = 'claim' | 'objects' | 'documents' | 'finish' | 'verify' | 'expired' | 'retention';

export interface PurgeHooks {
  /** Called between deciding a workspace is a candidate and claiming it. */
  beforeClaim?(workspaceId: string): Promise<void> | void;
  afterStep?(step: PurgeStep, workspaceId?: string): Promise<void> | void;
}

export interface WorkspacePurgeResult {
  workspaceId: string;
  name?: string;
  reason?: PurgeRecord['reason'];
  /**
   * purged: gone completely; in_progress: the budget ran out (the next pass
   * continues); kept: fresh after all; busy: another pass holds its lease;
   * would_purge: dry run; failed: an error (logged; the next pass retries).
   */
  outcome: 'purged' | 'in_progress' | 'kept' | 'busy' | 'would_purge' | 'failed';
  fileCount: number;
  totalBytes: number;
  objectsDeleted: number;
  bytesDeleted: number;
  documentsDeleted: number;
  error?: string;
}

export interface PurgeReport {
  dryRun: boolean;
  startedAt: string;
  elapsedMs: number;
  staleBefore: string;
  workspaces: WorkspacePurgeResult[];
  /** Candidates left for later passes (at least this many). */
  backlog: number;
  sessionsDeleted: number;
  idempotencyKeysDeleted: number;
  /** Expired links (a live workspace's; a purged workspace's links go with it). */
  linksDeleted: number;
  cacheEntriesDeleted: number;
  /** Objects or documents found after a completed purge (writes that raced it), now removed. */
  stragglersDeleted: number;
  reconciled: ReconcileReport[];
  /** The history step: versions past retention, tombstones, unreferenced bytes. */
  retention: RetentionReport;
  /** True when nothing was left undone (no backlog, no failure). */
  complete: boolean;
}

export interface PurgeDeps {
  stores: Pick<MetadataPorts, 'transactions' | 'lifecycle' | 'history' | 'fileIndex' | 'collab'>;
  blobs: BlobStore;
  reconciler: Reconciler;
  /** What checkpoints hold (the retention step); heldByCheckpoints by default. */
  held?: (workspaceId: string) => Promise<HeldSet>;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  hooks?: PurgeHooks;
}

const CANDIDATES_PER_PASS = 100;
const OBJECT_PAGE = 1000;
const DOCUMENT_BATCH = 500;
const DELETE_CONCURRENCY = 16;
/** A claim is renewed with every step; a purger that died frees the workspace after this long. */
export const LEASE_MS = 2 * 60_000;
/** A completed purge is checked again after this long (longer than any request that raced it). */
export const VERIFY_AFTER_MS = 15 * 60_000;
/** The reconciler samples workspaces accessed within this window. */
const RECENT_MS = 24 * 3600_000;

class DeadlineReached extends Error {}

export class PurgeService {
  private readonly now: () => number;

  constructor(private readonly deps: PurgeDeps) {
    this.now = deps.now ?? Date.now;
  }

  async runPass(settings: PurgeSettings): Promise<PurgeReport> {
    const startedAt = this.now();
    const deadline = startedAt + settings.budgetMs;
    const staleBefore = startedAt - settings.staleAfterMs;
    const dryRun = settings.dryRun === true;
    const report: PurgeReport = {
      dryRun,
      startedAt: new Date(startedAt).toISOString(),
      elapsedMs: 0,
      staleBefore: new Date(staleBefore).toISOString(),
      workspaces: [],
      backlog: 0,
      sessionsDeleted: 0,
      idempotencyKeysDeleted: 0,
      linksDeleted: 0,
      cacheEntriesDeleted: 0,
      stragglersDeleted: 0,
      reconciled: [],
      retention: emptyRetentionReport(),
      complete: false,
    };
    const { stores, logger } = this.deps;

    const seen = new Set<string>();
    const candidates = (await stores.lifecycle.listPurgeCandidates({ staleBefore, limit: CANDIDATES_PER_PASS })).filter(
      (w) => !seen.has(w.id) && seen.add(w.id),
    );
    let failures = 0;
    for (const workspace of candidates) {
      if (this.now() >= deadline) {
        report.backlog++;
        continue;
      }
      const result = dryRun
        ? this.wouldPurge(workspace, staleBefore)
        : await this.purgeWorkspace(workspace, staleBefore, deadline, settings.leaseMs ?? LEASE_MS).catch(
            (error: unknown) => this.failed(workspace, error),
          );
      if (result.outcome === 'failed') failures++;
      if (result.outcome === 'in_progress' || result.outcome === 'failed' || result.outcome === 'busy') {
        report.backlog++;
      }
      report.workspaces.push(result);
      if (result.outcome !== 'kept') logger.info(`purge ${result.outcome}: ${workspace.id}`, workspaceLog(result));
    }
    // A full page of candidates means there may be more behind it.
    if (candidates.length >= CANDIDATES_PER_PASS) report.backlog++;

    try {
      if (!dryRun) report.stragglersDeleted = await this.verifyCompleted(deadline);
      await this.deleteExpired(report, deadline);
      // Dry runs report workspaces only: the history step has nothing to preview cheaply.
      if (settings.retention && !dryRun) await this.retain(settings.retention, deadline, report);
      if (this.now() < deadline) report.reconciled = await this.reconcileSample(settings, deadline, dryRun);
    } catch (error) {
      if (!(error instanceof DeadlineReached)) {
        failures++;
        logger.error('purge step failed', { event: 'purge.failed', step: 'maintenance', error: describe(error) });
      }
    }

    report.elapsedMs = this.now() - startedAt;
    report.complete = failures === 0 && report.backlog === 0;
    const purged = report.workspaces.filter((w) => w.outcome === 'purged');
    logger.info(`purge pass ${report.complete ? 'complete' : 'incomplete'}`, {
      event: 'purge.pass',
      dryRun,
      workspacesPurged: purged.length,
      workspacesInProgress: report.workspaces.filter((w) => w.outcome === 'in_progress').length,
      workspacesKept: report.workspaces.filter((w) => w.outcome === 'kept').length,
      workspacesFailed: failures,
      objectsDeleted: sum(report.workspaces, 'objectsDeleted'),
      bytesDeleted: sum(report.workspaces, 'bytesDeleted'),
      documentsDeleted: sum(report.workspaces, 'documentsDeleted'),
      sessionsDeleted: report.sessionsDeleted,
      idempotencyKeysDeleted: report.idempotencyKeysDeleted,
      linksDeleted: report.linksDeleted,
      cacheEntriesDeleted: report.cacheEntriesDeleted,
      stragglersDeleted: report.stragglersDeleted,
      reconciled: report.reconciled.length,
      ...Object.fromEntries(
        Object.entries(report.retention).map(([key, value]) => [
          `retention${key[0]!.toUpperCase()}${key.slice(1)}`,
          value,
        ]),
      ),
      backlog: report.backlog,
      elapsedMs: report.elapsedMs,
      complete: report.complete,
    });
    return report;
  }

  private wouldPurge(workspace: WorkspaceRecord, staleBefore: number): WorkspacePurgeResult {
    const reason = reasonToPurge(workspace, staleBefore);
    return {
      ...emptyResult(workspace),
      ...(reason && { reason }),
      outcome: reason ? 'would_purge' : 'kept',
    };
  }

  private failed(workspace: WorkspaceRecord, error: unknown): WorkspacePurgeResult {
    this.deps.logger.error(`purge failed: ${workspace.id}`, {
      event: 'purge.failed',
      workspaceId: workspace.id,
      step: 'workspace',
      error: describe(error),
    });
    return { ...emptyResult(workspace), outcome: 'failed', error: describe(error) };
  }

  private async step(step: PurgeStep, workspaceId?: string): Promise<void> {
    await this.deps.hooks?.afterStep?.(step, workspaceId);
  }

  /** Claims one workspace and removes as much of it as the deadline allows. */
  private async purgeWorkspace(
    workspace: WorkspaceRecord,
    staleBefore: number,
    deadline: number,
    leaseMs: number,
  ): Promise<WorkspacePurgeResult> {
    const { stores } = this.deps;
    const id = workspace.id;
    await this.deps.hooks?.beforeClaim?.(id);
    const claim = await stores.transactions.run(async (tx) => {
      const current = await tx.getWorkspace(id);
      const existing = await tx.getPurgeRecord(id);
      const now = this.now();
      if (!current) return existing?.state === 'purging' ? { record: existing } : null;
      const reason = reasonToPurge(current, staleBefore);
      if (!reason) return null;
      if (existing?.state === 'purging' && existing.leaseUntil > now) return 'busy' as const;
      const record: PurgeRecord = {
        ...(existing?.state === 'purging' ? existing : newPurgeRecord(current, reason, now)),
        leaseUntil: now + leaseMs,
      };
      record.passes++;
      if (current.status !== 'deleted') {
        tx.updateWorkspace(id, {
          status: 'deleted',
          deletedAt: now,
          deletedBy: record.requestedBy,
          updatedAt: now,
          version: current.version + 1,
        });
      }
      tx.putPurgeRecord(record);
      return { record };
    });
    if (claim === 'busy') return { ...emptyResult(workspace), outcome: 'busy' };
    if (!claim) return { ...emptyResult(workspace), outcome: 'kept' };
    let record = claim.record;
    await this.step('claim', id);

    const result = (outcome: WorkspacePurgeResult['outcome']): WorkspacePurgeResult => ({
      workspaceId: id,
      name: record.name,
      reason: record.reason,
      outcome,
      fileCount: record.fileCount,
      totalBytes: record.totalBytes,
      objectsDeleted: record.objectsDeleted,
      bytesDeleted: record.bytesDeleted,
      documentsDeleted: record.documentsDeleted,
    });
    const progress = async (changes: Partial<PurgeRecord>) => {
      record = { ...record, ...changes, leaseUntil: this.now() + leaseMs };
      await stores.lifecycle.putPurgeRecord(record);
    };

    // Objects first: the documents are what says there is something left to purge.
    for (;;) {
      if (this.now() >= deadline) return result('in_progress');
      const removed = await this.deleteObjectsPage(workspaceRootPrefix(id));
      if (removed.listed === 0) break;
      await progress({
        objectsDeleted: record.objectsDeleted + removed.count,
        bytesDeleted: record.bytesDeleted + removed.bytes,
      });
      if (removed.failure) throw removed.failure;
      await this.step('objects', id);
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      for (;;) {
        if (this.now() >= deadline) return result('in_progress');
        const removed = await stores.lifecycle.deleteWorkspaceDocuments(id, DOCUMENT_BATCH);
        if (removed === 0) break;
        await progress({ documentsDeleted: record.documentsDeleted + removed });
        await this.step('documents', id);
      }
      const finished = await stores.transactions.run(async (tx) => {
        const current = await tx.getWorkspace(id);
        const stored = await tx.getPurgeRecord(id);
        // A write that raced the claim may have added a document meanwhile.
        if (await tx.hasWorkspaceDocuments(id)) return null;
        if (current) tx.deleteWorkspace(id);
        const done: PurgeRecord = {
          ...(stored ?? record),
          objectsDeleted: record.objectsDeleted,
          bytesDeleted: record.bytesDeleted,
          documentsDeleted: record.documentsDeleted + (current ? 1 : 0),
          state: 'purged',
          completedAt: this.now(),
          leaseUntil: 0,
        };
        tx.putPurgeRecord(done);
        return done;
      });
      if (finished) {
        record = finished;
        await this.step('finish', id);
        return result('purged');
      }
    }
    return result('in_progress');
  }

  /**
   * Deletes one listing page of objects under `prefix`: how many went, their
   * bytes, and how many were listed (0: nothing is left). An object that
   * changed meanwhile is left to the next listing. Any other failure is
   * returned after the rest of the page is done, so the caller can save the
   * progress made before giving up: a workspace is never finished with
   * objects still under it, and its counts stay exact.
   */
  private async deleteObjectsPage(prefix: string) {
    const page = await this.deps.blobs.list(prefix, { limit: OBJECT_PAGE });
    let failure: unknown;
    const sizes = await mapWithConcurrency(page.items, DELETE_CONCURRENCY, async (info) => {
      try {
        return (await this.deps.blobs.delete(info.name, { ifGenerationMatch: info.generation })) ? info.size : -1;
      } catch (error) {
        if (!(error instanceof BlobPreconditionFailed)) failure ??= error;
        return -1;
      }
    });
    const deleted = sizes.filter((size) => size >= 0);
    return {
      count: deleted.length,
      bytes: deleted.reduce((a, b) => a + b, 0),
      listed: page.items.length,
      failure,
    };
  }

  /**
   * Completed purges are checked once more after VERIFY_AFTER_MS: anything
   * found under the workspace (a write that raced the purge) is removed.
   */
  private async verifyCompleted(deadline: number): Promise<number> {
    const { stores } = this.deps;
    const due = this.now() - VERIFY_AFTER_MS;
    let removed = 0;
    let after: string | undefined;
    for (;;) {
      const page = await stores.lifecycle.listPurgeRecords({ unverified: true, limit: 50, ...(after && { after }) });
      for (const record of page) {
        if (this.now() >= deadline) throw new DeadlineReached();
        if ((record.completedAt ?? Infinity) > due) continue;
        let stragglers = 0;
        for (;;) {
          if (this.now() >= deadline) throw new DeadlineReached();
          const page = await this.deleteObjectsPage(workspaceRootPrefix(record.workspaceId));
          if (page.failure) throw page.failure;
          stragglers += page.count;
          if (page.listed === 0) break;
        }
        for (;;) {
          const n = await stores.lifecycle.deleteWorkspaceDocuments(record.workspaceId, DOCUMENT_BATCH);
          stragglers += n;
          if (n === 0) break;
        }
        if (stragglers > 0) {
          this.deps.logger.warn(`purge removed stragglers of ${record.workspaceId}`, {
            event: 'purge.stragglers',
            workspaceId: record.workspaceId,
            stragglers,
          });
        }
        await stores.lifecycle.putPurgeRecord({
          ...record,
          verifiedAt: this.now(),
          stragglersDeleted: record.stragglersDeleted + stragglers,
        });
        removed += stragglers;
        await this.step('verify', record.workspaceId);
      }
      if (page.length < 50) return removed;
      after = page[page.length - 1]!.workspaceId;
    }
  }

  /** Expired sessions, idempotency records and cache entries, in batches until none are left. */
  private async deleteExpired(report: PurgeReport, deadline: number): Promise<void> {
    const { stores } = this.deps;
    const now = this.now();
    const dryRun = report.dryRun;
    const counts = {
      sessions: 'sessionsDeleted',
      idempotencyKeys: 'idempotencyKeysDeleted',
      links: 'linksDeleted',
    } as const;
    for (const kind of ['sessions', 'idempotencyKeys', 'links'] as const) {
      for (;;) {
        if (this.now() >= deadline) throw new DeadlineReached();
        const n = await stores.lifecycle.deleteExpired(kind, now, DOCUMENT_BATCH, { dryRun });
        report[counts[kind]] += n;
        if (dryRun || n < DOCUMENT_BATCH) break;
      }
    }
    // Cache entries carry their expiry in object metadata: walk the listing, a page at a time.
    let pageToken: string | undefined;
    do {
      if (this.now() >= deadline) throw new DeadlineReached();
      const page = await this.deps.blobs.list(CACHE_PREFIX, { limit: OBJECT_PAGE, ...(pageToken && { pageToken }) });
      const expired = page.items.filter((info) => cacheEntryExpired(info, now));
      if (dryRun) report.cacheEntriesDeleted += expired.length;
      else {
        const gone = await mapWithConcurrency(expired, DELETE_CONCURRENCY, (info) =>
          this.deps.blobs.delete(info.name, { ifGenerationMatch: info.generation }).catch(() => false),
        );
        report.cacheEntriesDeleted += gone.filter(Boolean).length;
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    await this.step('expired');
  }

  /** The history step: a slice of the retention walk (the cursor carries the rest to the next pass). */
  private async retain(settings: RetentionSettings, deadline: number, report: PurgeReport): Promise<void> {
    const pass = new RetentionPass({
      stores: this.deps.stores,
      blobs: this.deps.blobs,
      logger: this.deps.logger,
      now: this.now,
      ...(this.deps.held && { held: this.deps.held }),
    });
    try {
      await pass.run(settings, deadline, report.retention);
    } catch (error) {
      if (error instanceof RetentionDeadline) throw new DeadlineReached();
      throw error;
    } finally {
      if (report.retention.ran && !report.retention.cycleComplete) report.backlog++;
    }
    await this.step('retention');
  }

  /** Reconciles a few workspaces accessed in the last day, starting at a random point of that window. */
  private async reconcileSample(settings: PurgeSettings, deadline: number, dryRun: boolean) {
    const size = settings.reconcileSample;
    if (size <= 0) return [];
    const now = this.now();
    const windowStart = now - RECENT_MS;
    const from = windowStart + Math.floor((this.deps.random ?? Math.random)() * RECENT_MS);
    const picked = await this.deps.stores.lifecycle.listAccessedSince({ since: from, limit: size });
    if (picked.length < size) {
      const more = await this.deps.stores.lifecycle.listAccessedSince({ since: windowStart, limit: size });
      for (const w of more) if (picked.length < size && !picked.some((p) => p.id === w.id)) picked.push(w);
    }
    const reports: ReconcileReport[] = [];
    for (const workspace of picked) {
      if (workspace.status === 'deleted' || this.now() >= deadline) continue;
      const report = await this.deps.reconciler.reconcile(workspace.id, { repair: !dryRun, deadline });
      if (report) reports.push(report);
    }
    return reports;
  }
}

function reasonToPurge(workspace: WorkspaceRecord, staleBefore: number): PurgeRecord['reason'] | null {
  if (workspace.status === 'deleted') return 'deleted';
  return workspace.lastAccessedAt < staleBefore ? 'stale' : null;
}

function newPurgeRecord(workspace: WorkspaceRecord, reason: PurgeRecord['reason'], now: number): PurgeRecord {
  return {
    workspaceId: workspace.id,
    name: workspace.name,
    description: workspace.description,
    ownerId: workspace.ownerId,
    members: workspace.members,
    metadata: workspace.metadata,
    createdAt: workspace.createdAt,
    reason,
    requestedBy: reason === 'deleted' ? (workspace.deletedBy ?? 'unknown') : 'purge',
    lastAccessedAt: workspace.lastAccessedAt,
    fileCount: workspace.fileCount,
    totalBytes: workspace.totalBytes,
    state: 'purging',
    claimedAt: now,
    leaseUntil: now + LEASE_MS,
    passes: 0,
    objectsDeleted: 0,
    bytesDeleted: 0,
    documentsDeleted: 0,
    completedAt: null,
    verifiedAt: null,
    stragglersDeleted: 0,
    restoredAt: null,
  };
}

function emptyResult(workspace: WorkspaceRecord): Omit<WorkspacePurgeResult, 'outcome'> {
  return {
    workspaceId: workspace.id,
    name: workspace.name,
    fileCount: workspace.fileCount,
    totalBytes: workspace.totalBytes,
    objectsDeleted: 0,
    bytesDeleted: 0,
    documentsDeleted: 0,
  };
}

function workspaceLog(result: WorkspacePurgeResult): Record<string, unknown> {
  return { event: 'purge.workspace', ...result };
}

const sum = (items: WorkspacePurgeResult[], key: 'objectsDeleted' | 'bytesDeleted' | 'documentsDeleted') =>
  items.reduce((total, item) => total + item[key], 0);

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
