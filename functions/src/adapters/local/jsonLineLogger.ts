import { writeSync } from 'node:fs';
import type { Logger } from '../../ports/logger';

/** One JSON line per entry on stdout/stderr, the same shape Cloud Logging ingests. */
export function jsonLineLogger(write: (line: string, severity: string) => void = defaultWrite): Logger {
  const emit = (severity: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ severity, message, time: new Date().toISOString(), ...fields }), severity);
  return { info: emit('INFO'), warn: emit('WARNING'), error: emit('ERROR') };
}

/**
 * Lines of one event-loop turn, written to their stream together: under load a
 * server logs one line per request, and a write per line was a system call per
 * request. Lines keep their order within a stream, and whatever is pending when
 * the process exits is written synchronously then.
 */
class LineBatch {
  private lines: string[] = [];
  private scheduled = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly fd: number,
  ) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.stream.write(text);
  }

  /** At exit the event loop is gone: write what is left straight to the descriptor. */
  flushSync(): void {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    try {
      writeSync(this.fd, text);
    } catch {
      // The reader is gone (a closed pipe): nothing left to tell.
    }
  }
}

let batches: { out: LineBatch; err: LineBatch } | undefined;

function defaultWrite(line: string, severity: string): void {
  if (!batches) {
    const made = { out: new LineBatch(process.stdout, 1), err: new LineBatch(process.stderr, 2) };
    process.once('exit', () => {
      made.out.flushSync();
      made.err.flushSync();
    });
    batches = made;
  }
  (severity === 'INFO' ? batches.out : batches.err).add(line);
}
