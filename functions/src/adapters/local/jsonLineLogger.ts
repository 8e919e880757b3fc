import type { Logger } from '../../ports/logger';

/** One JSON line per entry on stdout/stderr, the same shape Cloud Logging ingests. */
export function jsonLineLogger(write: (line: string, severity: string) => void = defaultWrite): Logger {
  const emit = (severity: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ severity, message, time: new Date().toISOString(), ...fields }), severity);
  return { info: emit('INFO'), warn: emit('WARNING'), error: emit('ERROR') };
}

function defaultWrite(line: string, severity: string): void {
  (severity === 'INFO' ? process.stdout : process.stderr).write(`${line}\n`);
}
