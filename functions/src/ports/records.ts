/**
 * A small keyed record kept beside workspaces or users (agent progress,
 * shared state, sessions). `data` holds JSON-safe fields only.
 */
export interface StoredRecord {
  key: string;
  data: Record<string, unknown>;
  version: number;
  updatedAt: number;
  updatedBy: string;
  /** Epoch ms after which the record reads as absent (sessions); null for never. */
  expiresAt: number | null;
}
