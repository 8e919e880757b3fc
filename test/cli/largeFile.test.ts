/**
 * A 100 MB upload and download through the local server (a separate
 * process, as `npm start` runs it) while watching that process's peak
 * resident memory (VmHWM): bodies must stream, never sit in memory whole.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const BIN = resolve(__dirname, '../../bin/websplat.js');
const SIZE = 100 * 1024 * 1024;
const MiB = 1024 * 1024;

/** Peak resident set size of a process, from /proc (Linux). */
function peakRss(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

/** Deterministic pseudo-random chunks, generated on the fly (the test holds no 100 MB buffer either). */
function* chunks(total: number): Generator<Buffer> {
  let counter = 0;
  for (let sent = 0; sent < total;) {
    const size = Math.min(MiB, total - sent);
    const chunk = Buffer.alloc(size);
    for (let i = 0; i < size; i += 32) createHash('sha256').update(String(counter++)).digest().copy(chunk, i);
    sent += size;
    yield chunk;
  }
}

describe('large files on the local server (memory stays flat)', function () {
  this.timeout(180_000);
  let server: ChildProcess;
  let base: URL;
  let token: string;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'websplat-large-'));
    const env = { ...process.env, WEBSPLAT_DATA_DIR: dataDir };
    token = spawnSync(process.execPath, [BIN, 'token', 'big'], { env, encoding: 'utf8' }).stdout.trim();
    server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    base = new URL(
      await new Promise<string>((ok) => {
        let out = '';
        server.stdout!.on('data', (c) => {
          out += c;
          const m = /at (http:\/\/[^/]+)\/v1/.exec(out);
          if (m) ok(m[1]!);
        });
      }),
    );
  });
  after(() => {
    server?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads and downloads 100 MB with under 64 MiB of peak memory growth', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const created = await fetch(`${base}v1/workspaces`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'big' }),
    });
    const ws = ((await created.json()) as { id: string }).id;
    const path = `/v1/workspaces/${ws}/files/big.bin`;
    // Warm up (loads the code paths) before taking the baseline.
    await fetch(new URL(path, base), {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/octet-stream' },
      body: 'x',
    });
    const baseline = peakRss(server.pid!);

    const expected = createHash('md5');
    const upload = await new Promise<{ status: number; body: string }>((ok, fail) => {
      const req = request(
        new URL(path, base),
        {
          method: 'PUT',
          headers: { ...auth, 'Content-Type': 'application/octet-stream', 'Content-Length': String(SIZE) },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => ok({ status: res.statusCode!, body }));
        },
      );
      req.on('error', fail);
      pipeline(
        Readable.from(chunks(SIZE)).map((c: Buffer) => {
          expected.update(c);
          return c;
        }),
        req,
      ).catch(fail);
    });
    assert.equal(upload.status, 200, upload.body);
    const md5 = expected.digest('base64');
    assert.equal(JSON.parse(upload.body).md5, md5);
    assert.equal(JSON.parse(upload.body).size, SIZE);
    const afterUpload = peakRss(server.pid!);

    const download = await fetch(new URL(path, base), { headers: auth });
    assert.equal(download.headers.get('content-length'), String(SIZE));
    const received = createHash('md5');
    let bytes = 0;
    for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) {
      received.update(chunk);
      bytes += chunk.length;
    }
    assert.equal(bytes, SIZE);
    assert.equal(received.digest('base64'), md5);
    const afterDownload = peakRss(server.pid!);

    const growth = Math.max(afterUpload, afterDownload) - baseline;
    console.log(
      `      peak RSS: baseline ${(baseline / MiB).toFixed(1)} MiB, after upload ${(afterUpload / MiB).toFixed(1)} MiB, ` +
        `after download ${(afterDownload / MiB).toFixed(1)} MiB (growth ${(growth / MiB).toFixed(1)} MiB for 100 MB each way)`,
    );
    assert.ok(growth < 64 * MiB, `peak memory grew by ${(growth / MiB).toFixed(1)} MiB`);
  });
});
