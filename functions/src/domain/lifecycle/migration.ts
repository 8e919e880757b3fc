/**
 * Copies every workspace of one backend into another (in practice: the
 * local backend into Firestore + Cloud Storage): the workspace documents
 * with their members, every file's bytes and index entry, agents, state and
 * unexpired sessions. The source is the truth; the copy is idempotent (a
 * file whose bytes are already there with the same MD5 is skipped, things
 * the source no longer has are removed), so an interrupted migration is
 * resumed by running it again. A verification pass then compares counts and
 * MD5 checksums (as computed by the target's own storage) file by file.
 */
import type { FileEntry } from '../../ports/fileIndex';
import { FileIndexer } from '../files/fileIndexer';
import { deletedEvent, finalizedEvent } from '../files/objectEvent';
import { withRetries } from '../shared/retry';
import type { WorkspaceRecord } from '../../ports/workspaces';
import { objectName } from '../files/paths';
import { entryObjectName } from '../files/files';
import { mapWithConcurrency } from '../shared/pool';
import type { BlobStore } from '../../ports/blobs';
import type { MetadataPorts } from '../../ports';
import type { CollabKind } from '../../ports/collaboration';
import type { StoredRecord } from '../../ports/records';

export interface MigrationSide {
  metadata: MetadataPorts;
  blobs: BlobStore;
}

export interface MigrationProgress {
  workspacesDone: number;
  workspacesTotal: number;
  filesCopied: number;
  filesUnchanged: number;
  bytesCopied: number;
}

export interface MigrationReport extends MigrationProgress {
  filesRemoved: number;
  records: number;
  sessions: number;
  /** Workspaces not copied, with why (e.g. deleted on the target meanwhile). */
  skipped: { workspaceId: string; reason: string }[];
}

export interface VerificationReport {
  ok: boolean;
  workspaces: number;
  files: number;
  bytes: number;
  /** The first problems found (at most 50), each naming the workspace and what differs. */
  problems: string[];
}

const PAGE = 200;
// Every copy of one workspace moves its counters: more in flight only makes them contend.
const COPY_CONCURRENCY = 4;
const MAX_PROBLEMS = 50;

export class Migrator {
  private readonly indexer: FileIndexer;
  private readonly now: () => number;

  constructor(
    private readonly source: MigrationSide,
    private readonly target: MigrationSide,
    options: { now?: () => number } = {},
  ) {
    this.indexer = new FileIndexer(target.metadata);
    this.now = options.now ?? Date.now;
  }

  async run(onProgress?: (progress: MigrationProgress) => void): Promise<MigrationReport> {
    const report: MigrationReport = {
      workspacesDone: 0,
      workspacesTotal: 0,
      filesCopied: 0,
      filesUnchanged: 0,
      bytesCopied: 0,
      filesRemoved: 0,
      records: 0,
      sessions: 0,
      skipped: [],
    };
    for await (const _ of this.sourceWorkspaces()) report.workspacesTotal++;
    for await (const workspace of this.sourceWorkspaces()) {
      const reason = await this.copyWorkspace(workspace);
      if (reason) report.skipped.push({ workspaceId: workspace.id, reason });
      else {
        await this.copyFiles(workspace.id, report, onProgress);
        for (const kind of ['agents', 'state'] as const) report.records += await this.copyRecords(kind, workspace.id);
      }
      report.workspacesDone++;
      onProgress?.(report);
    }
    report.sessions = await this.copySessions();
    return report;
  }

  private async *sourceWorkspaces(): AsyncGenerator<WorkspaceRecord> {
    let after: string | undefined;
    for (;;) {
      const page = await this.source.metadata.lifecycle.listAllWorkspaces({ limit: 100, ...(after && { after }) });
      for (const w of page) if (w.status !== 'deleted') yield w;
      if (page.length < 100) return;
      after = page[page.length - 1]!.id;
    }
  }

