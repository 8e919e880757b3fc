import {
  accessTouchIntervalMs,
  adminUidList,
  fileLimitSettings,
  historySettings,
  intValue,
  previewLinkTtlSeconds,
  publicUrl,
  sseHeartbeatMs,
  stringValue,
} from '../config';
import { LinkService } from '../domain/links/links';
import { CommitEngine } from '../domain/history/commitEngine';
import { HistoryService } from '../domain/history/history';
import { CheckpointService } from '../domain/history/checkpoints';
import { cloneWorkspace } from '../domain/workspaces/clone';
import { AccessClock } from '../domain/workspaces/accessClock';
import { CollabService } from '../domain/collaboration/collab';
import { UserDataService } from '../domain/userData/userData';
import { FileIndexer } from '../domain/files/fileIndexer';
import { FileService, type FileLimits } from '../domain/files/files';
import { PageTokens } from '../domain/shared/pageTokens';
import { WorkspaceService } from '../domain/workspaces/workspaces';
import { loadPricing, UsageMeter, UsageService, type Pricing } from '../domain/usage/usage';
import type { ApiDeps } from '../http/deps';
import { OpenStreams } from '../http/shutdown';
import type { BlobStore } from '../ports/blobs';
import type { MetadataPorts } from '../ports';
import type { ChangeFeed } from '../ports/changes';

/** The domain services over a given pair of stores: the same for both backends. */
export function buildServices(options: {
  metadata: MetadataPorts;
  changes: ChangeFeed;
  /** Event streams end after this long (below the function timeout); clients reconnect. */
  sseMaxMs: number;
  blobs: BlobStore;
  pageTokenKey: () => Buffer;
  /** Signs link tokens (read when the first link is made or checked). */
  linkKey: () => Buffer;
  limits?: () => FileLimits;
}): ApiDeps {
  const pageTokens = new PageTokens(options.pageTokenKey);
  const touchIntervalMs = accessTouchIntervalMs();
  const access = new AccessClock(options.metadata, touchIntervalMs);
  const workspaces = new WorkspaceService({
    stores: options.metadata,
    pageTokens,
    accessTouchIntervalMs: touchIntervalMs,
    access,
  });
  const limits = options.limits ?? fileLimitSettings;
  const commits = new CommitEngine({
    stores: options.metadata,
    blobs: options.blobs,
    limits: () => ({ ...limits(), versionsPerFile: historySettings().versionsPerFile }),
  });
  const files = new FileService({
    stores: options.metadata,
    blobs: options.blobs,
    indexer: new FileIndexer(options.metadata),
    commits,
    pageTokens,
    limits,
    access,
  });
  const checkpoints = new CheckpointService({
    stores: options.metadata,
    blobs: options.blobs,
    files,
    commits,
    access,
    pageTokens,
    maxChanges: () => historySettings().maxChanges,
  });
  const history = new HistoryService({
    stores: options.metadata,
    blobs: options.blobs,
    files,
    commits,
    pageTokens,
    settings: historySettings,
    checkpoints,
  });
  const collab = new CollabService(options.metadata, pageTokens, access);
  const usageMeter = new UsageMeter(options.metadata, { flushEveryMs: 60_000 });
  let pricing: Pricing | undefined;
  const usage = new UsageService(options.metadata, () => (pricing ??= loadPricing()), usageMeter);
  return {
    usage,
    usageMeter,
    adminUids: adminUidList,
    workspaces,
    files,
    history,
    checkpoints,
    collab,
    changes: options.changes,
    links: new LinkService({ stores: options.metadata, key: options.linkKey, pageTokens, access, checkpoints }),
    publicUrl: () => stringValue(publicUrl),
    previewLinkTtlSeconds: intValue(previewLinkTtlSeconds),
    sseHeartbeatMs: sseHeartbeatMs(),
    sseMaxMs: options.sseMaxMs,
    streams: new OpenStreams(),
    userData: new UserDataService(options.metadata, options.blobs),
    clone: (caller, sourceId, body, key) =>
      cloneWorkspace({ workspaces, files, collab, checkpoints, stores: options.metadata }, caller, sourceId, body, key),
  };
}
