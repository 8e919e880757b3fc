/** The blob port's contract: the disk adapter and the Cloud Storage adapter must pass it unchanged. */
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { BlobStore } from '@functions/ports/blobs';

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('base64');

export function blobStoreContract(getStore: () => BlobStore): void {
  let prefix: string;
  beforeEach(() => {
    prefix = `contract/${randomBytes(6).toString('hex')}/`;
  });

  it('writes, describes and reads back bytes', async () => {
    const bytes = randomBytes(100_000);
    const info = await getStore().put(`${prefix}a.bin`, Readable.from([bytes]), {
      contentType: 'application/octet-stream',
    });
    assert.equal(info.name, `${prefix}a.bin`);
    assert.equal(info.size, bytes.length);
    assert.equal(info.md5, md5(bytes));
    assert.equal(info.contentType, 'application/octet-stream');
    assert.match(info.generation, /^\d+$/);
    assert.deepEqual(await getStore().stat(`${prefix}a.bin`), info);
    const read = await getStore().read(`${prefix}a.bin`);
    assert.ok(read);
    assert.deepEqual(await buffer(read.body), bytes);
  });

  it('reads a byte range', async () => {
    const bytes = Buffer.from('0123456789abcdef');
    await getStore().put(`${prefix}r.txt`, Readable.from([bytes]), { contentType: 'text/plain' });
    const read = await getStore().read(`${prefix}r.txt`, { start: 4, end: 9 });
    assert.equal((await buffer(read!.body)).toString(), '456789');
  });

  it('replaces an object with a newer generation', async () => {
    const first = await getStore().put(`${prefix}x`, Readable.from([Buffer.from('one')]), {
      contentType: 'text/plain',
    });
    const second = await getStore().put(`${prefix}x`, Readable.from([Buffer.from('two!')]), {
      contentType: 'text/html',
    });
    assert.ok(BigInt(second.generation) > BigInt(first.generation));
    assert.equal(second.size, 4);
    assert.equal(second.contentType, 'text/html');
    assert.equal((await buffer((await getStore().read(`${prefix}x`))!.body)).toString(), 'two!');
  });

  it('reads what is there now, whatever was read before: a replace, a range, an empty object, a delete', async () => {
    const text = async (name: string, range?: { start: number; end: number }) =>
      (await buffer((await getStore().read(`${prefix}${name}`, range))!.body)).toString();
    const put = (name: string, bytes: Buffer) =>
      getStore().put(`${prefix}${name}`, Readable.from([bytes]), { contentType: 'text/plain' });
    await put('page.html', Buffer.from('<p>first</p>'));
    assert.equal(await text('page.html'), '<p>first</p>');
    assert.equal(await text('page.html'), '<p>first</p>');
    await put('page.html', Buffer.from('<p>second version</p>'));
    assert.equal(await text('page.html'), '<p>second version</p>');
    assert.equal(await text('page.html', { start: 3, end: 8 }), 'second');
    await put('page.html', Buffer.alloc(0));
    assert.equal(await text('page.html'), '');
    // Larger than what the local store keeps in memory: streamed from its file.
    const large = randomBytes(300 * 1024);
    await put('large.bin', large);
    assert.deepEqual(await buffer((await getStore().read(`${prefix}large.bin`))!.body), large);
    assert.deepEqual(
      await buffer((await getStore().read(`${prefix}large.bin`, { start: 1000, end: 299_999 }))!.body),
      large.subarray(1000, 300_000),
    );
    await getStore().delete(`${prefix}page.html`);
    assert.equal(await getStore().read(`${prefix}page.html`), null);
  });

  it('holds `a` and `a/b` side by side, as a bucket does', async () => {
    await getStore().put(`${prefix}a`, Readable.from([Buffer.from('file')]), { contentType: 'text/plain' });
    await getStore().put(`${prefix}a/b`, Readable.from([Buffer.from('nested')]), { contentType: 'text/plain' });
    assert.equal((await buffer((await getStore().read(`${prefix}a`))!.body)).toString(), 'file');
    assert.equal((await buffer((await getStore().read(`${prefix}a/b`))!.body)).toString(), 'nested');
  });

  it('deletes, and reports whether anything was there', async () => {
    await getStore().put(`${prefix}gone`, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' });
    assert.equal(await getStore().delete(`${prefix}gone`), true);
    assert.equal(await getStore().delete(`${prefix}gone`), false);
    assert.equal(await getStore().stat(`${prefix}gone`), null);
    assert.equal(await getStore().read(`${prefix}gone`), null);
  });

  it('lists by prefix in name order, in pages', async () => {
    const names = ['b.txt', 'a.txt', 'dir/c.txt', 'dir/a.txt', 'dir2/z.txt'];
    for (const n of names)
      await getStore().put(`${prefix}${n}`, Readable.from([Buffer.from(n)]), { contentType: 'text/plain' });
    await getStore().put(`${prefix.slice(0, -1)}-sibling/x`, Readable.from([Buffer.from('x')]), {
      contentType: 'text/plain',
    });
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await getStore().list(prefix, { limit: 2, ...(pageToken && { pageToken }) });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((i) => i.name.slice(prefix.length)));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken && pages < 10);
    assert.deepEqual(seen, [...names].sort());
    const dir = await getStore().list(`${prefix}dir/`, { limit: 10 });
    assert.deepEqual(
      dir.items.map((i) => i.name.slice(prefix.length)),
      ['dir/a.txt', 'dir/c.txt'],
    );
    assert.equal(dir.nextPageToken, undefined);
  });

  it('stores bodies of every size and chunking whole: empty, one chunk, many small chunks, megabytes', async () => {
    const chunked = (total: number, chunk: number) =>
      Array.from({ length: Math.ceil(total / chunk) }, (_, i) => randomBytes(Math.min(chunk, total - i * chunk)));
    const bodies: Record<string, Buffer[]> = {
      empty: [],
      small: [Buffer.from('<p>hi</p>')],
      // Across the size the disk adapter gathers in memory before it streams (256 KiB).
      'many-small': chunked(300 * 1024, 1000),
      'just-past-256k': [randomBytes(256 * 1024), randomBytes(1)],
      'two-megabytes': chunked(2 * 1024 * 1024, 64 * 1024),
    };
    for (const [name, chunks] of Object.entries(bodies)) {
      const bytes = Buffer.concat(chunks);
      const info = await getStore().put(`${prefix}${name}`, Readable.from(chunks), { contentType: 'text/plain' });
      assert.equal(info.size, bytes.length, name);
      assert.equal(info.md5, md5(bytes), name);
      const read = await getStore().read(`${prefix}${name}`);
      assert.ok((await buffer(read!.body)).equals(bytes), name);
    }
  });

  it('leaves nothing behind when the body stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(randomBytes(1024));
        this.destroy(new Error('client went away'));
      },
    });
    await assert.rejects(getStore().put(`${prefix}broken`, failing, { contentType: 'text/plain' }));
    assert.equal(await getStore().stat(`${prefix}broken`), null);
    // Failing after more than the disk adapter gathers, while it streams; an object already there stays.
    await getStore().put(`${prefix}kept`, Readable.from([Buffer.from('old')]), { contentType: 'text/plain' });
    let sent = 0;
    const failingLate = new Readable({
      read() {
        sent += 64 * 1024;
        if (sent > 512 * 1024) this.destroy(new Error('client went away'));
        else this.push(randomBytes(64 * 1024));
      },
    });
    await assert.rejects(getStore().put(`${prefix}kept`, failingLate, { contentType: 'text/plain' }));
    assert.equal((await buffer((await getStore().read(`${prefix}kept`))!.body)).toString(), 'old');
  });
}
