/**
 * Structured logging port: one JSON entry per event, never tokens or file
 * contents. Every entry carries an `event` field naming its kind
 * (`api.request`, `index.event`, `index.failed`, ...), which the log-based
 * metrics in ops/monitoring filter on.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Logs through firebase-functions' logger (Cloud Logging structured entries), loaded on first use. */
export function functionsLogger(): Logger {
  const load = () => require('firebase-functions/logger') as typeof import('firebase-functions/logger');
  return {
    info: (m, f) => load().info(m, f ?? {}),
    warn: (m, f) => load().warn(m, f ?? {}),
    error: (m, f) => load().error(m, f ?? {}),
  };
}

/** One JSON line per entry on stdout/stderr, the same shape Cloud Logging ingests. */
export function jsonLineLogger(write: (line: string, severity: string) => void = defaultWrite): Logger {
  const emit = (severity: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ severity, message, time: new Date().toISOString(), ...fields }), severity);
  return { info: emit('INFO'), warn: emit('WARNING'), error: emit('ERROR') };
}

function defaultWrite(line: string, severity: string): void {
  (severity === 'INFO' ? process.stdout : process.stderr).write(`${line}\n`);
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
