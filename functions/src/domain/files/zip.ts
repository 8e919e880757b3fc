/**
 * A streaming ZIP writer (deflate, data descriptors): entries are written as
 * their bytes arrive, so a workspace export never sits in memory. No ZIP64:
 * callers keep totals under 4 GiB and entries under 65,535.
 */
import { PassThrough, type Readable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time, as ZIP headers want them. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

interface Written {
  name: Buffer;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  dos: { time: number; date: number };
}

export const ZIP_MAX_BYTES = 0xffffffff - 1;
export const ZIP_MAX_ENTRIES = 0xffff;

export class ZipWriter {
  readonly output = new PassThrough();
  private offset = 0;
  private readonly entries: Written[] = [];

  private async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (!this.output.write(chunk)) await new Promise((r) => this.output.once('drain', r));
  }

  /** Adds one file; resolves when all its bytes are written. */
  async add(name: string, body: Readable, modified: Date): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const dos = dosDateTime(modified);
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(dos.time, 10);
    header.writeUInt16LE(dos.date, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    await this.write(Buffer.concat([header, nameBytes]));

    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    const deflate = createDeflateRaw();
    const pumped = (async () => {
      for await (const chunk of deflate) {
        compressedSize += (chunk as Buffer).length;
        await this.write(chunk as Buffer);
      }
    })();
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      crc = crc32(bytes, crc);
      size += bytes.length;
      if (!deflate.write(bytes)) await new Promise((r) => deflate.once('drain', r));
    }
    deflate.end();
    await pumped;

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.write(descriptor);
    this.entries.push({ name: nameBytes, crc, compressedSize, size, offset, dos });
  }

  /** Writes the central directory (and an archive comment, ASCII) and ends the stream. */
  async finish(comment = ''): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(0x031e, 4); // made by: Unix, spec 3.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(e.dos.time, 12);
      h.writeUInt16LE(e.dos.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressedSize, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
      h.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([h, e.name]));
    }
    const note = Buffer.from(comment.replace(/[^\x20-\x7e]/g, '?').slice(0, 0xffff), 'latin1');
    const end = Buffer.alloc(22 + note.length);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    end.writeUInt16LE(note.length, 20);
    note.copy(end, 22);
    await this.write(end);
    this.output.end();
  }
}
