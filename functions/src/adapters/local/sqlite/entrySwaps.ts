import type { EntryChange, EntrySnapshot, EntrySwapStore } from '../../../ports/entrySwaps';
import type { FileEntry } from '../../../ports/fileIndex';
import type { TransactionRunner } from '../../../ports/transaction';
import type { WorkspaceStatus } from '../../../ports/workspaces';
import type { SqliteConnection } from './connection';
import { readFile } from './fileIndex';

/** An entry's whole state (any field a write changes, kept versions included): what swapEntry checks. */
const entryToken = (entry: FileEntry | null): string => JSON.stringify(entry);

/** A plain read, then a transaction that writes only if the entry still reads the same. */
export class SqliteEntrySwaps implements EntrySwapStore {
  constructor(
    private readonly conn: SqliteConnection,
    private readonly transactions: TransactionRunner,
  ) {}

  async readEntry(workspaceId: string, path: string, options: { workspace: boolean }): Promise<EntrySnapshot> {
    const entry = readFile(this.conn, workspaceId, path);
    const workspace = options.workspace
      ? (this.conn.sql('SELECT status FROM workspaces WHERE id = ?').get(workspaceId) as
          { status: WorkspaceStatus } | undefined)
      : undefined;
    return {
      workspaceId,
      path,
      entry,
      ...(options.workspace && { workspaceStatus: workspace?.status ?? null }),
      token: entryToken(entry),
    };
  }

  swapEntry(snapshot: EntrySnapshot, change: EntryChange): Promise<boolean> {
    const { workspaceId, path } = snapshot;
    // The same transaction parts as every other write, so the change log and feed see it alike.
    return this.transactions.run(async (tx) => {
      if (entryToken(await tx.getFileEntry(workspaceId, path)) !== snapshot.token) return false;
      tx.putFileEntry(workspaceId, change.entry);
      tx.putCommit(workspaceId, change.commit);
      if (change.counters) tx.adjustCounters(workspaceId, change.counters);
      return true;
    });
  }
}