  /** Creates or updates the target workspace document (counters are left to the index). */
  private async copyWorkspace(source: WorkspaceRecord): Promise<string | undefined> {
    return this.target.metadata.transactions.run(async (tx) => {
      const current = await tx.getWorkspace(source.id);
      if (current?.status === 'deleted') return 'deleted on the target since an earlier run';
      if (!current) {
        // Migrating counts as access: a workspace must not arrive already stale.
        const lastAccessedAt = Math.max(source.lastAccessedAt, this.now());
        tx.createWorkspace({ ...source, fileCount: 0, totalBytes: 0, lastAccessedAt });
      } else {
        tx.updateWorkspace(source.id, {
          name: source.name,
          description: source.description,
          status: source.status,
          members: source.members,
          metadata: source.metadata,
          updatedAt: source.updatedAt,
          version: source.version,
        });
      }
      return undefined;
    });
  }

  private async copyFiles(
    workspaceId: string,
    report: MigrationReport,
    onProgress?: (progress: MigrationProgress) => void,
  ): Promise<void> {
    for await (const page of this.entryPages(this.source.metadata, workspaceId)) {
      await mapWithConcurrency(page, COPY_CONCURRENCY, (entry) =>
        withRetries(() => this.copyFile(workspaceId, entry, report), { attempts: 6 }),
      );
      onProgress?.(report);
    }
    await this.removeExtraFiles(workspaceId, report);
  }

  /** One file: skipped when the target already has these bytes; idempotent, so retried on transient errors. */
  private async copyFile(workspaceId: string, entry: FileEntry, report: MigrationReport): Promise<void> {
    const there = await this.target.metadata.fileIndex.getFile(workspaceId, entry.path);
    const name = objectName(workspaceId, entry.path);
    // The bytes must be in the bucket too: an object lost there may still be indexed (its delete
    // event not handled yet), and the copy is what repairs it.
    if (there && there.md5 === entry.md5 && there.size === entry.size && (await this.target.blobs.stat(name))) {
      report.filesUnchanged++;
      return;
    }
    // History stays behind (docs/history.md): the target gets the current bytes of each path.
    const found = await this.source.blobs.read(entryObjectName(workspaceId, entry));
    if (!found) return; // deleted at the source meanwhile; verification will say if it matters
    const info = await this.target.blobs.put(name, found.body, { contentType: found.info.contentType });
    await this.indexer.apply(workspaceId, entry.path, finalizedEvent(info), { kind: 'import' });
    report.filesCopied++;
    report.bytesCopied += info.size;
  }

  /** Files the target has but the source does not (deleted at the source since an earlier run). */
  private async removeExtraFiles(workspaceId: string, report: MigrationReport): Promise<void> {
    for await (const page of this.entryPages(this.target.metadata, workspaceId)) {
      for (const entry of page) {
        if (await this.source.metadata.fileIndex.getFile(workspaceId, entry.path)) continue;
        const name = objectName(workspaceId, entry.path);
        const info = await this.target.blobs.stat(name);
        if (info) await this.target.blobs.delete(name, { ifGenerationMatch: info.generation });
        const generation = info?.generation ?? entry.generation;
        await this.indexer.apply(workspaceId, entry.path, deletedEvent(name, generation, this.now()));
        report.filesRemoved++;
      }
    }
  }

  private async *entryPages(store: MetadataPorts, workspaceId: string) {
    let after: string | undefined;
    for (;;) {
      const page = await store.fileIndex.listFiles(workspaceId, {
        prefix: '',
        limit: PAGE,
        ...(after !== undefined && { after }),
      });
      if (page.length) yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.path;
    }
  }

  private async *recordPages(store: MetadataPorts, kind: CollabKind, scope: string) {
    let after: string | undefined;
    for (;;) {
      const page = await store.collab.listRecords(kind, scope, { limit: PAGE, ...(after !== undefined && { after }) });
      if (page.length) yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.key;
    }
  }

  /** Agents or state of one workspace: the source's records as they are, extras on the target removed. */
  private async copyRecords(kind: 'agents' | 'state', workspaceId: string): Promise<number> {
    let copied = 0;
    for await (const page of this.recordPages(this.source.metadata, kind, workspaceId)) {
      await this.target.metadata.transactions.run(async (tx) => {
        for (const record of page) tx.putRecord(kind, workspaceId, record);
      });
      copied += page.length;
    }
    for await (const page of this.recordPages(this.target.metadata, kind, workspaceId)) {
      const extra: StoredRecord[] = [];
      for (const record of page) {
        if (!(await this.source.metadata.collab.getRecord(kind, workspaceId, record.key))) extra.push(record);
      }
      if (extra.length) {
        await this.target.metadata.transactions.run(async (tx) => {
          for (const record of extra) tx.deleteRecord(kind, workspaceId, record.key);
        });
      }
    }
    return copied;
  }

