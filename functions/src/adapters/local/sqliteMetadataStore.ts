import { join } from 'node:path';
import type { FileEntry } from '../../domain/fileIndex';
import type { Change } from '../../ports/changes';
import type { IdempotencyRecord, PurgeRecord, WorkspaceChanges, WorkspaceRecord } from '../../domain/model';
import type {
  FileListQuery,
  MetadataStore,
  MetadataTransaction,
  RecordKind,
  StoredRecord,
  UsageQuery,
  UsageRow,
  WorkspaceQuery,
} from '../../ports/metadata';
import { AsyncMutex, immediateTransaction, openDatabase, statementCache, type SqliteDatabase } from './sqlite';

const MIGRATIONS = [
  `CREATE TABLE workspaces (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     description TEXT NOT NULL,
     status TEXT NOT NULL,
     owner_id TEXT NOT NULL,
     members TEXT NOT NULL,
     metadata TEXT NOT NULL,
     file_count INTEGER NOT NULL,
     total_bytes INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     last_accessed_at INTEGER NOT NULL,
     deleted_at INTEGER,
     version INTEGER NOT NULL
   );
   -- One row per member: the listing query joins through it (the SQL twin
   -- of Firestore's memberIds array-contains).
   CREATE TABLE workspace_members (
     uid TEXT NOT NULL,
     workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
     PRIMARY KEY (uid, workspace_id)
   );
   CREATE INDEX workspaces_newest ON workspaces (created_at DESC, id DESC);
   CREATE TABLE idempotency_keys (
     id TEXT PRIMARY KEY,
     uid TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     status_code INTEGER NOT NULL,
     response_body TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );`,
  // The file index: one row per path ever seen; deleted = 1 is a tombstone.
  `CREATE TABLE files (
     workspace_id TEXT NOT NULL,
     path TEXT NOT NULL,
     size INTEGER NOT NULL,
     content_type TEXT NOT NULL,
     md5 TEXT NOT NULL,
     generation TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     deleted INTEGER NOT NULL,
     PRIMARY KEY (workspace_id, path)
   );`,
  // Agent progress, shared state (scope = workspace id) and sessions (scope = user id).
  `CREATE TABLE records (
     kind TEXT NOT NULL,
     scope TEXT NOT NULL,
     key TEXT NOT NULL,
     data TEXT NOT NULL,
     version INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     updated_by TEXT NOT NULL,
     expires_at INTEGER,
     PRIMARY KEY (kind, scope, key)
   );`,
  // Lifecycle: who deleted a workspace, purge records that outlive it, and
  // the indexes the purge's queries need.
  `ALTER TABLE workspaces ADD COLUMN deleted_by TEXT;
   CREATE INDEX workspaces_status ON workspaces (status);
   CREATE INDEX workspaces_last_accessed ON workspaces (last_accessed_at);
   CREATE INDEX records_expiry ON records (kind, expires_at);
   CREATE INDEX idempotency_expiry ON idempotency_keys (expires_at);
   CREATE TABLE purge_records (
     workspace_id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     verified_at INTEGER,
     record TEXT NOT NULL
   );`,
  // Operation counts per UTC day, workspace and operation (websplat usage).
  `CREATE TABLE usage (
     day TEXT NOT NULL,
     workspace_id TEXT NOT NULL,
     operation TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, workspace_id, operation)
   );`,
];

interface RecordRow {
  key: string;
  data: string;
  version: number;
  updated_at: number;
  updated_by: string;
  expires_at: number | null;
}

const recordFromRow = (r: RecordRow): StoredRecord => ({
  key: r.key,
  data: JSON.parse(r.data),
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  expiresAt: r.expires_at,
});

interface FileRow {
  path: string;
  size: number;
  content_type: string;
  md5: string;
  generation: string;
  updated_at: number;
  deleted: number;
}

const fileFromRow = (r: FileRow): FileEntry => ({
  path: r.path,
  size: r.size,
  contentType: r.content_type,
  md5: r.md5,
  generation: r.generation,
  updatedAt: r.updated_at,
  deleted: r.deleted === 1,
});

interface WorkspaceRow {
  id: string;
  name: string;
  description: string;
  status: string;
  owner_id: string;
  members: string;
  metadata: string;
  file_count: number;
  total_bytes: number;
  created_at: number;
  updated_at: number;
  last_accessed_at: number;
  deleted_at: number | null;
  deleted_by: string | null;
  version: number;
}

