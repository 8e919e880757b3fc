/**
 * Links: scoped, revocable access to one workspace (or checkpoint) without
 * the user's token. The store keeps one record per live link; revoking a
 * link deletes its record, and a token is only honoured while its record is
 * there. Times are epoch ms.
 */

export const LINK_SCOPES = ['preview', 'events', 'read'] as const;
export type LinkScope = (typeof LINK_SCOPES)[number];

export interface LinkRecord {
  id: string;
  workspaceId: string;
  scope: LinkScope;
  checkpointId: string | null;
  label: string;
  createdAt: number;
  expiresAt: number;
  /** The user who made it. */
  createdBy: string;
}

/** Position after which a newest-first link listing continues. */
export interface LinkCursor {
  createdAt: number;
  id: string;
}

export interface LinkStore {
  getLink(workspaceId: string, linkId: string): Promise<LinkRecord | null>;
  /** A workspace's links, newest first (createdAt desc, then id desc), after `after`. */
  listLinks(workspaceId: string, query: { after?: LinkCursor; limit: number }): Promise<LinkRecord[]>;
  /** Removes the link; false when there was none. */
  deleteLink(workspaceId: string, linkId: string): Promise<boolean>;
  /**
   * Calls `onGone` once, as soon as the link's record is deleted (revoked,
   * or purged with its workspace), from any process of this backend, until
   * the returned function is called. `onError` ends the watch.
   */
  watchLink(
    workspaceId: string,
    linkId: string,
    onGone: () => void,
    onError: (error: unknown) => void,
  ): Promise<() => void>;
}

/** The link part of a Transaction: a link and its Idempotency-Key record commit together. */
export interface LinkTransaction {
  putLink(record: LinkRecord): void;
}
