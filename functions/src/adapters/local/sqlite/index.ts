/**
 * The metadata ports on an embedded SQLite database in the data folder
 * (metadata.sqlite), one adapter per concern over one shared connection.
 */
import type { MetadataPorts } from '../../../ports';
import type { ChangeEvent } from '../../../ports/changes';
import type { SqliteChangeLog } from './changeLog';
import { SqliteCollabStore } from './collaboration';
import { SqliteConnection } from './connection';
import { SqliteEntrySwaps } from './entrySwaps';
import { SqliteFileIndex } from './fileIndex';
import { SqliteHistoryStore } from './history';
import { SqliteLifecycleStore } from './lifecycle';
import { SqliteLinkStore } from './links';
import { SqliteSessionStore } from './sessions';
import { SqliteTransactionRunner } from './transactions';
import { SqliteUsageStore } from './usage';
import { SqliteWorkspaceStore } from './workspaces';

/** The metadata ports, and the change log the local change feed replays from. */
export type SqliteStores = MetadataPorts & { changeLog: SqliteChangeLog };

export function sqliteStores(
  dataDir: string,
  /** Told about every committed change (the local change feed), with its change-log id. */
  onChange?: (workspaceId: string, event: ChangeEvent) => void,
): SqliteStores {
  const conn = new SqliteConnection(dataDir, onChange);
  const transactions = new SqliteTransactionRunner(conn);
  return {
    transactions,
    workspaces: new SqliteWorkspaceStore(conn),
    fileIndex: new SqliteFileIndex(conn),
    entrySwaps: new SqliteEntrySwaps(conn, transactions),
    history: new SqliteHistoryStore(conn),
    collab: new SqliteCollabStore(conn, transactions),
    sessions: new SqliteSessionStore(conn),
    lifecycle: new SqliteLifecycleStore(conn),
    usage: new SqliteUsageStore(conn),
    changeLog: conn.changeLog,
    links: new SqliteLinkStore(conn),
    close: () => conn.close(),
  };
}