  /** Unexpired sessions of every user. */
  private async copySessions(): Promise<number> {
    let copied = 0;
    let after: { scope: string; key: string } | undefined;
    for (;;) {
      const page = await this.source.metadata.lifecycle.listAllSessions({ limit: PAGE, ...(after && { after }) });
      const live = page.filter(({ record }) => record.expiresAt === null || record.expiresAt > this.now());
      if (live.length) {
        await this.target.metadata.transactions.run(async (tx) => {
          for (const { scope, record } of live) tx.putSession(scope, record);
        });
      }
      copied += live.length;
      if (page.length < PAGE) return copied;
      const last = page[page.length - 1]!;
      after = { scope: last.scope, key: last.record.key };
    }
  }

  /**
   * Compares the target with the source: each workspace's document, counters
   * and record counts, and every file's size and MD5 in the target index and
   * in the target bucket (the checksum its storage computed from the bytes).
   */
  async verify(onProgress?: (done: number, total: number) => void): Promise<VerificationReport> {
    const report: VerificationReport = { ok: true, workspaces: 0, files: 0, bytes: 0, problems: [] };
    const problem = (text: string) => {
      report.ok = false;
      if (report.problems.length < MAX_PROBLEMS) report.problems.push(text);
    };
    let total = 0;
    for await (const _ of this.sourceWorkspaces()) total++;
    for await (const source of this.sourceWorkspaces()) {
      const id = source.id;
      const target = await this.target.metadata.workspaces.getWorkspace(id);
      report.workspaces++;
      if (!target || target.status === 'deleted') {
        problem(`${id}: missing on the target`);
        continue;
      }
      if (JSON.stringify(target.members) !== JSON.stringify(source.members) || target.name !== source.name) {
        problem(`${id}: name or members differ`);
      }
      let files = 0;
      let bytes = 0;
      for await (const page of this.entryPages(this.source.metadata, id)) {
        await mapWithConcurrency(page, COPY_CONCURRENCY, async (entry) => {
          files++;
          bytes += entry.size;
          const indexed = await this.target.metadata.fileIndex.getFile(id, entry.path);
          const stored = await this.target.blobs.stat(objectName(id, entry.path));
          if (!indexed || !stored) return problem(`${id}/${entry.path}: missing on the target`);
          if (indexed.md5 !== entry.md5 || stored.md5 !== entry.md5 || stored.size !== entry.size) {
            problem(`${id}/${entry.path}: checksum or size differs (source ${entry.md5}, target ${stored.md5})`);
          }
        });
      }
      let targetFiles = 0;
      for await (const page of this.entryPages(this.target.metadata, id)) targetFiles += page.length;
      if (targetFiles !== files) problem(`${id}: ${files} files at the source, ${targetFiles} on the target`);
      if (target.fileCount !== files || target.totalBytes !== bytes) {
        problem(
          `${id}: target counters say ${target.fileCount} files / ${target.totalBytes} bytes, not ${files} / ${bytes}`,
        );
      }
      for (const kind of ['agents', 'state'] as const) {
        let sourceCount = 0;
        let targetCount = 0;
        for await (const page of this.recordPages(this.source.metadata, kind, id)) sourceCount += page.length;
        for await (const page of this.recordPages(this.target.metadata, kind, id)) targetCount += page.length;
        if (sourceCount !== targetCount)
          problem(`${id}: ${sourceCount} ${kind} at the source, ${targetCount} on the target`);
      }
      report.files += files;
      report.bytes += bytes;
      onProgress?.(report.workspaces, total);
    }
    let after: { scope: string; key: string } | undefined;
    for (;;) {
      const page = await this.source.metadata.lifecycle.listAllSessions({ limit: PAGE, ...(after && { after }) });
      for (const { scope, record } of page) {
        if (record.expiresAt !== null && record.expiresAt <= this.now()) continue;
        const there = await this.target.metadata.sessions.getSession(scope, record.key);
        if (there?.version !== record.version)
          problem(`session ${record.key} of ${scope}: missing or older on the target`);
      }
      if (page.length < PAGE) break;
      after = { scope: page[page.length - 1]!.scope, key: page[page.length - 1]!.record.key };
    }
    return report;
  }
}
