/** Days from..to (inclusive, 'YYYY-MM-DD'), continuing after a (day, workspaceId) key. */
export interface UsageQuery {
  from: string;
  to: string;
  after?: { day: string; workspaceId: string };
  limit: number;
}

/** Operation counts of one workspace on one UTC day. */
export interface UsageRow {
  day: string;
  workspaceId: string;
  operations: Record<string, number>;
}

export interface UsageStore {
  /**
   * Adds operation counts to the usage of one UTC day ('YYYY-MM-DD') and one
   * workspace ('' for requests outside any workspace). Increments, so many
   * instances can flush at once.
   */
  recordUsage(day: string, workspaceId: string, counts: Record<string, number>): Promise<void>;
  /** Usage rows of the days from..to (inclusive), in (day, workspaceId) order. */
  listUsage(query: UsageQuery): Promise<UsageRow[]>;
}
