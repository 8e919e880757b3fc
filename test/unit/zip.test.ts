import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32, ZipWriter } from '@functions/domain/files/zip';
import { readWithPython } from '../support/zipReader';

describe('zip writer', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.from('456789'), crc32(Buffer.from('123'))), 0xcbf43926);
  });

  it('writes a zip that another implementation reads back byte for byte', async () => {
    const files: Record<string, Buffer> = {
      'index.html': Buffer.from('<!doctype html>'.repeat(100)),
      'src/App.tsx': Buffer.from('export default () => null;'),
      'assets/random.bin': randomBytes(300_000),
      'empty.txt': Buffer.alloc(0),
      'ünïcode/名前.txt': Buffer.from('names are UTF-8'),
    };
    const zip = new ZipWriter();
    const collected = buffer(zip.output);
    for (const [name, bytes] of Object.entries(files)) {
      // Deliver in several chunks, as a storage stream would.
      const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 70_000), bytes.subarray(70_000)];
      await zip.add(name, Readable.from(chunks), new Date(Date.UTC(2026, 10, 28, 12, 30, 10)));
    }
    await zip.finish();
    const read = readWithPython(await collected);
    assert.deepEqual(Object.keys(read).sort(), Object.keys(files).sort());
    for (const [name, bytes] of Object.entries(files))
      assert.deepEqual(Buffer.from(read[name]!, 'base64'), bytes, name);
  });
});
