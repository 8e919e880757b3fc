/**
 * The purge pass's history step (docs/history.md, "Retention, garbage and
 * the purge"): walks the live workspaces in id order from a saved cursor and,
 * for each one,
 * 1. trim: drops the kept versions past retention or beyond the per-file
 *    bound that no checkpoint holds, one transaction per entry that re-reads
 *    it and moves `versionBytes` by what it dropped; a tombstone left with no
 *    version goes;
 * 2. sweep: deletes the objects under `blobs/` that no entry, kept version
 *    or checkpoint names, and every staged upload under `uploads/` (a claimed
 *    one is copied into a blob, an unclaimed one expired long ago), each only
 *    once it is older than the grace period, so the bytes a commit in flight
 *    has staged are never taken.
 * The cursor (workspace, phase, last path) is saved after every page, so a
 * pass that stops or dies anywhere is continued by the next one; each step
 * re-reads what it changes, so doing one again changes nothing.
 */
import type { MetadataPorts } from '../../ports';
import { BlobPreconditionFailed, type BlobStore } from '../../ports/blobs';
import type { FileEntry, FileVersion } from '../../ports/fileIndex';
import type { Logger } from '../../ports/logger';
import { keptBytes } from '../history/commitEngine';
import { heldByCheckpoints, heldKey, type HeldSet } from '../history/held';
import { mapWithConcurrency } from '../shared/pool';

export interface RetentionSettings {
  /** Kept versions replaced longer ago than this go (WEBSPLAT_VERSION_RETENTION_DAYS). */
  retentionDays: number;
  /** At most this many kept versions per path (WEBSPLAT_VERSIONS_PER_FILE). */
  versionsPerFile: number;
  /** Unreferenced objects younger than this stay (bytes of a commit in flight); default GRACE_MS. */
  graceMs?: number;
  /** A new walk over every workspace starts at most this often; default CYCLE_MS. */
  cycleMs?: number;
  /** At most this many workspaces finished per pass; default WORKSPACES_PER_PASS. */
  workspacesPerPass?: number;
}

export interface RetentionReport {
  /** False when the last walk finished less than cycleMs ago (nothing to do yet). */
  ran: boolean;
  workspacesDone: number;
  versionsDropped: number;
  tombstonesDeleted: number;
  /** What versionBytes went down by. */
  versionBytesFreed: number;
  objectsSwept: number;
  bytesSwept: number;
  /** The walk reached the last workspace in this pass. */
  cycleComplete: boolean;
}

/** Where the walk stands (saved as the `retention` maintenance cursor). */
export interface RetentionCursor {
  cycleStartedAt: number;
  /** The walk of this cycle reached the end: idle until cycleMs after cycleStartedAt. */
  done: boolean;
  /** Every workspace up to this id is done in this cycle. */
  lastDone?: string;
  current?: { workspaceId: string; phase: 'trim' | 'sweep'; after?: string };
}

export const RETENTION_STEP = 'retention';
export const GRACE_MS = 3600_000;
export const CYCLE_MS = 24 * 3600_000;
const WORKSPACES_PER_PASS = 200;
const ENTRY_PAGE = 300;
const OBJECT_PAGE = 1000;
const DELETE_CONCURRENCY = 16;
const DAY_MS = 24 * 3600_000;

export class RetentionDeadline extends Error {}

/**
 * The versions an entry keeps after retention, or null when nothing goes. A
 * version's age counts from when it was replaced (the next newer version's
 * time), so a file unchanged for months keeps its previous version for the
 * whole retention period after it is finally overwritten.
 */
export function versionsToKeep(
  entry: FileEntry,
  rules: { now: number; retentionMs: number; versionsPerFile: number; held: HeldSet },
): FileVersion[] | null {
  const versions = entry.versions ?? [];
  const oldest = rules.now - rules.retentionMs;
  let replacedAt = entry.updatedAt;
  const keep: FileVersion[] = [];
  versions.forEach((v, i) => {
    const held =
      rules.held.versions.has(heldKey(entry.path, v.generation)) ||
      (v.blob !== undefined && rules.held.blobs.has(v.blob));
    if (held || (i < rules.versionsPerFile && replacedAt >= oldest)) keep.push(v);
    replacedAt = v.createdAt;
  });
  return keep.length === versions.length ? null : keep;
}

const lastSegment = (name: string) => name.slice(name.lastIndexOf('/') + 1);

