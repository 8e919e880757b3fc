import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deepFreeze } from '../../../domain/shared/frozenViews';

export type SqliteDatabase = Database.Database;

/**
 * Prepared statements by SQL text. Preparing is a large share of a cheap
 * query's cost, and the store runs the same few dozen statements over and over.
 */
export function statementCache(db: SqliteDatabase): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = countingWrites(db.prepare(sql))));
    return statement;
  };
}

/**
 * Writes made in this process, on any connection: every run of a statement
 * that returns no rows, and every commit of an async transaction. Remembered
 * reads (RememberedReads) are valid only while it stays the same.
 */
let processWrites = 0;

/**
 * Reads of one database remembered until it changes, for the hottest reads
 * (a workspace, an entry, a listing page, a blob's row). Any write forgets
 * everything: reads are served from memory only while nothing was written.
 * - Writes of this process (any connection) are counted as they run and
 *   commit (writesInThisProcess), so they show at once.
 * - Commits of other processes (the CLI, a second server on the same folder)
 *   move the file's data_version, read at the first remembered read of each
 *   event-loop turn: a request that arrives after such a commit is read in a
 *   later turn than it, and sees it. (A check per read cost more than the
 *   read saved: every statement takes the WAL's shared-memory locks.)
 * Inside a transaction nothing is remembered (its writes may still roll
 * back). Values are frozen: callers share them.
 */
export class RememberedReads {
  private readonly values = new Map<string, unknown>();
  private seenWrites = -1;
  private seenDataVersion = -1;
  private checkedThisTurn = false;
  private dataVersion: Database.Statement | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly maxEntries = 512,
  ) {}

  get<T>(key: string, read: () => T): T {
    if (this.db.inTransaction) return read();
    if (!this.checkedThisTurn) this.checkOtherProcesses();
    if (processWrites !== this.seenWrites) {
      this.values.clear();
      this.seenWrites = processWrites;
    }
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = deepFreeze(read());
    if (this.values.size >= this.maxEntries) this.values.clear();
    this.values.set(key, value);
    return value;
  }

  private checkOtherProcesses(): void {
    this.checkedThisTurn = true;
    setImmediate(() => (this.checkedThisTurn = false));
    const version = (this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck()).get() as number;
    if (version !== this.seenDataVersion) {
      this.values.clear();
      this.seenDataVersion = version;
    }
  }
}

function countingWrites(statement: Database.Statement): Database.Statement {
  if (statement.reader) return statement;
  const run = statement.run.bind(statement);
  statement.run = (...args: unknown[]) => {
    processWrites++;
    return run(...args);
  };
  return statement;
}

/**
 * Opens (creating if needed) a database file tuned for one server plus the
 * occasional CLI process on the same data folder: WAL so readers never block,
 * a busy timeout so a second process waits instead of failing.
 */
export function openDatabase(file: string, migrations: string[]): SqliteDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let version = applied; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return db;
}

/**
 * Serializes async critical sections on one connection. better-sqlite3 is
 * synchronous, but a transaction that awaits between its reads and its
 * commit must not interleave with another one on the same connection.
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Runs `work` inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error), holding
 * the write lock across processes for the whole read-then-write unit.
 */
export function immediateTransaction<T>(db: SqliteDatabase, mutex: AsyncMutex, work: () => Promise<T>): Promise<T> {
  return mutex.run(async () => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      db.exec('COMMIT');
      // Another connection of this process may have read (and remembered) between the writes and the commit.
      processWrites++;
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  });
}
