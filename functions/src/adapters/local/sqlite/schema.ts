/** The schema of metadata.sqlite, one migration per step; a data folder is migrated when opened. */
export const MIGRATIONS = [
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
  // The change log: committed changes numbered for Last-Event-ID resume across restarts
  // (AUTOINCREMENT: a number is never reused, even after the newest rows are pruned).
  `CREATE TABLE change_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     workspace_id TEXT NOT NULL,
     change TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX change_log_workspace ON change_log (workspace_id, seq);
   CREATE INDEX change_log_age ON change_log (created_at);`,
  // History (docs/history.md): the history fields of each entry, the bytes
  // kept only for history, and the commit log (ids are time-ordered).
  `ALTER TABLE files ADD COLUMN history TEXT;
   ALTER TABLE workspaces ADD COLUMN version_bytes INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE commits (
     workspace_id TEXT NOT NULL,
     id TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (workspace_id, id)
   );`,
  // Checkpoints (docs/history.md): one JSON row per checkpoint record; ids are time-ordered.
  `CREATE TABLE checkpoints (
     workspace_id TEXT NOT NULL,
     id TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (workspace_id, id)
   );`,
  // Where resumable maintenance steps of the purge pass stopped (the retention walk).
  `CREATE TABLE maintenance_cursors (
     step TEXT PRIMARY KEY,
     value_json TEXT NOT NULL
   );`,
];