function fromRow(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status as WorkspaceRecord['status'],
    ownerId: row.owner_id,
    members: JSON.parse(row.members),
    metadata: JSON.parse(row.metadata),
    fileCount: row.file_count,
    totalBytes: row.total_bytes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastAccessedAt: row.last_accessed_at,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by ?? null,
    version: row.version,
  };
}

/** A change seen inside a transaction: complete, or "re-read this workspace after commit". */
type Pending = { workspaceId: string; change: Change } | { workspaceId: string };

const COLUMN: Record<keyof WorkspaceChanges, string> = {
  name: 'name',
  description: 'description',
  status: 'status',
  members: 'members',
  metadata: 'metadata',
  updatedAt: 'updated_at',
  lastAccessedAt: 'last_accessed_at',
  deletedAt: 'deleted_at',
  deletedBy: 'deleted_by',
  version: 'version',
};

/** The metadata port on an embedded SQLite database in the data folder. */
export class SqliteMetadataStore implements MetadataStore {
  private readonly db: SqliteDatabase;
  private readonly mutex = new AsyncMutex();
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    dataDir: string,
    /** Told about every committed change (the local change feed). */
    private readonly onChange?: (workspaceId: string, change: Change) => void,
  ) {
    this.db = openDatabase(join(dataDir, 'metadata.sqlite'), MIGRATIONS);
    this.sql = statementCache(this.db);
  }

  async transaction<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T> {
    const changed: Pending[] = [];
    const result = await immediateTransaction(this.db, this.mutex, () => work(this.transactionView(changed)));
    this.announce(changed);
    return result;
  }

  /** After commit: workspace changes are re-read so listeners see the stored document. */
  private announce(changed: Pending[]): void {
    if (!this.onChange || changed.length === 0) return;
    const workspaces = new Set<string>();
    for (const item of changed) {
      if ('change' in item) this.onChange(item.workspaceId, item.change);
      else workspaces.add(item.workspaceId);
    }
    for (const id of workspaces) {
      const record = this.readWorkspace(id);
      if (record) this.onChange(id, { kind: 'workspace', record });
    }
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | null> {
    return this.readWorkspace(id);
  }

  async listWorkspaces(query: WorkspaceQuery): Promise<WorkspaceRecord[]> {
    const statusMarks = query.statuses.map(() => '?').join(',');
    const params: unknown[] = [query.memberId, ...query.statuses];
    let cursor = '';
    if (query.after) {
      cursor = 'AND (w.created_at < ? OR (w.created_at = ? AND w.id < ?))';
      params.push(query.after.createdAt, query.after.createdAt, query.after.id);
    }
    params.push(query.limit);
    const rows = this.sql(
      `SELECT w.* FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.uid = ? AND w.status IN (${statusMarks}) ${cursor}
         ORDER BY w.created_at DESC, w.id DESC LIMIT ?`,
    ).all(...params) as WorkspaceRow[];
    return rows.map(fromRow);
  }

  async touchWorkspace(id: string, at: number, staleBefore: number): Promise<void> {
    this.sql('UPDATE workspaces SET last_accessed_at = ? WHERE id = ? AND last_accessed_at < ?').run(
      at,
      id,
      staleBefore,
    );
  }

  async getRecord(kind: RecordKind, scope: string, key: string): Promise<StoredRecord | null> {
    return this.readRecord(kind, scope, key);
  }

  async compareAndSetRecord(
    kind: RecordKind,
    scope: string,
    record: StoredRecord,
    expectedVersion: number | null,
  ): Promise<boolean> {
    return this.transaction(async (tx) => {
      const current = await tx.getRecord(kind, scope, record.key);
      if ((current?.version ?? null) !== expectedVersion) return false;
      tx.putRecord(kind, scope, record);
      return true;
    });
  }

  async listRecords(
    kind: RecordKind,
    scope: string,
    query: { after?: string; limit: number },
  ): Promise<StoredRecord[]> {
    const rows = this.sql('SELECT * FROM records WHERE kind = ? AND scope = ? AND key > ? ORDER BY key LIMIT ?').all(
      kind,
      scope,
      query.after ?? '',
      query.limit,
    ) as RecordRow[];
    return rows.map(recordFromRow);
  }

  private readRecord(kind: RecordKind, scope: string, key: string): StoredRecord | null {
    const row = this.sql('SELECT * FROM records WHERE kind = ? AND scope = ? AND key = ?').get(kind, scope, key) as
      RecordRow | undefined;
    return row ? recordFromRow(row) : null;
  }

  async getFile(workspaceId: string, path: string): Promise<FileEntry | null> {
    const entry = this.readFile(workspaceId, path);
    return entry && !entry.deleted ? entry : null;
  }

  async listFiles(workspaceId: string, query: FileListQuery): Promise<FileEntry[]> {
    // Prefix as a range on the primary key, so no LIKE escaping is needed.
    const rows = this.sql(
      `SELECT * FROM files WHERE workspace_id = ? AND deleted = 0 AND path >= ? AND substr(path, 1, ?) = ?
           AND path > ? ORDER BY path LIMIT ?`,
    ).all(workspaceId, query.prefix, query.prefix.length, query.prefix, query.after ?? '', query.limit) as FileRow[];
    return rows.map(fileFromRow);
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }

  private readFile(workspaceId: string, path: string): FileEntry | null {
    const row = this.sql('SELECT * FROM files WHERE workspace_id = ? AND path = ?').get(workspaceId, path) as
      FileRow | undefined;
    return row ? fileFromRow(row) : null;
  }

  private readWorkspace(id: string): WorkspaceRecord | null {
    const row = this.sql('SELECT * FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
    return row ? fromRow(row) : null;
  }

  /**
   * Reads go straight to the database (we hold the write lock); writes run at
   * once and are rolled back on error. Like Firestore, a read after a write
   * is refused, so code that passes here also works in the cloud.
   */
  private transactionView(changed: Pending[]): MetadataTransaction {
    let wrote = false;
    const beforeWrites = () => {
      if (wrote) throw new Error('transaction reads must come before its writes');
    };
    const write = () => {
      wrote = true;
    };
    return {
      getWorkspace: async (id) => {
        beforeWrites();
        return this.readWorkspace(id);
      },
      getIdempotency: async (id) => {
        beforeWrites();
        const row = this.sql('SELECT * FROM idempotency_keys WHERE id = ?').get(id) as
          Record<string, unknown> | undefined;
        if (!row) return null;
        return {
          id: row.id as string,
          uid: row.uid as string,
          requestHash: row.request_hash as string,
          statusCode: row.status_code as number,
          responseBody: row.response_body as string,
          createdAt: row.created_at as number,
          expiresAt: row.expires_at as number,
        } satisfies IdempotencyRecord;
      },
      createWorkspace: (r) => {
        write();
        changed.push({ workspaceId: r.id });
        this.sql(
          `INSERT INTO workspaces (id, name, description, status, owner_id, members, metadata, file_count,
             total_bytes, created_at, updated_at, last_accessed_at, deleted_at, deleted_by, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          r.id,
          r.name,
          r.description,
          r.status,
          r.ownerId,
          JSON.stringify(r.members),
          JSON.stringify(r.metadata),
          r.fileCount,
          r.totalBytes,
          r.createdAt,
          r.updatedAt,
          r.lastAccessedAt,
          r.deletedAt,
          r.deletedBy,
          r.version,
        );
        this.syncMembers(r.id, r.members);
      },
      updateWorkspace: (id, changes) => {
        write();
        changed.push({ workspaceId: id });
        const entries = Object.entries(changes).filter(([, v]) => v !== undefined) as [
          keyof WorkspaceChanges,
          unknown,
        ][];
        if (entries.length === 0) return;
        const sets = entries.map(([k]) => `${COLUMN[k]} = ?`).join(', ');
        const values = entries.map(([k, v]) => (k === 'members' || k === 'metadata' ? JSON.stringify(v) : v));
        this.sql(`UPDATE workspaces SET ${sets} WHERE id = ?`).run(...values, id);
        if (changes.members) this.syncMembers(id, changes.members);
      },
      getFileEntry: async (workspaceId, path) => {
        beforeWrites();
        return this.readFile(workspaceId, path);
      },
      putFileEntry: (workspaceId, e) => {
        write();
        changed.push({ workspaceId, change: { kind: 'file', path: e.path, entry: e } });
        this.sql(
          `INSERT OR REPLACE INTO files (workspace_id, path, size, content_type, md5, generation, updated_at, deleted)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(workspaceId, e.path, e.size, e.contentType, e.md5, e.generation, e.updatedAt, e.deleted ? 1 : 0);
      },
      adjustCounters: (workspaceId, delta) => {
        write();
        changed.push({ workspaceId });
        const updated = this.sql(
          'UPDATE workspaces SET file_count = file_count + ?, total_bytes = total_bytes + ? WHERE id = ?',
        ).run(delta.files, delta.bytes, workspaceId).changes;
        if (updated !== 1) throw new Error(`workspace ${workspaceId} does not exist`);
      },
      getRecord: async (kind, scope, key) => {
        beforeWrites();
        return this.readRecord(kind, scope, key);
      },
      putRecord: (kind, scope, r) => {
        write();
        if (kind !== 'sessions') changed.push({ workspaceId: scope, change: { kind, key: r.key, record: r } });
        this.sql(
          `INSERT OR REPLACE INTO records (kind, scope, key, data, version, updated_at, updated_by, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(kind, scope, r.key, JSON.stringify(r.data), r.version, r.updatedAt, r.updatedBy, r.expiresAt);
      },
      deleteRecord: (kind, scope, key) => {
        write();
        if (kind !== 'sessions') changed.push({ workspaceId: scope, change: { kind, key, record: null } });
        this.sql('DELETE FROM records WHERE kind = ? AND scope = ? AND key = ?').run(kind, scope, key);
      },
      getPurgeRecord: async (id) => {
        beforeWrites();
        return this.readPurgeRecord(id);
      },
      hasWorkspaceDocuments: async (id) => {
        beforeWrites();
        return this.hasDocuments(id);
      },
      putPurgeRecord: (r) => {
        write();
        this.writePurgeRecord(r);
      },
      deleteWorkspace: (id) => {
        write();
        this.sql('DELETE FROM workspaces WHERE id = ?').run(id);
      },
      putIdempotency: (r) => {
        write();
        this.sql(
          `INSERT OR REPLACE INTO idempotency_keys (id, uid, request_hash, status_code, response_body, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(r.id, r.uid, r.requestHash, r.statusCode, r.responseBody, r.createdAt, r.expiresAt);
      },
    };
  }

  // --- Lifecycle ---

  async listPurgeCandidates(query: { staleBefore: number; limit: number }): Promise<WorkspaceRecord[]> {
    const deleted = this.sql("SELECT * FROM workspaces WHERE status = 'deleted' ORDER BY id LIMIT ?").all(
      query.limit,
    ) as WorkspaceRow[];
    const stale = this.sql(
      "SELECT * FROM workspaces WHERE last_accessed_at < ? AND status != 'deleted' ORDER BY last_accessed_at, id LIMIT ?",
    ).all(query.staleBefore, query.limit) as WorkspaceRow[];
    return [...deleted, ...stale].map(fromRow);
  }

  async listAllWorkspaces(query: { after?: string; limit: number }): Promise<WorkspaceRecord[]> {
    const rows = this.sql('SELECT * FROM workspaces WHERE id > ? ORDER BY id LIMIT ?').all(
      query.after ?? '',
      query.limit,
    ) as WorkspaceRow[];
    return rows.map(fromRow);
  }

  async listAccessedSince(query: { since: number; limit: number }): Promise<WorkspaceRecord[]> {
    const rows = this.sql(
      'SELECT * FROM workspaces WHERE last_accessed_at >= ? ORDER BY last_accessed_at, id LIMIT ?',
    ).all(query.since, query.limit) as WorkspaceRow[];
    return rows.map(fromRow);
  }

  async deleteWorkspaceDocuments(workspaceId: string, limit: number): Promise<number> {
    return this.mutex.run(async () =>
      this.db.transaction(() => {
        const files = this.sql(
          'DELETE FROM files WHERE rowid IN (SELECT rowid FROM files WHERE workspace_id = ? LIMIT ?)',
        ).run(workspaceId, limit).changes;
        const records = this.sql(
          `DELETE FROM records WHERE rowid IN
               (SELECT rowid FROM records WHERE kind IN ('agents', 'state') AND scope = ? LIMIT ?)`,
        ).run(workspaceId, limit - files).changes;
        return files + records;
      })(),
    );
  }

  async deleteExpired(
    kind: 'sessions' | 'idempotencyKeys',
    before: number,
    limit: number,
    options: { dryRun?: boolean } = {},
  ): Promise<number> {
    const [table, filter] =
      kind === 'sessions'
        ? ['records', "kind = 'sessions' AND expires_at IS NOT NULL AND expires_at < ?"]
        : ['idempotency_keys', 'expires_at < ?'];
    if (options.dryRun) {
      const row = this.sql(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${filter} LIMIT ?)`).get(
        before,
        limit,
      ) as { n: number };
      return row.n;
    }
    return this.mutex.run(
      async () =>
        this.sql(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${filter} LIMIT ?)`).run(
          before,
          limit,
        ).changes,
    );
  }

  async listAllRecords(
    kind: RecordKind,
    query: { after?: { scope: string; key: string }; limit: number },
  ): Promise<{ scope: string; record: StoredRecord }[]> {
    const after = query.after ?? { scope: '', key: '' };
    const rows = this.sql(
      `SELECT * FROM records WHERE kind = ? AND (scope > ? OR (scope = ? AND key > ?))
         ORDER BY scope, key LIMIT ?`,
    ).all(kind, after.scope, after.scope, after.key, query.limit) as (RecordRow & { scope: string })[];
    return rows.map((r) => ({ scope: r.scope, record: recordFromRow(r) }));
  }

  async getPurgeRecord(workspaceId: string): Promise<PurgeRecord | null> {
    return this.readPurgeRecord(workspaceId);
  }

  async recordUsage(day: string, workspaceId: string, counts: Record<string, number>): Promise<void> {
    await this.mutex.run(async () => {
      const add = this.sql(
        `INSERT INTO usage (day, workspace_id, operation, count) VALUES (?, ?, ?, ?)
         ON CONFLICT (day, workspace_id, operation) DO UPDATE SET count = count + excluded.count`,
      );
      this.db.transaction(() => {
        for (const [operation, n] of Object.entries(counts)) add.run(day, workspaceId, operation, n);
      })();
    });
  }

  async listUsage(query: UsageQuery): Promise<UsageRow[]> {
    const after = query.after ?? { day: '', workspaceId: '' };
    // A page of (day, workspace) keys, then their operations.
    const keys = this.sql(
      `SELECT DISTINCT day, workspace_id FROM usage
         WHERE day >= ? AND day <= ? AND (day > ? OR (day = ? AND workspace_id > ?))
         ORDER BY day, workspace_id LIMIT ?`,
    ).all(query.from, query.to, after.day, after.day, after.workspaceId, query.limit) as {
      day: string;
      workspace_id: string;
    }[];
    const ops = this.sql('SELECT operation, count FROM usage WHERE day = ? AND workspace_id = ?');
    return keys.map((k) => ({
      day: k.day,
      workspaceId: k.workspace_id,
      operations: Object.fromEntries(
        (ops.all(k.day, k.workspace_id) as { operation: string; count: number }[]).map((r) => [r.operation, r.count]),
      ),
    }));
  }

  async putPurgeRecord(record: PurgeRecord): Promise<void> {
    await this.mutex.run(async () => this.writePurgeRecord(record));
  }

  async listPurgeRecords(query: { after?: string; limit: number; unverified?: boolean }): Promise<PurgeRecord[]> {
    const filter = query.unverified ? "AND state = 'purged' AND verified_at IS NULL" : '';
    const rows = this.sql(
      `SELECT record FROM purge_records WHERE workspace_id > ? ${filter} ORDER BY workspace_id LIMIT ?`,
    ).all(query.after ?? '', query.limit) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as PurgeRecord);
  }

  private readPurgeRecord(workspaceId: string): PurgeRecord | null {
    const row = this.sql('SELECT record FROM purge_records WHERE workspace_id = ?').get(workspaceId) as
      { record: string } | undefined;
    return row ? (JSON.parse(row.record) as PurgeRecord) : null;
  }

  private writePurgeRecord(r: PurgeRecord): void {
    this.sql('INSERT OR REPLACE INTO purge_records (workspace_id, state, verified_at, record) VALUES (?, ?, ?, ?)').run(
      r.workspaceId,
      r.state,
      r.verifiedAt,
      JSON.stringify(r),
    );
  }

  private hasDocuments(workspaceId: string): boolean {
    return (
      this.sql('SELECT 1 FROM files WHERE workspace_id = ? LIMIT 1').get(workspaceId) !== undefined ||
      this.sql("SELECT 1 FROM records WHERE kind IN ('agents', 'state') AND scope = ? LIMIT 1").get(workspaceId) !==
        undefined
    );
  }

  private syncMembers(workspaceId: string, members: Record<string, string>): void {
    this.sql('DELETE FROM workspace_members WHERE workspace_id = ?').run(workspaceId);
    const insert = this.sql('INSERT INTO workspace_members (uid, workspace_id) VALUES (?, ?)');
    for (const uid of Object.keys(members)) insert.run(uid, workspaceId);
  }
}
