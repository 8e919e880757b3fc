/**
 * Reconciles a workspace's file index with the bucket listing, in both
 * directions (objects without entries, entries without objects, entries
 * describing other bytes) and then its counters. Used by `websplat reindex`
 * (the recovery path when Storage events were lost) and, on a small sample
 * of recently active workspaces, by every purge pass, so lost events heal
 * before anyone notices them.
 *
 * Both listings are walked a page at a time in name order, so a workspace of
 * any size is reconciled in bounded memory. Every repair re-reads the object
 * and the entry first and goes through repairDecision() in a transaction, so
 * a write racing the walk is never undone.
 */
import { repairDecision, type ObservedObject } from '../files/fileIndex';
import type { FileEntry } from '../../ports/fileIndex';
import { objectName, parseObjectName, workspaceObjectPrefix } from '../files/paths';
import type { Logger } from '../../ports/logger';
import type { BlobInfo, BlobStore } from '../../ports/blobs';
import type { MetadataPorts } from '../../ports';
import { replayCommitLog } from '../history/replay';

export interface ReconcileReport {
  workspaceId: string;
  /** Objects that are files of the workspace (valid paths). */
  objects: number;
  bytes: number;
  entriesAdded: number;
  entriesRemoved: number;
  entriesFixed: number;
  /** Counter values minus the truth found, before any correction. */
  filesDrift: number;
  bytesDrift: number;
  /** False when writes during the walk made the counters impossible to judge (the next run will). */
  countersChecked: boolean;
  /** True when repairs were written (false for a dry run). */
  repaired: boolean;
  /** False when the deadline cut the walk short. */
  complete: boolean;
}