export class RetentionPass {
  private readonly now: () => number;
  private readonly held: (workspaceId: string) => Promise<HeldSet>;

  constructor(
    private readonly deps: {
      stores: Pick<MetadataPorts, 'transactions' | 'lifecycle' | 'history' | 'fileIndex' | 'collab'>;
      blobs: BlobStore;
      logger: Logger;
      now?: () => number;
      /** What checkpoints hold; heldByCheckpoints unless a caller knows better. */
      held?: (workspaceId: string) => Promise<HeldSet>;
    },
  ) {
    this.now = deps.now ?? Date.now;
    this.held = deps.held ?? heldByCheckpoints(deps.stores, deps.blobs);
  }

  /** One bounded slice of the walk; throws RetentionDeadline (after saving the cursor) when time runs out. */
  async run(settings: RetentionSettings, deadline: number, report: RetentionReport): Promise<void> {
    const { lifecycle } = this.deps.stores;
    const saved = await lifecycle.getMaintenanceCursor(RETENTION_STEP);
    let cursor: RetentionCursor = saved ? (JSON.parse(saved) as RetentionCursor) : { cycleStartedAt: 0, done: true };
    if (cursor.done) {
      if (this.now() - cursor.cycleStartedAt < (settings.cycleMs ?? CYCLE_MS)) return;
      cursor = { cycleStartedAt: this.now(), done: false };
      await this.save(cursor);
    }
    report.ran = true;
    const limit = settings.workspacesPerPass ?? WORKSPACES_PER_PASS;
    for (let finished = 0; finished < limit;) {
      if (!cursor.current) {
        const page = await lifecycle.listAllWorkspaces({
          limit: 50,
          ...(cursor.lastDone !== undefined && { after: cursor.lastDone }),
        });
        // Deleted workspaces are the purge's; they are skipped, not walked.
        const next = page.find((w) => w.status !== 'deleted');
        if (!next) {
          if (page.length === 0) {
            cursor = { cycleStartedAt: cursor.cycleStartedAt, done: true };
            await this.save(cursor);
            report.cycleComplete = true;
            return;
          }
          cursor = { ...cursor, lastDone: page[page.length - 1]!.id };
          continue;
        }
        cursor = { ...cursor, current: { workspaceId: next.id, phase: 'trim' } };
        await this.save(cursor);
      }
      const current = cursor.current!;
      // A walk from the first entry also collects what the sweep must keep (one listing, not two).
      let referenced: Set<string> | undefined;
      if (current.phase === 'trim') {
        const save = async (after: string) => {
          cursor = { ...cursor, current: { ...current, after } };
          await this.save(cursor);
        };
        if (current.after === undefined) referenced = new Set();
        await this.trim(current.workspaceId, settings, deadline, report, {
          saved: save,
          from: current.after,
          referenced,
        });
        cursor = { ...cursor, current: { workspaceId: current.workspaceId, phase: 'sweep' } };
        await this.save(cursor);
      }
      await this.sweep(current.workspaceId, settings, deadline, report, referenced);
      const { current: _done, ...rest } = cursor;
      cursor = { ...rest, lastDone: current.workspaceId };
      await this.save(cursor);
      report.workspacesDone++;
      finished++;
    }
  }

  private save(cursor: RetentionCursor): Promise<void> {
    return this.deps.stores.lifecycle.putMaintenanceCursor(RETENTION_STEP, JSON.stringify(cursor));
  }

  private checkDeadline(deadline: number): void {
    if (this.now() >= deadline) throw new RetentionDeadline();
  }

