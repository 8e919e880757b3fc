import type { CollabService } from '../domain/collaboration/collab';
import type { FileService } from '../domain/files/files';
import type { LinkService } from '../domain/links/links';
import type { HistoryService } from '../domain/history/history';
import type { CheckpointService } from '../domain/history/checkpoints';
import type { UsageMeter, UsageService } from '../domain/usage/usage';
import type { UserDataService } from '../domain/userData/userData';
import type { CreateResult, WorkspaceService } from '../domain/workspaces/workspaces';
import type { Principal } from '../ports/auth';
import type { ChangeFeed } from '../ports/changes';
import type { OpenStreams } from './shutdown';

/** What the handlers need, built lazily on the first request that needs it. */
export interface ApiDeps {
  workspaces: WorkspaceService;
  files: FileService;
  history: HistoryService;
  checkpoints: CheckpointService;
  collab: CollabService;
  userData: UserDataService;
  changes: ChangeFeed;
  links: LinkService;
  /** The API's base URL as clients reach it (link URLs), when configured (WEBSPLAT_PUBLIC_URL); else from the request. */
  publicUrl(): string;
  /** How long the preview link made for a user token in a preview URL lives, in seconds. */
  previewLinkTtlSeconds: number;
  /** How often a comment line keeps idle event streams (and proxies) alive. */
  sseHeartbeatMs: number;
  /** An event stream ends after this long (below the function timeout); EventSource reconnects with Last-Event-ID. */
  sseMaxMs: number;
  /** The open event streams, ended with `reason: "shutdown"` when the process is told to stop. */
  streams: OpenStreams;
  clone(
    caller: Principal,
    sourceId: string,
    body: { name: string; checkpointId?: string | undefined },
    idempotencyKey?: string,
  ): Promise<CreateResult>;
  usage: UsageService;
  /** Counts each authenticated request (flushed as increments about once a minute). */
  usageMeter: UsageMeter;
  /** Operators by user id (WEBSPLAT_ADMIN_UIDS), besides tokens with the admin claim. */
  adminUids(): string[];
}