export interface ReconcileOptions {
  /** Write the repairs (false: only report them). */
  repair: boolean;
  /** Epoch ms after which the walk stops (complete: false). */
  deadline?: number;
  pageSize?: number;
  /**
   * Also rebuild the entries of API writes from the commit log (websplat
   * reindex / restore). Reads the whole log, so the purge's samples skip it.
   */
  replayLog?: boolean;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

const observed = (info: BlobInfo): ObservedObject => ({
  generation: info.generation,
  size: info.size,
  contentType: info.contentType,
  md5: info.md5,
  updatedAt: info.updatedAt,
});

export class Reconciler {
  constructor(
    private readonly stores: Pick<MetadataPorts, 'transactions' | 'workspaces' | 'fileIndex' | 'history'>,
    private readonly blobs: BlobStore,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Null when the workspace does not exist or is deleted (the purge's business). */
  async reconcile(workspaceId: string, options: ReconcileOptions): Promise<ReconcileReport | null> {
    const before = await this.stores.workspaces.getWorkspace(workspaceId);
    if (!before || before.status === 'deleted') return null;
    const report: ReconcileReport = {
      workspaceId,
      objects: 0,
      bytes: 0,
      entriesAdded: 0,
      entriesRemoved: 0,
      entriesFixed: 0,
      filesDrift: 0,
      bytesDrift: 0,
      countersChecked: false,
      repaired: false,
      complete: false,
    };
    const moved = { files: 0, bytes: 0 };
    // Entries of API writes (immutable blobs) come back from the commit log first.
    const replayed = options.replayLog
      ? await replayCommitLog(this.stores, workspaceId, options.repair)
      : { added: 0, fixed: 0, removed: 0, files: 0, bytes: 0 };
    report.entriesAdded += replayed.added;
    report.entriesFixed += replayed.fixed;
    report.entriesRemoved += replayed.removed;
    moved.files += replayed.files;
    moved.bytes += replayed.bytes;
    const pageSize = options.pageSize ?? 500;
    const objects = this.objectsOf(workspaceId, pageSize);
    const entries = this.entriesOf(workspaceId, pageSize);
    let object = await objects.next();
    let entry = await entries.next();
    const repair = async (path: string, listedGeneration?: string) => {
      const outcome = await this.repairPath(workspaceId, path, listedGeneration, options.repair);
      if (outcome.repair === 'none') return;
      if (outcome.repair === 'added') report.entriesAdded++;
      else if (outcome.repair === 'removed') report.entriesRemoved++;
      else report.entriesFixed++;
      if (options.repair) {
        moved.files += outcome.files;
        moved.bytes += outcome.bytes;
      }
    };

    while (!object.done || !entry.done) {
      if (options.deadline !== undefined && this.now() >= options.deadline) return this.finish(report, options);
      const order = object.done ? 1 : entry.done ? -1 : byteOrder(object.value.path, entry.value.path);
      const committed = order >= 0 ? entry.value! : null;
      if (
        committed?.blob !== undefined &&
        (order > 0 || BigInt(committed.generation) > BigInt(object.value!.info.generation))
      ) {
        // Bytes in an immutable blob (docs/history.md): an object at files/{path}, if any, is an older version.
        report.objects++;
        report.bytes += committed.size;
        if (order === 0) object = await objects.next();
        entry = await entries.next();
      } else if (order <= 0) {
        const { path, info } = object.value!;
        report.objects++;
        report.bytes += info.size;
        const current = order === 0 ? entry.value! : null;
        if (repairDecision(path, current, observed(info)).repair !== 'none') await repair(path);
        object = await objects.next();
        if (order === 0) entry = await entries.next();
      } else {
        // An entry with no object at its place in the listing.
        await repair(entry.value!.path, entry.value!.generation);
        entry = await entries.next();
      }
    }
    report.complete = true;

    // Counters: judge them only if nothing but our own repairs moved them during the walk.
    const after = await this.stores.workspaces.getWorkspace(workspaceId);
    if (!after || after.status === 'deleted') return this.finish(report, options);
    const quiet =
      after.fileCount - before.fileCount === moved.files && after.totalBytes - before.totalBytes === moved.bytes;
    if (quiet) {
      report.countersChecked = true;
      report.filesDrift = after.fileCount - report.objects;
      report.bytesDrift = after.totalBytes - report.bytes;
      if (options.repair && (report.filesDrift !== 0 || report.bytesDrift !== 0)) {
        await this.stores.transactions.run(async (tx) => {
          tx.adjustCounters(workspaceId, { files: -report.filesDrift, bytes: -report.bytesDrift });
        });
      }
    }
    return this.finish(report, options);
  }

  private finish(report: ReconcileReport, options: ReconcileOptions): ReconcileReport {
    const drifted =
      report.entriesAdded + report.entriesRemoved + report.entriesFixed > 0 ||
      report.filesDrift !== 0 ||
      report.bytesDrift !== 0;
    report.repaired = options.repair && drifted;
    if (drifted) {
      this.logger?.warn(options.repair ? 'index drift repaired' : 'index drift found', {
        event: 'reconcile.drift',
        workspaceId: report.workspaceId,
        entriesAdded: report.entriesAdded,
        entriesRemoved: report.entriesRemoved,
        entriesFixed: report.entriesFixed,
        filesDrift: report.filesDrift,
        bytesDrift: report.bytesDrift,
        repaired: report.repaired,
      });
    }
    return report;
  }

  /**
   * Re-reads the object and the entry of one path and applies
   * repairDecision() in a transaction (or only evaluates it, for a dry run).
   */
  private async repairPath(workspaceId: string, path: string, listedGeneration: string | undefined, write: boolean) {
    const info = await this.blobs.stat(objectName(workspaceId, path));
    const object = info ? observed(info) : null;
    const generation = object ? undefined : listedGeneration;
    return this.stores.transactions.run(async (tx) => {
      const current = await tx.getFileEntry(workspaceId, path);
      // An entry in a blob is repaired by its commits, not by the bucket listing.
      if (
        current?.blob !== undefined &&
        !current.deleted &&
        object &&
        BigInt(current.generation) > BigInt(object.generation)
      ) {
        return { repair: 'none', files: 0, bytes: 0 } as const;
      }
      const decision = repairDecision(path, current, object, generation);
      if (!write || !decision.write) return decision;
      // The kept versions stay with the path.
      tx.putFileEntry(workspaceId, { ...decision.write, ...(current?.versions && { versions: current.versions }) });
      if (decision.files !== 0 || decision.bytes !== 0) {
        tx.adjustCounters(workspaceId, { files: decision.files, bytes: decision.bytes });
      }
      return decision;
    });
  }

  /** The workspace's file objects in name order, a page at a time (invalid names are skipped). */
  private async *objectsOf(workspaceId: string, pageSize: number): AsyncGenerator<{ path: string; info: BlobInfo }> {
    let pageToken: string | undefined;
    do {
      const page = await this.blobs.list(workspaceObjectPrefix(workspaceId), {
        limit: pageSize,
        ...(pageToken && { pageToken }),
      });
      for (const info of page.items) {
        const parsed = parseObjectName(info.name);
        if (parsed && 'path' in parsed && parsed.workspaceId === workspaceId) yield { path: parsed.path, info };
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /** Live index entries in path order, a page at a time. */
  private async *entriesOf(workspaceId: string, pageSize: number): AsyncGenerator<FileEntry> {
    let after: string | undefined;
    for (;;) {
      const page = await this.stores.fileIndex.listFiles(workspaceId, {
        prefix: '',
        limit: pageSize,
        ...(after !== undefined && { after }),
      });
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.path;
    }
  }
}