  /** Step 1 for one workspace, a page of entries at a time from the cursor's path. */
  async trim(
    workspaceId: string,
    settings: RetentionSettings,
    deadline: number,
    report: RetentionReport,
    options: {
      /** Called with the last path of each finished page (the cursor). */
      saved?: (after: string) => Promise<void>;
      /** Start after this path. */
      from?: string | undefined;
      /** Filled with every blob the entries name once trimmed (the sweep's references). */
      referenced?: Set<string> | undefined;
    } = {},
  ): Promise<void> {
    const refer = (e: FileEntry | null) => {
      if (!e || !options.referenced) return;
      if (e.blob !== undefined) options.referenced.add(e.blob);
      for (const v of e.versions ?? []) if (v.blob !== undefined) options.referenced.add(v.blob);
    };
    const { history, transactions } = this.deps.stores;
    const held = await this.held(workspaceId);
    const rules = () => ({
      now: this.now(),
      retentionMs: settings.retentionDays * DAY_MS,
      versionsPerFile: settings.versionsPerFile,
      held,
    });
    let after = options.from;
    for (;;) {
      this.checkDeadline(deadline);
      const page = await history.listEntries(workspaceId, { limit: ENTRY_PAGE, ...(after !== undefined && { after }) });
      for (const listed of page) {
        if (versionsToKeep(listed, rules()) === null) {
          refer(listed);
          continue;
        }
        // Re-read inside the transaction: a commit since the listing may have changed the entry.
        const outcome = await transactions.run(async (tx) => {
          const entry = await tx.getFileEntry(workspaceId, listed.path);
          const keep = entry && versionsToKeep(entry, rules());
          if (!entry || !keep) return { left: entry, dropped: 0, freed: 0, tombstoneGone: false };
          const tombstoneGone = entry.deleted && keep.length === 0;
          if (tombstoneGone) tx.deleteTombstone(workspaceId, entry.path);
          else tx.putVersions(workspaceId, entry.path, keep);
          const freed = keptBytes(entry) - (tombstoneGone ? 0 : keptBytes({ ...entry, versions: keep }));
          if (freed !== 0) tx.adjustCounters(workspaceId, { files: 0, bytes: 0, versionBytes: -freed });
          const left = tombstoneGone ? null : { ...entry, versions: keep };
          return { left, dropped: (entry.versions ?? []).length - keep.length, freed, tombstoneGone };
        });
        refer(outcome.left);
        report.versionsDropped += outcome.dropped;
        report.versionBytesFreed += outcome.freed;
        if (outcome.tombstoneGone) report.tombstonesDeleted++;
      }
      if (page.length < ENTRY_PAGE) return;
      after = page[page.length - 1]!.path;
      await options.saved?.(after);
    }
  }

  /**
   * Step 2 for one workspace: the unreferenced objects older than the grace
   * period. `known`: the blobs a trim walk from the first entry just found
   * named (else the entries are listed again here).
   */
  async sweep(
    workspaceId: string,
    settings: RetentionSettings,
    deadline: number,
    report: RetentionReport,
    known?: Set<string>,
  ) {
    const { history } = this.deps.stores;
    const referenced = new Set([...(await this.held(workspaceId)).blobs, ...(known ?? [])]);
    let after: string | undefined;
    for (; known === undefined;) {
      this.checkDeadline(deadline);
      const page = await history.listEntries(workspaceId, { limit: ENTRY_PAGE, ...(after !== undefined && { after }) });
      for (const e of page) {
        if (e.blob !== undefined) referenced.add(e.blob);
        for (const v of e.versions ?? []) if (v.blob !== undefined) referenced.add(v.blob);
      }
      if (page.length < ENTRY_PAGE) break;
      after = page[page.length - 1]!.path;
    }
    // Listed after the references were read: an object staged since is younger than the grace period.
    const olderThan = this.now() - (settings.graceMs ?? GRACE_MS);
    for (const folder of ['blobs', 'uploads'] as const) {
      let pageToken: string | undefined;
      do {
        this.checkDeadline(deadline);
        const page = await this.deps.blobs.list(`workspaces/${workspaceId}/${folder}/`, {
          limit: OBJECT_PAGE,
          ...(pageToken && { pageToken }),
        });
        const garbage = page.items.filter(
          (info) => info.updatedAt < olderThan && (folder === 'uploads' || !referenced.has(lastSegment(info.name))),
        );
        let failure: unknown;
        const sizes = await mapWithConcurrency(garbage, DELETE_CONCURRENCY, async (info) => {
          try {
            return (await this.deps.blobs.delete(info.name, { ifGenerationMatch: info.generation })) ? info.size : -1;
          } catch (error) {
            if (!(error instanceof BlobPreconditionFailed)) failure ??= error;
            return -1;
          }
        });
        for (const size of sizes) {
          if (size < 0) continue;
          report.objectsSwept++;
          report.bytesSwept += size;
        }
        if (failure) throw failure;
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
  }
}

export const emptyRetentionReport = (): RetentionReport => ({
  ran: false,
  workspacesDone: 0,
  versionsDropped: 0,
  tombstonesDeleted: 0,
  versionBytesFreed: 0,
  objectsSwept: 0,
  bytesSwept: 0,
  cycleComplete: false,
});
