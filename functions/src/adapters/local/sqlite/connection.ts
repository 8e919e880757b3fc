/**
 * The one SQLite connection every local metadata adapter shares, and the
 * scope a transaction's parts write through.
 */
import { join } from 'node:path';
import type { Change, ChangeEvent } from '../../../ports/changes';
import { SqliteChangeLog, type LoggedChange } from './changeLog';
import { readWorkspace } from './codec';
import { AsyncMutex, openDatabase, RememberedReads, statementCache, type SqliteDatabase } from './database';
import { MIGRATIONS } from './schema';

/** A change seen inside a transaction: complete, or "re-read this workspace before commit". */
export type Pending = { workspaceId: string; change: Change } | { workspaceId: string };

export class SqliteConnection {
  readonly db: SqliteDatabase;
  readonly mutex = new AsyncMutex();
  readonly sql: ReturnType<typeof statementCache>;
  readonly changeLog: SqliteChangeLog;

  constructor(
    dataDir: string,
    /** Told about every committed change (the local change feed), with its change-log id. */
    private readonly onChange?: (workspaceId: string, event: ChangeEvent) => void,
  ) {
    this.db = openDatabase(join(dataDir, 'metadata.sqlite'), MIGRATIONS);
    this.sql = statementCache(this.db);
    this.reads = new RememberedReads(this.db);
    this.changeLog = new SqliteChangeLog(this);
  }

  /**
   * Inside the transaction, after its writes: logs its changes (workspace changes as the
   * stored document, re-read now), so that a change is in the log exactly when it commits.
   */
  logChanges(changed: Pending[]): LoggedChange[] {
    const logged: LoggedChange[] = [];
    const workspaces = new Set<string>();
    for (const item of changed) {
      if ('change' in item) logged.push(this.changeLog.append(item.workspaceId, item.change));
      else workspaces.add(item.workspaceId);
    }
    for (const id of workspaces) {
      const record = readWorkspace(this, id);
      if (record) logged.push(this.changeLog.append(id, { kind: 'workspace', record }));
    }
    return logged;
  }

  /** After commit: tells the change feed. */
  announce(logged: LoggedChange[]): void {
    if (!this.onChange) return;
    for (const { workspaceId, event } of logged) this.onChange(workspaceId, event);
  }

  /** A read remembered until the database changes (RememberedReads). */
  remembered<T>(key: string, read: () => T): T {
    return this.reads.get(key, read);
  }

  private readonly reads: RememberedReads;

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }
}

/**
 * What a transaction's parts share. Reads go straight to the database (the
 * transaction holds the write lock); writes run at once and are rolled back
 * on error. Like Firestore, a read after a write is refused, so code that
 * passes here also works in the cloud.
 */
export interface TransactionScope {
  conn: SqliteConnection;
  /** Call before each read: throws once the transaction has written. */
  read(): void;
  /** Call before each write. */
  write(): void;
  /** Changes to announce after commit. */
  changed: Pending[];
}
