// Item 3: memory. Peak resident memory (VmHWM) of the local server process while
// it streams a 100 MB upload (PUT file) and the download of it, against the same
// process's resident memory when idle after startup.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRequest, localToken, log, MiB, row, rss, serveLocal, stop } from '../lib/common.mjs';

export const meta = { title: 'Memory while streaming 100 MB', emulators: false };

const SIZE = 100 * 1024 * 1024;
const GROWTH_BUDGET = 64 * MiB;

/** PUTs SIZE bytes (one random MiB, repeated) without holding them; resolves the parsed answer and their md5. */
function upload(url, headers) {
  const block = randomBytes(MiB);
  const md5 = createHash('md5');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { ...headers, 'Content-Length': String(SIZE) } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(body), md5: md5.digest('base64') }));
    });
    req.on('error', reject);
    let sent = 0;
    const write = () => {
      while (sent < SIZE) {
        sent += block.length;
        md5.update(block);
        if (!req.write(block)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/** GETs the file, hashing it as it arrives. */
function download(url, headers) {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const md5 = createHash('md5');
      let bytes = 0;
      res.on('data', (c) => {
        bytes += c.length;
        md5.update(c);
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, md5: md5.digest('base64') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

export async function run() {
  const dataDir = mkdtempSync(join(tmpdir(), 'websplat-bench-memory-'));
  const auth = { Authorization: `Bearer ${localToken(dataDir, 'bench')}` };
  const { child: server, url: base } = await serveLocal(dataDir);
  try {
    await new Promise((r) => setTimeout(r, 1000)); // let startup settle
    const idle = rss(server.pid).now;
    log('memory', `idle RSS after startup: ${(idle / MiB).toFixed(1)} MiB`);
    const created = await httpRequest(`${base}/v1/workspaces`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'memory' }),
    });
    const url = `${base}/v1/workspaces/${JSON.parse(created.body).id}/files/big.bin`;
    log('memory', 'uploading 100 MB');
    const put = await upload(url, { ...auth, 'Content-Type': 'application/octet-stream' });
    if (put.status !== 201 || put.body.md5 !== put.md5)
      throw new Error(`upload: ${put.status} ${JSON.stringify(put.body)}`);
    const afterUpload = rss(server.pid).peak;
    log('memory', 'downloading 100 MB');
    const got = await download(url, auth);
    if (got.status !== 200 || got.bytes !== SIZE || got.md5 !== put.md5) throw new Error(`download: ${got.status}`);
    const peak = rss(server.pid).peak;
    const growth = peak - idle;
    log('memory', `peak ${(peak / MiB).toFixed(1)} MiB (after upload ${(afterUpload / MiB).toFixed(1)} MiB)`);
    return {
      rows: [
        row({
          item: 'memory',
          name: 'peak RSS, 100 MB upload + download',
          figure: peak / MiB,
          baseline: idle / MiB,
          unit: 'MiB',
          budget: `growth ≤ ${GROWTH_BUDGET / MiB} MiB`,
          met: growth <= GROWTH_BUDGET,
          detail: `growth ${(growth / MiB).toFixed(1)} MiB; peak after upload ${(afterUpload / MiB).toFixed(1)} MiB`,
        }),
      ],
    };
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
