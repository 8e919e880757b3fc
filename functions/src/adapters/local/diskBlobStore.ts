import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, open } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BlobPreconditionFailed,
  chooseRange,
  InMemoryBody,
  type RangeChoice,
  type BlobInfo,
  type BlobListPage,
  type BlobPutOptions,
  type BlobRange,
  type BlobStore,
  type UploadTarget,
} from '../../ports/blobs';
import type { LocalUploads } from './localUploads';
import {
  AsyncMutex,
  immediateTransaction,
  openDatabase,
  RememberedReads,
  statementCache,
  type SqliteDatabase,
} from './sqlite/database';

const openFile = promisify(open);

const MIGRATIONS = [
  `CREATE TABLE blobs (
     name TEXT PRIMARY KEY,
     file TEXT NOT NULL,
     size INTEGER NOT NULL,
     content_type TEXT NOT NULL,
     md5 TEXT NOT NULL,
     generation TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  `ALTER TABLE blobs ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';`,
];

interface BlobRow {
  name: string;
  file: string;
  size: number;
  content_type: string;
  md5: string;
  generation: string;
  updated_at: number;
  custom: string;
}

const toInfo = (r: BlobRow): BlobInfo => ({
  name: r.name,
  size: r.size,
  contentType: r.content_type,
  md5: r.md5,
  generation: r.generation,
  updatedAt: r.updated_at,
  metadata: JSON.parse(r.custom),
});

/** Bodies up to this size are gathered in memory and written with one call (see writeNewFile). */
const GATHERED_BODY_BYTES = 256 * 1024;

/**
 * Writes `body` to a new file at `path` (failing if it exists), with its
 * size and base64 MD5. A body that ends within GATHERED_BODY_BYTES (most of
 * what an agent writes) is written with one writeFile: a write stream costs
 * about 4x the CPU per file for small files. A larger one is streamed, so
 * memory stays bounded whatever its size.
 */
async function writeNewFile(path: string, body: Readable): Promise<{ size: number; md5: string }> {
  const md5 = createHash('md5');
  let size = 0;
  const gathered: Buffer[] = [];
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      await writeFile(path, gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered, size), { flag: 'wx' });
      return { size, md5: md5.digest('base64') };
    }
    md5.update(next.value);
    size += next.value.length;
    gathered.push(next.value);
    if (size > GATHERED_BODY_BYTES) break;
  }
  await pipeline(
    async function* () {
      try {
        yield* gathered.splice(0);
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
          md5.update(next.value);
          size += next.value.length;
          yield next.value;
        }
      } finally {
        // Done with the body either way (if the write failed first, this lets go of it).
        await chunks.return?.();
      }
    },
    createWriteStream(path, { flags: 'wx' }),
  );
  return { size, md5: md5.digest('base64') };
}

/**
 * The blob port on the local disk. Bytes live in files with random names
 * (object names such as `a` and `a/b` may both exist, which a directory tree
 * cannot hold); a small SQLite index maps names to files. A write goes to a
 * temp file (see writeNewFile), is renamed to its fresh name, and then
 * switches the index row in one transaction, so readers see the old or the
 * new bytes, never a mix.
 */
export class DiskBlobStore implements BlobStore {
  private readonly db: SqliteDatabase;
  private readonly sql: ReturnType<typeof statementCache>;
  private readonly mutex = new AsyncMutex();
  private readonly objectsDir: string;
  private readonly tmpDir: string;
  private lastGeneration = 0;

