/**
 * The one SQLite connection every local metadata adapter shares, and the
 * scope a transaction's parts write through.
 */
import { join } from 'node:path';
import type { Change } from '../../../ports/changes';
import { readWorkspace } from './codec';
import { AsyncMutex, openDatabase, statementCache, type SqliteDatabase } from './database';
import { MIGRATIONS } from './schema';

/** A change seen inside a transaction: complete, or "re-read this workspace after commit". */
export type Pending = { workspaceId: string; change: Change } | { workspaceId: string };

export class SqliteConnection {
  readonly db: SqliteDatabase;
  readonly mutex = new AsyncMutex();
  readonly sql: ReturnType<typeof statementCache>;

  constructor(
    dataDir: string,
    /** Told about every committed change (the local change feed). */
    private readonly onChange?: (workspaceId: string, change: Change) => void,
  ) {
    this.db = openDatabase(join(dataDir, 'metadata.sqlite'), MIGRATIONS);
    this.sql = statementCache(this.db);
  }

  /** After commit: workspace changes are re-read so listeners see the stored document. */
  announce(changed: Pending[]): void {
    if (!this.onChange || changed.length === 0) return;
    const workspaces = new Set<string>();
    for (const item of changed) {
      if ('change' in item) this.onChange(item.workspaceId, item.change);
      else workspaces.add(item.workspaceId);
    }
    for (const id of workspaces) {
      const record = readWorkspace(this, id);
      if (record) this.onChange(id, { kind: 'workspace', record });
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
