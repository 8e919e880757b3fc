/**
 * The logging port: one structured entry per event, never tokens or file
 * contents. Every entry carries an `event` field naming its kind
 * (`api.request`, `index.event`, `index.failed`, ...), which the log-based
 * metrics in ops/monitoring filter on.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Drops every entry (tests, and callers that report through their return value instead). */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
