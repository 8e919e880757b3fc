/**
 * The one SQLite connection every local metadata adapter shares, and the
 * scope a transaction's parts write through.
 */
import { join } from 'node:path';
import type { Change, ChangeEvent } from '../../../ports/changes';
import { SqliteChangeLog, type LoggedChange } from './changeLog';
import { readWorkspace } from './codec';
import { AsyncMutex, openDatabase, statementCache, writesInThisProcess, type SqliteDatabase } from './database';
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

  /**
   * A read remembered until the database changes, for the hottest reads (a
   * workspace, an entry, a listing page). Any write forgets everything: reads
   * are served from memory only while nothing at all was written.
   * - Writes of this process (any connection) are counted as they run
   *   (database.ts: writesInThisProcess), so they show at once.
   * - Commits of other processes (the CLI, a second server on the same folder)
   *   move the file's data_version, read at the first remembered read of each
   *   event-loop turn: a request that arrives after such a commit is read in a
   *   later turn than it, and sees it. (A check per read cost more than the
   *   read saved: every statement takes the WAL's shared-memory locks.)
   * Inside a transaction nothing is remembered (its writes may still roll
   * back). Values are frozen: callers share them.
   */
  remembered<T>(key: string, read: () => T): T {
    if (this.db.inTransaction) return read();
    if (!this.checkedThisTurn) this.checkOtherProcesses();
    const writes = writesInThisProcess();
    if (writes !== this.seenWrites) {
      this.readCache.clear();
      this.seenWrites = writes;
    }
    if (this.readCache.has(key)) return this.readCache.get(key) as T;
    const value = deepFreeze(read());
    if (this.readCache.size >= READ_CACHE_ENTRIES) this.readCache.clear();
    this.readCache.set(key, value);
    return value;
  }

  private readonly readCache = new Map<string, unknown>();
  private seenWrites = -1;
  private seenDataVersion = -1;
  private checkedThisTurn = false;
  private dataVersionStatement: ReturnType<SqliteDatabase['prepare']> | undefined;

  private checkOtherProcesses(): void {
    this.checkedThisTurn = true;
    setImmediate(() => (this.checkedThisTurn = false));
    const version = (this.dataVersionStatement ??= this.db.prepare('PRAGMA data_version').pluck()).get() as number;
    if (version !== this.seenDataVersion) {
      this.readCache.clear();
      this.seenDataVersion = version;
    }
  }

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

/** Most reads remembered at once (workspaces, entries, listing pages); past it the cache starts over. */
const READ_CACHE_ENTRIES = 512;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
