import { accessTouchIntervalSeconds, IDEMPOTENCY_TTL_MS, intValue } from '../config';
import { PageTokens } from '../domain/pageTokens';
import { WorkspaceService } from '../domain/workspaces';
import type { ApiDeps } from '../http/routes';
import type { MetadataStore } from '../ports/metadata';

/** The domain services over a given pair of stores: the same for both backends. */
export function buildServices(options: { metadata: MetadataStore; pageTokenKey: () => Buffer }): ApiDeps {
  return {
    workspaces: new WorkspaceService({
      store: options.metadata,
      pageTokens: new PageTokens(options.pageTokenKey),
      accessTouchIntervalMs: intValue(accessTouchIntervalSeconds, 300) * 1000,
      idempotencyTtlMs: IDEMPOTENCY_TTL_MS,
    }),
  };
}
