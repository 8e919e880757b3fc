/** Human output of the operator commands: sizes, progress on a terminal, plain lines otherwise. */

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A progress line on stderr: redrawn in place on a terminal, otherwise
 * printed at most every few seconds (so logs of long CI jobs stay short).
 */
export class Progress {
  private lastPrint = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true;
  }

  update(done: number, total: number | undefined, detail = ''): void {
    const now = Date.now();
    if (!this.tty && now - this.lastPrint < 2000 && done !== total) return;
    this.lastPrint = now;
    const count = total === undefined ? `${done}` : `${done}/${total}`;
    if (this.tty) {
      const width = 24;
      const filled = total ? Math.round((Math.min(done, total) / total) * width) : 0;
      const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
      this.stream.write(`\r\x1b[2K${this.label} ${bar}${count} ${detail}`);
    } else {
      this.stream.write(`${this.label} ${count} ${detail}\n`);
    }
  }

  done(): void {
    if (this.tty) this.stream.write('\n');
  }
}