  constructor(
    root: string,
    private readonly uploads?: LocalUploads,
  ) {
    this.objectsDir = join(root, 'objects');
    this.tmpDir = join(root, 'tmp');
    mkdirSync(this.objectsDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
    this.db = openDatabase(join(root, 'index.sqlite'), MIGRATIONS);
    this.sql = statementCache(this.db);
    this.rows = new RememberedReads(this.db);
  }

  async put(name: string, body: Readable, options: BlobPutOptions): Promise<BlobInfo> {
    const fileName = randomBytes(16).toString('hex');
    const tmp = join(this.tmpDir, fileName);
    let size: number;
    let md5: string;
    try {
      ({ size, md5 } = await writeNewFile(tmp, body));
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    let replaced: string | undefined;
    let info: BlobInfo;
    try {
      // Into place before the transaction: no row names the file until it commits, and writers of
      // other names need not wait for this rename.
      await rename(tmp, join(this.objectsDir, fileName));
      info = await immediateTransaction(this.db, this.mutex, async () => {
        const current = this.row(name);
        checkGeneration(name, current, options.ifGenerationMatch);
        const next: BlobRow = {
          name,
          file: fileName,
          size,
          content_type: options.contentType,
          md5,
          generation: this.nextGeneration(current?.generation),
          updated_at: Date.now(),
          custom: JSON.stringify(options.metadata ?? {}),
        };
        this.sql(
          `INSERT OR REPLACE INTO blobs (name, file, size, content_type, md5, generation, updated_at, custom)
             VALUES (@name, @file, @size, @content_type, @md5, @generation, @updated_at, @custom)`,
        ).run(next);
        replaced = current?.file;
        return toInfo(next);
      });
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      await unlink(join(this.objectsDir, fileName)).catch(() => undefined);
      throw error;
    }
    if (replaced) await unlink(join(this.objectsDir, replaced)).catch(() => undefined);
    return info;
  }

  async copy(from: string, to: string): Promise<BlobInfo | null> {
    const source = await this.read(from);
    if (!source) return null;
    return this.put(to, source.body, { contentType: source.info.contentType, metadata: source.info.metadata });
  }

  async uploadUrl(
    name: string,
    options: { contentType: string; size: number; expiresAt: number },
  ): Promise<UploadTarget> {
    if (!this.uploads) throw new Error('direct uploads are not configured for this blob store');
    return this.uploads.sign({ name, ...options });
  }

  async stat(name: string): Promise<BlobInfo | null> {
    const row = this.row(name);
    return row ? toInfo(row) : null;
  }

  async read(
    name: string,
    choice?: RangeChoice,
  ): Promise<{ info: BlobInfo; body: Readable; range?: BlobRange } | null> {
    // A writer may replace the object between the lookup and the open; the
    // old file is then gone, so look up again (an open file stays readable).
    for (let attempt = 0; attempt < 3; attempt++) {
      // A retry looks again for real: the remembered row may be what was just replaced.
      const row = attempt === 0 ? this.rememberedRow(name) : this.row(name);
      if (!row) return null;
      try {
        const info = toInfo(row);
        const range = chooseRange(choice, info);
        if (row.size <= RecentFiles.MAX_FILE_BYTES) {
          const bytes = this.recent.get(row.file) ?? this.recent.add(row.file, await readFile(this.objectPath(row)));
          const body = new InMemoryBody(range ? bytes.subarray(range.start, range.end + 1) : bytes);
          return { info, body, ...(range && { range }) };
        }
        const fd = await openFile(this.objectPath(row), 'r');
        const body = createReadStream('', { fd, ...(range && { start: range.start, end: range.end }) });
        return { info, body, ...(range && { range }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return null;
  }

  async delete(name: string, options: { ifGenerationMatch?: string } = {}): Promise<boolean> {
    const removed = await immediateTransaction(this.db, this.mutex, async () => {
      const current = this.row(name);
      if (!current) return undefined;
      checkGeneration(name, current, options.ifGenerationMatch);
      this.sql('DELETE FROM blobs WHERE name = ?').run(name);
      return current.file;
    });
    if (!removed) return false;
    await unlink(join(this.objectsDir, removed)).catch(() => undefined);
    return true;
  }

  async list(prefix: string, options: { limit: number; pageToken?: string }): Promise<BlobListPage> {
    const after = options.pageToken ? Buffer.from(options.pageToken, 'base64url').toString('utf8') : '';
    // Prefix match as a range so the primary key index serves it (no LIKE escaping).
    const rows = this.sql(
      `SELECT * FROM blobs WHERE name >= ? AND substr(name, 1, ?) = ? AND name > ?
         ORDER BY name LIMIT ?`,
    ).all(prefix, prefix.length, prefix, after, options.limit + 1) as BlobRow[];
    const page = rows.slice(0, options.limit);
    const result: BlobListPage = { items: page.map(toInfo) };
    if (rows.length > options.limit) {
      result.nextPageToken = Buffer.from(page[page.length - 1]!.name).toString('base64url');
    }
    return result;
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }

  private readonly recent = new RecentFiles();
  private readonly rows: RememberedReads;

  private objectPath(row: BlobRow): string {
    return join(this.objectsDir, row.file);
  }

  private row(name: string): BlobRow | undefined {
    return this.sql('SELECT * FROM blobs WHERE name = ?').get(name) as BlobRow | undefined;
  }

  /** A download's hottest read: outside transactions, remembered until the database changes. */
  private rememberedRow(name: string): BlobRow | undefined {
    return this.rows.get(name, () => this.row(name));
  }

  /** Microseconds since the epoch, strictly increasing, like Cloud Storage generations. */
  private nextGeneration(current?: string): string {
    const floor = Math.max(this.lastGeneration + 1, current ? Number(current) + 1 : 0);
    // Real microseconds (not milliseconds times 1000), as Cloud Storage's: a write in the same
    // millisecond as a commit's logical generation still orders after it.
    this.lastGeneration = Math.max(Math.floor((performance.timeOrigin + performance.now()) * 1000), floor);
    return String(this.lastGeneration);
  }
}

function checkGeneration(name: string, current: BlobRow | undefined, expected: string | undefined): void {
  if (expected === undefined) return;
  const actual = current?.generation ?? '0';
  if (actual !== expected) throw new BlobPreconditionFailed(name);
}

/**
 * The bytes of small objects read lately (a preview's pages, styles and
 * scripts are read again and again). An object's file is written once under a
 * fresh random name and never changed, only unlinked when the object is
 * replaced or deleted, so its name is a safe key: a replaced object has a new
 * row naming a new file. Bounded in bytes; the least recently read go first.
 */
class RecentFiles {
  static readonly MAX_FILE_BYTES = 256 * 1024;
  private static readonly MAX_BYTES = 32 * 1024 * 1024;
  private readonly files = new Map<string, Buffer>();
  private bytes = 0;

  get(file: string): Buffer | undefined {
    const hit = this.files.get(file);
    if (hit) {
      this.files.delete(file);
      this.files.set(file, hit);
    }
    return hit;
  }

  add(file: string, bytes: Buffer): Buffer {
    if (this.files.has(file)) return bytes;
    this.files.set(file, bytes);
    this.bytes += bytes.length;
    for (const [oldest, old] of this.files) {
      if (this.bytes <= RecentFiles.MAX_BYTES) break;
      this.files.delete(oldest);
      this.bytes -= old.length;
    }
    return bytes;
  }
}
