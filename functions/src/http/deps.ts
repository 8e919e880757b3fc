import type { CollabService } from '../domain/collaboration/collab';
import type { FileService } from '../domain/files/files';
import type { HistoryService } from '../domain/history/history';
import type { UsageMeter, UsageService } from '../domain/usage/usage';
import type { UserDataService } from '../domain/userData/userData';
import type { CreateResult, WorkspaceService } from '../domain/workspaces/workspaces';
import type { Principal } from '../ports/auth';
import type { ChangeFeed } from '../ports/changes';

/** What the handlers need, built lazily on the first request that needs it. */
export interface ApiDeps {
  workspaces: WorkspaceService;
  files: FileService;
  history: HistoryService;
  collab: CollabService;
  userData: UserDataService;
  changes: ChangeFeed;
  /** How often a comment line keeps idle event streams (and proxies) alive. */
  sseHeartbeatMs: number;
  /** An event stream ends after this long (below the function timeout); EventSource reconnects with Last-Event-ID. */
  sseMaxMs: number;
  clone(caller: Principal, sourceId: string, body: { name: string }, idempotencyKey?: string): Promise<CreateResult>;
  usage: UsageService;
  /** Counts each authenticated request (flushed as increments about once a minute). */
  usageMeter: UsageMeter;
  /** Operators by user id (WEBSPLAT_ADMIN_UIDS), besides tokens with the admin claim. */
  adminUids(): string[];
}
