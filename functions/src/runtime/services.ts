import {
  accessTouchIntervalSeconds,
  adminUids,
  allowedContentTypes,
  DEFAULT_ALLOWED_CONTENT_TYPES,
  IDEMPOTENCY_TTL_MS,
  intValue,
  maxFileBytes,
  maxWorkspaceBytes,
  maxWorkspaceFiles,
  stringValue,
} from '../config';
import { cloneWorkspace } from '../domain/clone';
import { AccessClock } from '../domain/accessClock';
import { CollabService } from '../domain/collab';
import { UserDataService } from '../domain/userData';
import { FileIndexer } from '../domain/fileIndexer';
import { FileService, type FileLimits } from '../domain/files';
import { PageTokens } from '../domain/pageTokens';
import { WorkspaceService } from '../domain/workspaces';
import { loadPricing, UsageMeter, UsageService, type Pricing } from '../domain/usage';
import type { ApiDeps } from '../http/routes';
import type { BlobStore } from '../ports/blobs';
import type { MetadataStore } from '../ports/metadata';
import type { ChangeFeed } from '../ports/changes';

export function fileLimitsFromConfig(): FileLimits {
  return {
    maxFileBytes: intValue(maxFileBytes, 128 * 1024 * 1024),
    maxWorkspaceBytes: intValue(maxWorkspaceBytes, 1024 * 1024 * 1024),
    maxWorkspaceFiles: intValue(maxWorkspaceFiles, 10_000),
    allowedContentTypes: stringValue(allowedContentTypes, DEFAULT_ALLOWED_CONTENT_TYPES)
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  };
}

/** The domain services over a given pair of stores: the same for both backends. */
export function buildServices(options: {
  metadata: MetadataStore;
  changes: ChangeFeed;
  /** Event streams end after this long (below the function timeout); clients reconnect. */
  sseMaxMs: number;
  blobs: BlobStore;
  pageTokenKey: () => Buffer;
  limits?: () => FileLimits;
}): ApiDeps {
  const pageTokens = new PageTokens(options.pageTokenKey);
  const accessTouchIntervalMs = intValue(accessTouchIntervalSeconds, 300) * 1000;
  const access = new AccessClock(options.metadata, accessTouchIntervalMs);
  const workspaces = new WorkspaceService({
    store: options.metadata,
    pageTokens,
    accessTouchIntervalMs,
    access,
    idempotencyTtlMs: IDEMPOTENCY_TTL_MS,
  });
  const files = new FileService({
    store: options.metadata,
    blobs: options.blobs,
    indexer: new FileIndexer(options.metadata),
    pageTokens,
    limits: options.limits ?? fileLimitsFromConfig,
    access,
  });
  const collab = new CollabService(options.metadata, pageTokens, access);
  const usageMeter = new UsageMeter(options.metadata, { flushEveryMs: 60_000 });
  let pricing: Pricing | undefined;
  const usage = new UsageService(options.metadata, () => (pricing ??= loadPricing()), usageMeter);
  return {
    usage,
    usageMeter,
    adminUids: () =>
      stringValue(adminUids, '')
        .split(',')
        .map((uid) => uid.trim())
        .filter(Boolean),
    workspaces,
    files,
    collab,
    changes: options.changes,
    sseHeartbeatMs: Number(process.env.WEBSPLAT_SSE_HEARTBEAT_MS) || 15_000,
    sseMaxMs: options.sseMaxMs,
    userData: new UserDataService(options.metadata, options.blobs),
    clone: (caller, sourceId, body, key) =>
      cloneWorkspace({ workspaces, files, collab, store: options.metadata }, caller, sourceId, body, key),
  };
}
